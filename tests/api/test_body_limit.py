"""A request body past the limit (COACHBOARD_MAX_BODY_BYTES, 1 MiB by default) is refused with
413 before it is parsed, with a JSON answer on the API (tests/web/test_hostile_forms.py: a page
on the pages; tests/test_serve.py: a chunked body sent to the real server)."""

import time

from fastapi.testclient import TestClient

from coachboard.core.settings import Settings
from coachboard.main import create_app
from tests.api.conftest import API, Estate

MIB = 1024 * 1024
JSON = {"Content-Type": "application/json"}


def json_body(size: int) -> bytes:
    """A JSON body of exactly size bytes."""
    return b'{"name": "' + b"x" * (size - 12) + b'"}'


def test_a_10_mb_json_body_gets_a_short_413_quickly(api: TestClient, estate: Estate) -> None:
    started = time.monotonic()

    response = api.post(f"{API}/clients", content=json_body(10_000_000), headers=JSON)

    assert response.status_code == 413
    assert time.monotonic() - started < 1
    assert response.json() == {"detail": "Content Too Large"}
    assert response.headers["cache-control"] == "no-store"


def test_a_body_at_the_limit_is_read_and_validated(api: TestClient, estate: Estate) -> None:
    response = api.post(f"{API}/clients", content=json_body(MIB), headers=JSON)

    assert response.status_code == 422  # read, and refused only for the name's length
    assert len(response.content) < 1_000


def test_one_byte_past_the_limit_gets_413(api: TestClient, estate: Estate) -> None:
    assert api.post(f"{API}/clients", content=json_body(MIB + 1), headers=JSON).status_code == 413


def test_the_token_endpoint_refuses_a_large_form(client: TestClient) -> None:
    password = "p" * (2 * MIB)

    response = client.post(f"{API}/auth/token", data={"username": "a@b.c", "password": password})

    assert response.status_code == 413


def test_the_limit_is_a_setting(settings: Settings, db) -> None:
    small = settings.model_copy(update={"max_body_bytes": 1_000})

    with TestClient(create_app(small)) as http:
        # A route open to anyone: one that needs a token refuses a request without one first.
        response = http.post(f"{API}/auth/password-reset", content=json_body(1_001), headers=JSON)

    assert response.status_code == 413
