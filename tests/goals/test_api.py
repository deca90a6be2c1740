import uuid

import pytest
from fastapi.testclient import TestClient


def test_a_coach_creates_reads_updates_and_lists_goals(api: TestClient, client_id: str) -> None:
    created = api.post(
        f"/api/v1/clients/{client_id}/goals",
        json={"title": "Run a marathon", "target_date": "2026-10-01"},
    )
    assert created.status_code == 201
    goal = created.json()
    assert goal["status"] == "active"
    assert goal["client_id"] == client_id

    changed = api.patch(
        f"/api/v1/goals/{goal['id']}",
        json={"title": "Run a half marathon", "status": "paused", "target_date": None},
    )

    assert changed.status_code == 200
    assert changed.json()["title"] == "Run a half marathon"
    assert changed.json()["status"] == "paused"
    assert changed.json()["target_date"] is None
    assert api.get(f"/api/v1/goals/{goal['id']}").json() == changed.json()


def test_goals_list_in_creation_order_filtered_by_status_and_paged(
    api: TestClient, client_id: str
) -> None:
    url = f"/api/v1/clients/{client_id}/goals"
    for title, status in [("A", "active"), ("B", "achieved"), ("C", "active")]:
        api.post(url, json={"title": title, "status": status})

    everything = api.get(url).json()
    active = api.get(url, params={"status": "active"}).json()
    second_page = api.get(url, params={"limit": 1, "offset": 1}).json()

    assert [g["title"] for g in everything["items"]] == ["A", "B", "C"]
    assert [g["title"] for g in active["items"]] == ["A", "C"]
    assert active["total"] == 2
    assert second_page == {"items": [everything["items"][1]], "total": 3}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": 7}, "title"),
        ({"title": "Goal", "status": "done"}, "status"),
        ({"title": "Goal", "target_date": "next year"}, "target_date"),
        ({"title": "Goal", "description": "x" * 20_001}, "description"),
        ({"title": "Goal", "priority": "high"}, "priority"),
    ],
)
def test_bad_goal_input_is_refused_naming_the_field(
    api: TestClient, client_id: str, body: dict, field: str
) -> None:
    response = api.post(f"/api/v1/clients/{client_id}/goals", json=body)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", field]
    assert api.get(f"/api/v1/clients/{client_id}/goals").json()["total"] == 0


def test_a_bad_goal_patch_changes_nothing(api: TestClient, client_id: str) -> None:
    goal = api.post(f"/api/v1/clients/{client_id}/goals", json={"title": "Goal"}).json()

    response = api.patch(f"/api/v1/goals/{goal['id']}", json={"title": "New", "status": "won"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "status"]
    assert api.get(f"/api/v1/goals/{goal['id']}").json() == goal


def test_a_goal_id_that_is_not_a_uuid_is_refused_naming_it(api: TestClient) -> None:
    response = api.get("/api/v1/goals/42")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "goal_id"]


def test_an_unknown_goal_or_client_is_not_found(api: TestClient) -> None:
    unknown = uuid.uuid4()

    assert api.get(f"/api/v1/goals/{unknown}").status_code == 404
    assert api.get(f"/api/v1/clients/{unknown}/goals").status_code == 404
    assert api.post(f"/api/v1/clients/{unknown}/goals", json={"title": "G"}).status_code == 404


def test_deleting_a_goal_removes_only_its_links(api: TestClient, client_id: str) -> None:
    """Checklist: delete goal cascades to the junction table."""
    goals_url = f"/api/v1/clients/{client_id}/goals"
    doomed = api.post(goals_url, json={"title": "Doomed"}).json()["id"]
    kept = api.post(goals_url, json={"title": "Kept"}).json()["id"]
    outcome = api.post(
        f"/api/v1/clients/{client_id}/targets",
        json={"title": "Outcome", "goal_ids": [doomed, kept]},
    ).json()

    assert api.delete(f"/api/v1/goals/{doomed}").status_code == 204

    assert api.get(f"/api/v1/goals/{doomed}").status_code == 404
    assert api.get(f"/api/v1/goals/{kept}").status_code == 200
    after = api.get(f"/api/v1/targets/{outcome['id']}").json()
    assert after["goal_ids"] == [kept]
    assert after["goal_id"] == kept


def test_another_coach_gets_404_for_every_goal_route_and_nothing_changes(
    api: TestClient, other_api: TestClient, client_id: str
) -> None:
    goal = api.post(f"/api/v1/clients/{client_id}/goals", json={"title": "Mine"}).json()
    goal_url = f"/api/v1/goals/{goal['id']}"
    list_url = f"/api/v1/clients/{client_id}/goals"

    answers = [
        other_api.get(goal_url),
        other_api.patch(goal_url, json={"title": "Theirs"}),
        other_api.delete(goal_url),
        other_api.get(list_url),
        other_api.post(list_url, json={"title": "Planted"}),
    ]

    assert [a.status_code for a in answers] == [404] * len(answers)
    assert api.get(goal_url).json() == goal
    assert api.get(list_url).json()["total"] == 1
