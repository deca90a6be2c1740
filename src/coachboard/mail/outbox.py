"""Queueing email: a message is a row of the outbox, written in the transaction that caused it.

Whatever queues a message (a request, the worker's planning pass) renders it first: the row
holds the finished email, so a message about a session deleted since still says what it must.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from coachboard.core.database import upsert
from coachboard.core.models import utcnow
from coachboard.models.mail import OutboxMessage

outbox = OutboxMessage.__table__


@dataclass(frozen=True)
class Email:
    """A rendered message: plain text and HTML, perhaps an invitation, perhaps an opt-out."""

    recipient: str
    subject: str
    text: str
    html: str
    calendar: str | None = None  # iCalendar text, attached as invite.ics
    unsubscribe_url: str | None = None  # List-Unsubscribe (RFC 8058 one-click)


@dataclass(frozen=True)
class Queued:
    """An email and what it is: its kind, about which record, for which coach, and when."""

    email: Email
    kind: str
    record_id: uuid.UUID
    coach_id: uuid.UUID
    client_id: uuid.UUID | None
    due_at: datetime  # naive UTC, as every timestamp is stored
    # The recipient's local date the message is about (a digest's day): one per kind, record
    # and local date, whatever the due moment (a coach who changes zone gets no second one).
    local_date: date | None = None


def queue(session: Session, messages: Sequence[Queued]) -> None:
    """Queue messages in one statement; one already queued under the same recipient, kind,
    record and due moment, or the same kind, record and local date, is left as it is (a second
    planning pass, a second worker)."""
    if not messages:
        return
    now = utcnow()
    rows = [
        {
            "id": uuid.uuid4(),
            "coach_id": message.coach_id,
            "client_id": message.client_id,
            "recipient": message.email.recipient,
            "kind": message.kind,
            "record_id": message.record_id,
            "due_at": message.due_at,
            "local_date": message.local_date,
            "next_attempt_at": message.due_at,
            "subject": message.email.subject,
            "body_text": message.email.text,
            "body_html": message.email.html,
            "calendar": message.email.calendar,
            "unsubscribe_url": message.email.unsubscribe_url,
            "created_at": now,
        }
        for message in messages
    ]
    # No conflict target: either unique key refuses a copy, and a target names only one (the
    # other would raise an IntegrityError when two workers plan the same digest).
    session.execute(upsert(session, outbox).values(rows).on_conflict_do_nothing())


def cancel(session: Session, *, record_id: uuid.UUID, kinds: Iterable[str]) -> None:
    """Cancel what is still waiting about a record (a session moved or deleted): a message
    being sent right now, or sent already, is not touched."""
    session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.record_id == record_id,
            OutboxMessage.kind.in_(list(kinds)),
            OutboxMessage.state == "queued",
        )
        .values(state="cancelled")
    )


def newest(session: Session, *, state: str | None, limit: int) -> list[OutboxMessage]:
    """The outbox for an operator, newest first, perhaps in one state only."""
    statement = select(OutboxMessage).order_by(OutboxMessage.created_at.desc()).limit(limit)
    if state is not None:
        statement = statement.where(OutboxMessage.state == state)
    return list(session.scalars(statement))
