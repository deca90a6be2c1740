"""The coach's session form: the time, duration and meeting link fields."""

import re
from datetime import date, time

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
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


def email_status(html: str) -> str:
    match = re.search(r"<p [^>]*data-email-status>([^<]*)</p>", html)
    assert match, "the form says nothing of the client's email"
    return match.group(1).strip()


def test_a_new_session_is_on_the_coachs_clock_and_a_refused_form_keeps_the_zone_typed(
    db: Session, coach: User, pages: TestClient, records: Records
) -> None:
    coach.time_zone = "Europe/Berlin"
    db.commit()
    client = records.client()
    url = f"/clients/{client.id}/sessions/new"
    assert field_value(pages.get(url).text, "time_zone") == "Europe/Berlin"

    refused = post_form(pages, url, time_zone="Asia/Tokyo", duration_minutes="2")
    unknown = post_form(pages, url, time_zone="Mars/Olympus_Mons")
    made = post_form(pages, url, time_zone="Asia/Tokyo", start_time="18:00")

    assert refused.status_code == 422
    assert field_value(refused.text, "time_zone") == "Asia/Tokyo"
    assert "Not a time zone this server knows" in (field_error(unknown.text, "time_zone") or "")
    assert made.status_code == 200  # the new session's page, the redirect followed
    page = made.text
    # On the coach's clock with its zone's name, and on its own clock beside it.
    assert "Tue 3 Mar 2026, 10:00\u201311:00 (Europe/Berlin)" in page
    assert "Tue 3 Mar 2026, 18:00\u201319:00 (Asia/Tokyo)" in page


def test_without_an_smtp_server_the_form_says_email_is_not_set_up(
    db: Session, coach: User, pages: TestClient
) -> None:
    fields = ClientCreate(name="Elena", email="elena@example.com", may_email=True)
    client = clients.create(db, coach=coach, fields=fields)
    db.commit()

    line = email_status(pages.get(f"/clients/{client.id}/sessions/new").text)

    assert line == (
        "Email is not set up on this server: the invitation to Elena is queued and waits, unsent."
    )
