import uuid

import pytest
from fastapi.testclient import TestClient

SIX_WEEKS = {"start_date": "2026-01-05", "end_date": "2026-02-16"}


def create_sprint(api: TestClient, client_id: str, title: str = "Sprint", **fields) -> dict:
    body = {"title": title, **SIX_WEEKS, **fields}
    response = api.post(f"/api/v1/clients/{client_id}/sprints", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_coach_creates_reads_updates_and_deletes_a_sprint(
    api: TestClient, client_id: str
) -> None:
    sprint = create_sprint(api, client_id, "Base building")
    assert sprint["status"] == "planned"
    assert sprint["target_ids"] == sprint["goal_ids"] == []
    assert "goal_id" not in sprint
    url = f"/api/v1/sprints/{sprint['id']}"

    changed = api.patch(url, json={"status": "active", "end_date": "2026-02-23"})

    assert changed.status_code == 200
    assert (changed.json()["status"], changed.json()["end_date"]) == ("active", "2026-02-23")
    assert api.get(url).json() == changed.json()
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_a_sprint_lists_its_outcomes_and_the_goals_it_reaches_through_them(
    api: TestClient, client_id: str
) -> None:
    sprint = create_sprint(api, client_id)
    goals_url = f"/api/v1/clients/{client_id}/goals"
    health, career, family = (
        api.post(goals_url, json={"title": t}).json()["id"] for t in ("Health", "Career", "Family")
    )
    targets_url = f"/api/v1/clients/{client_id}/targets"
    first = api.post(
        targets_url,
        json={"title": "Run", "goal_ids": [career, health], "sprint_ids": [sprint["id"]]},
    ).json()
    second = api.post(
        targets_url, json={"title": "Rest", "goal_ids": [health], "sprint_ids": [sprint["id"]]}
    ).json()
    api.post(targets_url, json={"title": "Elsewhere", "goal_ids": [family]})

    read = api.get(f"/api/v1/sprints/{sprint['id']}").json()

    assert read["target_ids"] == [first["id"], second["id"]]
    assert read["goal_ids"] == [career, health]


@pytest.mark.parametrize("method", ["post", "patch"])
def test_a_sprint_request_with_a_goal_id_is_refused(
    api: TestClient, client_id: str, method: str
) -> None:
    sprint = create_sprint(api, client_id)
    goal = api.post(f"/api/v1/clients/{client_id}/goals", json={"title": "Goal"}).json()["id"]
    if method == "post":
        body = {"title": "With goal", **SIX_WEEKS, "goal_id": goal}
        response = api.post(f"/api/v1/clients/{client_id}/sprints", json=body)
    else:
        response = api.patch(f"/api/v1/sprints/{sprint['id']}", json={"goal_id": goal})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "goal_id"]
    assert api.get(f"/api/v1/clients/{client_id}/sprints").json()["items"] == [sprint]


@pytest.mark.parametrize("end_date", ["2026-01-05", "2026-01-04"])
def test_a_sprint_must_end_after_it_starts(api: TestClient, client_id: str, end_date: str) -> None:
    body = {"title": "Backwards", "start_date": "2026-01-05", "end_date": end_date}

    response = api.post(f"/api/v1/clients/{client_id}/sprints", json=body)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "end_date"]
    assert api.get(f"/api/v1/clients/{client_id}/sprints").json()["total"] == 0


@pytest.mark.parametrize(
    ("change", "blamed"),
    [
        ({"end_date": "2026-01-01"}, "end_date"),
        ({"start_date": "2026-03-01"}, "start_date"),
        ({"start_date": "2026-03-01", "end_date": "2026-02-01"}, "end_date"),
    ],
)
def test_a_date_change_is_checked_against_the_stored_other_date(
    api: TestClient, client_id: str, change: dict, blamed: str
) -> None:
    sprint = create_sprint(api, client_id)

    response = api.patch(f"/api/v1/sprints/{sprint['id']}", json={"title": "Moved", **change})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", blamed]
    assert api.get(f"/api/v1/sprints/{sprint['id']}").json() == sprint


def test_both_dates_may_move_past_the_old_end_in_one_change(
    api: TestClient, client_id: str
) -> None:
    sprint = create_sprint(api, client_id)

    moved = api.patch(
        f"/api/v1/sprints/{sprint['id']}",
        json={"start_date": "2026-03-02", "end_date": "2026-04-13"},
    )

    assert moved.status_code == 200
    assert (moved.json()["start_date"], moved.json()["end_date"]) == ("2026-03-02", "2026-04-13")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start_date": "2026-01-05", "end_date": "2026-02-16"}, "title"),
        ({"title": "x" * 201, **SIX_WEEKS}, "title"),
        ({"title": "Sprint", "end_date": "2026-02-16"}, "start_date"),
        ({"title": "Sprint", "start_date": "soon", "end_date": "2026-02-16"}, "start_date"),
        ({"title": "Sprint", "status": "done", **SIX_WEEKS}, "status"),
        ({"title": "Sprint", "metadata": {}, **SIX_WEEKS}, "metadata"),
    ],
)
def test_bad_sprint_input_is_refused_naming_the_field(
    api: TestClient, client_id: str, body: dict, field: str
) -> None:
    response = api.post(f"/api/v1/clients/{client_id}/sprints", json=body)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", field]


def test_sprints_list_by_start_date_filtered_by_status_and_goal(
    api: TestClient, client_id: str
) -> None:
    late = create_sprint(api, client_id, "Late", start_date="2026-03-02", end_date="2026-04-13")
    early = create_sprint(api, client_id, "Early", status="completed")
    goal = api.post(f"/api/v1/clients/{client_id}/goals", json={"title": "Goal"}).json()["id"]
    api.post(
        f"/api/v1/clients/{client_id}/targets",
        json={"title": "Outcome", "goal_ids": [goal], "sprint_ids": [late["id"]]},
    )
    url = f"/api/v1/clients/{client_id}/sprints"

    def titles(**params: str) -> list[str]:
        return [s["title"] for s in api.get(url, params=params).json()["items"]]

    assert titles() == ["Early", "Late"]
    assert titles(status="completed") == ["Early"]
    assert titles(goal_id=goal) == ["Late"]
    assert titles(goal_id=goal, status="completed") == []
    assert api.get(url, params={"goal_id": str(uuid.uuid4())}).status_code == 404
    assert early["id"] in {s["id"] for s in api.get(url).json()["items"]}


def test_deleting_a_sprint_removes_only_its_links(api: TestClient, client_id: str) -> None:
    """Checklist: delete sprint cascades to the junction table."""
    doomed = create_sprint(api, client_id, "Doomed")
    kept = create_sprint(api, client_id, "Kept")
    outcome = api.post(
        f"/api/v1/clients/{client_id}/targets",
        json={"title": "Outcome", "sprint_ids": [doomed["id"], kept["id"]]},
    ).json()

    assert api.delete(f"/api/v1/sprints/{doomed['id']}").status_code == 204

    after = api.get(f"/api/v1/targets/{outcome['id']}").json()
    assert after["sprint_ids"] == [kept["id"]]
    assert after["sprint_id"] == kept["id"]
    assert api.get(f"/api/v1/sprints/{kept['id']}").json()["target_ids"] == [outcome["id"]]


def test_another_coach_gets_404_for_every_sprint_route_and_nothing_changes(
    api: TestClient, other_api: TestClient, client_id: str
) -> None:
    sprint = create_sprint(api, client_id)
    goal = api.post(f"/api/v1/clients/{client_id}/goals", json={"title": "Goal"}).json()["id"]
    url = f"/api/v1/sprints/{sprint['id']}"
    list_url = f"/api/v1/clients/{client_id}/sprints"
    their_client = other_api.post("/api/v1/clients", json={"name": "Eli"}).json()["id"]

    answers = [
        other_api.get(url),
        other_api.patch(url, json={"title": "Theirs"}),
        other_api.delete(url),
        other_api.get(list_url),
        other_api.post(list_url, json={"title": "Planted", **SIX_WEEKS}),
        other_api.get(f"/api/v1/clients/{their_client}/sprints", params={"goal_id": goal}),
    ]

    assert [a.status_code for a in answers] == [404] * len(answers)
    assert api.get(url).json() == sprint
    assert api.get(list_url).json()["total"] == 1


def create_outcomes(api: TestClient, client_id: str, *titles: str) -> list[str]:
    url = f"/api/v1/clients/{client_id}/targets"
    return [api.post(url, json={"title": title}).json()["id"] for title in titles]


def test_a_sprint_is_created_with_its_outcomes_in_the_order_given(
    api: TestClient, client_id: str
) -> None:
    run, rest, swim = create_outcomes(api, client_id, "Run", "Rest", "Swim")

    sprint = create_sprint(api, client_id, target_ids=[swim, run, swim])

    assert sprint["target_ids"] == [swim, run]  # a repeat counts once
    outcome = api.get(f"/api/v1/targets/{swim}").json()
    assert outcome["sprint_ids"] == [sprint["id"]]  # one link, seen from both sides
    assert api.get(f"/api/v1/targets/{rest}").json()["sprint_ids"] == []


def test_updating_a_sprints_outcomes_keeps_the_links_that_stay_in_their_place(
    api: TestClient, client_id: str
) -> None:
    run, rest, swim, bike = create_outcomes(api, client_id, "Run", "Rest", "Swim", "Bike")
    sprint = create_sprint(api, client_id, target_ids=[run, rest, swim])
    url = f"/api/v1/sprints/{sprint['id']}"

    changed = api.patch(url, json={"target_ids": [bike, swim, run]})

    assert changed.status_code == 200
    assert changed.json()["target_ids"] == [run, swim, bike]  # kept links first, new ones after
    assert api.patch(url, json={"title": "Renamed"}).json()["target_ids"] == [run, swim, bike]
    assert api.patch(url, json={"target_ids": None}).json()["target_ids"] == [run, swim, bike]
    assert api.patch(url, json={"target_ids": []}).json()["target_ids"] == []
    assert api.get(f"/api/v1/targets/{run}").status_code == 200  # the outcomes stay


@pytest.mark.parametrize("method", ["post", "patch"])
def test_a_sprint_linked_to_another_clients_outcome_is_refused_naming_the_field(
    api: TestClient, client_id: str, method: str
) -> None:
    (own,) = create_outcomes(api, client_id, "Run")
    other_client = api.post("/api/v1/clients", json={"name": "Eli"}).json()["id"]
    (foreign,) = create_outcomes(api, other_client, "Eli's outcome")
    sprint = create_sprint(api, client_id, target_ids=[own])
    before = api.get(f"/api/v1/clients/{client_id}/sprints").json()

    if method == "post":
        body = {"title": "Mixed", **SIX_WEEKS, "target_ids": [own, foreign]}
        response = api.post(f"/api/v1/clients/{client_id}/sprints", json=body)
    else:
        body = {"title": "Mixed", "target_ids": [foreign]}
        response = api.patch(f"/api/v1/sprints/{sprint['id']}", json=body)

    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "target_ids"]
    assert foreign in problem["msg"] and own not in problem["msg"]
    assert api.get(f"/api/v1/clients/{client_id}/sprints").json() == before


def test_another_coachs_sprint_cannot_be_relinked(
    api: TestClient, other_api: TestClient, client_id: str
) -> None:
    (own,) = create_outcomes(api, client_id, "Run")
    sprint = create_sprint(api, client_id)

    response = other_api.patch(f"/api/v1/sprints/{sprint['id']}", json={"target_ids": [own]})

    assert response.status_code == 404
    assert api.get(f"/api/v1/sprints/{sprint['id']}").json()["target_ids"] == []
