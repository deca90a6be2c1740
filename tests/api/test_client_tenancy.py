"""The tenancy matrix for client accounts: a client, signed in with a bearer token (the API) or
a session cookie (the pages), calls every route of the app. Every coach route answers 404, the
answer of a route that does not exist, whole-area routes (the client list, search, the
dashboard) included; only the routes open to any signed-in account answer otherwise. Nothing
changes.

Routes are discovered from the app, so a route added later is a coach route (404) until it is
listed in OPEN with what a client gets from it. The portal's own routes (under /api/v1/portal
and /me/) answer a client's plain reads; those that name a record or change one are listed in
PORTAL_REQUESTS and aimed at another client's records, which answer 404.
"""

import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientUpdate
from coachboard.core.actor import ClientInfo
from coachboard.models.accounts import User
from coachboard.portal import access
from tests.api.conftest import API, Estate, app_routes, build_estate, image_of
from tests.api.test_tenancy_matrix import REQUESTS, Route, unchanged_since
from tests.portal.accounts import join
from tests.web.conftest import TOKEN_FIELD, signed_in_browser

# Routes a signed-in client may call, with what each answers the matrix's request: their own
# account, the public documents, and the doors every visitor has. Signing out (DELETE
# /auth/token, POST /sign-out) ends the sign-in the matrix runs on: tests/portal covers them.
OPEN: dict[Route, int] = {
    ("GET", f"{API}/me"): 200,
    ("PATCH", f"{API}/me"): 403,
    ("POST", f"{API}/auth/token"): 422,  # no credentials in the request
    ("GET", f"{API}/openapi.json"): 200,
    ("GET", f"{API}/docs"): 200,
    ("GET", "/healthz"): 200,
    ("GET", "/readyz"): 200,
    ("GET", "/favicon.ico"): 301,
    ("GET", "/me"): 200,
    ("GET", "/"): 303,  # the front door sends a client to /me
    ("GET", "/sign-in"): 303,
    ("POST", "/sign-in"): 422,  # no credentials in the form
    ("GET", "/welcome"): 303,
    ("POST", "/welcome"): 303,
    ("GET", "/reset-password/{token}"): 410,
    ("POST", "/reset-password/{token}"): 410,
    ("GET", "/join/{token}"): 404,
    ("POST", "/join/{token}"): 404,
    ("GET", "/forgot-password"): 200,
    ("POST", "/forgot-password"): 422,  # no email in the form
    ("POST", f"{API}/auth/password-reset"): 422,  # no email in the body
    # The matrix's token is no signed link: tests/mail covers a real one.
    ("GET", "/unsubscribe/{token}"): 404,
    ("POST", "/unsubscribe/{token}"): 404,
    # The client's own calendar feed: each making is undone by the turning off sent after it
    # (routes are called in the order they are registered), so nothing is left changed.
    ("POST", f"{API}/me/calendar-feed"): 201,
    ("DELETE", f"{API}/me/calendar-feed"): 204,
    ("GET", "/calendar/{token}.ics"): 404,
    ("POST", "/calendar-feed"): 200,
    ("POST", "/calendar-feed/off"): 303,
}
# Every portal route that names a record or writes, with the body (JSON for the API, a form
# for a page) its owner's request succeeds with.
Body = dict[str, Any] | Callable[[Estate], dict[str, Any]] | None
# In the order the control test sends them: the order before a new topic (it lists every
# waiting topic), the withdrawals last.
PORTAL_REQUESTS: dict[Route, Body] = {
    ("POST", f"{API}/portal/commitments/{{commitment_id}}/done"): None,
    ("POST", f"{API}/portal/commitments/{{commitment_id}}/reopen"): None,
    ("POST", "/me/commitments/{commitment_id:uuid}/status"): {"status": "done"},
    ("GET", f"{API}/portal/commitments/{{commitment_id}}/reflections"): None,
    ("POST", f"{API}/portal/commitments/{{commitment_id}}/reflections"): {"text": "Went well"},
    ("POST", "/me/commitments/{commitment_id:uuid}/reflections"): {"text": "Went well"},
    ("PUT", f"{API}/portal/topics"): lambda estate: {
        "ids": [str(topic_id) for topic_id in estate.topic_ids]
    },
    ("POST", f"{API}/portal/topics"): {"text": "Next steps", "priority": "high"},
    ("POST", "/me/topics"): {"text": "Next steps", "priority": "low"},
    ("POST", "/me/topics/{topic_id:uuid}/move"): {"direction": "down"},
    ("DELETE", f"{API}/portal/topics/{{topic_id}}"): None,
    ("POST", "/me/topics/{topic_id:uuid}/withdraw"): {},
    ("PATCH", f"{API}/portal/preferences"): {"time_zone": "Asia/Tokyo", "emails_on": []},
    ("POST", "/me/emails"): {"kinds": ["session_reminder"]},
    ("POST", "/me/time-zone"): {"time_zone": "Europe/Berlin"},
}
# Writes that name no record, in the path or the body: they reach the caller's own only.
UNAIMED = {
    ("POST", f"{API}/portal/topics"),
    ("POST", "/me/topics"),
    ("PATCH", f"{API}/portal/preferences"),
    ("POST", "/me/emails"),
    ("POST", "/me/time-zone"),
}
# Aimed at another client's topics, an order is one that does not list exactly the client's
# own: 422 naming `ids`, the answer to unknown ids too, so it tells nothing of theirs.
AIMED_ANSWERS = {("PUT", f"{API}/portal/topics"): 422}
PORTAL_PREFIXES = (f"{API}/portal/", "/me/")
ENDS_THE_SIGN_IN = {("DELETE", f"{API}/auth/token"), ("POST", "/sign-out")}
PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")
RECORD_SEGMENTS = {
    "goals": "goal_id",
    "targets": "target_id",
    "sprints": "sprint_id",
    "sessions": "session_id",
    "commitments": "commitment_id",
}


def url_of(path: str, estate: Estate) -> str:
    """The path with each parameter filled by a real id of the client's own records: the 404s
    come from the kind of account, not from ids that are not there."""
    ids: dict[str, Any] = {
        **estate.route_ids,
        "slug": "tree",
        "kind": "commitments",
        "token": "not-a-token",
        "token_id": uuid.uuid4(),
    }
    segments = path.split("/")

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "record_id":
            before = segments[segments.index(match.group(0)) - 1]
            name = RECORD_SEGMENTS.get(before, "commitment_id")
        return str(ids[name])

    return PARAMETER.sub(value, path)


def body_of(route: Route, estate: Estate) -> dict[str, Any] | None:
    method, path = route
    if method in {"GET", "DELETE"}:
        return None
    own_body = REQUESTS.get((method, path.removeprefix(API)))
    return (own_body(estate) if own_body else None) or {}


@pytest.fixture
def client_account(db: Session, estate: Estate) -> User:
    """The account of the estate's client, joined through an invitation."""
    fields = ClientUpdate(email="dana@example.com")
    clients.update(db, coach=estate.coach, client_id=estate.client_id, fields=fields)
    return join(db, estate.coach, estate.client_id)


@pytest.fixture
def client_api(app: FastAPI, db: Session, client_account: User) -> Iterator[TestClient]:
    token = accounts.create_token(db, user=client_account, name="tests")
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as api:
        yield api


@pytest.fixture
def client_pages(app: FastAPI, client_account: User) -> Iterator[TestClient]:
    """The client's browser, sending its session's CSRF token with every request, so that a
    refusal comes from the route and not from the CSRF check."""
    with signed_in_browser(app, client_account, check="/me") as browser:
        match = TOKEN_FIELD.search(browser.get("/me").text)
        assert match
        browser.headers["X-CSRF-Token"] = match.group(1)
        yield browser


def call_every_route(
    app: FastAPI,
    estate: Estate,
    api: TestClient,
    pages: TestClient,
    skip: frozenset[Route] = frozenset(),
) -> dict[Route, int]:
    """Each route's status, the API's with the bearer token and the pages' with the cookie."""
    answers = {}
    for route in app_routes(app):
        if route in ENDS_THE_SIGN_IN or route in skip:
            continue
        method, path = route
        browser = api if path.startswith(f"{API}/") else pages
        response = browser.request(
            method, url_of(path, estate), json=body_of(route, estate), follow_redirects=False
        )
        answers[route] = response.status_code
    return answers


def test_a_client_account_gets_404_from_every_coach_route_and_changes_nothing(
    app: FastAPI,
    engine: Engine,
    estate: Estate,
    client_api: TestClient,
    client_pages: TestClient,
) -> None:
    before = image_of(engine)

    answers = call_every_route(
        app, estate, client_api, client_pages, skip=frozenset(PORTAL_REQUESTS)
    )

    portal = {route: status for route, status in answers.items() if is_portal(route)}
    coach_routes = {
        route: status
        for route, status in answers.items()
        if route not in OPEN and route not in portal
    }
    assert len(coach_routes) > 100
    assert {route: status for route, status in coach_routes.items() if status != 404} == {}
    assert {route: answers.get(route) for route in OPEN} == OPEN
    assert len(portal) >= 5 and {r: s for r, s in portal.items() if s != 200} == {}
    assert unchanged_since(engine, before)


def is_portal(route: Route) -> bool:
    return route[1].startswith(PORTAL_PREFIXES)


def test_every_portal_route_naming_a_record_or_writing_is_in_the_matrix(app: FastAPI) -> None:
    listed = {r for r in app_routes(app) if is_portal(r) and ("{" in r[1] or r[0] != "GET")}

    assert listed == PORTAL_REQUESTS.keys(), "give each new portal route a request"


def send_portal(browser: TestClient, route: Route, estate: Estate) -> int:
    """The route aimed at the estate's records; its body as JSON for the API, a form else."""
    method, path = route
    body = PORTAL_REQUESTS[route]
    if callable(body):
        body = body(estate)
    sent = {"json": body} if path.startswith(f"{API}/") else {"data": body}
    return browser.request(method, url_of(path, estate), follow_redirects=False, **sent).status_code


def test_portal_routes_aimed_at_another_clients_records_answer_404_and_change_nothing(
    db: Session,
    engine: Engine,
    estate: Estate,
    other_estate: Estate,
    client_api: TestClient,
    client_pages: TestClient,
) -> None:
    neighbour = build_estate(db, estate.coach, name="Noor Next")
    before = image_of(engine)

    answers = {
        (route, whose.client_id): send_portal(
            client_api if route[1].startswith(API) else client_pages, route, whose
        )
        for route in PORTAL_REQUESTS
        if route not in UNAIMED
        for whose in (neighbour, other_estate)
    }

    assert {
        key: status for key, status in answers.items() if status != AIMED_ANSWERS.get(key[0], 404)
    } == {}
    assert unchanged_since(engine, before)


def test_the_same_portal_requests_on_the_clients_own_records_succeed(
    estate: Estate, client_api: TestClient, client_pages: TestClient
) -> None:
    """The control: the 404s above come from whose records they are, not from the requests."""
    answers = {
        route: send_portal(client_api if route[1].startswith(API) else client_pages, route, estate)
        for route in PORTAL_REQUESTS
    }

    assert {
        route: status for route, status in answers.items() if status not in (200, 201, 204, 303)
    } == {}


def test_a_coach_api_route_tells_a_client_no_more_than_an_unknown_route_does(
    client_api: TestClient, estate: Estate
) -> None:
    own = client_api.get(f"{API}/clients/{estate.client_id}")
    unknown = client_api.get(f"{API}/no-such-route")

    assert (own.status_code, own.json()) == (unknown.status_code, unknown.json())


def test_after_revoking_the_clients_token_and_cookie_open_nothing(
    app: FastAPI,
    db: Session,
    estate: Estate,
    client_api: TestClient,
    client_pages: TestClient,
) -> None:
    access.revoke(db, coach=estate.coach, client_id=estate.client_id, client=ClientInfo())

    answers = call_every_route(app, estate, client_api, client_pages)

    api_answers = {route: s for route, s in answers.items() if route[1].startswith(f"{API}/")}
    signed_in_only = {
        route for route in api_answers if route not in OPEN or route[1].endswith("/me")
    }
    assert {
        route: api_answers[route] for route in signed_in_only if api_answers[route] != 401
    } == {}
    me = client_pages.get("/me", follow_redirects=False)
    assert me.status_code == 303 and me.headers["location"].startswith("/sign-in")
    overview = client_pages.get(f"/clients/{estate.client_id}", follow_redirects=False)
    assert overview.status_code == 303 and overview.headers["location"].startswith("/sign-in")
