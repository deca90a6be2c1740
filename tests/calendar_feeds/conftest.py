"""A coach in Europe/Berlin with a client Sam (who has an account), and feed helpers."""

from datetime import date, time

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar, Event
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.sessions import CoachingSession
from coachboard.sessions import service as sessions
from coachboard.sessions.schemas import SessionCreate
from tests.portal.conftest import sam, sam_account, sam_api
from tests.web.conftest import anonymous, pages

__all__ = ["anonymous", "pages", "sam", "sam_account", "sam_api"]


@pytest.fixture
def berlin(db: Session, coach: User) -> User:
    """The coach, working in Europe/Berlin."""
    coach.time_zone = "Europe/Berlin"
    db.commit()
    return coach


def add_session(
    db: Session,
    coach: User,
    client: Client,
    day: date,
    start: time | None = None,
    title: str = "",
    **fields: object,
) -> CoachingSession:
    created = sessions.create(
        db,
        coach=coach,
        client_id=client.id,
        fields=SessionCreate(session_date=day, start_time=start, title=title, **fields),
    )
    db.commit()
    return created


def make_feed(api: TestClient) -> str:
    """A new feed address, as the API gives it."""
    answer = api.post("/api/v1/me/calendar-feed")
    assert answer.status_code == 201, answer.text
    return answer.json()["url"]


def fetch(browser: TestClient, url: str) -> Calendar:
    answer = browser.get(url)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(answer.content)


def events_by_uid(calendar: Calendar) -> dict[str, Event]:
    return {str(event["UID"]): event for event in calendar.events}
