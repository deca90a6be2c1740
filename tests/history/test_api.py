"""History through the API: each kind of change is recorded with who, when, the record and
what changed; links at both ends; deleted records keep theirs; another coach sees nothing;
a refused change leaves none."""

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from coachboard.core.errors import InvalidInput
from coachboard.models.clients import Client
from coachboard.models.goals import ClientGoal
from coachboard.models.history import HistoryEntry
from tests.querycount import count_statements

API = "/api/v1"


def created(api: TestClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(f"{API}{path}", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def history(api: TestClient, path: str, **params: Any) -> dict[str, Any]:
    response = api.get(f"{API}{path}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def sentences(page: dict[str, Any]) -> list[str]:
    return [item["sentence"] for item in page["items"]]


@pytest.fixture
def client_id(api: TestClient) -> str:
    return created(api, "/clients", {"name": "Sam Rivera"})["id"]


def test_a_record_made_changed_and_deleted_keeps_its_story(api: TestClient, client_id: str) -> None:
    goal = created(api, f"/clients/{client_id}/goals", {"title": "Get fit"})
    assert (
        api.patch(
            f"{API}/goals/{goal['id']}", json={"title": "Get fitter", "status": "achieved"}
        ).status_code
        == 200
    )
    assert api.patch(f"{API}/goals/{goal['id']}", json={"status": "active"}).status_code == 200
    assert api.delete(f"{API}/goals/{goal['id']}").status_code == 204

    page = history(api, f"/goals/{goal['id']}/history")

    assert page["total"] == 4
    _, _, renamed, made = page["items"]
    assert [item["action"] for item in page["items"]] == [
        "deleted",
        "updated",
        "updated",
        "created",
    ]
    assert renamed["changes"] == {
        "title": ["Get fit", "Get fitter"],
        "status": ["active", "achieved"],
    }
    assert renamed["record"] == {"kind": "goal", "id": goal["id"], "title": "Get fitter"}
    assert renamed["actor"]["name"] == "Casey Coach"
    assert renamed["actor"]["kind"] == "coach"
    assert made["changes"]["title"] == [None, "Get fit"]
    assert sentences(page) == [
        "Casey Coach deleted goal 'Get fitter'",
        "Casey Coach changed the status from 'achieved' to 'active' of goal 'Get fitter'",
        "Casey Coach changed the title and status of goal 'Get fitter'",
        "Casey Coach created goal 'Get fit'",
    ]
    assert page["items"][0]["at"] >= page["items"][-1]["at"]


def test_links_made_and_removed_show_at_both_ends(api: TestClient, client_id: str) -> None:
    goal = created(api, f"/clients/{client_id}/goals", {"title": "Get fit"})
    outcome = created(
        api, f"/clients/{client_id}/targets", {"title": "Run 10 km", "goal_ids": [goal["id"]]}
    )
    commitment = created(
        api,
        f"/clients/{client_id}/commitments",
        {"title": "Send the deck", "target_ids": [outcome["id"]]},
    )
    assert api.patch(f"{API}/targets/{outcome['id']}", json={"goal_ids": []}).status_code == 200

    of_goal = history(api, f"/goals/{goal['id']}/history")
    of_outcome = history(api, f"/targets/{outcome['id']}/history")
    of_commitment = history(api, f"/commitments/{commitment['id']}/history")

    assert sentences(of_goal) == [
        "Casey Coach unlinked 'Run 10 km' from 'Get fit'",
        "Casey Coach linked 'Run 10 km' to 'Get fit'",
        "Casey Coach created goal 'Get fit'",
    ]
    assert sentences(of_outcome) == [
        "Casey Coach unlinked 'Run 10 km' from 'Get fit'",
        "Casey Coach linked 'Send the deck' to 'Run 10 km'",
        "Casey Coach linked 'Run 10 km' to 'Get fit'",
        "Casey Coach created outcome 'Run 10 km'",
    ]
    linked = of_commitment["items"][0]
    assert linked["action"] == "linked"
    assert linked["record"]["kind"] == "commitment"
    assert linked["other"] == {"kind": "target", "id": outcome["id"], "title": "Run 10 km"}


def test_deleting_a_record_records_the_links_it_took_with_it(
    api: TestClient, other_api: TestClient, client_id: str
) -> None:
    goal = created(api, f"/clients/{client_id}/goals", {"title": "Get fit"})
    outcome = created(
        api, f"/clients/{client_id}/targets", {"title": "Run 10 km", "goal_ids": [goal["id"]]}
    )
    commitment = created(
        api,
        f"/clients/{client_id}/commitments",
        {"title": "Send the deck", "target_ids": [outcome["id"]]},
    )

    assert other_api.delete(f"{API}/targets/{outcome['id']}").status_code == 404
    assert api.delete(f"{API}/targets/{outcome['id']}").status_code == 204

    assert sentences(history(api, f"/goals/{goal['id']}/history"))[0] == (
        "Casey Coach unlinked 'Run 10 km' from 'Get fit'"
    )
    assert sentences(history(api, f"/commitments/{commitment['id']}/history"))[0] == (
        "Casey Coach unlinked 'Send the deck' from 'Run 10 km'"
    )
    deleted, *unlinked = sentences(history(api, f"/targets/{outcome['id']}/history"))[:3]
    assert deleted == "Casey Coach deleted outcome 'Run 10 km'"
    assert set(unlinked) == {
        "Casey Coach unlinked 'Run 10 km' from 'Get fit'",
        "Casey Coach unlinked 'Send the deck' from 'Run 10 km'",
    }


@pytest.mark.parametrize(
    ("collection", "body", "change"),
    [
        (
            "sprints",
            {"title": "Sprint 1", "start_date": "2026-12-01", "end_date": "2027-01-12"},
            {"title": "Sprint one"},
        ),
        (
            "sessions",
            {"session_date": "2026-12-03", "title": "Kick-off"},
            {"title": "First session"},
        ),
        ("commitments", {"title": "Send the deck"}, {"due_date": "2026-12-10"}),
        ("targets", {"title": "Run 10 km"}, {"status": "achieved"}),
    ],
)
def test_every_kind_of_record_is_recorded(
    api: TestClient, client_id: str, collection: str, body: dict[str, Any], change: dict[str, Any]
) -> None:
    record = created(api, f"/clients/{client_id}/{collection}", body)
    assert api.patch(f"{API}/{collection}/{record['id']}", json=change).status_code == 200
    assert api.delete(f"{API}/{collection}/{record['id']}").status_code == 204

    page = history(api, f"/{collection}/{record['id']}/history")

    assert [item["action"] for item in page["items"]] == ["deleted", "updated", "created"]
    ((field, (old, new)),) = page["items"][1]["changes"].items()
    assert (field, new) == (*change.items(),)[0]
    assert old != new


def test_the_client_itself_and_its_whole_activity(api: TestClient, client_id: str) -> None:
    assert api.patch(f"{API}/clients/{client_id}", json={"name": "Sam R."}).status_code == 200
    goal = created(api, f"/clients/{client_id}/goals", {"title": "Get fit"})
    assert api.delete(f"{API}/goals/{goal['id']}").status_code == 204

    own = history(api, f"/clients/{client_id}/history")
    activity = history(api, f"/clients/{client_id}/activity", limit=2)

    assert sentences(own) == [
        "Casey Coach changed the name from 'Sam Rivera' to 'Sam R.' of client 'Sam R.'",
        "Casey Coach created client 'Sam Rivera'",
    ]
    assert activity["total"] == 4
    assert sentences(activity) == [
        "Casey Coach deleted goal 'Get fit'",
        "Casey Coach created goal 'Get fit'",
    ]


def test_a_client_made_change_names_the_client(
    api: TestClient, sam_api: TestClient, sam: Client
) -> None:
    commitment = created(api, f"/clients/{sam.id}/commitments", {"title": "Send the deck"})

    assert sam_api.post(f"{API}/portal/commitments/{commitment['id']}/done").status_code == 200
    latest = history(api, f"/commitments/{commitment['id']}/history")["items"][0]

    assert latest["actor"]["kind"] == "client"
    assert latest["actor"]["name"] == "Sam Client"
    assert latest["changes"]["status"] == ["open", "done"]


def test_another_coach_learns_nothing(
    api: TestClient, other_api: TestClient, client_id: str
) -> None:
    goal = created(api, f"/clients/{client_id}/goals", {"title": "Get fit"})
    assert api.delete(f"{API}/goals/{goal['id']}").status_code == 204

    for path in (
        f"/goals/{goal['id']}/history",
        f"/clients/{client_id}/history",
        f"/clients/{client_id}/activity",
        f"/targets/{goal['id']}/history",
        "/goals/00000000-0000-4000-8000-000000000000/history",
    ):
        assert other_api.get(f"{API}{path}").status_code == 404, path
    # The owner: the goal's history outlives it, but not under another kind's address.
    assert api.get(f"{API}/targets/{goal['id']}/history").status_code == 404


def test_a_refused_change_leaves_no_history(api: TestClient, db: Session, client_id: str) -> None:
    outcome = created(api, f"/clients/{client_id}/targets", {"title": "Run 10 km"})
    before = db.scalar(select(func.count()).select_from(HistoryEntry))
    db.commit()

    refused = api.patch(
        f"{API}/targets/{outcome['id']}",
        json={"title": "Run 20 km", "goal_ids": ["00000000-0000-4000-8000-000000000000"]},
    )

    assert refused.status_code == 422
    assert db.scalar(select(func.count()).select_from(HistoryEntry)) == before
    assert history(api, f"/targets/{outcome['id']}/history")["total"] == 1


def test_a_change_rolled_back_to_a_savepoint_takes_its_history_with_it(
    api: TestClient, db: Session, client_id: str
) -> None:
    goal_id = created(api, f"/clients/{client_id}/goals", {"title": "Get fit"})["id"]
    goal = db.get(ClientGoal, uuid.UUID(goal_id))
    assert goal is not None

    with pytest.raises(InvalidInput), db.begin_nested():
        goal.title = "Renamed, then refused"
        db.flush()  # the entry is written here…
        written = select(func.count()).where(HistoryEntry.record_id == goal.id)
        assert db.scalar(written) == 2
        raise InvalidInput.field("title", "refused")  # …and goes with the savepoint
    db.commit()

    assert sentences(history(api, f"/goals/{goal_id}/history")) == [
        "Casey Coach created goal 'Get fit'"
    ]


def test_a_change_of_many_fields_is_one_statement(
    api: TestClient, engine: Engine, client_id: str
) -> None:
    goal = created(api, f"/clients/{client_id}/goals", {"title": "Get fit"})
    change = {"title": "Get fitter", "description": "Twice a week", "status": "achieved"}

    with count_statements(engine) as log:
        assert api.patch(f"{API}/goals/{goal['id']}", json=change).status_code == 200

    writes = [sql for sql in log.statements if "INSERT INTO history_entries" in sql]
    assert len(writes) == 1
    entry = history(api, f"/goals/{goal['id']}/history")["items"][0]
    assert set(entry["changes"]) == {"title", "description", "status"}
