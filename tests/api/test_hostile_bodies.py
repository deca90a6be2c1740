"""Bodies built to stall the server or to slip past the checks: refused early and cheaply,
each with an answer that names what is wrong."""

import json

import pytest
from fastapi.testclient import TestClient

from coachboard.core.json_input import MAX_DEPTH, SMALL_BODY, deeper_than, parse
from tests.api.conftest import API, Estate

JSON = {"Content-Type": "application/json"}


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def test_a_route_that_needs_a_token_refuses_a_body_without_one_before_reading_it(
    client: TestClient,
) -> None:
    # Not JSON at all: had it been read, the answer would be a 422.
    response = client.post(f"{API}/clients", content=b"[0," * 300_000, headers=JSON)

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["detail"] == "missing, expired or revoked bearer token"


@pytest.mark.parametrize("number", [b"1e999", b"-1e999", b"1E400"])
def test_a_number_past_a_double_gets_422_naming_its_field(
    api: TestClient, estate: Estate, number: bytes
) -> None:
    body = b'{"name": "Sam", "notes": "x", "pace": [1, {"every": ' + number + b"}]}"
    response = api.post(f"{API}/clients", content=body, headers=JSON)

    assert response.status_code == 422, response.text
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "pace", 1, "every"]
    assert problem["msg"] == "NaN, Infinity and -Infinity are not JSON numbers"


@pytest.mark.parametrize("size", [SMALL_BODY - 100, SMALL_BODY * 4])
def test_nesting_past_the_limit_gets_422_at_any_size(
    api: TestClient, estate: Estate, size: int
) -> None:
    padding = json.dumps("x" * size)
    body = b'{"name": "Deep", "notes": ' + padding.encode() + b', "metadata": {"a": '
    body += nested(MAX_DEPTH) + b"}}"

    response = api.post(f"{API}/clients", content=body, headers=JSON)

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "JSON must not nest more than 64 levels deep"


def test_nesting_up_to_the_limit_is_read() -> None:
    assert parse(nested(MAX_DEPTH)) is not None
    assert not deeper_than(json.loads('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}'), 1)
    assert deeper_than([[], {"a": [{"b": []}]}], 4)
    assert not deeper_than([[], {"a": [{"b": []}]}], 5)


def test_nesting_far_past_what_a_parser_recurses_into_gets_422(client: TestClient) -> None:
    response = client.post(f"{API}/auth/password-reset", content=nested(5_000), headers=JSON)

    assert response.status_code == 422


@pytest.mark.parametrize(("body", "kind"), [(b"", "missing"), (b"{not json", "json_invalid")])
def test_an_import_without_a_readable_body_gets_fastapis_own_422(
    api: TestClient, estate: Estate, body: bytes, kind: str
) -> None:
    response = api.post(f"{API}/clients/import", content=body, headers=JSON)

    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == kind
