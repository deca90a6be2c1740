"""The OpenAPI document at /api/v1/openapi.json describes every route of the JSON API."""

import re
import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.api.conftest import API, api_routes

TOKEN_ROUTE = ("POST", f"{API}/auth/token")
# Routes for people who cannot sign in: getting a token, asking for a password-reset link.
ANONYMOUS_ROUTES = {TOKEN_ROUTE, ("POST", f"{API}/auth/password-reset")}
BEARER = {"OAuth2PasswordBearer": []}


@pytest.fixture
def document(client: TestClient) -> dict[str, Any]:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.json()


def operation(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    return document["paths"][path][method.lower()]


def documented_operations(document: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted(
        (method.upper(), path)
        for path, item in document["paths"].items()
        if path.startswith(f"{API}/")
        for method in item
    )


def test_the_document_lists_exactly_the_api_routes_with_their_methods(
    app: FastAPI, document: dict[str, Any]
) -> None:
    routes = api_routes(app)

    assert len(routes) > 30  # the discovery sees through nested routers
    assert documented_operations(document) == routes


def test_every_route_with_an_id_in_its_path_declares_404(
    app: FastAPI, document: dict[str, Any]
) -> None:
    item_routes = [(method, path) for method, path in api_routes(app) if "{" in path]
    undeclared = [
        (method, path)
        for method, path in item_routes
        if "404" not in operation(document, method, path)["responses"]
    ]

    assert item_routes
    assert undeclared == []


def test_every_route_but_the_anonymous_ones_refuses_anonymous_callers_and_declares_bearer_auth(
    app: FastAPI, client: TestClient, document: dict[str, Any]
) -> None:
    for method, path in api_routes(app):
        described = operation(document, method, path)
        anonymous = client.request(method, re.sub(r"\{\w+\}", str(uuid.uuid4()), path))
        if (method, path) in ANONYMOUS_ROUTES:
            assert "security" not in described
            assert anonymous.status_code == 422  # no credentials in the form, no email
        else:
            assert anonymous.status_code == 401, (method, path)
            assert anonymous.headers["WWW-Authenticate"] == "Bearer"
            assert described["security"] == [BEARER], (method, path)
        assert "401" in described["responses"], (method, path)


def test_the_bearer_scheme_points_at_the_token_route(document: dict[str, Any]) -> None:
    scheme = document["components"]["securitySchemes"]["OAuth2PasswordBearer"]

    assert scheme["type"] == "oauth2"
    assert scheme["flows"]["password"]["tokenUrl"] == f"{API}/auth/token"


def test_every_route_that_reads_json_declares_400_and_422_and_no_other_route_declares_400(
    app: FastAPI, document: dict[str, Any]
) -> None:
    for method, path in api_routes(app):
        described = operation(document, method, path)
        if "application/json" in described.get("requestBody", {}).get("content", {}):
            assert {"400", "422"} <= described["responses"].keys(), (method, path)
        else:
            assert "400" not in described["responses"], (method, path)


def test_every_success_answer_with_a_body_names_its_schema(
    app: FastAPI, document: dict[str, Any]
) -> None:
    for method, path in api_routes(app):
        responses = operation(document, method, path)["responses"]
        [success] = [status for status in responses if status.startswith("2")]
        if success == "204":
            assert "content" not in responses[success], (method, path)
        else:
            schema = responses[success]["content"]["application/json"]["schema"]
            assert "$ref" in schema, (method, path)
