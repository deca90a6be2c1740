"""Titles and names holding control characters or Unicode line breaks (stored before the API
refused them) give feeds and invitations that hold none: each such character is a space."""

import re
from datetime import UTC, datetime, time, timedelta

from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentCreate
from coachboard.core.database import transaction
from coachboard.core.settings import Settings
from coachboard.mail.worker import run_pass
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.sessions import CoachingSession
from coachboard.sessions import service as sessions
from coachboard.sessions.schemas import SessionUpdate
from tests.calendar_feeds.conftest import add_session, events_by_uid, make_feed
from tests.mail.conftest import SmtpServer, smtp_server

__all__ = ["smtp_server"]

SOON = datetime.now(UTC).date() + timedelta(days=10)
TITLE = "A\u2028B\x0bC\x1cD\x85E"
# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
UNFIT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def store(db: Session, model: type, row_id: object, **values: str) -> None:
    """Write values as they were stored before input was checked (the API refuses them now)."""
    with transaction(db):
        db.execute(update(model).where(model.id == row_id).values(**values))


def assert_fit(body: bytes) -> None:
    """No iCalendar line holds a control character or line separator (but the CRLF ending it)."""
    assert UNFIT.findall(body.decode().replace("\r\n", "")) == []


def test_a_feed_holds_no_control_character_or_line_separator(
    db: Session, berlin: User, api: TestClient, anonymous: TestClient, sam: Client
) -> None:
    session = add_session(db, berlin, sam, SOON, time(10, 0), "Kick-off")
    due = commitments.create(
        db, coach=berlin, client_id=sam.id, fields=CommitmentCreate(title="Deck", due_date=SOON)
    )
    db.commit()
    store(db, CoachingSession, session.id, title=TITLE)
    store(db, Commitment, due.id, title=TITLE)
    store(db, Client, sam.id, name="Sam\u2029Client")
    store(db, User, berlin.id, name="Casey\x1fCoach")
    url = make_feed(api)

    answer = anonymous.get(url)

    assert answer.status_code == 200
    assert_fit(answer.content)
    calendar = Calendar.from_ical(answer.content)
    assert str(calendar["X-WR-CALNAME"]) == "coachboard — Casey Coach"
    found = events_by_uid(calendar)
    assert str(found[f"session-{session.id}@coachboard"]["SUMMARY"]) == "Sam Client — A B C D E"
    assert str(found[f"commitment-{due.id}@coachboard"]["SUMMARY"]) == "Sam Client — A B C D E"


def test_an_invitation_holds_no_control_character_or_line_separator(
    engine: Engine,
    db: Session,
    settings: Settings,
    berlin: User,
    sam: Client,
    smtp_server: SmtpServer,
) -> None:
    session = add_session(db, berlin, sam, SOON, time(10, 0), "Kick-off")
    store(db, CoachingSession, session.id, title=TITLE)
    store(db, Client, sam.id, name="Sam\x85Client", may_email=True)
    store(db, User, berlin.id, name="Casey\x0cCoach")
    sessions.update(
        db, coach=berlin, session_id=session.id, fields=SessionUpdate(start_time=time(11, 0))
    )
    db.commit()

    run_pass(engine, settings.model_copy(update={"smtp_url": smtp_server.url}))

    [moved] = [
        message
        for message in smtp_server.inbox.messages
        if str(message["Subject"]).startswith("Session moved")
    ]
    assert str(moved["Subject"]).startswith("Session moved: A B C D E, ")
    [invite] = [part for part in moved.iter_attachments() if part.get_filename() == "invite.ics"]
    body = invite.get_payload(decode=True)
    assert_fit(body)
    [event] = Calendar.from_ical(body).events
    assert str(event["SUMMARY"]) == "Sam Client — A B C D E"
    assert event["ORGANIZER"].params["CN"] == "Casey Coach"
    assert event["ATTENDEE"].params["CN"] == "Sam Client"
