"""Email to a client only where it was agreed ("Email this client"), a link to /me only for a
client who can open it, and every page honest about what was sent: queued is not emailed."""

import uuid
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from coachboard.core.database import transaction
from coachboard.core.models import utcnow
from coachboard.core.settings import Settings
from coachboard.mail import outbox
from coachboard.mail.consent import NotEmailed, client_email_status
from coachboard.main import create_app
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.mail import EmailOptOut, OutboxMessage
from coachboard.sessions import service as sessions
from coachboard.sessions.schemas import SessionCreate
from tests.mail.conftest import SmtpServer
from tests.mail.fixtures import pages, sam
from tests.mail.test_worker_processes import one_pass
from tests.mail.week import berlin_coach, client, commitment, session_at
from tests.portal.accounts import join
from tests.web.conftest import signed_in_browser, submit

__all__ = ["pages", "sam"]

# Moments (UTC) of two days' passes; Berlin is UTC+1 in December.
PASSES = [
    "2026-12-02T07:00",  # 08:00 Berlin: reminders of what is due on the 3rd
    "2026-12-02T09:00",  # 24 h before the 10:00 sessions of the 3rd
    "2026-12-02T09:00",  # a second worker at the same moment
    "2026-12-03T07:00",  # the next morning: nothing due on the 4th
    "2026-12-03T09:00",  # the sessions' hour
]


def body(message) -> str:  # type: ignore[no-untyped-def]
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def test_two_days_of_reminders_reach_only_the_clients_who_agreed(
    database_url: str, db: Session, smtp_server: SmtpServer
) -> None:
    coach = berlin_coach(db)
    # Pat has a portal account: joining turned "Email this client" on.
    pat = client(db, coach, "Pat Portal", "pat@example.com", may_email=False)
    join(db, coach, pat.id)
    # Sam agreed to email but has no account; Ari never agreed.
    sam = client(db, coach, "Sam Rivera", "sam@example.com")
    ari = client(db, coach, "Ari Unasked", "ari@example.com", may_email=False)
    for each in (pat, sam, ari):
        commitment(db, coach, each, f"Task of {each.name}", date(2026, 12, 3))
    session_at(db, coach, sam, date(2026, 12, 3), time(10, 0), "Review")
    session_at(db, coach, ari, date(2026, 12, 3), time(10, 0), "Intro")
    with transaction(db):
        db.execute(update(OutboxMessage).values(state="sent"))  # Pat's invitation, long ago
    db.commit()

    for moment in PASSES:
        one_pass(database_url, smtp_server.url, datetime.fromisoformat(moment))

    to_clients = sorted(
        (str(m["To"]), str(m["Subject"]))
        for m in smtp_server.inbox.messages
        if m["To"] != "berlin@example.com"
    )
    assert to_clients == [
        ("pat@example.com", "Due tomorrow: Task of Pat Portal"),
        ("sam@example.com", "Due tomorrow: Task of Sam Rivera"),
        ("sam@example.com", "Your session on Thursday 3 December, 10:00"),
    ]
    by_to = {(str(m["To"]), str(m["Subject"])[:12]): m for m in smtp_server.inbox.messages}
    pat_reminder = body(by_to[("pat@example.com", "Due tomorrow")])
    assert "See it and mark it done: http" in pat_reminder and "/me" in pat_reminder
    for subject in ("Due tomorrow", "Your session"):
        text = body(by_to[("sam@example.com", subject)])
        html = by_to[("sam@example.com", subject)].get_body(("html",)).get_content()
        assert "/me" not in text and "/me" not in html
        assert "/unsubscribe/" in text  # the opt-out stays


def test_a_session_invitation_goes_only_to_a_client_who_agreed(
    db: Session, coach: User, sam: Client
) -> None:
    ari = client(db, coach, "Ari Unasked", "ari@example.com", may_email=False)
    fields = SessionCreate(
        session_date=date.today() + timedelta(days=2), title="Check-in", start_time=time(10, 0)
    )
    for each in (sam, ari):
        sessions.create(db, coach=coach, client_id=each.id, fields=fields)
    invited = db.scalars(
        select(OutboxMessage.recipient).where(OutboxMessage.kind == "session_invitation")
    ).all()
    assert invited == ["sam@example.com"]


def test_the_status_says_whether_a_client_is_emailed_and_why_not(
    db: Session, coach: User, sam: Client, settings: Settings
) -> None:
    set_up = settings.model_copy(update={"smtp_url": "smtp://mail.example:587"})
    kind = "session_invitation"

    status = client_email_status(db, client=sam, kind=kind, settings=set_up)
    assert status.will_email and status.address == "sam@example.com"

    not_set_up = client_email_status(db, client=sam, kind=kind, settings=settings)
    assert not_set_up.blocked_by is NotEmailed.NOT_CONFIGURED and not_set_up.queued

    with transaction(db):
        db.add(EmailOptOut(client_id=sam.id, kind=kind))
    status = client_email_status(db, client=sam, kind=kind, settings=set_up)
    assert status.blocked_by is NotEmailed.UNSUBSCRIBED and not status.queued

    with transaction(db):
        sam.may_email = False
    status = client_email_status(db, client=sam, kind=kind, settings=set_up)
    assert status.blocked_by is NotEmailed.NOT_AGREED
    # A portal invitation is sent when the coach asks: no agreement needed.
    invitation = client_email_status(db, client=sam, kind="portal_invitation", settings=set_up)
    assert invitation.will_email

    with transaction(db):
        sam.email = None
    status = client_email_status(db, client=sam, kind=kind, settings=set_up)
    assert status.blocked_by is NotEmailed.NO_ADDRESS and status.address is None


# With an SMTP server set up (the app's settings; nothing is sent by a request)


@pytest.fixture
def mailing_app(settings: Settings) -> FastAPI:
    return create_app(settings.model_copy(update={"smtp_url": "smtp://127.0.0.1:2525"}))


@pytest.fixture
def mailing_pages(mailing_app: FastAPI, coach: User) -> Iterator[TestClient]:
    with signed_in_browser(mailing_app, coach, check="/clients") as browser:
        yield browser


def test_with_email_set_up_the_invitation_is_queued_not_emailed(
    mailing_pages: TestClient, sam: Client
) -> None:
    page = submit(mailing_pages, f"/clients/{sam.id}/invitation")
    assert "Queued: the link goes out to sam@example.com within a minute" in page.text
    assert "emailed" not in page.text.lower()
    assert 'data-email-set-up="no"' not in mailing_pages.get("/mail").text


def test_the_mail_page_says_each_messages_state_and_that_email_is_not_set_up(
    db: Session, coach: User, pages: TestClient
) -> None:
    states = {"queued": "", "sent": "", "failed": "550 mailbox unavailable", "cancelled": ""}
    for state, error in states.items():
        record_id = uuid.uuid4()
        email = outbox.Email(recipient="sam@example.com", subject=state, text="Hi", html="Hi")
        queued = outbox.Queued(
            email=email,
            kind="session_reminder",
            record_id=record_id,
            coach_id=coach.id,
            client_id=None,
            due_at=utcnow(),
        )
        with transaction(db):
            outbox.queue(db, [queued])
            db.execute(
                update(OutboxMessage)
                .where(OutboxMessage.record_id == record_id)
                .values(state=state, last_error=error)
            )
    db.commit()

    page = pages.get("/mail").text
    assert "Email is not set up on this server" in page
    assert 'data-state="queued">Queued, not sent yet (email is not set up)</td>' in page
    assert 'data-state="sent">Sent</td>' in page
    assert 'data-state="failed"><strong>Failed</strong>: 550 mailbox unavailable</td>' in page
    assert 'data-state="cancelled">Cancelled</td>' in page
