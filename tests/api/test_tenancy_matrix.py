"""The tenancy matrix: a second coach aims every route at the first coach's records and gets 404,
exactly as for ids that do not exist; filters naming them get 404 and links naming them 422;
and none of it changes a single row.

Routes, filters and link fields are discovered from the app and its OpenAPI document, so a
route added later fails here until it is given a request below.
"""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.api.conftest import (
    API,
    Estate,
    api_routes,
    image_of,
    restore,
    without_bookkeeping,
)

Body = dict[str, Any] | None
Route = tuple[str, str]


def ids(values: tuple[uuid.UUID, ...]) -> list[str]:
    return [str(value) for value in values]


def no_body(_estate: Estate) -> Body:
    return None


# Every /api/v1 route with an id in its path, and a body its owner's request succeeds with.
# Path parameters are filled by name from Estate.route_ids.
REQUESTS: dict[Route, Callable[[Estate], Body]] = {
    ("GET", "/clients/{client_id}"): no_body,
    ("PATCH", "/clients/{client_id}"): lambda e: {"name": "Renamed", "status": "archived"},
    ("DELETE", "/clients/{client_id}"): no_body,
    ("POST", "/clients/{client_id}/invitation"): no_body,
    ("DELETE", "/clients/{client_id}/portal-access"): no_body,
    ("GET", "/clients/{client_id}/goals"): no_body,
    ("POST", "/clients/{client_id}/goals"): lambda e: {"title": "Sleep eight hours"},
    ("GET", "/goals/{goal_id}"): no_body,
    ("PATCH", "/goals/{goal_id}"): lambda e: {"status": "achieved"},
    ("DELETE", "/goals/{goal_id}"): no_body,
    ("GET", "/clients/{client_id}/targets"): no_body,
    ("POST", "/clients/{client_id}/targets"): lambda e: {
        "title": "Run 5 km",
        "goal_ids": ids(e.goal_ids),
        "sprint_ids": ids(e.sprint_ids),
    },
    ("GET", "/targets/{target_id}"): no_body,
    ("PATCH", "/targets/{target_id}"): lambda e: {
        "title": "Run 12 km",
        "goal_ids": ids(e.goal_ids[1:]),
        "sprint_ids": ids(e.sprint_ids),
    },
    ("DELETE", "/targets/{target_id}"): no_body,
    ("GET", "/clients/{client_id}/sprints"): no_body,
    ("POST", "/clients/{client_id}/sprints"): lambda e: {
        "title": "Peak weeks",
        "start_date": "2026-03-02",
        "end_date": "2026-04-13",
        "target_ids": ids(e.target_ids),
    },
    ("GET", "/sprints/{sprint_id}"): no_body,
    ("PATCH", "/sprints/{sprint_id}"): lambda e: {
        "status": "active",
        "end_date": "2026-03-30",
        "target_ids": ids(e.target_ids[:1]),
    },
    ("DELETE", "/sprints/{sprint_id}"): no_body,
    ("GET", "/clients/{client_id}/sessions"): no_body,
    ("POST", "/clients/{client_id}/sessions"): lambda e: {
        "session_date": "2026-03-02",
        "title": "Kick-off",
    },
    ("GET", "/sessions/{session_id}"): no_body,
    ("PATCH", "/sessions/{session_id}"): lambda e: {"notes": "Went well"},
    ("DELETE", "/sessions/{session_id}"): no_body,
    ("GET", "/clients/{client_id}/commitments"): no_body,
    ("POST", "/clients/{client_id}/commitments"): lambda e: {
        "title": "Call the club",
        "target_ids": ids(e.target_ids),
        "session_id": str(e.session_ids[0]),
    },
    ("GET", "/commitments/{commitment_id}"): no_body,
    ("PATCH", "/commitments/{commitment_id}"): lambda e: {
        "status": "done",
        "target_ids": ids(e.target_ids[:1]),
        "session_id": str(e.session_ids[0]),
    },
    ("DELETE", "/commitments/{commitment_id}"): no_body,
    ("GET", "/commitments/{commitment_id}/reflections"): no_body,
    ("GET", "/sessions/{session_id}/topics"): no_body,
    ("POST", "/topics/{topic_id}/status"): lambda e: {"status": "deferred"},
    ("GET", "/clients/{client_id}/history"): no_body,
    ("GET", "/clients/{client_id}/activity"): no_body,
    ("GET", "/goals/{goal_id}/history"): no_body,
    ("GET", "/targets/{target_id}/history"): no_body,
    ("GET", "/sprints/{sprint_id}/history"): no_body,
    ("GET", "/sessions/{session_id}/history"): no_body,
    ("GET", "/commitments/{commitment_id}/history"): no_body,
    ("GET", "/clients/{client_id}/export"): no_body,
    ("GET", "/clients/{client_id}/tree"): no_body,
    ("GET", "/clients/{client_id}/graph"): no_body,
    ("GET", "/clients/{client_id}/legacy-links"): no_body,
    ("POST", "/commitments/{commitment_id}/legacy-links/resolve"): lambda e: {
        "target_ids": ids(e.target_ids[:1])
    },
    ("POST", "/commitments/{commitment_id}/legacy-links/dismiss"): no_body,
    ("POST", "/sprints/{sprint_id}/legacy-links/resolve"): lambda e: {
        "target_ids": ids(e.target_ids[:1])
    },
    ("POST", "/sprints/{sprint_id}/legacy-links/dismiss"): no_body,
}

# Request fields that link a record to others of its client, and the parameter naming those.
LINK_FIELDS = {
    "goal_ids": "goal_id",
    "sprint_ids": "sprint_id",
    "target_ids": "target_id",
    "session_id": "session_id",
}


def send(api: TestClient, route: Route, estate: Estate, body: Body) -> Any:
    method, path = route
    return api.request(method, API + path.format(**estate.route_ids), json=body)


def unchanged_since(engine: Engine, before: dict[str, Any]) -> bool:
    return without_bookkeeping(image_of(engine)) == without_bookkeeping(before)


def test_every_route_with_an_id_in_its_path_has_a_request_in_the_matrix(app: FastAPI) -> None:
    # The portal's routes are a client's: test_client_tenancy has their matrix.
    with_ids = {
        (method, path.removeprefix(API))
        for method, path in api_routes(app)
        if "{" in path and not path.startswith(f"{API}/portal/")
    }

    assert with_ids - REQUESTS.keys() == set(), "give each new route a request in REQUESTS"
    assert REQUESTS.keys() - with_ids == set(), "REQUESTS names routes that no longer exist"


def test_a_second_coach_gets_404_from_every_route_aimed_at_the_first_coachs_records(
    engine: Engine, estate: Estate, other_estate: Estate, other_api: TestClient
) -> None:
    before = image_of(engine)

    answers = {
        route: send(other_api, route, estate, body(estate)) for route, body in REQUESTS.items()
    }

    assert {route: r.status_code for route, r in answers.items() if r.status_code != 404} == {}
    assert all(r.json()["detail"].endswith("not found") for r in answers.values())
    assert unchanged_since(engine, before)


def test_the_same_requests_from_the_owner_succeed(
    engine: Engine, estate: Estate, api: TestClient
) -> None:
    """The control of the matrix: its bodies are valid and its ids right, so the 404s above
    come from tenancy alone."""
    image = image_of(engine)
    refused = {}
    for route, body in REQUESTS.items():
        restore(engine, image)
        response = send(api, route, estate, body(estate))
        if not 200 <= response.status_code < 300:
            refused[route] = (response.status_code, response.text)

    assert refused == {}


def id_filters(app: FastAPI) -> list[tuple[str, str]]:
    """(path, query parameter) of every list filter that names a record by id."""
    return sorted(
        (path.removeprefix(API), parameter["name"])
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
        if method == "get"
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and parameter["name"].endswith("_id")
    )


def test_list_filters_naming_the_first_coachs_records_are_not_found_for_the_second(
    app: FastAPI, engine: Engine, estate: Estate, other_estate: Estate, other_api: TestClient
) -> None:
    filters = id_filters(app)
    before = image_of(engine)

    answers = {
        (path, name): other_api.get(
            API + path.format(**other_estate.route_ids),
            params={name: str(estate.ids_by_parameter[name][0])},
        )
        for path, name in filters
    }
    own = {
        (path, name): other_api.get(
            API + path.format(**other_estate.route_ids),
            params={name: str(other_estate.ids_by_parameter[name][0])},
        )
        for path, name in filters
    }

    assert set(filters) >= {
        ("/clients/{client_id}/targets", "goal_id"),
        ("/clients/{client_id}/targets", "sprint_id"),
        ("/clients/{client_id}/sprints", "goal_id"),
        ("/clients/{client_id}/commitments", "target_id"),
        ("/clients/{client_id}/commitments", "goal_id"),
        ("/clients/{client_id}/commitments", "sprint_id"),
        ("/clients/{client_id}/commitments", "session_id"),
        ("/clients/{client_id}/tree", "goal_id"),
        ("/clients/{client_id}/tree", "sprint_id"),
    }
    assert {key: r.status_code for key, r in answers.items() if r.status_code != 404} == {}
    assert {key: r.status_code for key, r in own.items() if r.status_code != 200} == {}
    assert unchanged_since(engine, before)


def link_fields(app: FastAPI) -> list[tuple[Route, str]]:
    """(route, field) of every JSON body field that links to records by id."""
    document = app.openapi()
    schemas = document["components"]["schemas"]
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is None:
                continue
            name = body["schema"]["$ref"].rsplit("/", 1)[-1]
            for field in schemas[name].get("properties", {}):
                if field in LINK_FIELDS:
                    found.append(((method.upper(), path.removeprefix(API)), field))
    return sorted(found)


def test_links_to_the_first_coachs_records_are_refused_on_the_second_coachs_own_records(
    app: FastAPI, engine: Engine, estate: Estate, other_estate: Estate, other_api: TestClient
) -> None:
    fields = link_fields(app)
    before = image_of(engine)
    answers = {}
    for route, field in fields:
        foreign = str(estate.ids_by_parameter[LINK_FIELDS[field]][0])
        body = {
            name: value
            for name, value in (REQUESTS[route](other_estate) or {}).items()
            if name not in LINK_FIELDS
        }
        body[field] = [foreign] if field.endswith("_ids") else foreign
        answers[route, field] = (foreign, send(other_api, route, other_estate, body))

    assert {field for _route, field in fields} == set(LINK_FIELDS)
    assert len(fields) >= 10  # outcomes and commitments: create, update; both reviews
    for (route, field), (foreign, response) in answers.items():
        assert response.status_code == 422, (route, field, response.text)
        [problem] = response.json()["detail"]
        assert problem["loc"] == ["body", field], (route, field)
        assert foreign in problem["msg"], (route, field)
    assert unchanged_since(engine, before)


@pytest.mark.parametrize("path", ["/clients", "/clients?status=active"])
def test_the_client_list_shows_the_second_coach_only_their_own(
    estate: Estate, other_estate: Estate, other_api: TestClient, path: str
) -> None:
    listed = other_api.get(API + path).json()

    assert [item["id"] for item in listed["items"]] == [str(other_estate.client_id)]
    assert listed["total"] == 1


@pytest.mark.parametrize("q", ["Run", "fit", "weekly", "Dana"])
def test_search_shows_the_second_coach_only_their_own_records(
    estate: Estate, other_estate: Estate, other_api: TestClient, q: str
) -> None:
    """Both estates hold the same titles: the second coach's search finds only theirs."""
    found = other_api.get(f"{API}/search", params={"q": q, "limit": 50}).json()

    assert {item["client"]["id"] for item in found["items"]} <= {str(other_estate.client_id)}
    assert str(estate.client_id) not in str(found)
