"""POST /api/v1/clients/import: a client document becomes a new client of the caller, with
fresh ids and every link in its order; a document that does not hold together gets 422 naming
the JSON pointer of each problem, and nothing is written."""

import copy
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.transfer.schemas import MAX_RECORDS
from tests.api.conftest import image_of, without_bookkeeping
from tests.querycount import count_statements
from tests.transfer.records import rich_client

API = "/api/v1"


@pytest.fixture
def document(db: Session, coach: User, api: TestClient) -> dict[str, Any]:
    built = rich_client(db, coach)
    return api.get(f"{API}/clients/{built.client_id}/export").json()


def test_an_import_makes_a_new_client_of_the_caller_with_fresh_ids(
    document: dict[str, Any], other_api: TestClient
) -> None:
    response = other_api.post(f"{API}/clients/import", json=document)

    assert response.status_code == 201
    created = response.json()
    assert created["id"] != document["client"]["id"]
    assert other_api.get(f"{API}/clients/{created['id']}").json() == created
    assert created["name"] == "Zoë Ångström"
    again = other_api.get(f"{API}/clients/{created['id']}/export").json()
    old_ids = {
        r["id"] for kind in ("goals", "targets", "sprints", "commitments") for r in document[kind]
    }
    assert old_ids.isdisjoint(
        r["id"] for kind in ("goals", "targets", "sprints", "commitments") for r in again[kind]
    )
    run = next(
        t
        for t in other_api.get(f"{API}/clients/{created['id']}/targets").json()["items"]
        if t["title"] == "Run 10 km"
    )
    assert [g["title"] for g in run["goals"]] == ["Career 仕事", "Santé ❤ и здоровье"]
    assert [s["title"] for s in run["sprints"]] == ["Peak weeks", "Base weeks"]


def test_imported_records_are_searchable_and_outcomes_count_their_commitments(
    document: dict[str, Any], other_api: TestClient
) -> None:
    created = other_api.post(f"{API}/clients/import", json=document).json()

    found = other_api.get(f"{API}/search", params={"q": "Slides"}).json()
    assert [(hit["kind"], hit["client"]["id"]) for hit in found["items"]] == [
        ("commitment", created["id"])
    ]
    targets = other_api.get(f"{API}/clients/{created['id']}/targets").json()["items"]
    progress = {
        t["title"]: (t["progress"]["commitments_done"], t["progress"]["commitments_total"])
        for t in targets
    }
    # Laps (done) → Run, Sleep; Slides (done) → Talk, Run; the old one (open) → Sleep.
    assert progress == {"Run 10 km": (2, 2), "Sleep 8 h": (1, 2), "=Give the talk": (1, 1)}


def test_the_legacy_review_still_finds_the_old_goal_under_its_new_id(
    document: dict[str, Any], other_api: TestClient
) -> None:
    created = other_api.post(f"{API}/clients/import", json=document).json()

    legacy = other_api.get(f"{API}/clients/{created['id']}/legacy-links").json()
    by_title = {item["title"]: item for item in legacy["items"]}
    assert by_title["From the old system"]["legacy_goal"]["title"] == "Santé ❤ и здоровье"
    assert by_title["From the old system"]["legacy_goal"]["gone"] is False
    # A legacy key naming a goal deleted before the export still names nothing.
    assert by_title["Peak weeks"]["legacy_goal"]["gone"] is True


def test_an_import_writes_one_statement_per_table(
    document: dict[str, Any], other_api: TestClient, engine: Engine
) -> None:
    with count_statements(engine) as log:
        assert other_api.post(f"{API}/clients/import", json=document).status_code == 201

    inserts = [sql for sql in log.statements if sql.lstrip().upper().startswith("INSERT")]
    counted = [sql for sql in inserts if "sign_in_throttles" in sql]
    # The client, then goals, outcomes, sprints, sessions, commitments, three link tables,
    # topics, reflections, opt-outs and history; and the count of the coach's imports, with
    # the token read and the stale counts pruned in its own transaction (accounts.throttle).
    assert (len(inserts) - len(counted), len(counted)) == (13, 1)
    assert log.count <= 19


def problems_of(response: Any) -> list[tuple[str, str]]:
    assert response.status_code == 422, response.text
    return [
        (p.get("pointer") or "/" + "/".join(map(str, p["loc"][1:])), p["type"])
        for p in response.json()["detail"]
    ]


def mutated(document: dict[str, Any], change: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    change(changed)
    return changed


def set_in(path: list[Any], value: Any) -> Any:
    def change(document: dict[str, Any]) -> None:
        place = document
        for key in path[:-1]:
            place = place[key]
        place[path[-1]] = value

    return change


STRANGER = str(uuid.uuid4())
REFUSED = {
    "another format": (set_in(["format"], "coachboard.goal"), [("/format", "literal_error")]),
    "a later version": (set_in(["version"], 2), [("/version", "literal_error")]),
    "a link to a goal it does not hold": (
        set_in(["links", "target_goals", 2, "goal_id"], STRANGER),
        [("/links/target_goals/2/goal_id", "dangling_reference")],
    ),
    "a commitment in a session it does not hold": (
        set_in(["commitments", 1, "session_id"], STRANGER),
        [("/commitments/1/session_id", "dangling_reference")],
    ),
    "a reflection on a commitment it does not hold": (
        set_in(["reflections", 0, "commitment_id"], STRANGER),
        [("/reflections/0/commitment_id", "dangling_reference")],
    ),
    "a sprint that ends before it starts": (
        set_in(["sprints", 0, "end_date"], "2000-01-01"),
        [("/sprints/0/end_date", "date_order")],
    ),
    "a moment written as a number": (
        set_in(["goals", 0, "created_at"], 0),
        [("/goals/0/created_at", "iso_text")],
    ),
    "a NUL deep in metadata": (
        set_in(["targets", 0, "metadata"], {"notes": ["fine", "not\u0000fine"]}),
        [("/targets/0/metadata", "value_error")],
    ),
    "a time of day with an offset": (
        set_in(["sessions", 0, "start_time"], "09:30:00+02:00"),
        [("/sessions/0/start_time", "time_format")],
    ),
    "a time zone the server does not know": (
        set_in(["sessions", 0, "time_zone"], "Mars/Olympus_Mons"),
        [("/sessions/0/time_zone", "unknown_time_zone")],
    ),
    "an unknown status": (set_in(["goals", 1, "status"], "won"), [("/goals/1/status", "enum")]),
    "an unknown field": (
        set_in(["goals", 0, "colour"], "red"),
        [("/goals/0/colour", "extra_forbidden")],
    ),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_a_document_that_does_not_hold_together_is_refused_naming_where(
    document: dict[str, Any], other_api: TestClient, engine: Engine, case: str
) -> None:
    change, expected = REFUSED[case]
    before = without_bookkeeping(image_of(engine))

    response = other_api.post(f"{API}/clients/import", json=mutated(document, change))

    assert problems_of(response) == expected
    assert without_bookkeeping(image_of(engine)) == before


def test_a_duplicate_id_and_a_duplicate_link_are_named(
    document: dict[str, Any], other_api: TestClient, db: Session
) -> None:
    def duplicate(changed: dict[str, Any]) -> None:
        changed["sprints"][1]["id"] = changed["sprints"][0]["id"]
        changed["links"]["commitment_targets"].append(changed["links"]["commitment_targets"][0])

    response = other_api.post(f"{API}/clients/import", json=mutated(document, duplicate))

    last = len(document["links"]["commitment_targets"])
    problems = problems_of(response)
    assert ("/sprints/1/id", "duplicate_id") in problems
    assert (f"/links/commitment_targets/{last}", "duplicate_link") in problems
    detail = response.json()["detail"]
    assert detail[0]["loc"][:2] == ["body", "sprints"] and isinstance(detail[0]["loc"][2], int)
    assert db.scalar(select(func.count()).select_from(Client)) == 1


def test_more_records_of_a_kind_than_allowed_are_refused(
    document: dict[str, Any], other_api: TestClient
) -> None:
    topic = document["agenda_topics"][0]
    many = mutated(
        document,
        set_in(
            ["agenda_topics"], [dict(topic, id=str(uuid.uuid4())) for _ in range(MAX_RECORDS + 1)]
        ),
    )

    assert problems_of(other_api.post(f"{API}/clients/import", json=many)) == [
        ("/agenda_topics", "too_long")
    ]


def test_a_document_larger_than_other_bodies_is_taken_and_one_past_the_limit_is_not(
    document: dict[str, Any], other_api: TestClient
) -> None:
    goal = document["goals"][0]
    # About 3 MiB: three times what any other route takes.
    large = mutated(
        document,
        set_in(
            ["goals"],
            [
                *document["goals"],
                *(dict(goal, id=str(uuid.uuid4()), description="x" * 15_000) for _ in range(200)),
            ],
        ),
    )
    assert other_api.post(f"{API}/clients/import", json=large).status_code == 201
    assert (
        other_api.post(f"{API}/clients", json={"name": "x", "notes": "x" * 2_000_000}).status_code
        == 413
    )

    too_large = b'{"format": "coachboard.client", "pad": "' + b"x" * (20 * 1024 * 1024) + b'"}'
    response = other_api.post(
        f"{API}/clients/import", content=too_large, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


def session_zones(api: TestClient, client_id: str) -> list[tuple[str | None, str]]:
    exported = api.get(f"{API}/clients/{client_id}/export").json()
    return [(s["start_time"], s["time_zone"]) for s in exported["sessions"]]


def test_a_session_keeps_its_own_zone_through_export_and_import(
    db: Session, document: dict[str, Any], other_coach: User, other_api: TestClient
) -> None:
    other_coach.time_zone = "Europe/Berlin"
    db.commit()
    [weekly] = document["sessions"]
    weekly["time_zone"] = "Asia/Tokyo"

    created = other_api.post(f"{API}/clients/import", json=document).json()

    assert session_zones(other_api, created["id"]) == [("09:30:00", "Asia/Tokyo")]


def test_a_session_of_an_older_export_without_a_zone_is_on_the_importing_coachs_clock(
    db: Session, document: dict[str, Any], other_coach: User, other_api: TestClient
) -> None:
    other_coach.time_zone = "Europe/Berlin"
    db.commit()
    for record in document["sessions"]:
        del record["time_zone"]

    created = other_api.post(f"{API}/clients/import", json=document).json()

    assert session_zones(other_api, created["id"]) == [("09:30:00", "Europe/Berlin")]


@pytest.mark.parametrize("may_email", [True, False])
def test_email_this_client_goes_through_export_and_import(
    document: dict[str, Any], other_api: TestClient, may_email: bool
) -> None:
    document["client"]["may_email"] = may_email

    created = other_api.post(f"{API}/clients/import", json=document).json()

    assert created["may_email"] is may_email
    exported = other_api.get(f"{API}/clients/{created['id']}/export").json()
    assert exported["client"]["may_email"] is may_email


def test_a_client_of_an_older_export_is_not_emailed(
    document: dict[str, Any], other_api: TestClient
) -> None:
    document["client"].pop("may_email", None)

    created = other_api.post(f"{API}/clients/import", json=document).json()

    assert created["may_email"] is False
