"""Issue 8: a client with 24,000 links. Its tree and graph answers stay under 2 MB, bounded as
documented, and take as many SQL statements as a client with a handful of links."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from tests.dense_client import BIG, SMALL, DenseClient, dense_client
from tests.querycount import count_statements

MAX_BYTES = 2_000_000

ANSWERS = (
    "/tree",
    "/tree?goal_offset=20",
    "/tree?goal_limit=5&goal_offset=55",
    "/tree?goal_id={goal}",
    "/tree?sprint_id={sprint}",
    "/tree?commitment_status=open",
    "/graph",
    "/graph?goal_id={goal}",
)


def url(client: DenseClient, answer: str) -> str:
    filled = answer.format(goal=client.goal_ids[0], sprint=client.sprint_ids[0])
    return f"/api/v1/clients/{client.client.id}{filled}"


def measured(api: TestClient, engine: Engine, path: str) -> tuple[int, int, Any]:
    """(bytes, SQL statements, JSON) of the answer."""
    with count_statements(engine) as log:
        response = api.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return len(response.content), log.count, response.json()


def test_tree_and_graph_of_a_client_with_24000_links_are_bounded_at_fixed_statements(
    api: TestClient, db: Session, coach: User, engine: Engine
) -> None:
    big = dense_client(db, coach, "Dense", BIG)
    small = dense_client(db, coach, "Sparse", SMALL)

    sizes, statements, answers = {}, {}, {}
    for answer in ANSWERS:
        sizes[answer], statements[answer], answers[answer] = measured(api, engine, url(big, answer))
        statements[answer] -= measured(api, engine, url(small, answer))[1]

    assert {answer: size for answer, size in sizes.items() if size >= MAX_BYTES} == {}
    assert {answer: more for answer, more in statements.items() if more} == {}
    assert_tree_is_bounded(answers["/tree"])
    assert_graph_is_bounded(answers["/graph"], answers["/graph?goal_id={goal}"])


def assert_tree_is_bounded(tree: dict[str, Any]) -> None:
    assert tree["goal_page"] == {"limit": 20, "offset": 0, "total": BIG.goals}
    assert len(tree["goals"]) == 20
    targets = [target for goal in tree["goals"] for target in goal["targets"]]
    assert max(len(goal["targets"]) for goal in tree["goals"]) == 20
    assert min(goal["target_count"] for goal in tree["goals"]) > 20  # about 150 * 40 / 60
    full = [target for target in targets if not target["ref"]]
    assert len(full) == len({target["id"] for target in full})  # each in full once at most
    assert max(len(t["sprints"]) for t in full) == max(len(t["commitments"]) for t in full) == 10
    assert {(t["sprint_count"], t["commitment_count"]) for t in full} == {(40, 80)}


def assert_graph_is_bounded(whole: dict[str, Any], one_goal: dict[str, Any]) -> None:
    links = BIG.targets * (BIG.goals_per_target + BIG.sprints_per_target)
    links += BIG.commitments * BIG.targets_per_commitment
    assert whole["totals"] == {
        "goals": BIG.goals,
        "targets": BIG.targets,
        "sprints": BIG.sprints,
        "commitments": BIG.commitments,
        "links": links,
    }
    # Goals and outcomes together are more than 200 boxes: the goals alone are drawn.
    assert whole["truncated"] is True and "goal_id" in whole["detail"]
    assert {node["kind"] for node in whole["nodes"]} == {"goal"} and whole["edges"] == []
    # A goal's hundred outcomes fit; their sprints and commitments (12,000 links) do not.
    assert one_goal["truncated"] is True
    assert {node["kind"] for node in one_goal["nodes"]} == {"goal", "target"}
    assert len(one_goal["edges"]) == one_goal["totals"]["targets"] > 20
