"""The History section of each record's page and the Activity feed of the client overview:
sentences a coach reads, with the moment in the coach's time zone."""

import html
import re
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.accounts.models import User
from coachboard.history.models import HistoryEntry

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
    assert shown.endswith((datetime.fromisoformat(utc) + timedelta(hours=1)).strftime("%H:%M"))


def test_a_record_with_no_recorded_change_says_so(
    api: TestClient, pages: TestClient, db: Session
) -> None:
    client_id = api.post(f"{API}/clients", json={"name": "Sam Rivera"}).json()["id"]
    goal = api.post(f"{API}/clients/{client_id}/goals", json={"title": "Get fit"}).json()
    db.execute(HistoryEntry.__table__.delete())
    db.commit()

    page = pages.get(f"/clients/{client_id}/goals/{goal['id']}").text

    assert "No changes recorded yet." in page.split('data-section="history-title"')[1]
