"""An outcome's links to goals and sprints: the spec's testing checklist and the link rules."""

import uuid
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient


def create_outcome(api: TestClient, client_id: str, **fields) -> dict:
    response = api.post(f"/api/v1/clients/{client_id}/targets", json={"title": "Win", **fields})
    assert response.status_code == 201, response.text
    return response.json()


def test_an_outcome_is_created_with_several_goals(
    api: TestClient, client_id: str, goal_ids: list[str]
) -> None:
    outcome = create_outcome(api, client_id, goal_ids=[goal_ids[1], goal_ids[0]])

    assert outcome["goal_ids"] == [goal_ids[1], goal_ids[0]]
    assert outcome["goals"] == [
        {"id": goal_ids[1], "title": "Goal 2"},
        {"id": goal_ids[0], "title": "Goal 1"},
    ]
    assert api.get(f"/api/v1/targets/{outcome['id']}").json() == outcome


def test_an_outcome_is_created_with_several_sprints(
    api: TestClient, client_id: str, sprint_ids: list[str]
) -> None:
    outcome = create_outcome(api, client_id, sprint_ids=sprint_ids)

    assert outcome["sprint_ids"] == sprint_ids
    assert [s["title"] for s in outcome["sprints"]] == ["Sprint 1", "Sprint 2"]
    assert outcome["goal_ids"] == []
    assert api.get(f"/api/v1/sprints/{sprint_ids[1]}").json()["target_ids"] == [outcome["id"]]


def test_updating_an_outcomes_links_replaces_each_set_that_is_sent(
    api: TestClient, client_id: str, goal_ids: list[str], sprint_ids: list[str]
) -> None:
    outcome = create_outcome(api, client_id, goal_ids=[goal_ids[0]], sprint_ids=sprint_ids)
    url = f"/api/v1/targets/{outcome['id']}"

    swapped = api.patch(url, json={"goal_ids": [goal_ids[1], goal_ids[0]]}).json()
    untouched = api.patch(url, json={"title": "Renamed", "goal_ids": None}).json()
    cleared = api.patch(url, json={"sprint_ids": []}).json()

    # A kept link keeps its place; the new one follows.
    assert swapped["goal_ids"] == [goal_ids[0], goal_ids[1]]
    assert swapped["sprint_ids"] == sprint_ids
    assert untouched["goal_ids"] == [goal_ids[0], goal_ids[1]]
    assert cleared["sprint_ids"] == []
    assert cleared["sprint_id"] is None
    assert cleared["goal_ids"] == [goal_ids[0], goal_ids[1]]
    assert api.get(f"/api/v1/sprints/{sprint_ids[0]}").json()["target_ids"] == []


def test_deleting_an_outcome_removes_all_its_links_and_nothing_else(
    api: TestClient, client_id: str, goal_ids: list[str], sprint_ids: list[str]
) -> None:
    doomed = create_outcome(api, client_id, goal_ids=goal_ids, sprint_ids=sprint_ids)
    kept = create_outcome(api, client_id, goal_ids=goal_ids, sprint_ids=sprint_ids)

    assert api.delete(f"/api/v1/targets/{doomed['id']}").status_code == 204

    assert api.get(f"/api/v1/targets/{doomed['id']}").status_code == 404
    assert api.get(f"/api/v1/targets/{kept['id']}").json() == kept
    for sprint_id in sprint_ids:
        assert api.get(f"/api/v1/sprints/{sprint_id}").json()["target_ids"] == [kept["id"]]
    for goal_id in goal_ids:
        assert api.get(f"/api/v1/goals/{goal_id}").status_code == 200


def test_the_first_goal_and_sprint_are_returned_as_goal_id_and_sprint_id(
    api: TestClient, client_id: str, goal_ids: list[str], sprint_ids: list[str]
) -> None:
    """Checklist: backward compatibility for callers that read one goal and one sprint."""
    linked = create_outcome(
        api, client_id, goal_ids=[goal_ids[1], goal_ids[0]], sprint_ids=[sprint_ids[1]]
    )
    bare = create_outcome(api, client_id)

    assert (linked["goal_id"], linked["sprint_id"]) == (goal_ids[1], sprint_ids[1])
    assert (bare["goal_id"], bare["sprint_id"]) == (None, None)
    listed = api.get(f"/api/v1/clients/{client_id}/targets").json()["items"]
    assert [(t["goal_id"], t["sprint_id"]) for t in listed] == [
        (goal_ids[1], sprint_ids[1]),
        (None, None),
    ]


def test_duplicate_ids_in_a_link_list_count_once(
    api: TestClient, client_id: str, goal_ids: list[str]
) -> None:
    outcome = create_outcome(api, client_id, goal_ids=[goal_ids[0], goal_ids[0], goal_ids[1]])

    assert outcome["goal_ids"] == goal_ids


def test_links_to_another_clients_or_unknown_records_are_refused_naming_the_ids(
    api: TestClient, client_id: str, goal_ids: list[str]
) -> None:
    other_client = api.post("/api/v1/clients", json={"name": "Eli"}).json()["id"]
    foreign_goal = api.post(
        f"/api/v1/clients/{other_client}/goals", json={"title": "Eli's goal"}
    ).json()["id"]
    unknown_sprint = str(uuid.uuid4())

    response = api.post(
        f"/api/v1/clients/{client_id}/targets",
        json={
            "title": "Win",
            "goal_ids": [goal_ids[0], foreign_goal],
            "sprint_ids": [unknown_sprint],
        },
    )

    assert response.status_code == 422
    problems = {tuple(p["loc"]): p["msg"] for p in response.json()["detail"]}
    assert set(problems) == {("body", "goal_ids"), ("body", "sprint_ids")}
    assert foreign_goal in problems[("body", "goal_ids")]
    assert goal_ids[0] not in problems[("body", "goal_ids")]
    assert unknown_sprint in problems[("body", "sprint_ids")]
    assert api.get(f"/api/v1/clients/{client_id}/targets").json()["total"] == 0


def test_a_refused_link_update_changes_nothing(
    api: TestClient, client_id: str, goal_ids: list[str]
) -> None:
    outcome = create_outcome(api, client_id, goal_ids=[goal_ids[0]])

    response = api.patch(
        f"/api/v1/targets/{outcome['id']}",
        json={"title": "Renamed", "goal_ids": [goal_ids[1], str(uuid.uuid4())]},
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "goal_ids"]
    assert api.get(f"/api/v1/targets/{outcome['id']}").json() == outcome


def test_a_link_id_that_is_not_a_uuid_is_refused_naming_its_place(
    api: TestClient, client_id: str
) -> None:
    response = api.post(
        f"/api/v1/clients/{client_id}/targets", json={"title": "Win", "sprint_ids": ["nope"]}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "sprint_ids", 0]


def test_requests_adding_the_same_links_at_once_all_succeed_and_leave_one_row_each(
    api: TestClient, client_id: str, goal_ids: list[str], sprint_ids: list[str]
) -> None:
    outcome = create_outcome(api, client_id)
    url = f"/api/v1/targets/{outcome['id']}"
    body = {"goal_ids": goal_ids, "sprint_ids": sprint_ids}

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: api.patch(url, json=body), range(6)))

    assert [a.status_code for a in answers] == [200] * 6
    final = api.get(url).json()
    assert final["goal_ids"] == goal_ids
    assert final["sprint_ids"] == sprint_ids
