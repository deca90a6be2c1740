"""The forms refuse what the API refuses (tests/api/test_input_rules.py) and keep what was
typed; a row stored before today's rules stays readable."""

from datetime import date, time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.core.database import transaction
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.sessions import CoachingSession
from tests.web.conftest import field_value, submit
from tests.web.records import Records, error


@pytest.fixture
def records(db: Session, coach: User, dana: Client) -> Records:
    return Records(db, coach, dana)


def test_the_session_form_refuses_year_one_and_keeps_what_was_typed(
    pages: TestClient, records: Records
) -> None:
    typed = {"session_date": "0001-01-01", "start_time": "00:10", "title": "Kickoff"}

    response = submit(pages, records.url + "/sessions/new", typed)

    assert response.status_code == 422
    assert error(response.text, "session_date") == "Date should be from 1900-01-01 to 2999-12-31."
    assert field_value(response.text, "title") == "Kickoff"
    assert field_value(response.text, "session_date") == "0001-01-01"


def test_a_goal_title_with_a_line_break_is_refused_beside_the_field(
    pages: TestClient, records: Records
) -> None:
    response = submit(pages, records.url + "/goals/new", {"title": "Run\u2028fast"})

    assert response.status_code == 422
    assert error(response.text, "title") == "Text should be one line, without control characters."


def test_a_session_stored_in_year_one_east_of_utc_stays_readable(
    db: Session, pages: TestClient, records: Records, coach: User
) -> None:
    kickoff = records.session(date(2026, 1, 5), "Kickoff")
    with transaction(db):
        db.get_one(User, coach.id).time_zone = "Asia/Tokyo"
        stored = db.get_one(CoachingSession, kickoff.id)
        stored.session_date, stored.start_time = date(1, 1, 1), time(0, 10)

    page = pages.get(f"{records.url}/sessions/{kickoff.id}")
    listing = pages.get(f"{records.url}/sessions")

    assert (page.status_code, listing.status_code) == (200, 200)
    assert "Kickoff" in page.text
