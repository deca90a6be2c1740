"""Security headers per kind of answer: page, API, API error, docs, static file, error page;
HSTS on each over HTTPS and on none over plain HTTP."""

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from coachboard.models.accounts import User
from tests.conftest import authenticated

API = "/api/v1"
HSTS = "max-age=31536000; includeSubDomains"
ASSET = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"')

# Each kind of answer: its status, and how to get it as a signed-in coach (API calls carry a
# bearer token).
KINDS: dict[str, tuple[int, Callable[[TestClient], Response]]] = {
    "page": (200, lambda http: http.get("/sign-in")),
    "API JSON": (200, lambda http: http.get(f"{API}/clients")),
    "API 404": (404, lambda http: http.get(f"{API}/clients/00000000-0000-0000-0000-000000000000")),
    "API 422": (422, lambda http: http.post(f"{API}/clients", json={"name": ""})),
    "API 401": (
        401,
        lambda http: http.get(f"{API}/clients", headers={"Authorization": "Bearer no"}),
    ),
    "API 413": (413, lambda http: http.post(f"{API}/clients", content=b"{" * 2_000_000)),
    "docs": (200, lambda http: http.get(f"{API}/docs")),
    "static": (200, lambda http: http.get("/static/app.css")),
    "error page": (404, lambda http: http.get("/no-such-page")),
}


@pytest.fixture
def http(app: FastAPI, db, coach: User) -> Iterator[TestClient]:
    with authenticated(app, db, coach) as test_client:
        yield test_client


@pytest.fixture
def https(app: FastAPI, db, coach: User, http: TestClient) -> Iterator[TestClient]:
    with TestClient(app, base_url="https://testserver", headers=http.headers) as test_client:
        yield test_client


def answer(client: TestClient, kind: str) -> Response:
    status, get = KINDS[kind]
    response = get(client)
    assert response.status_code == status, kind
    return response


def header_by_kind(client: TestClient, name: str) -> dict[str, str | None]:
    return {kind: answer(client, kind).headers.get(name) for kind in KINDS}


def test_every_answer_says_nosniff(http: TestClient) -> None:
    assert header_by_kind(http, "x-content-type-options") == dict.fromkeys(KINDS, "nosniff")


def test_every_answer_but_a_static_file_is_kept_out_of_caches(http: TestClient) -> None:
    cache_control = header_by_kind(http, "cache-control")

    assert cache_control == {**dict.fromkeys(KINDS, "no-store"), "static": None}


def test_hsts_is_on_every_answer_over_https_and_on_none_over_http(
    https: TestClient, http: TestClient
) -> None:
    assert header_by_kind(https, "strict-transport-security") == dict.fromkeys(KINDS, HSTS)
    assert header_by_kind(http, "strict-transport-security") == dict.fromkeys(KINDS)


def test_the_docs_page_allows_scripts_and_styles_from_this_origin_only(http: TestClient) -> None:
    policy = directives(answer(http, "docs").headers["content-security-policy"])

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_docs_page_loads_every_asset_from_this_origin(http: TestClient) -> None:
    page = answer(http, "docs")
    assets = ASSET.findall(page.text)

    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    assert any(asset.endswith("swagger-ui.css") for asset in assets)
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), asset
        assert http.get(asset).status_code == 200, asset
    assert "<script>" not in page.text  # no inline script for the CSP to allow


def test_the_docs_page_starts_swagger_ui_on_our_openapi_document(http: TestClient) -> None:
    page = answer(http, "docs").text

    assert f'data-openapi-url="{API}/openapi.json"' in page
    assert http.get(f"{API}/openapi.json").status_code == 200


def directives(policy: str) -> dict[str, list[str]]:
    parts = (directive.split() for directive in policy.split(";") if directive.strip())
    return {name: sources for name, *sources in parts}
