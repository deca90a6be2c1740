"""Query-count guards: the tree and the graph of one client take a fixed number of SQL
statements, however many records the client has (nothing is loaded record by record)."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from coachboard.clients.models import Client
from tests.hierarchy.conftest import HierarchyBuilder
from tests.querycount import count_statements

# Per request: the bearer token (2: look-up and last-used stamp), the client (1) and one
# SELECT per table of the hierarchy (goals, outcomes, sprints, commitments, 3 link tables).
STATEMENTS_PER_READ = 2 + 1 + 7


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
        assert statements_for(api, engine, f"{base}/tree") == STATEMENTS_PER_READ
        assert statements_for(api, engine, f"{base}/graph") == STATEMENTS_PER_READ
        filtered = f"{base}/tree?commitment_status=open&sprint_id={sprint_of(api, base)}"
        assert statements_for(api, engine, filtered) == STATEMENTS_PER_READ
    large_tree = api.get(f"/api/v1/clients/{large.id}/graph").json()
    assert len(large_tree["nodes"]) == 1000


def sprint_of(api: TestClient, base: str) -> str:
    return next(n["id"] for n in api.get(f"{base}/graph").json()["nodes"] if n["kind"] == "sprint")
