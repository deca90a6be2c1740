"""Query-count guards: the tree and the graph of one client take a fixed number of SQL
statements, however many records the client has (nothing is loaded record by record)."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from coachboard.models.clients import Client
from tests.hierarchy.conftest import HierarchyBuilder
from tests.querycount import count_statements

# Per request: the bearer token (1; its last use is written apart, at most every few minutes)
# and the client (1), then
# - the tree: the goals' count, a page of goals, their outcomes, the outcomes without a goal,
#   the outcomes' sprints and commitments, the commitments and sprints without an outcome,
#   and the progress of every goal, outcome and sprint shown (one statement for all);
# - the graph: the totals, a SELECT per kind of node (4) and per kind of link (3), and the
#   progress of the goals, outcomes and sprints drawn (one).
TREE_STATEMENTS = 1 + 1 + 8 + 1
GRAPH_STATEMENTS = 1 + 1 + 8 + 1
# Under a sprint filter no commitment without an outcome is shown, under a status filter no
# sprint without an outcome: those two are not read.
FILTERED_TREE_STATEMENTS = TREE_STATEMENTS - 2


def client_with_records(build: HierarchyBuilder, name: str, records: int) -> Client:
    """A client with `records` goals, sprints, outcomes and commitments in all, every outcome
    linked to two goals and a sprint, every commitment to two outcomes."""
    client = build.client(name)
    goal_count = sprint_count = max(2, records // 50)
    target_count = max(2, (records - goal_count - sprint_count) // 3)
    commitment_count = records - goal_count - sprint_count - target_count
    goals = [build.goal(client, f"Goal {i}") for i in range(goal_count)]
    sprints = [build.sprint(client, f"Sprint {i}") for i in range(sprint_count)]
    targets = [
        build.target(
            client,
            f"Outcome {i}",
            goals=[goals[i % goal_count], goals[(i + 1) % goal_count]],
            sprints=[sprints[i % sprint_count]],
        )
        for i in range(target_count)
    ]
    for i in range(commitment_count):
        linked = [targets[i % target_count], targets[(i + 1) % target_count]]
        build.commitment(client, f"Commitment {i}", targets=linked, status=("open", "done")[i % 2])
    return client


def statements_for(api: TestClient, engine: Engine, url: str) -> int:
    with count_statements(engine) as log:
        response = api.get(url)
    assert response.status_code == 200, response.text
    return log.count


def test_tree_and_graph_take_a_fixed_number_of_statements_at_10_and_1000_records(
    api: TestClient, engine: Engine, build: HierarchyBuilder
) -> None:
    small = client_with_records(build, "Small", 10)
    large = client_with_records(build, "Large", 1000)

    for client in (small, large):
        base = f"/api/v1/clients/{client.id}"
        assert statements_for(api, engine, f"{base}/tree") == TREE_STATEMENTS
        assert statements_for(api, engine, f"{base}/graph") == GRAPH_STATEMENTS
        filtered = f"{base}/tree?commitment_status=open&sprint_id={sprint_of(api, base)}"
        assert statements_for(api, engine, filtered) == FILTERED_TREE_STATEMENTS
    large_graph = api.get(f"/api/v1/clients/{large.id}/graph").json()
    assert sum(large_graph["totals"].values()) - large_graph["totals"]["links"] == 1000
    assert large_graph["truncated"] is True


def sprint_of(api: TestClient, base: str) -> str:
    return api.get(f"{base}/sprints", params={"limit": 1}).json()["items"][0]["id"]
