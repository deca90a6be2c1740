"""Every goal, outcome and sprint answer carries its progress (goals and sprints their outcome
counts and health too): item, list, create and change."""

from fastapi.testclient import TestClient

API = "/api/v1"
ROLLUP = {"progress", "outcomes_achieved", "outcomes_total", "health"}


def test_goal_outcome_and_sprint_answers_carry_progress(api: TestClient) -> None:
    client = api.post(f"{API}/clients", json={"name": "Dana"}).json()["id"]
    goal = api.post(f"{API}/clients/{client}/goals", json={"title": "Fit"}).json()
    sprint = api.post(
        f"{API}/clients/{client}/sprints",
        json={"title": "Base", "start_date": "2026-01-05", "end_date": "2026-02-16"},
    ).json()
    outcome = api.post(
        f"{API}/clients/{client}/targets",
        json={"title": "10 km", "goal_ids": [goal["id"]], "sprint_ids": [sprint["id"]]},
    ).json()
    for status in ("done", "open", "dropped"):
        api.post(
            f"{API}/clients/{client}/commitments",
            json={"title": status, "status": status, "target_ids": [outcome["id"]]},
        )

    # Made before any outcome or commitment: nothing to measure yet.
    assert goal["progress"] == {"value": None, "commitments_done": 0, "commitments_total": 0}
    assert (goal["outcomes_total"], goal["health"]) == (0, "no_data")
    assert sprint["progress"]["value"] is None and sprint["health"] == "no_data"
    assert outcome["progress"] == {"value": 0.0, "commitments_done": 0, "commitments_total": 0}

    half = {"value": 0.5, "commitments_done": 1, "commitments_total": 2}
    answers = {
        "goal": api.get(f"{API}/goals/{goal['id']}").json(),
        "goal list": api.get(f"{API}/clients/{client}/goals").json()["items"][0],
        "goal change": api.patch(f"{API}/goals/{goal['id']}", json={"title": "Fitter"}).json(),
        "sprint": api.get(f"{API}/sprints/{sprint['id']}").json(),
        "sprint list": api.get(f"{API}/clients/{client}/sprints").json()["items"][0],
        "sprint change": api.patch(f"{API}/sprints/{sprint['id']}", json={"title": "B"}).json(),
    }
    for name, answer in answers.items():
        assert {key: answer[key] for key in ROLLUP} == {
            "progress": half,
            "outcomes_achieved": 0,
            "outcomes_total": 1,
            "health": answer["health"],
        }, name
        assert answer["health"] in {"on_track", "at_risk", "off_track"}, name
    outcomes = {
        "outcome": api.get(f"{API}/targets/{outcome['id']}").json(),
        "outcome list": api.get(f"{API}/clients/{client}/targets").json()["items"][0],
        "outcome change": api.patch(f"{API}/targets/{outcome['id']}", json={"title": "x"}).json(),
    }
    assert {name: answer["progress"] for name, answer in outcomes.items()} == {
        name: half for name in outcomes
    }

    achieved = api.patch(f"{API}/goals/{goal['id']}", json={"status": "achieved"}).json()
    assert (achieved["progress"]["value"], achieved["health"]) == (1.0, "done")


def test_the_openapi_document_states_the_rules(api: TestClient) -> None:
    schemas = api.get(f"{API}/openapi.json").json()["components"]["schemas"]
    assert "expected" in schemas["GoalRead"]["properties"]["health"]["description"]
    assert set(schemas["Health"]["enum"]) == {
        "on_track",
        "at_risk",
        "off_track",
        "done",
        "no_data",
    }
    assert "mean of its outcomes" in schemas["Progress"]["properties"]["value"]["description"]


def test_tree_and_graph_nodes_carry_progress(api: TestClient) -> None:
    client = api.post(f"{API}/clients", json={"name": "Dana"}).json()["id"]
    goal = api.post(f"{API}/clients/{client}/goals", json={"title": "Fit"}).json()["id"]
    sprint = api.post(
        f"{API}/clients/{client}/sprints",
        json={"title": "Base", "start_date": "2026-01-05", "end_date": "2026-02-16"},
    ).json()["id"]
    outcome = api.post(
        f"{API}/clients/{client}/targets",
        json={"title": "10 km", "goal_ids": [goal], "sprint_ids": [sprint]},
    ).json()["id"]
    for status in ("done", "open"):
        api.post(
            f"{API}/clients/{client}/commitments",
            json={"title": status, "status": status, "target_ids": [outcome]},
        )
    half = {"value": 0.5, "commitments_done": 1, "commitments_total": 2}

    (tree_goal,) = api.get(f"{API}/clients/{client}/tree").json()["goals"]
    (tree_outcome,) = tree_goal["targets"]
    (tree_sprint,) = tree_outcome["sprints"]
    assert (tree_goal["progress"], tree_goal["outcomes_total"]) == (half, 1)
    assert tree_goal["health"] in {"on_track", "at_risk", "off_track"}
    assert tree_outcome["progress"] == half
    assert (tree_sprint["progress"], tree_sprint["outcomes_total"]) == (half, 1)

    nodes = {
        node["kind"]: node for node in api.get(f"{API}/clients/{client}/graph").json()["nodes"]
    }
    assert {kind: nodes[kind]["progress"] for kind in ("goal", "target", "sprint")} == {
        "goal": half,
        "target": half,
        "sprint": half,
    }
    assert nodes["goal"]["health"] == tree_goal["health"]
    assert nodes["target"]["health"] is None
    assert nodes["commitment"]["progress"] is None
