"""Every page that changes something refuses a request without the session's CSRF token."""

import re
import uuid

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.web.pages import PAGE_ROUTERS
from tests.web.conftest import Stored, csrf_token, sign_in, submit

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def unsafe_page_routes() -> list[tuple[str, str]]:
    return sorted(
        (method, route.path)
        for router in PAGE_ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods & UNSAFE
    )


def concrete(path: str, client_id: uuid.UUID) -> str:
    return re.sub(r"\{[^}]+\}", str(client_id), path)


def test_there_are_page_routes_that_change_things_to_guard() -> None:
    assert ("POST", "/sign-in") in unsafe_page_routes()
    assert ("POST", "/clients/{client_id:uuid}/archive") in unsafe_page_routes()


@pytest.mark.parametrize(("method", "path"), unsafe_page_routes())
def test_every_unsafe_page_route_refuses_a_request_without_the_token(
    pages: TestClient, dana: Client, method: str, path: str
) -> None:
    response = pages.request(method, concrete(path, dana.id), data={"name": "Changed"})

    assert response.status_code == 403
    assert "security token" in response.text
    assert response.headers["content-type"].startswith("text/html")


def test_a_refused_post_changes_nothing(pages: TestClient, dana: Client, stored: Stored) -> None:
    pages.post(f"/clients/{dana.id}/archive", data={"csrf_token": "forged"})

    assert stored(dana.id).status == "active"


def test_a_token_from_another_browser_session_is_refused(
    pages: TestClient, anonymous: TestClient, dana: Client
) -> None:
    someone_elses = csrf_token(anonymous)

    response = pages.post(f"/clients/{dana.id}/archive", data={"csrf_token": someone_elses})

    assert response.status_code == 403


def test_the_token_may_come_in_a_header_for_scripts_of_our_own(
    pages: TestClient, dana: Client
) -> None:
    response = pages.post(
        f"/clients/{dana.id}/archive", headers={"X-CSRF-Token": csrf_token(pages, "/clients")}
    )

    assert response.status_code == 200
    assert "Archived Dana Doe" in response.text


def test_signing_in_replaces_the_token_seen_before(anonymous: TestClient, coach: User) -> None:
    before = csrf_token(anonymous)

    sign_in(anonymous, coach.email)

    assert csrf_token(anonymous, "/clients") != before
    refused = anonymous.post("/clients/new", data={"name": "Eve", "csrf_token": before})
    assert refused.status_code == 403


def test_the_sign_in_form_itself_needs_the_token(anonymous: TestClient, coach: User) -> None:
    response = anonymous.post(
        "/sign-in",
        data={"email": coach.email, "password": "s3cret-pass-42"},
        follow_redirects=False,
    )

    assert response.status_code == 403
    assert (
        submit(anonymous, "/sign-in", {"email": coach.email, "password": "s3cret-pass-42"}).url.path
        == "/"
    )


def test_the_json_api_needs_no_csrf_token_because_it_takes_no_cookies(
    pages: TestClient, api: TestClient
) -> None:
    assert pages.get("/api/v1/clients").status_code == 401
    assert api.post("/api/v1/clients", json={"name": "Eve"}).status_code == 201
