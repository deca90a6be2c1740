"""The record tabs' lists stay short however much a client holds: 50 rows a page, the first five
linked records of a row and how many more, and finished outcomes and commitments behind
"Show done"."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from coachboard.models.clients import Client
from tests.dense_client import Shape, dense_client
from tests.web.records import Records, chips, row

# The data attribute naming each tab's rows.
ROWS = {
    "goals": "goal",
    "targets": "target",
    "sprints": "sprint",
    "commitments": "commitment",
}


@pytest.fixture
def records(db: Session, coach: User, dana: Client) -> Records:
    return Records(db, coach, dana)


def rows_of(html: str, tab: str) -> int:
    return len(re.findall(rf'<tr id="{ROWS[tab]}-', html))


@pytest.mark.parametrize("tab", list(ROWS))
def test_each_tab_lists_50_records_a_page_with_links_to_the_next_and_previous(
    pages: TestClient, db: Session, coach: User, tab: str
) -> None:
    dense = dense_client(db, coach, "Dana", Shape(51, 51, 51, 51, 0, 0, 0))
    base = f"/clients/{dense.client.id}/{tab}"

    first = pages.get(base, params={"show_done": "1"}).text
    second = pages.get(base, params={"show_done": "1", "page": "2"}).text

    assert (rows_of(first, tab), rows_of(second, tab)) == (50, 1)
    # Goals and sprints have nothing to hide: only the other two keep show_done.
    kept = "show_done=1&amp;" if tab in ("targets", "commitments") else ""
    assert f'href="{base}?{kept}page=2" rel="next"' in first
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert "page 2 of 2" in second


def test_the_sessions_tab_lists_50_sessions_a_page(pages: TestClient, records: Records) -> None:
    for _ in range(51):
        records.session()

    first = pages.get(records.url + "/sessions").text
    second = pages.get(records.url + "/sessions", params={"page": "2"}).text

    assert first.count('<tr id="session-') == 50 and second.count('<tr id="session-') == 1
    assert f'href="{records.url}/sessions?page=2" rel="next"' in first


def test_a_row_names_its_first_five_linked_records_and_counts_the_rest(
    pages: TestClient, db: Session, coach: User
) -> None:
    # One outcome in 7 goals and 6 sprints; one commitment on it.
    dense = dense_client(db, coach, "Dana", Shape(7, 1, 6, 1, 7, 6, 1))
    base = f"/clients/{dense.client.id}"

    outcome = row(pages.get(f"{base}/targets").text, "target", "Outcome 1")
    sprint = row(pages.get(f"{base}/sprints").text, "sprint", "Sprint 1")

    assert chips(outcome, "goals") == [f"Goal {n}" for n in range(1, 6)]
    # the rest are on the outcome's own page
    assert f'<a href="{base}/targets/{dense.target_ids[0]}">+2 more<span' in outcome
    assert chips(outcome, "sprints") == [f"Sprint {n}" for n in range(1, 6)]
    assert "+1 more<span" in outcome
    assert chips(sprint, "goals") == [f"Goal {n}" for n in range(1, 6)]
    assert f'<a href="{base}/sprints/{dense.sprint_ids[0]}">+2 more' in sprint


def test_done_and_dropped_commitments_wait_behind_show_done_which_keeps_the_filters(
    pages: TestClient, records: Records
) -> None:
    trip = records.outcome("Trip to Madrid")
    records.commitment("Book flights", outcomes=[trip])
    records.commitment("Pack", outcomes=[trip], status="done")
    records.commitment("Hire a guide", outcomes=[trip], status="dropped")
    base = records.url + "/commitments"

    hidden = pages.get(base, params={"target_id": str(trip.id)}).text
    shown = pages.get(base, params={"target_id": str(trip.id), "show_done": "1"}).text

    assert re.findall(r'data-commitment="([^"]+)"', hidden) == ["Book flights"]
    assert "2 done or dropped commitments not shown." in hidden
    assert f'href="{base}?target_id={trip.id}&amp;show_done=1">Show done</a>' in hidden
    assert len(re.findall(r'data-commitment="', shown)) == 3
    assert f'href="{base}?target_id={trip.id}">Hide done</a>' in shown
    assert '<input type="hidden" name="show_done" value="1">' in shown


def test_achieved_and_dropped_outcomes_wait_behind_show_done(
    pages: TestClient, records: Records, db: Session, coach: User
) -> None:
    dense = dense_client(db, coach, "Eve", Shape(0, 3, 0, 0, 0, 0, 0))  # third one achieved
    base = f"/clients/{dense.client.id}/targets"

    hidden = pages.get(base).text
    shown = pages.get(base, params={"show_done": "1"}).text

    assert re.findall(r'data-target="([^"]+)"', hidden) == ["Outcome 1", "Outcome 2"]
    assert "1 achieved or dropped outcome not shown." in hidden
    assert re.findall(r'data-target="([^"]+)"', shown) == ["Outcome 1", "Outcome 2", "Outcome 3"]


def test_a_list_whose_records_are_all_done_says_so_and_offers_them(
    pages: TestClient, records: Records
) -> None:
    records.commitment("Pack", status="done")

    html = pages.get(records.url + "/commitments").text

    assert "No commitments yet" not in html and 'data-commitment="Pack"' not in html
    assert "1 done or dropped commitment not shown." in html and ">Show done</a>" in html
