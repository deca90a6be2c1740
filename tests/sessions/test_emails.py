"""The client's emails about their sessions: scheduled, moved, cancelled, each with an
iCalendar invitation, queued in the outbox by the change itself."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.mail import outbox
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.mail import EmailOptOut, OutboxMessage
from tests.portal.conftest import sam_account
from tests.web.conftest import csrf_token, pages

__all__ = ["pages", "sam_account"]

SOON = (datetime.now(UTC) + timedelta(days=10)).date()


@pytest.fixture
def sam(db: Session, coach: User) -> Client:
    """The coach's client Sam, who has an email and agreed to be emailed."""
    fields = ClientCreate(name="Sam Client", email="Sam@Example.com", may_email=True)
    return clients.create(db, coach=coach, fields=fields)


def messages(db: Session, kind: str = "session_invitation") -> list[OutboxMessage]:
    db.expire_all()
    return list(
        db.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.due_at)
        )
    )


def invitation(message: OutboxMessage) -> tuple[str, Event]:
    assert message.calendar is not None
    calendar = Calendar.from_ical(message.calendar)
    [event] = calendar.events
    return str(calendar["METHOD"]), event


def create(api: TestClient, client_id: uuid.UUID, **fields: object) -> str:
    body = {"session_date": SOON.isoformat(), "start_time": "10:00", **fields}
    answer = api.post(f"/api/v1/clients/{client_id}/sessions", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def test_scheduling_moving_and_cancelling_a_session_each_email_the_client(
    db: Session, coach: User, api: TestClient, sam: Client
) -> None:
    coach.time_zone = "Europe/Berlin"
    db.commit()
    session_id = create(api, sam.id, title="Kick-off", meeting_url="https://meet.example.com/k")
    api.patch(f"/api/v1/sessions/{session_id}", json={"start_time": "11:00"})
    api.delete(f"/api/v1/sessions/{session_id}")

    scheduled, moved, cancelled = messages(db)

    day = f"{SOON:%a} {SOON.day} {SOON:%b %Y}"
    assert (
        scheduled.subject == f"Session scheduled: Kick-off, {day}, 10:00\u201311:00 (Europe/Berlin)"
    )
    assert moved.subject == f"Session moved: Kick-off, {day}, 11:00\u201312:00 (Europe/Berlin)"
    assert cancelled.subject.startswith("Session cancelled: Kick-off")
    assert {m.recipient.lower() for m in (scheduled, moved, cancelled)} == {"sam@example.com"}
    assert {(m.record_id, m.coach_id, m.client_id) for m in (scheduled, moved, cancelled)} == {
        (uuid.UUID(session_id), coach.id, sam.id)
    }
    assert "https://meet.example.com/k" in scheduled.body_text
    assert "Join the meeting" in scheduled.body_html
    assert "it was" in moved.body_text and "10:00" in moved.body_text
    assert scheduled.unsubscribe_url and "/unsubscribe/" in scheduled.unsubscribe_url
    sequences = []
    for message, method in ((scheduled, "REQUEST"), (moved, "REQUEST"), (cancelled, "CANCEL")):
        found_method, event = invitation(message)
        assert found_method == method
        assert str(event["UID"]) == f"session-{session_id}@coachboard"
        assert str(event["ORGANIZER"]) == "mailto:coach@example.com"
        assert str(event["ATTENDEE"]).lower() == "mailto:sam@example.com"
        sequences.append(int(event["SEQUENCE"]))
    assert sequences == [0, 1, 2]
    _, moved_event = invitation(moved)
    assert (moved_event.start.hour, moved_event.start.minute) == (11, 0)
    assert moved_event["DTSTART"].params["TZID"] == "Europe/Berlin"


def test_times_are_shown_on_the_clients_own_clock_when_they_have_an_account(
    db: Session, coach: User, api: TestClient, sam: Client, sam_account: User
) -> None:
    coach.time_zone = "Europe/Berlin"
    sam_account.time_zone = "Europe/London"
    db.commit()

    create(api, sam.id, title="Kick-off")

    [message] = messages(db)
    assert message.subject.endswith("09:00\u201310:00 (Europe/London)")


def test_an_edit_that_changes_no_time_sends_nothing(
    db: Session, api: TestClient, sam: Client
) -> None:
    session_id = create(api, sam.id)

    api.patch(f"/api/v1/sessions/{session_id}", json={"notes": "Private", "title": "Renamed"})
    api.patch(f"/api/v1/sessions/{session_id}", json={"start_time": "10:00"})

    assert [m.subject.split(":")[0] for m in messages(db)] == ["Session scheduled"]


def test_past_sessions_send_nothing(db: Session, api: TestClient, sam: Client) -> None:
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    session_id = create(api, sam.id, session_date=yesterday)
    api.patch(f"/api/v1/sessions/{session_id}", json={"start_time": "12:00"})
    api.delete(f"/api/v1/sessions/{session_id}")

    assert messages(db) == []


def test_an_opted_out_client_or_one_without_an_address_gets_none(
    db: Session, coach: User, api: TestClient, sam: Client
) -> None:
    db.add(EmailOptOut(client_id=sam.id, kind="session_invitation"))
    db.commit()
    no_email = clients.create(db, coach=coach, fields=ClientCreate(name="No Email"))
    db.commit()

    create(api, sam.id)
    create(api, no_email.id)

    assert messages(db) == []


def test_moving_or_deleting_a_session_cancels_its_queued_reminders(
    db: Session, coach: User, api: TestClient, sam: Client
) -> None:
    moved_id, deleted_id = create(api, sam.id), create(api, sam.id, start_time="15:00")
    reminder = outbox.Email(recipient="sam@example.com", subject="Tomorrow", text="t", html="h")
    outbox.queue(
        db,
        [
            outbox.Queued(
                email=reminder,
                kind="session_reminder",
                record_id=uuid.UUID(record_id),
                coach_id=coach.id,
                client_id=sam.id,
                due_at=datetime(2030, 1, 1),
            )
            for record_id in (moved_id, deleted_id)
        ],
    )
    db.commit()

    api.patch(
        f"/api/v1/sessions/{moved_id}",
        json={"session_date": (SOON + timedelta(days=1)).isoformat()},
    )
    api.delete(f"/api/v1/sessions/{deleted_id}")

    assert {m.state for m in messages(db, "session_reminder")} == {"cancelled"}


def test_the_coachs_form_schedules_a_session_with_its_time(
    db: Session, pages: TestClient, sam: Client
) -> None:
    url = f"/clients/{sam.id}/sessions/new"
    token = csrf_token(pages, url)
    answer = pages.post(
        url,
        data={
            "csrf_token": token,
            "session_date": SOON.isoformat(),
            "start_time": "10:00",
            "duration_minutes": "45",
            "meeting_url": "https://meet.example.com/f",
            "title": "From the form",
            "notes": "",
            "shared_notes": "",
        },
    )

    assert answer.status_code == 200
    assert "10:00\u201310:45 (UTC)" in answer.text
    assert "Join the meeting" in answer.text
    [message] = messages(db)
    assert message.subject.startswith("Session scheduled: From the form")
