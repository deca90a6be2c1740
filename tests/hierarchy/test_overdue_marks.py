"""Overdue commitments (open, due before the coach's today) are marked in the tree's and the
graph's answers, and on the Tree and Graph tabs with the word "Overdue" and a done toggle."""

from datetime import date, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import today_for
from coachboard.hierarchy import graph, tree
from coachboard.hierarchy.schemas import TreeFilters
from coachboard.models.accounts import User
from tests.commitments.records import Records
from tests.web.conftest import signed_in_browser


@pytest.fixture
def records(db: Session, coach: User) -> Records:
    return Records(db, coach)


def overdue_titles(nodes: list[dict]) -> dict[str, bool]:
    return {node.get("title", node.get("label")): node["overdue"] for node in nodes}


def test_the_tree_and_graph_answers_flag_overdue_commitments(
    api: TestClient, records: Records, coach: User
) -> None:
    today = today_for(coach)
    client = records.client()
    goal = records.goal(client)
    outcome = records.target(client, goals=[goal])
    records.commitment(client, "Late", targets=[outcome], due_date=today - timedelta(days=1))
    records.commitment(client, "Today", targets=[outcome], due_date=today)
    records.commitment(
        client, "Late but done", targets=[outcome], due_date=date(2020, 1, 1), status="done"
    )
    records.commitment(client, "Unlinked and late", due_date=today - timedelta(days=9))

    answer = api.get(f"/api/v1/clients/{client.id}/tree").json()
    drawn = api.get(f"/api/v1/clients/{client.id}/graph").json()

    under_outcome = answer["goals"][0]["targets"][0]["commitments"]
    assert overdue_titles(under_outcome) == {"Late": True, "Today": False, "Late but done": False}
    assert overdue_titles(answer["unlinked"]["commitments"]) == {"Unlinked and late": True}
    flagged = {node["label"] for node in drawn["nodes"] if node["overdue"]}
    assert flagged == {"Late", "Unlinked and late"}


def test_overdue_is_reckoned_from_the_day_the_read_is_given(
    db: Session, records: Records, coach: User
) -> None:
    client = records.client()
    records.commitment(client, "Due 1 March", due_date=date(2026, 3, 1))

    def marks(today: date) -> tuple[bool, bool]:
        read_tree = tree.read(db, client_id=client.id, filters=TreeFilters(), today=today)
        read_graph = graph.read(db, client_id=client.id, goal_id=None, today=today)
        return read_tree.unlinked.commitments[0].overdue, read_graph.nodes[0].overdue

    assert marks(date(2026, 3, 1)) == (False, False)
    assert marks(date(2026, 3, 2)) == (True, True)


def test_the_tree_and_graph_tabs_say_overdue_and_offer_the_toggle(
    app: FastAPI, records: Records, coach: User
) -> None:
    client = records.client()
    outcome = records.target(client, goals=[records.goal(client)])
    late = records.commitment(client, "Late", targets=[outcome], due_date=date(2020, 1, 1))
    records.commitment(client, "Undated", targets=[outcome])

    with signed_in_browser(app, coach) as pages:
        tree_page = pages.get(f"/clients/{client.id}/tree").text
        graph_page = pages.get(f"/clients/{client.id}/graph").text

    assert tree_page.count("data-overdue-mark>Overdue</strong>") == 1
    assert f'action="/clients/{client.id}/commitments/{late.id}/status"' in tree_page
    assert tree_page.count('role="checkbox"') == 2
    assert graph_page.count("node--overdue") == 1
    assert '<span class="overdue-flag">Overdue</span>' in graph_page
    assert "Commitment: Late (open, overdue)" in graph_page
