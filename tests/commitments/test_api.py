import uuid
from datetime import date

import pytest
from fastapi.testclient import TestClient

from tests.commitments.records import Records, ids


def test_a_commitment_links_to_outcomes_and_reaches_goals_and_sprints_through_them(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    health, career = records.goal(client, "Health"), records.goal(client, "Career")
    base = records.sprint(client, "Base weeks")
    run = records.target(client, "Run 10 km", goals=[health], sprints=[base])
    talk = records.target(client, "Give a talk", goals=[career, health])
    session = records.session(client)

    response = api.post(
        f"/api/v1/clients/{client.id}/commitments",
        json={
            "title": "Book a physio",
            "due_date": "2026-04-01",
            "session_id": str(session.id),
            "target_ids": ids([talk, run]),
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["target_ids"] == ids([talk, run])
    assert body["targets"] == [
        {"id": str(talk.id), "title": "Give a talk"},
        {"id": str(run.id), "title": "Run 10 km"},
    ]
    assert body["goal_ids"] == ids([career, health])
    assert body["sprint_ids"] == ids([base])
    assert body["session_id"] == str(session.id)
    assert body["status"] == "open"
    assert body["completed_at"] is None
    assert api.get(f"/api/v1/commitments/{body['id']}").json() == body


def test_duplicate_outcome_ids_in_a_commitment_count_once(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    run, talk = records.target(client, "Run"), records.target(client, "Talk")

    response = api.post(
        f"/api/v1/clients/{client.id}/commitments",
        json={"title": "Plan", "target_ids": ids([run, talk, run, run])},
    )

    assert response.status_code == 201
    assert response.json()["target_ids"] == ids([run, talk])


@pytest.mark.parametrize("whose", ["other client", "other coach", "unknown"])
def test_an_outcome_that_is_not_the_clients_is_refused_naming_target_ids_and_the_id(
    api: TestClient, records: Records, other_records: Records, whose: str
) -> None:
    client = records.client()
    own = records.target(client, "Own")
    foreign_id = {
        "other client": lambda: records.target(records.client("Eli"), "Eli's").id,
        "other coach": lambda: other_records.target(other_records.client(), "Theirs").id,
        "unknown": uuid.uuid4,
    }[whose]()

    response = api.post(
        f"/api/v1/clients/{client.id}/commitments",
        json={"title": "Plan", "target_ids": [str(own.id), str(foreign_id)]},
    )

    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "target_ids"]
    assert str(foreign_id) in problem["msg"]
    assert str(own.id) not in problem["msg"]
    assert api.get(f"/api/v1/clients/{client.id}/commitments").json()["total"] == 0


@pytest.mark.parametrize("whose", ["other client", "other coach", "unknown"])
def test_a_session_that_is_not_the_clients_is_refused_naming_session_id(
    api: TestClient, records: Records, other_records: Records, whose: str
) -> None:
    client = records.client()
    commitment = records.commitment(client)
    foreign_id = {
        "other client": lambda: records.session(records.client("Eli")).id,
        "other coach": lambda: other_records.session(other_records.client()).id,
        "unknown": uuid.uuid4,
    }[whose]()

    created = api.post(
        f"/api/v1/clients/{client.id}/commitments",
        json={"title": "Plan", "session_id": str(foreign_id)},
    )
    changed = api.patch(
        f"/api/v1/commitments/{commitment.id}", json={"session_id": str(foreign_id)}
    )

    for response in (created, changed):
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "session_id"]
        assert str(foreign_id) in response.json()["detail"][0]["msg"]
    assert api.get(f"/api/v1/clients/{client.id}/commitments").json()["total"] == 1
    assert api.get(f"/api/v1/commitments/{commitment.id}").json()["session_id"] is None


@pytest.mark.parametrize("field", ["goal_id", "sprint_id", "goal_ids", "sprint_ids"])
def test_a_commitment_cannot_be_linked_to_a_goal_or_sprint_directly(
    api: TestClient, records: Records, field: str
) -> None:
    client = records.client()
    commitment = records.commitment(client)
    goal = records.goal(client)
    value = [str(goal.id)] if field.endswith("s") else str(goal.id)

    created = api.post(
        f"/api/v1/clients/{client.id}/commitments", json={"title": "Plan", field: value}
    )
    changed = api.patch(f"/api/v1/commitments/{commitment.id}", json={field: value})

    for response in (created, changed):
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", field]
    assert api.get(f"/api/v1/clients/{client.id}/commitments").json()["total"] == 1


def test_updating_target_ids_replaces_clears_or_leaves_the_links(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    run, talk, read = (records.target(client, t) for t in ("Run", "Talk", "Read"))
    commitment = records.commitment(client, targets=[run, talk])
    url = f"/api/v1/commitments/{commitment.id}"

    untouched = api.patch(url, json={"title": "Renamed"}).json()["target_ids"]
    null_is_untouched = api.patch(url, json={"target_ids": None}).json()["target_ids"]
    replaced = api.patch(url, json={"target_ids": ids([read, talk])}).json()["target_ids"]
    cleared = api.patch(url, json={"target_ids": []}).json()

    assert untouched == ids([run, talk])
    assert null_is_untouched == ids([run, talk])
    # A link that stays keeps its place; a new one follows it.
    assert replaced == ids([talk, read])
    assert cleared["target_ids"] == []
    assert cleared["goal_ids"] == cleared["sprint_ids"] == []
    assert cleared["title"] == "Renamed"


def test_a_refused_update_changes_nothing(api: TestClient, records: Records) -> None:
    client = records.client()
    run = records.target(client, "Run")
    commitment = records.commitment(client, targets=[run])
    before = api.get(f"/api/v1/commitments/{commitment.id}").json()

    response = api.patch(
        f"/api/v1/commitments/{commitment.id}",
        json={"title": "Changed", "target_ids": [str(uuid.uuid4())]},
    )

    assert response.status_code == 422
    assert api.get(f"/api/v1/commitments/{commitment.id}").json() == before


def test_completed_at_is_stamped_when_done_and_cleared_when_reopened(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    commitment = records.commitment(client)
    url = f"/api/v1/commitments/{commitment.id}"

    done = api.patch(url, json={"status": "done"}).json()
    done_again = api.patch(url, json={"status": "done", "title": "Still done"}).json()
    reopened = api.patch(url, json={"status": "open"}).json()
    created_done = api.post(
        f"/api/v1/clients/{client.id}/commitments", json={"title": "Done", "status": "done"}
    ).json()

    assert done["completed_at"] is not None
    assert done_again["completed_at"] == done["completed_at"]
    assert reopened["status"] == "open"
    assert reopened["completed_at"] is None
    assert created_done["completed_at"] is not None


def test_null_clears_due_date_and_session_but_not_the_title(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    session = records.session(client)
    commitment = records.commitment(client, session_id=session.id, due_date=date(2026, 4, 1))

    response = api.patch(
        f"/api/v1/commitments/{commitment.id}",
        json={"due_date": None, "session_id": None, "title": None},
    )

    assert response.status_code == 200
    assert response.json()["due_date"] is None
    assert response.json()["session_id"] is None
    assert response.json()["title"] == commitment.title


def test_bad_commitment_fields_are_refused_naming_them(api: TestClient, records: Records) -> None:
    client = records.client()
    url = f"/api/v1/clients/{client.id}/commitments"

    cases = {
        "title": {"title": ""},
        "status": {"title": "Plan", "status": "finished"},
        "due_date": {"title": "Plan", "due_date": "soon"},
        "target_ids": {"title": "Plan", "target_ids": ["not-a-uuid"]},
    }
    for field, body in cases.items():
        response = api.post(url, json=body)
        assert response.status_code == 422, field
        assert response.json()["detail"][0]["loc"][:2] == ["body", field]
    assert api.post(url, json={}).json()["detail"][0]["loc"] == ["body", "title"]


def test_deleting_a_commitment_removes_its_links_and_nothing_else(
    api: TestClient, records: Records
) -> None:
    client = records.client()
    goal, sprint = records.goal(client), records.sprint(client)
    run = records.target(client, "Run", goals=[goal], sprints=[sprint])
    session = records.session(client)
    doomed = records.commitment(client, "Doomed", targets=[run], session_id=session.id)
    kept = records.commitment(client, "Kept", targets=[run], session_id=session.id)

    assert api.delete(f"/api/v1/commitments/{doomed.id}").status_code == 204

    assert api.get(f"/api/v1/commitments/{doomed.id}").status_code == 404
    assert api.get(f"/api/v1/commitments/{kept.id}").json()["target_ids"] == ids([run])
    outcome = api.get(f"/api/v1/targets/{run.id}").json()
    assert outcome["goal_ids"] == ids([goal])
    assert outcome["sprint_ids"] == ids([sprint])
    assert api.get(f"/api/v1/sessions/{session.id}").json()["commitment_ids"] == ids([kept])
    graph = api.get(f"/api/v1/clients/{client.id}/graph").json()
    commitment_edges = [e for e in graph["edges"] if e["kind"] == "commitment_target"]
    assert [(e["source"], e["linked"]) for e in commitment_edges] == [(str(kept.id), str(run.id))]


def test_another_coach_gets_not_found_on_every_commitment_route_and_changes_nothing(
    api: TestClient, other_api: TestClient, records: Records, other_records: Records
) -> None:
    client = records.client()
    goal, sprint, session = records.goal(client), records.sprint(client), records.session(client)
    run = records.target(client, "Run", goals=[goal], sprints=[sprint])
    commitment = records.commitment(client, targets=[run], session_id=session.id)
    before = api.get(f"/api/v1/commitments/{commitment.id}").json()
    their_client = other_records.client()
    their_commitment = other_records.commitment(their_client)

    answers = [
        other_api.get(f"/api/v1/clients/{client.id}/commitments"),
        other_api.post(f"/api/v1/clients/{client.id}/commitments", json={"title": "Mine"}),
        other_api.get(f"/api/v1/commitments/{commitment.id}"),
        other_api.patch(f"/api/v1/commitments/{commitment.id}", json={"status": "dropped"}),
        other_api.patch(f"/api/v1/commitments/{commitment.id}", json={"target_ids": []}),
        other_api.delete(f"/api/v1/commitments/{commitment.id}"),
    ]
    filters = {"target_id": run, "goal_id": goal, "sprint_id": sprint, "session_id": session}
    for name, record in filters.items():
        answers.append(
            other_api.get(
                f"/api/v1/clients/{their_client.id}/commitments", params={name: str(record.id)}
            )
        )
    # Their own commitment cannot be pointed at the first coach's outcome either.
    linked = other_api.patch(
        f"/api/v1/commitments/{their_commitment.id}", json={"target_ids": [str(run.id)]}
    )

    assert [answer.status_code for answer in answers] == [404] * len(answers)
    assert linked.status_code == 422
    assert api.get(f"/api/v1/commitments/{commitment.id}").json() == before
    assert api.get(f"/api/v1/clients/{client.id}/commitments").json()["total"] == 1
