"""The History section of each record's page and the Activity feed of the client overview:
sentences a coach reads, with the moment in the coach's time zone; and the pages that hold
all of them, a page at a time."""

import html
import re
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from coachboard.models.history import HistoryEntry

API = "/api/v1"
ITEM = re.compile(r'<li data-action="(\w+)">(.*?) <span class="muted">', re.S)


def entries(page_html: str, section: str) -> list[str]:
    part = page_html.split(f'data-section="{section}"', 1)[1].split("</section>", 1)[0]
    return [html.unescape(re.sub(r"\s+", " ", text)).strip() for _, text in ITEM.findall(part)]


@pytest.fixture
def berlin_coach(db: Session, coach: User) -> User:
    coach.time_zone = "Europe/Berlin"
    db.commit()
    return coach


def test_record_pages_show_their_history_and_the_overview_the_activity(
    api: TestClient, pages: TestClient, berlin_coach: User
) -> None:
    client_id = api.post(f"{API}/clients", json={"name": "Sam Rivera"}).json()["id"]
    goal = api.post(f"{API}/clients/{client_id}/goals", json={"title": "Get fit"}).json()
    outcome = api.post(
        f"{API}/clients/{client_id}/targets", json={"title": "Run 10 km", "goal_ids": [goal["id"]]}
    ).json()
    session = api.post(
        f"{API}/clients/{client_id}/sessions", json={"session_date": "2026-12-03"}
    ).json()
    api.patch(f"{API}/sessions/{session['id']}", json={"title": "Kick-off"})

    goal_page = pages.get(f"/clients/{client_id}/goals/{goal['id']}").text
    outcome_page = pages.get(f"/clients/{client_id}/targets/{outcome['id']}").text
    session_page = pages.get(f"/clients/{client_id}/sessions/{session['id']}").text
    overview = pages.get(f"/clients/{client_id}").text

    assert entries(goal_page, "history-title") == [
        "Casey Coach linked 'Run 10 km' to 'Get fit'",
        "Casey Coach created goal 'Get fit'",
    ]
    assert entries(outcome_page, "history-title")[-1] == "Casey Coach created outcome 'Run 10 km'"
    assert entries(session_page, "history-title") == [
        "Casey Coach changed the title from nothing to 'Kick-off' of session 'Kick-off'",
        "Casey Coach created session 'Session of 3 Dec 2026'",
    ]
    assert entries(overview, "activity-title")[0].startswith("Casey Coach changed the title")
    assert len(entries(overview, "activity-title")) == 6
    # In the coach's zone: in December Berlin is an hour ahead of the UTC the entry keeps.
    history_part = goal_page.split('data-section="history-title"')[1]
    utc, shown = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', history_part)[0]
    berlin = datetime.fromisoformat(utc) + timedelta(hours=1)
    assert shown.endswith(f"{berlin:%H:%M} (Europe/Berlin)")


def test_history_shows_each_moment_on_the_coachs_clock_with_its_name(
    api: TestClient, pages: TestClient, db: Session, berlin_coach: User
) -> None:
    client_id = api.post(f"{API}/clients", json={"name": "Sam Rivera"}).json()["id"]
    goal = api.post(f"{API}/clients/{client_id}/goals", json={"title": "Get fit"}).json()["id"]
    db.execute(update(HistoryEntry).values(at=datetime(2026, 12, 7, 12, 52)))
    db.commit()

    for url in (
        f"/clients/{client_id}/goals/{goal}",
        f"/clients/{client_id}/goals/{goal}/history",
        f"/clients/{client_id}/activity",
        f"/clients/{client_id}",
    ):
        shown = re.findall(
            r'<li data-action="\w+">.*?<time [^>]+>([^<]+)</time>', pages.get(url).text
        )
        assert shown and set(shown) == {"7 Dec 2026, 13:52 (Europe/Berlin)"}, url


def test_a_record_with_no_recorded_change_says_so(
    api: TestClient, pages: TestClient, db: Session
) -> None:
    client_id = api.post(f"{API}/clients", json={"name": "Sam Rivera"}).json()["id"]
    goal = api.post(f"{API}/clients/{client_id}/goals", json={"title": "Get fit"}).json()
    db.execute(HistoryEntry.__table__.delete())
    db.commit()

    page = pages.get(f"/clients/{client_id}/goals/{goal['id']}").text

    assert "No changes recorded yet." in page.split('data-section="history-title"')[1]


def relinked(api: TestClient, times: int) -> tuple[str, str, str]:
    """A client whose outcome moved between two goals `times` times: (client, goal, outcome)."""
    client_id = api.post(f"{API}/clients", json={"name": "Sam Rivera"}).json()["id"]
    goals = [
        api.post(f"{API}/clients/{client_id}/goals", json={"title": title}).json()["id"]
        for title in ("Get fit", "Find calm")
    ]
    outcome = api.post(
        f"{API}/clients/{client_id}/targets", json={"title": "Run 10 km", "goal_ids": goals[:1]}
    ).json()["id"]
    for number in range(times):
        api.patch(f"{API}/targets/{outcome}", json={"goal_ids": [goals[(number + 1) % 2]]})
    return client_id, goals[0], outcome


def test_all_of_a_records_changes_are_on_its_history_page_a_page_at_a_time(
    api: TestClient, pages: TestClient
) -> None:
    client_id, goal, _ = relinked(api, 30)  # Get fit: created, linked, then 30 moves: 32
    read_page = pages.get(f"/clients/{client_id}/goals/{goal}").text
    history_url = f"/clients/{client_id}/goals/{goal}/history"
    assert f'<a href="{history_url}">All 32 changes</a>' in read_page

    first = pages.get(history_url).text
    second = pages.get(f"{history_url}?page=2").text

    assert "History of “Get fit”" in first
    assert 'aria-label="Pages of changes"' not in first  # 50 a page: one holds them all
    assert len(entries(first, "history-page")) == 32
    assert entries(first, "history-page")[-1] == "Casey Coach created goal 'Get fit'"
    assert entries(second, "history-page") == entries(first, "history-page")  # past the last


def test_the_activity_page_pages_through_everything_newest_first(
    api: TestClient, pages: TestClient
) -> None:
    client_id, _, _ = relinked(api, 30)  # 4 made, 1 linked, then 30 unlinks and 30 links: 65
    overview = pages.get(f"/clients/{client_id}").text
    assert f'<a href="/clients/{client_id}/activity">All 65 changes</a>' in overview

    first = pages.get(f"/clients/{client_id}/activity").text
    second = pages.get(f"/clients/{client_id}/activity?page=2").text

    assert "Activity of Sam Rivera" in first
    assert "Changes 1\u201350 of 65 · page 1 of 2" in first
    assert len(entries(first, "history-page")) == 50
    assert entries(first, "history-page")[0].startswith("Casey Coach linked 'Run 10 km'")
    assert entries(second, "history-page")[-1] == "Casey Coach created client 'Sam Rivera'"
    assert '<ol class="history-entries" start="51">' in second  # numbered on from page 1
    assert len(entries(second, "history-page")) == 15


def test_a_deleted_records_history_page_stays_until_the_client_goes(
    api: TestClient, pages: TestClient
) -> None:
    client_id, goal, _ = relinked(api, 1)
    api.delete(f"{API}/goals/{goal}")

    page = pages.get(f"/clients/{client_id}/goals/{goal}/history")

    assert page.status_code == 200
    assert entries(page.text, "history-page")[0] == "Casey Coach deleted goal 'Get fit'"
    api.delete(f"{API}/clients/{client_id}")
    assert pages.get(f"/clients/{client_id}/goals/{goal}/history").status_code == 404


def test_history_pages_are_the_coachs_own_and_of_the_client_in_the_address(
    api: TestClient, pages: TestClient, other_pages: TestClient
) -> None:
    client_id, goal, _ = relinked(api, 1)
    other_client = api.post(f"{API}/clients", json={"name": "Ada"}).json()["id"]

    assert other_pages.get(f"/clients/{client_id}/activity").status_code == 404
    assert other_pages.get(f"/clients/{client_id}/goals/{goal}/history").status_code == 404
    # Another client of the same coach: the goal is not theirs.
    assert pages.get(f"/clients/{other_client}/goals/{goal}/history").status_code == 404
    # The record's own kind only.
    assert pages.get(f"/clients/{client_id}/sprints/{goal}/history").status_code == 404
    assert pages.get(f"/clients/{client_id}/graph/{goal}/history").status_code == 404
