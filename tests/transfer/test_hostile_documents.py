"""A crafted document gets the API's own checks on every way in (the API, the upload form),
and none leaves a record that later answers 500: refused with the place it is wrong, nothing
written."""

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from coachboard.models.clients import Client
from tests.transfer.records import rich_client
from tests.transfer.test_pages import upload

API = "/api/v1"
Change = Callable[[dict[str, Any]], None]


@pytest.fixture
def document(db: Session, coach: User, api: TestClient) -> dict[str, Any]:
    built = rich_client(db, coach)
    return api.get(f"{API}/clients/{built.client_id}/export").json()


def edited(document: dict[str, Any], change: Change) -> dict[str, Any]:
    crafted = copy.deepcopy(document)
    change(crafted)
    return crafted


def set_at(*path: str | int, value: Any) -> Change:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path
        place: Any = document
        for part in parents:
            place = place[part]
        place[last] = value

    return change


def updated_without_changes(document: dict[str, Any]) -> None:
    entry = next(e for e in document["history"] if e["action"] == "updated")
    entry["changes"] = {}


def linked_without_its_other_end(document: dict[str, Any]) -> None:
    entry = next(e for e in document["history"] if e["action"] == "linked")
    entry["other_id"] = None


CRAFTED = {
    "a javascript: meeting link": (
        set_at("sessions", 0, "meeting_url", value="javascript:alert(document.domain)"),
        "/sessions/0/meeting_url",
    ),
    "two addresses in the client's email": (
        set_at("client", "email", value="a@x.example, attacker@y.example"),
        "/client/email",
    ),
    "a line break in the client's email": (
        set_at("client", "email", value="sam@example.com\r\nBcc: attacker@y.example"),
        "/client/email",
    ),
    "a carriage return in a title": (set_at("goals", 0, "title", value="A\rB"), "/goals/0/title"),
    "a line separator in a session title": (
        set_at("sessions", 0, "title", value="A\u2028B"),
        "/sessions/0/title",
    ),
    "a day before 1900": (set_at("goals", 0, "target_date", value="0001-01-01"), "/goals/0"),
    "a day after 2999": (set_at("sessions", 0, "session_date", value="3000-01-01"), "/sessions/0"),
    # Pages showed such a moment in the coach's time zone: off the calendar west of UTC.
    "a moment before 1900": (
        set_at("commitments", 0, "completed_at", value="0001-01-01T00:00:00Z"),
        "/commitments/0/completed_at",
    ),
    "a moment after 2999": (
        set_at("history", 0, "at", value="9999-12-31T23:59:59Z"),
        "/history/0/at",
    ),
    "metadata past its size": (
        set_at("targets", 0, "metadata", value={"notes": "x" * 17_000}),
        "/targets/0/metadata",
    ),
    "an update that changed nothing": (updated_without_changes, "/history/"),
    "a link without its other end": (linked_without_its_other_end, "/history/"),
}


def clients_of(db: Session, coach: User) -> int:
    return db.scalar(select(func.count()).select_from(Client).where(Client.coach_id == coach.id))


@pytest.mark.parametrize("crafted", CRAFTED.values(), ids=CRAFTED.keys())
def test_the_api_refuses_a_crafted_document_naming_where(
    db: Session, other_coach: User, other_api: TestClient, document: dict, crafted: tuple
) -> None:
    change, place = crafted
    response = other_api.post(f"{API}/clients/import", json=edited(document, change))

    assert response.status_code == 422, response.text
    pointers = [
        problem.get("pointer") or "/" + "/".join(map(str, problem["loc"][1:]))
        for problem in response.json()["detail"]
    ]
    assert any(pointer.startswith(place) for pointer in pointers), pointers
    assert clients_of(db, other_coach) == 0


@pytest.mark.parametrize(
    "crafted",
    [CRAFTED["a javascript: meeting link"], CRAFTED["a carriage return in a title"]],
    ids=["a javascript: meeting link", "a carriage return in a title"],
)
def test_the_upload_form_refuses_it_alike(
    db: Session, other_coach: User, other_pages: TestClient, document: dict, crafted: tuple
) -> None:
    change, place = crafted
    response = upload(other_pages, json.dumps(edited(document, change)).encode())

    assert response.status_code == 422
    assert place in response.text
    assert clients_of(db, other_coach) == 0


@pytest.mark.parametrize("number", ["NaN", "Infinity", "1e999"])
def test_a_number_no_database_can_keep_is_refused_by_the_form_too(
    db: Session, other_coach: User, other_pages: TestClient, document: dict, number: str
) -> None:
    text = json.dumps(edited(document, set_at("targets", 0, "metadata", value={"pace": 1.5})))
    response = upload(other_pages, text.replace("1.5", number).encode())

    assert response.status_code == 422
    assert "/targets/0/metadata/pace: NaN, Infinity and -Infinity are not JSON numbers" in (
        response.text
    )
    assert clients_of(db, other_coach) == 0


def test_metadata_nested_past_the_limit_is_refused_and_exports_keep_answering(
    db: Session, coach: User, other_coach: User, other_api: TestClient, document: dict
) -> None:
    deep: Any = {}
    for _ in range(300):
        deep = {"d": deep}
    crafted = edited(document, set_at("targets", 0, "metadata", value=deep))

    body = json.dumps(crafted).encode()
    response = other_api.post(
        f"{API}/clients/import", content=body, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "JSON must not nest more than 64 levels deep"
    assert other_api.get(f"{API}/export").status_code == 200


def test_moments_on_the_first_and_last_days_show_in_a_zone_either_side_of_utc(
    api: TestClient, pages: TestClient, document: dict[str, Any]
) -> None:
    crafted = edited(document, set_at("history", 0, "at", value="1900-01-01T00:00:00Z"))
    crafted["history"][1]["at"] = "2999-12-31T23:59:59.999999+00:00"
    imported = api.post(f"{API}/clients/import", json=crafted)
    assert imported.status_code == 201, imported.text

    for zone in ("Pacific/Pago_Pago", "Pacific/Kiritimati"):
        assert api.patch(f"{API}/me", json={"time_zone": zone}).status_code == 200
        assert pages.get(f"/clients/{imported.json()['id']}/activity").status_code == 200


def test_an_accepted_document_keeps_what_the_api_accepts(
    db: Session, other_api: TestClient, document: dict
) -> None:
    response = other_api.post(f"{API}/clients/import", json=document)

    assert response.status_code == 201, response.text
    created = response.json()["id"]
    assert other_api.get(f"{API}/clients/{created}/activity").status_code == 200
    assert other_api.get(f"{API}/clients/{created}/export").status_code == 200
