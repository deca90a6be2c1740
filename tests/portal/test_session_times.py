"""The client sees when their sessions are and where to join them."""

from datetime import date, time

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.sessions import service as sessions
from coachboard.sessions.schemas import SessionCreate


def test_the_client_sees_the_time_on_their_clock_and_the_meeting_link(
    db: Session,
    coach: User,
    sam: Client,
    sam_account: User,
    sam_api: TestClient,
    sam_pages: TestClient,
) -> None:
    coach.time_zone = "Europe/Berlin"
    sam_account.time_zone = "Europe/London"
    db.commit()
    fields = SessionCreate(
        session_date=date(2026, 3, 3),
        start_time=time(10),
        title="Kick-off",
        meeting_url="https://meet.example.com/k",
    )
    sessions.create(db, coach=coach, client_id=sam.id, fields=fields)
    db.commit()

    [shown] = sam_api.get("/api/v1/portal/sessions").json()["items"]
    page = sam_pages.get("/me").text

    assert (shown["start_time"], shown["duration_minutes"], shown["meeting_url"]) == (
        "10:00",
        60,
        "https://meet.example.com/k",
    )
    assert "Tue 3 Mar 2026, 09:00\u201310:00 (Europe/London)" in page
    assert 'href="https://meet.example.com/k"' in page
    assert "Calendar feed" in page
