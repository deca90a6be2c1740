"""The legacy-link review through the API: the queue, resolve and dismiss, for both kinds."""

import json
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.core.database import transaction
from coachboard.models.accounts import User
from tests.commitments.records import Records, ids, stored


@pytest.fixture
def records(db: Session, coach: User) -> Records:
    return Records(db, coach)


@pytest.fixture
def other_records(db: Session, other_coach: User) -> Records:
    return Records(db, other_coach)


def queue(api: TestClient, client_id: uuid.UUID, **params: object) -> dict:
    response = api.get(f"/api/v1/clients/{client_id}/legacy-links", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def meta_of(db: Session, record: Any) -> dict:
    """The record's metadata as stored now (in a transaction that ends, freeing SQLite's lock)."""
    with transaction(db):
        return stored(db, record).meta


def test_the_queue_shows_each_legacy_goal_and_sprint_with_outcomes_best_match_first(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    health = records.goal(client, "Health")
    base = records.sprint(client, "Base weeks")
    zebra_both = records.target(client, "Zebra run", goals=[health], sprints=[base])
    apple_both = records.target(client, "apple run", goals=[health], sprints=[base])
    goal_only = records.target(client, "Bike", goals=[health])
    sprint_only = records.target(client, "Aqua jog", sprints=[base])
    records.target(client, "Unrelated")
    physio = records.commitment(client, "Physio")
    records.legacy_meta(
        physio, legacy_goal_id=str(health.id), legacy_sprint_id=str(base.id), source="import"
    )
    records.commitment(client, "Already clean")

    [item] = queue(api, client.id)["items"]

    assert item["kind"] == "commitment"
    assert item["id"] == str(physio.id)
    assert item["title"] == "Physio"
    assert item["legacy_goal"] == {"value": str(health.id), "title": "Health", "gone": False}
    assert item["legacy_sprint"] == {"value": str(base.id), "title": "Base weeks", "gone": False}
    assert [s["id"] for s in item["suggestions"]] == ids(
        [apple_both, zebra_both, sprint_only, goal_only]
    )
    assert [(s["matches_goal"], s["matches_sprint"]) for s in item["suggestions"]] == [
        (True, True),
        (True, True),
        (False, True),
        (True, False),
    ]


def test_the_queue_lists_commitments_then_sprints_oldest_first_one_page_at_a_time(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    goal = records.goal(client)
    sprint_item = records.sprint(client, "Old sprint")
    first, second = records.commitment(client, "First"), records.commitment(client, "Second")
    for record in (sprint_item, first, second):
        records.legacy_meta(record, legacy_goal_id=str(goal.id))

    everything = queue(api, client.id)
    page = queue(api, client.id, limit=2, offset=1)

    assert [(i["kind"], i["id"]) for i in everything["items"]] == [
        ("commitment", str(first.id)),
        ("commitment", str(second.id)),
        ("sprint", str(sprint_item.id)),
    ]
    assert everything["total"] == page["total"] == 3
    assert page["items"] == everything["items"][1:]


@pytest.mark.parametrize("legacy_value", ["deleted", "not-a-uuid", 42, {"id": "x"}, "other client"])
def test_a_legacy_goal_that_is_gone_or_garbage_is_marked_gone_not_an_error(
    api: TestClient, records: Records, legacy_value: object
) -> None:
    client = records.client()
    if legacy_value == "deleted":
        goal = records.goal(client, "Deleted goal")
        legacy_value = str(goal.id)
        assert api.delete(f"/api/v1/goals/{goal.id}").status_code == 204
    elif legacy_value == "other client":
        other_client = records.client("Eli")
        # Another client's goal and its outcome must not be named or suggested here.
        foreign = records.goal(other_client, "Eli's secret goal")
        records.target(other_client, "Eli's outcome", goals=[foreign])
        legacy_value = str(foreign.id)
    commitment = records.commitment(client)
    records.legacy_meta(commitment, legacy_goal_id=legacy_value)

    [item] = queue(api, client.id)["items"]

    assert item["legacy_goal"]["gone"] is True
    assert item["legacy_goal"]["title"] is None
    shown = item["legacy_goal"]["value"]  # JSON text for an object; spacing varies by database
    assert (json.loads(shown) if isinstance(legacy_value, dict) else shown) == (
        legacy_value if isinstance(legacy_value, dict) else str(legacy_value)
    )
    assert item["legacy_sprint"] is None
    assert item["suggestions"] == []
    # Gone or garbage, the item can still be dismissed.
    assert api.post(f"/api/v1/commitments/{commitment.id}/legacy-links/dismiss").status_code == 204


def test_resolving_a_commitment_links_the_outcomes_and_keeps_other_metadata(
    api: TestClient, db: Session, records: Records
) -> None:
    client = records.client()
    health = records.goal(client, "Health")
    run, bike = records.target(client, "Run", goals=[health]), records.target(client, "Bike")
    commitment = records.commitment(client, targets=[bike])
    records.legacy_meta(
        commitment, legacy_goal_id=str(health.id), legacy_sprint_id=str(uuid.uuid4()), note="kept"
    )

    response = api.post(
        f"/api/v1/commitments/{commitment.id}/legacy-links/resolve",
        json={"target_ids": ids([run, run])},
    )

    assert response.status_code == 204
    body = api.get(f"/api/v1/commitments/{commitment.id}").json()
    assert body["target_ids"] == ids([bike, run])
    assert body["goal_ids"] == ids([health])
    assert meta_of(db, commitment) == {"note": "kept"}
    assert queue(api, client.id)["total"] == 0


def test_resolving_a_sprint_links_it_to_the_outcomes_through_target_sprint_links(
    api: TestClient, db: Session, records: Records
) -> None:
    client = records.client()
    health = records.goal(client, "Health")
    run = records.target(client, "Run", goals=[health])
    sprint = records.sprint(client, "Base weeks")
    records.legacy_meta(sprint, legacy_goal_id=str(health.id), colour="blue")
    [item] = queue(api, client.id)["items"]
    assert (item["kind"], item["suggestions"][0]["id"]) == ("sprint", str(run.id))

    response = api.post(
        f"/api/v1/sprints/{sprint.id}/legacy-links/resolve", json={"target_ids": ids([run])}
    )

    assert response.status_code == 204
    assert api.get(f"/api/v1/targets/{run.id}").json()["sprint_ids"] == ids([sprint])
    assert api.get(f"/api/v1/sprints/{sprint.id}").json()["goal_ids"] == ids([health])
    assert meta_of(db, sprint) == {"colour": "blue"}
    assert queue(api, client.id)["total"] == 0


@pytest.mark.parametrize("kind", ["commitments", "sprints"])
def test_dismissing_drops_only_the_legacy_keys_and_links_nothing(
    api: TestClient, db: Session, records: Records, kind: str
) -> None:
    client = records.client()
    goal = records.goal(client)
    records.target(client, goals=[goal])
    record = records.commitment(client) if kind == "commitments" else records.sprint(client)
    records.legacy_meta(record, legacy_goal_id=str(goal.id), legacy_sprint_id=None, keep=[1, 2])

    response = api.post(f"/api/v1/{kind}/{record.id}/legacy-links/dismiss")

    assert response.status_code == 204
    assert meta_of(db, record) == {"keep": [1, 2]}
    assert api.get(f"/api/v1/{kind}/{record.id}").json()["target_ids"] == []
    assert queue(api, client.id)["total"] == 0


@pytest.mark.parametrize("kind", ["commitments", "sprints"])
def test_a_record_without_legacy_keys_cannot_be_resolved_or_dismissed_again(
    api: TestClient, records: Records, kind: str
) -> None:
    client = records.client()
    run = records.target(client)
    record = records.commitment(client) if kind == "commitments" else records.sprint(client)
    records.legacy_meta(record, legacy_goal_id=str(uuid.uuid4()))
    url = f"/api/v1/{kind}/{record.id}/legacy-links"
    assert api.post(f"{url}/dismiss").status_code == 204

    again = api.post(f"{url}/dismiss")
    resolved = api.post(f"{url}/resolve", json={"target_ids": ids([run])})

    assert again.status_code == 409
    assert resolved.status_code == 409
    assert api.get(f"/api/v1/targets/{run.id}").json()["sprint_ids"] == []


@pytest.mark.parametrize("kind", ["commitments", "sprints"])
@pytest.mark.parametrize("whose", ["other client", "other coach", "unknown"])
def test_resolving_with_an_outcome_that_is_not_the_clients_is_refused_and_changes_nothing(
    api: TestClient,
    db: Session,
    records: Records,
    other_records: Records,
    kind: str,
    whose: str,
) -> None:
    client = records.client()
    own = records.target(client, "Own")
    foreign_id = {
        "other client": lambda: records.target(records.client("Eli"), "Eli's").id,
        "other coach": lambda: other_records.target(other_records.client(), "Theirs").id,
        "unknown": uuid.uuid4,
    }[whose]()
    record = records.commitment(client) if kind == "commitments" else records.sprint(client)
    legacy_id = str(uuid.uuid4())
    records.legacy_meta(record, legacy_goal_id=legacy_id)

    response = api.post(
        f"/api/v1/{kind}/{record.id}/legacy-links/resolve",
        json={"target_ids": [str(own.id), str(foreign_id)]},
    )

    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "target_ids"]
    assert str(foreign_id) in problem["msg"]
    assert meta_of(db, record) == {"legacy_goal_id": legacy_id}
    assert api.get(f"/api/v1/targets/{own.id}").json()["sprint_ids"] == []
    assert queue(api, client.id)["total"] == 1


@pytest.mark.parametrize("body", [{}, {"target_ids": []}, {"target_ids": [], "goal_id": "x"}])
def test_a_resolution_needs_at_least_one_outcome(
    api: TestClient, records: Records, body: dict
) -> None:
    client = records.client()
    commitment = records.commitment(client)
    records.legacy_meta(commitment, legacy_goal_id=str(uuid.uuid4()))

    response = api.post(f"/api/v1/commitments/{commitment.id}/legacy-links/resolve", json=body)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "target_ids"]
    assert queue(api, client.id)["total"] == 1


def test_another_coach_gets_not_found_on_every_legacy_route_and_changes_nothing(
    api: TestClient, other_api: TestClient, db: Session, records: Records, other_records: Records
) -> None:
    client = records.client()
    goal = records.goal(client)
    run = records.target(client, goals=[goal])
    commitment, sprint = records.commitment(client), records.sprint(client)
    for record in (commitment, sprint):
        records.legacy_meta(record, legacy_goal_id=str(goal.id))
    their_run = other_records.target(other_records.client())
    before = queue(api, client.id)

    answers = [other_api.get(f"/api/v1/clients/{client.id}/legacy-links")]
    for kind, record in (("commitments", commitment), ("sprints", sprint)):
        url = f"/api/v1/{kind}/{record.id}/legacy-links"
        answers.append(other_api.post(f"{url}/resolve", json={"target_ids": ids([their_run])}))
        answers.append(other_api.post(f"{url}/resolve", json={"target_ids": ids([run])}))
        answers.append(other_api.post(f"{url}/dismiss"))

    assert [answer.status_code for answer in answers] == [404] * len(answers)
    assert queue(api, client.id) == before
    assert meta_of(db, commitment) == meta_of(db, sprint) == {"legacy_goal_id": str(goal.id)}
