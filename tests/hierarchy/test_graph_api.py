import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.goals import service as goals
from coachboard.models.accounts import User
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from tests.dense_client import Shape, dense_client
from tests.hierarchy.conftest import Example, HierarchyBuilder

EDGE_ENDS = {
    "target_goal": ("target", "goal"),
    "target_sprint": ("target", "sprint"),
    "commitment_target": ("commitment", "target"),
}


def graph_of(api: TestClient, example: Example) -> dict[str, Any]:
    response = api.get(f"/api/v1/clients/{example.client.id}/graph")
    assert response.status_code == 200, response.text
    return response.json()


def link_rows(db: Session) -> set[tuple[str, str, str, str]]:
    """(link id, source, target, kind) of every link row in the database."""
    rows: set[tuple[str, str, str, str]] = set()
    for kind, link, source, target in (
        ("target_goal", TargetGoalLink, TargetGoalLink.target_id, TargetGoalLink.goal_id),
        ("target_sprint", TargetSprintLink, TargetSprintLink.target_id, TargetSprintLink.sprint_id),
        (
            "commitment_target",
            CommitmentTargetLink,
            CommitmentTargetLink.commitment_id,
            CommitmentTargetLink.target_id,
        ),
    ):
        for row in db.execute(select(link.id, source, target)):
            rows.add((str(row[0]), str(row[1]), str(row[2]), kind))
    return rows


def edge_rows(graph: dict[str, Any]) -> set[tuple[str, str, str, str]]:
    return {(e["id"], e["source"], e["linked"], e["kind"]) for e in graph["edges"]}


def test_the_graph_has_a_node_per_record_and_one_edge_per_link_row(
    api: TestClient, example: Example, db: Session
) -> None:
    graph = graph_of(api, example)

    assert len(graph["edges"]) == 3 + 3 + 4
    assert edge_rows(graph) == link_rows(db)
    kinds = [(node["kind"], node["label"]) for node in graph["nodes"]]
    assert kinds == [
        ("goal", "Get fit"),
        ("goal", "Run a marathon"),
        ("target", "Run 10k"),
        ("target", "Join a club"),
        ("target", "Stretch daily"),
        ("sprint", "January block"),
        ("sprint", "February block"),
        ("sprint", "Idle sprint"),
        ("commitment", "Run 3x a week"),
        ("commitment", "Buy shoes"),
        ("commitment", "Email the club"),
        ("commitment", "Read a running book"),
    ]
    statuses = {node["label"]: node["status"] for node in graph["nodes"]}
    assert statuses["Buy shoes"] == "done"
    assert statuses["Run 10k"] == "not_started"


def test_graph_view_shows_proper_hierarchy(api: TestClient, example: Example) -> None:
    graph = graph_of(api, example)
    kind_of = {node["id"]: node["kind"] for node in graph["nodes"]}

    # Every edge joins the kinds its link table joins: goals reach sprints and commitments
    # only through outcomes, so no goal-sprint or goal-commitment edge exists.
    for edge in graph["edges"]:
        assert (kind_of[edge["source"]], kind_of[edge["linked"]]) == EDGE_ENDS[edge["kind"]]
    goals_of_run_10k = {
        e["linked"]
        for e in graph["edges"]
        if e["kind"] == "target_goal" and e["source"] == str(example.run_10k.id)
    }
    assert goals_of_run_10k == {str(example.fitness.id), str(example.marathon.id)}


def test_deleting_a_goal_removes_its_edges_from_graph_and_tree(
    api: TestClient, example: Example, db: Session, coach: User
) -> None:
    before = graph_of(api, example)

    goals.delete(db, coach=coach, goal_id=example.marathon.id)

    after = graph_of(api, example)
    marathon = str(example.marathon.id)
    gone = {e for e in edge_rows(before) if marathon in (e[1], e[2])}
    assert len(gone) == 2
    assert edge_rows(after) == edge_rows(before) - gone
    assert marathon not in {node["id"] for node in after["nodes"]}
    assert len(after["nodes"]) == len(before["nodes"]) - 1
    tree = api.get(f"/api/v1/clients/{example.client.id}/tree").json()
    assert [goal["title"] for goal in tree["goals"]] == ["Get fit"]
    # "Join a club" had only that goal: it now shows as unlinked, not hidden.
    assert [t["title"] for t in tree["unlinked"]["targets"]] == ["Join a club", "Stretch daily"]


def test_another_coachs_client_has_no_graph(other_api: TestClient, example: Example) -> None:
    assert other_api.get(f"/api/v1/clients/{example.client.id}/graph").status_code == 404
    assert other_api.get(f"/api/v1/clients/{uuid.uuid4()}/graph").status_code == 404


def test_a_graph_past_1000_links_draws_the_layers_that_fit_and_counts_everything(
    api: TestClient, db: Session, coach: User
) -> None:
    # 3 goals, 30 outcomes in 2 goals and 34 sprints each, 40 commitments: 1,120 links.
    dense = dense_client(db, coach, "Dana", Shape(3, 30, 40, 40, 2, 34, 1))

    whole = api.get(f"/api/v1/clients/{dense.client.id}/graph").json()

    assert whole["truncated"] is True and "goal_id" in whole["detail"]
    assert whole["totals"] == {
        "goals": 3,
        "targets": 30,
        "sprints": 40,
        "commitments": 40,
        "links": 60 + 1020 + 40,
    }
    assert {node["kind"] for node in whole["nodes"]} == {"goal", "target"}
    assert len(whole["nodes"]) == 33
    assert {edge["kind"] for edge in whole["edges"]} == {"target_goal"}
    assert len(whole["edges"]) == 60


def test_a_goals_part_of_the_graph_holds_its_outcomes_their_sprints_and_commitments(
    api: TestClient, example: Example
) -> None:
    response = api.get(
        f"/api/v1/clients/{example.client.id}/graph", params={"goal_id": str(example.fitness.id)}
    )

    graph = response.json()
    assert graph["goal_id"] == str(example.fitness.id) and graph["truncated"] is False
    assert [(node["kind"], node["label"]) for node in graph["nodes"]] == [
        ("goal", "Get fit"),
        ("target", "Run 10k"),
        ("sprint", "January block"),
        ("commitment", "Run 3x a week"),
        ("commitment", "Buy shoes"),
    ]
    # Run 10k's link to its other goal is not part of this goal's graph.
    assert sorted(edge["kind"] for edge in graph["edges"]) == [
        "commitment_target",
        "commitment_target",
        "target_goal",
        "target_sprint",
    ]
    assert graph["totals"]["links"] == 4


def test_a_graph_of_a_goal_not_the_clients_is_not_found(
    api: TestClient, example: Example, build: HierarchyBuilder
) -> None:
    elsewhere = build.goal(build.client("Second client"), "Elsewhere")
    url = f"/api/v1/clients/{example.client.id}/graph"

    for goal_id in (elsewhere.id, uuid.uuid4()):
        assert api.get(url, params={"goal_id": str(goal_id)}).status_code == 404


def test_a_nodes_label_is_the_whole_title_however_long_and_in_any_script(
    api: TestClient, build: HierarchyBuilder
) -> None:
    client = build.client()
    titles = [
        "Write and present a three-year platform strategy covering hiring, architecture, "
        "budgets, vendors and the move off the old billing system",
        "Donaudampfschifffahrtsgesellschaftskapitänsmützenherstellung",
        "目標は三か月以内にチーム全員と一対一の面談を行い、文化を根付かせる 🚀",
    ]
    goal = build.goal(client, titles[0])
    for title in titles[1:]:
        build.target(client, title, goals=[goal])

    response = api.get(f"/api/v1/clients/{client.id}/graph")

    assert response.status_code == 200
    assert [node["label"] for node in response.json()["nodes"]] == titles
