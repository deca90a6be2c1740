"""The worker against a real SMTP server: what is due is sent once, with its parts and
headers; a server that is down is tried again until it is back; a refusal or a day of failures
is given up and recorded; nothing waits only in memory."""

from datetime import datetime, timedelta

import icalendar
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from coachboard.core.database import transaction
from coachboard.core.models import utcnow
from coachboard.core.settings import Settings
from coachboard.mail import outbox
from coachboard.mail.worker import run_pass
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.mail import OutboxMessage
from coachboard.models.sessions import CoachingSession
from coachboard.sessions import service as sessions
from coachboard.sessions.schemas import SessionCreate
from tests.mail.conftest import SmtpServer, queue_message
from tests.mail.fixtures import pages, sam

__all__ = ["pages", "sam"]

NOW = datetime(2026, 12, 3, 7, 0)
INVITE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//coachboard//tests//EN
METHOD:REQUEST
BEGIN:VEVENT
UID:session-1@coachboard
SEQUENCE:2
DTSTAMP:20261203T070000Z
DTSTART:20261204T090000Z
DTEND:20261204T100000Z
SUMMARY:Sam Rivera — Coaching session
END:VEVENT
END:VCALENDAR
"""


def mail_settings(settings: Settings, server: SmtpServer | None) -> Settings:
    return settings.model_copy(
        update={
            "smtp_url": server.url if server else None,
            "mail_from": "Casey's coachboard <casey@coach.example>",
        }
    )


def rows(db: Session) -> list[OutboxMessage]:
    """The outbox as it stands, read in a transaction of its own (ended, so as not to hold
    SQLite's lock while the worker writes)."""
    db.expire_all()
    found = list(db.scalars(select(OutboxMessage).order_by(OutboxMessage.subject)))
    db.commit()
    return found


def test_a_due_message_is_sent_once_with_text_html_invitation_and_opt_out(
    engine: Engine, db: Session, settings: Settings, coach: User, smtp_server: SmtpServer
) -> None:
    queue_message(
        db,
        coach,
        due_at=NOW,
        subject="Session moved: Thu 4 Dec, 10:00",
        kind="session_invitation",
        calendar=INVITE,
        unsubscribe_url="http://127.0.0.1:8000/unsubscribe/abc",
    )

    report = run_pass(engine, mail_settings(settings, smtp_server), now=NOW)
    again = run_pass(engine, mail_settings(settings, smtp_server), now=NOW + timedelta(hours=1))

    assert (report.sent, again.sent) == (1, 0)
    [message] = smtp_server.inbox.messages
    assert message["To"] == "sam@example.com"
    assert message["From"] == "Casey's coachboard <casey@coach.example>"
    assert message["Subject"] == "Session moved: Thu 4 Dec, 10:00"
    assert message["List-Unsubscribe"] == "<http://127.0.0.1:8000/unsubscribe/abc>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_body(("plain",)).get_content().startswith("Session moved")
    assert "<p>Session moved" in message.get_body(("html",)).get_content()
    [invite] = [part for part in message.iter_attachments() if part.get_filename() == "invite.ics"]
    assert invite.get_content_type() == "text/calendar"
    assert invite.get_param("method") == "REQUEST"
    calendar = icalendar.Calendar.from_ical(invite.get_content())
    [event] = calendar.walk("VEVENT")
    assert (str(calendar["METHOD"]), int(event["SEQUENCE"])) == ("REQUEST", 2)
    [row] = rows(db)
    assert (row.state, row.attempts, row.sent_at, row.claimed_by) == ("sent", 1, NOW, None)
    assert message["Message-ID"] == f"<{row.id}@coach.example>"


def test_nothing_is_sent_before_its_moment(
    engine: Engine, db: Session, settings: Settings, coach: User, smtp_server: SmtpServer
) -> None:
    queue_message(db, coach, due_at=NOW + timedelta(hours=1))

    early = run_pass(engine, mail_settings(settings, smtp_server), now=NOW)
    on_time = run_pass(engine, mail_settings(settings, smtp_server), now=NOW + timedelta(hours=1))

    assert (early.sent, on_time.sent, len(smtp_server.inbox.messages)) == (0, 1, 1)


def test_without_an_smtp_server_messages_wait_unsent(
    engine: Engine, db: Session, settings: Settings, coach: User
) -> None:
    queue_message(db, coach, due_at=NOW)

    run_pass(engine, mail_settings(settings, None), now=NOW + timedelta(days=3))

    [row] = rows(db)
    assert (row.state, row.attempts, row.sent_at) == ("queued", 0, None)


def test_a_message_queued_twice_is_one_message(
    engine: Engine, db: Session, settings: Settings, coach: User, smtp_server: SmtpServer
) -> None:
    record = queue_message(db, coach, due_at=NOW)
    queue_message(db, coach, due_at=NOW, record_id=record)

    run_pass(engine, mail_settings(settings, smtp_server), now=NOW)

    assert len(rows(db)) == 1
    assert len(smtp_server.inbox.messages) == 1


def test_a_server_that_is_down_is_tried_again_and_the_message_is_sent_once_it_is_back(
    engine: Engine, db: Session, settings: Settings, coach: User, smtp_server: SmtpServer
) -> None:
    queue_message(db, coach, due_at=NOW)
    smtp_server.stop()
    with_server = mail_settings(settings, smtp_server)

    down = run_pass(engine, with_server, now=NOW)
    [row] = rows(db)
    assert (down.retried, row.state, row.attempts) == (1, "queued", 1)
    assert row.next_attempt_at == NOW + timedelta(minutes=1)
    assert "ConnectionRefusedError" in row.last_error
    assert run_pass(engine, with_server, now=NOW + timedelta(seconds=30)).retried == 0

    smtp_server.start()
    back = run_pass(engine, with_server, now=NOW + timedelta(minutes=2))
    later = run_pass(engine, with_server, now=NOW + timedelta(hours=2))

    assert (back.sent, later.sent, len(smtp_server.inbox.messages)) == (1, 0, 1)
    [row] = rows(db)
    assert (row.state, row.attempts, row.last_error) == ("sent", 2, "")


def test_the_waits_between_attempts_double_up_to_an_hour_and_a_day_of_failures_is_given_up(
    engine: Engine, db: Session, settings: Settings, coach: User, smtp_server: SmtpServer
) -> None:
    queue_message(db, coach, due_at=NOW)
    smtp_server.stop()
    with_server = mail_settings(settings, smtp_server)
    waits = []
    moment = NOW
    while True:
        run_pass(engine, with_server, now=moment)
        [row] = rows(db)
        if row.state != "queued":
            break
        waits.append(row.next_attempt_at - moment)
        moment = row.next_attempt_at

    assert waits[:7] == [timedelta(minutes=minutes) for minutes in (1, 2, 4, 8, 16, 32, 60)]
    assert set(waits[7:]) == {timedelta(hours=1)}
    assert row.state == "failed"
    assert moment - NOW >= timedelta(hours=24)
    assert moment - NOW < timedelta(hours=25)
    smtp_server.start()
    assert run_pass(engine, with_server, now=moment + timedelta(days=1)).sent == 0
    assert smtp_server.inbox.messages == []


def test_a_refused_address_fails_at_once_and_others_go_on(
    engine: Engine, db: Session, settings: Settings, coach: User, smtp_server: SmtpServer
) -> None:
    smtp_server.inbox.refused.add("nobody@example.com")
    queue_message(db, coach, due_at=NOW, recipient="nobody@example.com", subject="A: refused")
    queue_message(db, coach, due_at=NOW, subject="B: delivered")

    report = run_pass(engine, mail_settings(settings, smtp_server), now=NOW)

    assert (report.sent, report.failed) == (1, 1)
    refused, delivered = rows(db)
    assert (refused.state, delivered.state) == ("failed", "sent")
    assert "550" in refused.last_error
    assert smtp_server.inbox.subjects() == ["B: delivered"]


def test_a_cancelled_message_is_not_sent(
    engine: Engine, db: Session, settings: Settings, coach: User, smtp_server: SmtpServer
) -> None:
    session_id = queue_message(db, coach, due_at=NOW, kind="session_reminder")
    queue_message(db, coach, due_at=NOW, kind="commitment_reminder", subject="Kept")

    outbox.cancel(db, record_id=session_id, kinds=["session_reminder"])
    db.commit()
    run_pass(engine, mail_settings(settings, smtp_server), now=NOW)

    assert smtp_server.inbox.subjects() == ["Kept"]
    assert sorted(row.state for row in rows(db)) == ["cancelled", "sent"]


@pytest.mark.parametrize("count", [25])
def test_many_due_messages_are_all_sent_in_one_pass(
    engine: Engine,
    db: Session,
    settings: Settings,
    coach: User,
    smtp_server: SmtpServer,
    count: int,
) -> None:
    for number in range(count):
        queue_message(db, coach, due_at=NOW - timedelta(minutes=number), subject=f"{number:02}")

    assert run_pass(engine, mail_settings(settings, smtp_server), now=NOW).sent == count
    assert smtp_server.inbox.subjects() == [f"{number:02}" for number in range(count)]


@pytest.mark.parametrize(
    "subject",
    [
        "Session moved: Thursday 3 December 2026, 10:00\u201311:00 (Europe/Berlin) \u2014 Sam Rivera",
        "Your session on Thursday 3 December 2026 at 10:00 (Europe/Berlin) with Casey Coach, online",
    ],
)
def test_a_long_subject_arrives_as_it_was_written(
    engine: Engine,
    db: Session,
    settings: Settings,
    coach: User,
    smtp_server: SmtpServer,
    subject: str,
) -> None:
    queue_message(db, coach, due_at=NOW, subject=subject)

    run_pass(engine, mail_settings(settings, smtp_server), now=NOW)

    assert smtp_server.inbox.subjects() == [subject]


@pytest.mark.parametrize(
    "recipient",
    [
        "sam@example.com\r\nBcc: eve@example.com",
        "sam\u2028@example.com",
        "sam\x85@example.com",
        "sam\x7f@example.com",
    ],
)
def test_a_message_that_cannot_be_sent_fails_at_once_and_the_rest_of_its_batch_is_sent(
    engine: Engine,
    db: Session,
    settings: Settings,
    coach: User,
    smtp_server: SmtpServer,
    pages: TestClient,
    recipient: str,
) -> None:
    # First in the batch: the nine due after it used to wait behind it for ever.
    queue_message(db, coach, due_at=NOW - timedelta(minutes=1), recipient=recipient, subject="Bad")
    for number in range(9):
        queue_message(
            db, coach, due_at=NOW, recipient=f"c{number}@example.com", subject=f"Good {number}"
        )

    report = run_pass(engine, mail_settings(settings, smtp_server), now=NOW)

    assert (report.sent, report.retried, report.failed) == (9, 0, 1)
    assert smtp_server.inbox.subjects() == [f"Good {number}" for number in range(9)]
    bad, *good = rows(db)
    reason = "no recipient address without control characters or line breaks in"
    assert (bad.state, bad.attempts, bad.last_error) == (
        "failed",
        1,
        f"PermanentFailure: {reason} {recipient!r}",
    )
    assert {row.state for row in good} == {"sent"}
    page = pages.get("/mail").text
    assert f"<strong>Failed</strong>: PermanentFailure: {reason}" in page
    assert page.index("Bad") < page.index("Good 0")
    assert "An email could not be sent in the last 7 days" in pages.get("/").text


def test_a_client_address_with_a_line_break_fails_its_invitation_not_the_session(
    engine: Engine,
    db: Session,
    settings: Settings,
    coach: User,
    sam: Client,
    smtp_server: SmtpServer,
) -> None:
    with transaction(db):  # as an address stored before it was checked would be
        db.execute(
            update(Client)
            .where(Client.id == sam.id)
            .values(email="sam@example.com\r\nBcc: eve@example.com")
        )
    fields = SessionCreate(session_date=utcnow().date() + timedelta(days=10), title="Kick-off")
    scheduled = sessions.create(db, coach=coach, client_id=sam.id, fields=fields)

    run_pass(engine, mail_settings(settings, smtp_server), now=utcnow())

    assert db.get(CoachingSession, scheduled.id) is not None
    [invitation] = [row for row in rows(db) if row.kind == "session_invitation"]
    assert (invitation.state, invitation.attempts) == ("failed", 1)
    assert "no recipient address without control characters" in invitation.last_error
    assert [m for m in smtp_server.inbox.messages if "Kick-off" in str(m["Subject"])] == []


def test_control_characters_in_a_subject_or_display_name_arrive_as_spaces(
    engine: Engine, db: Session, settings: Settings, coach: User, smtp_server: SmtpServer
) -> None:
    queue_message(
        db,
        coach,
        due_at=NOW,
        subject="Due\rtomorrow:\u2028send\u2029the\x85deck\x0bby\x1cFriday\x7f!",
    )
    sender = "Casey\x85Coach\u2028Practice\x0c <casey@coach.example>"
    with_sender = mail_settings(settings, smtp_server).model_copy(update={"mail_from": sender})

    assert run_pass(engine, with_sender, now=NOW).sent == 1

    [message] = smtp_server.inbox.messages
    assert message["Subject"] == "Due tomorrow: send the deck by Friday !"
    [mailbox] = message["From"].addresses
    assert (mailbox.display_name, mailbox.addr_spec) == (
        "Casey Coach Practice",
        "casey@coach.example",
    )


def test_a_message_put_off_by_the_server_is_retried_and_the_rest_of_its_batch_is_sent(
    engine: Engine, db: Session, settings: Settings, coach: User, smtp_server: SmtpServer
) -> None:
    smtp_server.inbox.deferred.add("busy@example.com")
    queue_message(
        db,
        coach,
        due_at=NOW - timedelta(minutes=1),
        recipient="busy@example.com",
        subject="A: busy",
    )
    queue_message(db, coach, due_at=NOW, subject="B: delivered")
    queue_message(db, coach, due_at=NOW, recipient="noor@example.com", subject="C: delivered")

    report = run_pass(engine, mail_settings(settings, smtp_server), now=NOW)

    assert (report.sent, report.retried, report.failed) == (2, 1, 0)
    assert smtp_server.inbox.subjects() == ["B: delivered", "C: delivered"]
    busy, *_ = rows(db)
    assert (busy.state, busy.attempts, busy.next_attempt_at) == (
        "queued",
        1,
        NOW + timedelta(minutes=1),
    )
    assert "450" in busy.last_error
