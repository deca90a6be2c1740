"""The tree's bounds: a page of goals at a time, the first 20 outcomes of a goal, the first 10
sprints and commitments of an outcome, the first 25 unlinked records of each kind; everything
left out is counted."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from tests.dense_client import Shape, dense_client
from tests.hierarchy.conftest import HierarchyBuilder


def tree_of(api: TestClient, client_id: object, **params: object) -> dict[str, Any]:
    response = api.get(f"/api/v1/clients/{client_id}/tree", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def titles(items: list[dict[str, Any]]) -> list[str]:
    return [item["title"] for item in items]


def test_the_tree_comes_a_page_of_goals_at_a_time(
    api: TestClient, db: Session, coach: User
) -> None:
    one_outcome_under_25_goals = Shape(25, 1, 1, 1, 25, 1, 1)
    dense = dense_client(db, coach, "Dana", one_outcome_under_25_goals)

    first = tree_of(api, dense.client.id)
    third = tree_of(api, dense.client.id, goal_limit=10, goal_offset=20)

    assert first["goal_page"] == {"limit": 20, "offset": 0, "total": 25}
    assert titles(first["goals"]) == [f"Goal {n}" for n in range(1, 21)]
    assert third["goal_page"] == {"limit": 10, "offset": 20, "total": 25}
    assert titles(third["goals"]) == [f"Goal {n}" for n in range(21, 26)]
    # The outcome is in full under Goal 1, on the first page; the third page points there.
    assert first["goals"][0]["targets"][0]["ref"] is False
    outcome = third["goals"][0]["targets"][0]
    assert outcome["ref"] is True
    assert (outcome["first_goal_id"], outcome["first_goal_index"]) == (str(dense.goal_ids[0]), 0)


def test_a_goal_page_beyond_the_maximum_is_refused_naming_the_parameter(
    api: TestClient, build: HierarchyBuilder
) -> None:
    client = build.client()
    url = f"/api/v1/clients/{client.id}/tree"

    too_many = api.get(url, params={"goal_limit": 21})
    before_the_first = api.get(url, params={"goal_offset": -1})

    assert too_many.status_code == before_the_first.status_code == 422
    assert too_many.json()["detail"][0]["loc"] == ["query", "goal_limit"]
    assert before_the_first.json()["detail"][0]["loc"] == ["query", "goal_offset"]


def test_a_goal_lists_its_first_outcomes_and_an_outcome_its_first_sprints_and_commitments(
    api: TestClient, db: Session, coach: User
) -> None:
    # One goal with 22 outcomes, each in all 12 sprints and in all 11 commitments.
    dense = dense_client(db, coach, "Dana", Shape(1, 22, 12, 11, 1, 12, 22))

    (goal,) = tree_of(api, dense.client.id)["goals"]

    assert (len(goal["targets"]), goal["target_count"]) == (20, 22)
    assert titles(goal["targets"]) == [f"Outcome {n}" for n in range(1, 21)]
    first = goal["targets"][0]
    assert titles(first["sprints"]) == [f"Sprint {n}" for n in range(1, 11)]  # by start date
    assert titles(first["commitments"]) == [f"Commitment {n}" for n in range(1, 11)]
    assert (first["sprint_count"], first["commitment_count"]) == (12, 11)


def test_an_outcome_past_a_goals_first_20_is_shown_in_full_where_it_is_among_them(
    api: TestClient, build: HierarchyBuilder
) -> None:
    client = build.client()
    crowded, quiet = build.goal(client, "Crowded"), build.goal(client, "Quiet")
    for number in range(20):
        build.target(client, f"Outcome {number}", goals=[crowded])
    last = build.target(client, "The 21st", goals=[crowded, quiet])
    build.commitment(client, "Do it", targets=[last])

    crowded_goal, quiet_goal = tree_of(api, client.id)["goals"]

    assert "The 21st" not in titles(crowded_goal["targets"]) and crowded_goal["target_count"] == 21
    (shown,) = quiet_goal["targets"]
    assert shown["ref"] is False and titles(shown["commitments"]) == ["Do it"]


def test_unlinked_lists_the_first_25_of_each_kind_and_counts_them_all(
    api: TestClient, db: Session, coach: User
) -> None:
    dense = dense_client(db, coach, "Dana", Shape(0, 27, 26, 30, 0, 0, 0))

    unlinked = tree_of(api, dense.client.id)["unlinked"]

    assert titles(unlinked["targets"]) == [f"Outcome {n}" for n in range(1, 26)]
    assert [len(unlinked[kind]) for kind in ("targets", "commitments", "sprints")] == [25] * 3
    counts = [unlinked[f"{kind}_count"] for kind in ("target", "commitment", "sprint")]
    assert counts == [27, 30, 26]
