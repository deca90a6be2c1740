"""Input Python's json module reads but nothing can encode again (NaN, ±Infinity, lone
surrogates) gets a 422 naming where it is, and no 422 echoes more than a short excerpt."""

import json

import pytest
from fastapi import FastAPI
from fastapi.params import Form
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from coachboard.core.json_input import StrictJsonRoute
from coachboard.core.problems import EXCERPT_CHARACTERS
from tests.api.conftest import API, Estate

JSON = {"Content-Type": "application/json"}
NON_FINITE = [b"NaN", b"Infinity", b"-Infinity"]
LONE_SURROGATES = [b'"\\ud800"', b'"tail \\udfff"', b'"\xed\xa0\x80 as raw bytes"']


def post_raw(api: TestClient, url: str, body: bytes) -> dict:
    response = api.post(url, content=body, headers=JSON)
    assert response.status_code == 422, response.text
    response.content.decode("utf-8")  # the answer itself encodes
    return response.json()


def client_count(api: TestClient) -> int:
    return len(api.get(f"{API}/clients").json()["items"])


@pytest.mark.parametrize("value", NON_FINITE + LONE_SURROGATES)
def test_an_unencodable_value_in_a_field_gets_422_naming_the_field(
    api: TestClient, estate: Estate, value: bytes
) -> None:
    before = client_count(api)

    answer = post_raw(api, f"{API}/clients", b'{"name": "Sam", "notes": ' + value + b"}")

    [problem] = answer["detail"]
    assert problem["loc"] == ["body", "notes"]
    assert client_count(api) == before  # nothing written


@pytest.mark.parametrize("value", [b"NaN", b'"\\ud800"'])
def test_an_unencodable_value_deep_in_the_body_is_named_by_its_path(
    api: TestClient, estate: Estate, value: bytes
) -> None:
    url = f"{API}/clients/{estate.client_id}/targets"
    body = b'{"title": "Run", "goal_ids": ["' + str(estate.goal_ids[0]).encode() + b'", ' + value
    answer = post_raw(api, url, body + b"]}")

    assert answer["detail"][0]["loc"] == ["body", "goal_ids", 1]


def test_a_lone_surrogate_is_refused_even_in_a_key_where_a_pair_is_accepted(
    api: TestClient, estate: Estate
) -> None:
    paired = json.dumps({"name": "Zoë \U0001f600"}, ensure_ascii=True)  # "\\ud83d\\ude00"

    accepted = api.post(f"{API}/clients", content=paired.encode(), headers=JSON)
    answer = post_raw(api, f"{API}/clients", b'{"name": "Sam", "\\ud800": 1}')

    assert accepted.status_code == 201
    assert accepted.json()["name"] == "Zoë \U0001f600"
    assert answer["detail"][0]["loc"][0] == "body"


def test_an_unencodable_value_in_a_patch_gets_422_and_changes_nothing(
    api: TestClient, estate: Estate
) -> None:
    url = f"{API}/goals/{estate.goal_ids[0]}"
    before = api.get(url).json()

    answer = post_or_patch(api, url, b'{"title": "\\udc00"}')

    assert answer["detail"][0]["loc"] == ["body", "title"]
    assert api.get(url).json() == before


def post_or_patch(api: TestClient, url: str, body: bytes) -> dict:
    response = api.patch(url, content=body, headers=JSON)
    assert response.status_code == 422, response.text
    return response.json()


def test_a_422_echoes_at_most_a_short_excerpt_of_the_value(api: TestClient, estate: Estate) -> None:
    title = "x" * 5_000

    response = api.post(f"{API}/clients/{estate.client_id}/goals", json={"title": title})

    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "title"]
    assert problem["input"] == title[:EXCERPT_CHARACTERS]
    assert len(response.content) < 1_000


def test_a_422_for_a_missing_field_does_not_echo_the_body(api: TestClient, estate: Estate) -> None:
    body = {"nam": "y" * 500_000}

    response = api.post(f"{API}/clients", json=body)

    assert response.status_code == 422
    assert len(response.content) < 1_000
    assert "missing" in {problem["type"] for problem in response.json()["detail"]}


def test_a_422_for_a_wrongly_typed_value_echoes_an_encodable_excerpt(
    api: TestClient, estate: Estate
) -> None:
    response = api.post(f"{API}/clients", json={"name": ["z" * 300, {"deep": "w" * 300}]})

    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "name"]
    assert isinstance(problem["input"], str) and len(problem["input"]) <= EXCERPT_CHARACTERS


def test_every_route_taking_a_json_body_parses_it_strictly(app: FastAPI) -> None:
    lax = [
        f"{sorted(route.methods or ())} {route.path}"
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute)
        and route.original_route.body_field is not None
        and not isinstance(route.original_route.body_field.field_info, Form)
        and not isinstance(route.original_route, StrictJsonRoute)
    ]

    assert lax == []
