"""The coach's session form: the time, duration and meeting link fields."""

from datetime import date, time

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from coachboard.sessions import service as sessions
from coachboard.sessions.schemas import SessionCreate
from tests.commitments.records import Records
from tests.web.conftest import csrf_token, field_error, field_value, pages

__all__ = ["pages"]


def post_form(pages: TestClient, url: str, **fields: str):
    data = {
        "csrf_token": csrf_token(pages, url),
        "session_date": "2026-03-03",
        "start_time": "",
        "duration_minutes": "60",
        "meeting_url": "",
        "title": "",
        "notes": "",
        "shared_notes": "",
        **fields,
    }
    return pages.post(url, data=data)


def test_bad_values_are_named_beside_their_fields_and_kept(
    pages: TestClient, records: Records
) -> None:
    client = records.client()
    url = f"/clients/{client.id}/sessions/new"

    answer = post_form(
        pages, url, start_time="25:99", duration_minutes="2", meeting_url="javascript:alert(1)"
    )

    assert answer.status_code == 422
    assert field_error(answer.text, "start_time") == "Input should be a time as HH:MM."
    assert field_error(answer.text, "duration_minutes") == (
        "Input should be greater than or equal to 5."
    )
    assert "http or https address" in (field_error(answer.text, "meeting_url") or "")
    assert field_value(answer.text, "meeting_url") == "javascript:alert(1)"


def test_the_edit_form_shows_the_time_and_a_blank_time_makes_it_all_day(
    db: Session, coach: User, pages: TestClient, records: Records
) -> None:
    client = records.client()
    fields = SessionCreate(
        session_date=date(2026, 3, 3), start_time=time(9, 30), meeting_url="https://m.example.com"
    )
    made = sessions.create(db, coach=coach, client_id=client.id, fields=fields)
    db.commit()
    url = f"/clients/{client.id}/sessions/{made.id}/edit"
    assert field_value(pages.get(url).text, "start_time") == "09:30"

    post_form(pages, url, start_time="", meeting_url="")

    db.refresh(made)
    assert (made.start_time, made.meeting_url) == (None, None)
