"""The commitment list's filters: the spec's "commitment filtering still works", through outcomes."""

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from coachboard.models.clients import Client
from tests.commitments.records import Records, ids


def listed(api: TestClient, client: Client, **params: Any) -> list[str]:
    response = api.get(f"/api/v1/clients/{client.id}/commitments", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"])
    return [item["id"] for item in body["items"]]


def test_commitment_filtering_by_goal_and_sprint_goes_through_the_outcomes(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    health, career = records.goal(client, "Health"), records.goal(client, "Career")
    base, peak = records.sprint(client, "Base"), records.sprint(client, "Peak")
    run = records.target(client, "Run", goals=[health], sprints=[base])
    talk = records.target(client, "Talk", goals=[career], sprints=[base, peak])
    lone = records.target(client, "Lone")
    physio = records.commitment(client, "Physio", targets=[run])
    slides = records.commitment(client, "Slides", targets=[talk])
    both = records.commitment(client, "Both", targets=[run, talk])
    records.commitment(client, "Unlinked outcome", targets=[lone])
    records.commitment(client, "No outcome")

    assert listed(api, client, goal_id=health.id) == ids([physio, both])
    assert listed(api, client, goal_id=career.id) == ids([slides, both])
    assert listed(api, client, sprint_id=base.id) == ids([physio, slides, both])
    assert listed(api, client, sprint_id=peak.id) == ids([slides, both])
    assert listed(api, client, target_id=run.id) == ids([physio, both])
    assert listed(api, client, goal_id=health.id, sprint_id=peak.id) == ids([both])
    assert len(listed(api, client)) == 5


def test_a_goal_filter_follows_a_link_change_of_the_outcome(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    health = records.goal(client, "Health")
    run = records.target(client, "Run")
    physio = records.commitment(client, "Physio", targets=[run])
    assert listed(api, client, goal_id=health.id) == []

    api.patch(f"/api/v1/targets/{run.id}", json={"goal_ids": [str(health.id)]})

    assert listed(api, client, goal_id=health.id) == ids([physio])


def test_commitments_filter_by_session_and_status(api: TestClient, records: Records) -> None:
    client = records.client()
    first, second = records.session(client), records.session(client)
    open_one = records.commitment(client, "Open", session_id=first.id)
    done = records.commitment(client, "Done", session_id=first.id, status="done")
    dropped = records.commitment(client, "Dropped", session_id=second.id, status="dropped")

    assert listed(api, client, session_id=first.id) == ids([open_one, done])
    assert listed(api, client, status="done") == ids([done])
    assert listed(api, client, status="dropped", session_id=second.id) == ids([dropped])
    assert listed(api, client, status="open", session_id=second.id) == []


def test_the_due_date_range_is_inclusive_and_leaves_out_undated_commitments(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    march, april, may = (
        records.commitment(client, title, due_date=day)
        for title, day in [
            ("March", date(2026, 3, 31)),
            ("April", date(2026, 4, 15)),
            ("May", date(2026, 5, 1)),
        ]
    )
    records.commitment(client, "Undated")

    assert listed(api, client, due_from="2026-03-31", due_to="2026-05-01") == ids(
        [march, april, may]
    )
    assert listed(api, client, due_from="2026-04-01") == ids([april, may])
    assert listed(api, client, due_to="2026-04-15") == ids([march, april])
    assert listed(api, client, due_from="2026-04-15", due_to="2026-04-15") == ids([april])


def test_a_due_range_that_ends_before_it_starts_is_refused_naming_due_to(
    api: TestClient, records: Records
) -> None:
    client = records.client()

    response = api.get(
        f"/api/v1/clients/{client.id}/commitments",
        params={"due_from": "2026-05-01", "due_to": "2026-04-30"},
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "due_to"]


def test_commitments_list_by_due_date_undated_last_then_by_creation(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    undated_first = records.commitment(client, "Undated 1")
    late = records.commitment(client, "Late", due_date=date(2026, 6, 1))
    undated_second = records.commitment(client, "Undated 2")
    early = records.commitment(client, "Early", due_date=date(2026, 4, 1))
    early_too = records.commitment(client, "Early too", due_date=date(2026, 4, 1))

    everything = listed(api, client)
    page = api.get(
        f"/api/v1/clients/{client.id}/commitments", params={"limit": 2, "offset": 2}
    ).json()

    assert everything == ids([early, early_too, late, undated_first, undated_second])
    assert [item["id"] for item in page["items"]] == everything[2:4]
    assert page["total"] == 5


@pytest.mark.parametrize("name", ["target_id", "goal_id", "sprint_id", "session_id"])
def test_a_filter_naming_another_clients_record_is_not_found(
    api: TestClient, records: Records, name: str
) -> None:
    client, other = records.client("Dana"), records.client("Eli")
    goal, sprint = records.goal(other), records.sprint(other)
    outcome = records.target(other, goals=[goal], sprints=[sprint])
    session = records.session(other)
    records.commitment(other, targets=[outcome], session_id=session.id)
    record = {"target_id": outcome, "goal_id": goal, "sprint_id": sprint, "session_id": session}

    response = api.get(
        f"/api/v1/clients/{client.id}/commitments", params={name: str(record[name].id)}
    )

    assert response.status_code == 404
