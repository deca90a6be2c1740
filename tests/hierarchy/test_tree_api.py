import uuid
from typing import Any

from fastapi.testclient import TestClient

from tests.hierarchy.conftest import Example, HierarchyBuilder


def tree_of(api: TestClient, example: Example, **filters: Any) -> dict[str, Any]:
    params = {name: str(value) for name, value in filters.items()}
    response = api.get(f"/api/v1/clients/{example.client.id}/tree", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def outline(tree: dict[str, Any]) -> dict[str, dict[str, list[str] | str]]:
    """goal title → outcome title → its commitments' titles, or, for an outcome shown in full
    under another goal, "see <that goal's title>", for readable assertions."""
    titles_of = {goal["id"]: goal["title"] for goal in tree["goals"]}
    return {
        goal["title"]: {
            target["title"]: f"see {titles_of[target['first_goal_id']]}"
            if target["ref"]
            else [c["title"] for c in target["commitments"]]
            for target in goal["targets"]
        }
        for goal in tree["goals"]
    }


NOTHING_UNLINKED = {
    "targets": [],
    "commitments": [],
    "sprints": [],
    "target_count": 0,
    "commitment_count": 0,
    "sprint_count": 0,
}


def titles(items: list[dict[str, Any]]) -> list[str]:
    return [item["title"] for item in items]


def test_an_outcome_linked_to_two_goals_is_shown_in_full_under_the_first_only(
    api: TestClient, example: Example
) -> None:
    tree = tree_of(api, example)

    assert outline(tree) == {
        "Get fit": {"Run 10k": ["Run 3x a week", "Buy shoes"]},
        "Run a marathon": {
            "Run 10k": "see Get fit",
            "Join a club": ["Buy shoes", "Email the club"],
        },
    }
    run_10k, again = tree["goals"][0]["targets"][0], tree["goals"][1]["targets"][0]
    assert titles(run_10k["sprints"]) == ["January block"]
    assert run_10k["id"] == again["id"] == str(example.run_10k.id)
    assert (run_10k["ref"], run_10k["first_goal_id"]) == (False, None)
    assert again["ref"] is True
    assert (again["first_goal_id"], again["first_goal_index"]) == (str(example.fitness.id), 0)
    assert (again["sprints"], again["commitments"]) == ([], [])
    assert (again["sprint_count"], again["commitment_count"]) == (1, 2)
    assert [goal["target_count"] for goal in tree["goals"]] == [1, 2]
    assert tree["goal_page"] == {"limit": 20, "offset": 0, "total": 2}


def test_the_unlinked_part_holds_what_hangs_under_no_goal(
    api: TestClient, example: Example
) -> None:
    unlinked = tree_of(api, example)["unlinked"]

    assert titles(unlinked["targets"]) == ["Stretch daily"]
    assert titles(unlinked["targets"][0]["sprints"]) == ["January block"]
    assert titles(unlinked["commitments"]) == ["Read a running book"]
    assert titles(unlinked["sprints"]) == ["Idle sprint"]


def test_a_goal_filter_keeps_that_goal_only(api: TestClient, example: Example) -> None:
    tree = tree_of(api, example, goal_id=example.fitness.id)

    assert outline(tree) == {"Get fit": {"Run 10k": ["Run 3x a week", "Buy shoes"]}}
    assert tree["unlinked"] == NOTHING_UNLINKED
    assert tree["filters"]["goal_id"] == str(example.fitness.id)


def test_under_a_goal_filter_an_outcome_is_shown_in_full_under_that_goal(
    api: TestClient, example: Example
) -> None:
    tree = tree_of(api, example, goal_id=example.marathon.id)

    assert outline(tree) == {
        "Run a marathon": {
            "Run 10k": ["Run 3x a week", "Buy shoes"],
            "Join a club": ["Buy shoes", "Email the club"],
        }
    }


def test_commitment_filtering_by_sprint_still_works_in_tree_view(
    api: TestClient, example: Example
) -> None:
    january = tree_of(api, example, sprint_id=example.january.id)
    february = tree_of(api, example, sprint_id=example.february.id)

    assert outline(january) == {
        "Get fit": {"Run 10k": ["Run 3x a week", "Buy shoes"]},
        "Run a marathon": {"Run 10k": "see Get fit"},
    }
    assert titles(january["unlinked"]["targets"]) == ["Stretch daily"]
    assert january["unlinked"]["commitments"] == []
    assert january["unlinked"]["sprints"] == []
    assert outline(february) == {"Run a marathon": {"Join a club": ["Buy shoes", "Email the club"]}}


def test_a_sprint_without_outcomes_shows_only_in_unlinked_when_filtered_by(
    api: TestClient, example: Example
) -> None:
    tree = tree_of(api, example, sprint_id=example.idle_sprint.id)

    assert tree["goals"] == []
    assert titles(tree["unlinked"]["sprints"]) == ["Idle sprint"]
    assert tree["unlinked"]["targets"] == []


def test_a_commitment_status_filter_keeps_matching_commitments_with_their_outcomes_and_goals(
    api: TestClient, example: Example
) -> None:
    done = tree_of(api, example, commitment_status="done")
    still_open = tree_of(api, example, commitment_status="open")
    dropped = tree_of(api, example, commitment_status="dropped")

    assert outline(done) == {
        "Get fit": {"Run 10k": ["Buy shoes"]},
        "Run a marathon": {"Run 10k": "see Get fit", "Join a club": ["Buy shoes"]},
    }
    assert done["unlinked"] == NOTHING_UNLINKED
    assert done["goals"][0]["targets"][0]["commitment_count"] == 1
    assert outline(still_open) == {
        "Get fit": {"Run 10k": ["Run 3x a week"]},
        "Run a marathon": {"Run 10k": "see Get fit", "Join a club": ["Email the club"]},
    }
    assert titles(still_open["unlinked"]["commitments"]) == ["Read a running book"]
    # "Stretch daily" has no open commitment: under this filter it is left out.
    assert still_open["unlinked"]["targets"] == []
    assert dropped["goals"] == []


def test_filters_combine(api: TestClient, example: Example) -> None:
    tree = tree_of(
        api,
        example,
        goal_id=example.marathon.id,
        sprint_id=example.february.id,
        commitment_status="open",
    )

    assert outline(tree) == {"Run a marathon": {"Join a club": ["Email the club"]}}


def test_a_client_with_nothing_yet_has_an_empty_tree(
    api: TestClient, build: HierarchyBuilder
) -> None:
    client = build.client("New client")

    tree = api.get(f"/api/v1/clients/{client.id}/tree").json()

    assert tree["goals"] == []
    assert tree["unlinked"] == NOTHING_UNLINKED
    assert tree["goal_page"]["total"] == 0


def test_a_filter_id_of_another_client_or_unknown_is_not_found(
    api: TestClient, example: Example, build: HierarchyBuilder, build_other: HierarchyBuilder
) -> None:
    second_client = build.client("Second client")
    own_other_goal = build.goal(second_client, "Other client's goal")
    own_other_sprint = build.sprint(second_client, "Other client's sprint")
    stranger = build_other.client("Stranger")
    strangers_goal = build_other.goal(stranger, "Not yours")
    strangers_sprint = build_other.sprint(stranger, "Not yours either")
    url = f"/api/v1/clients/{example.client.id}/tree"

    for params in (
        {"goal_id": own_other_goal.id},
        {"goal_id": strangers_goal.id},
        {"goal_id": uuid.uuid4()},
        {"sprint_id": own_other_sprint.id},
        {"sprint_id": strangers_sprint.id},
        {"sprint_id": uuid.uuid4()},
    ):
        response = api.get(url, params={k: str(v) for k, v in params.items()})
        assert response.status_code == 404, params


def test_an_unknown_commitment_status_is_refused_naming_the_parameter(
    api: TestClient, example: Example
) -> None:
    response = api.get(
        f"/api/v1/clients/{example.client.id}/tree", params={"commitment_status": "finished"}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "commitment_status"]


def test_another_coachs_client_has_no_tree(other_api: TestClient, example: Example) -> None:
    assert other_api.get(f"/api/v1/clients/{example.client.id}/tree").status_code == 404
    assert other_api.get(f"/api/v1/clients/{uuid.uuid4()}/tree").status_code == 404
