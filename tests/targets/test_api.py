import uuid

import pytest
from fastapi.testclient import TestClient


def test_a_coach_creates_reads_updates_and_deletes_an_outcome(
    api: TestClient, client_id: str
) -> None:
    created = api.post(
        f"/api/v1/clients/{client_id}/targets",
        json={"title": "Ten 5k runs", "description": "By spring", "due_date": "2026-04-01"},
    )
    assert created.status_code == 201
    outcome = created.json()
    assert outcome["status"] == "not_started"
    assert outcome["goals"] == outcome["sprints"] == []
    url = f"/api/v1/targets/{outcome['id']}"

    changed = api.patch(url, json={"status": "in_progress", "due_date": None, "title": None})

    assert changed.status_code == 200
    assert changed.json()["status"] == "in_progress"
    assert changed.json()["due_date"] is None
    assert changed.json()["title"] == "Ten 5k runs"
    assert api.get(url).json() == changed.json()
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_outcomes_list_in_creation_order_filtered_by_goal_sprint_and_status(
    api: TestClient, client_id: str, goal_ids: list[str], sprint_ids: list[str]
) -> None:
    url = f"/api/v1/clients/{client_id}/targets"
    for title, body in [
        ("A", {"goal_ids": goal_ids, "sprint_ids": [sprint_ids[0]]}),
        ("B", {"goal_ids": [goal_ids[1]], "status": "achieved"}),
        ("C", {"sprint_ids": sprint_ids, "status": "achieved"}),
        ("D", {}),
    ]:
        api.post(url, json={"title": title, **body})

    def titles(**params: str) -> list[str]:
        return [t["title"] for t in api.get(url, params=params).json()["items"]]

    assert titles() == ["A", "B", "C", "D"]
    assert titles(goal_id=goal_ids[1]) == ["A", "B"]
    assert titles(sprint_id=sprint_ids[0]) == ["A", "C"]
    assert titles(status="achieved") == ["B", "C"]
    assert titles(goal_id=goal_ids[1], status="achieved") == ["B"]
    assert titles(goal_id=goal_ids[0], sprint_id=sprint_ids[1]) == []
    assert api.get(url, params={"limit": 2, "offset": 1}).json()["total"] == 4
    assert titles(limit="2", offset="1") == ["B", "C"]


def test_a_filter_id_outside_the_client_is_not_found(
    api: TestClient, client_id: str, goal_ids: list[str]
) -> None:
    other_client = api.post("/api/v1/clients", json={"name": "Eli"}).json()["id"]
    url = f"/api/v1/clients/{other_client}/targets"

    assert api.get(url, params={"goal_id": goal_ids[0]}).status_code == 404
    assert api.get(url, params={"sprint_id": str(uuid.uuid4())}).status_code == 404
    assert api.get(url, params={"goal_id": "not-a-uuid"}).status_code == 422


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({}, ["body", "title"]),
        ({"title": "  "}, ["body", "title"]),
        ({"title": "x" * 201}, ["body", "title"]),
        ({"title": ["list"]}, ["body", "title"]),
        ({"title": "Win", "status": "done"}, ["body", "status"]),
        ({"title": "Win", "due_date": "2026-02-30"}, ["body", "due_date"]),
        ({"title": "Win", "goal_ids": "not-a-list"}, ["body", "goal_ids"]),
        ({"title": "Win", "goal_id": str(uuid.uuid4())}, ["body", "goal_id"]),
    ],
)
def test_bad_outcome_input_is_refused_naming_the_field(
    api: TestClient, client_id: str, body: dict, loc: list
) -> None:
    response = api.post(f"/api/v1/clients/{client_id}/targets", json=body)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc
    assert api.get(f"/api/v1/clients/{client_id}/targets").json()["total"] == 0


def test_another_coach_gets_404_for_every_outcome_route_and_nothing_changes(
    api: TestClient,
    other_api: TestClient,
    client_id: str,
    goal_ids: list[str],
    sprint_ids: list[str],
) -> None:
    outcome = api.post(
        f"/api/v1/clients/{client_id}/targets",
        json={"title": "Mine", "goal_ids": goal_ids, "sprint_ids": sprint_ids},
    ).json()
    url = f"/api/v1/targets/{outcome['id']}"
    list_url = f"/api/v1/clients/{client_id}/targets"
    their_client = other_api.post("/api/v1/clients", json={"name": "Eli"}).json()["id"]
    their_list = f"/api/v1/clients/{their_client}/targets"

    answers = [
        other_api.get(url),
        other_api.patch(url, json={"title": "Theirs", "goal_ids": []}),
        other_api.delete(url),
        other_api.get(list_url),
        other_api.post(list_url, json={"title": "Planted"}),
        other_api.get(their_list, params={"goal_id": goal_ids[0]}),
        other_api.get(their_list, params={"sprint_id": sprint_ids[0]}),
    ]
    stolen_links = other_api.post(
        their_list, json={"title": "Theirs", "goal_ids": goal_ids, "sprint_ids": sprint_ids}
    )

    assert [a.status_code for a in answers] == [404] * len(answers)
    assert stolen_links.status_code == 422
    assert {p["msg"].split(":")[0] for p in stolen_links.json()["detail"]} == {
        "not found for this client"
    }
    assert other_api.get(their_list).json()["total"] == 0
    assert api.get(url).json() == outcome
    assert api.get(list_url).json()["total"] == 1
