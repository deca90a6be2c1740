"""A coach's practice in Europe/Berlin, built through the services, for the mail tests."""

import uuid
from datetime import date, datetime, time

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentCreate, CommitmentUpdate
from coachboard.core.database import transaction
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.mail import OutboxMessage
from coachboard.models.sessions import CoachingSession
from coachboard.sessions import service as sessions
from coachboard.sessions.schemas import SessionCreate

# Before every week the tests plan: a new account's first digest is its first morning's.
MADE_AT = datetime(2026, 1, 1)


def berlin_coach(db: Session, email: str = "berlin@example.com", **extra: object) -> User:
    coach = accounts.create(
        db,
        email=email,
        name="Bea Berlin",
        password="s3cret-pass-42",
        time_zone="Europe/Berlin",
        **extra,  # type: ignore[arg-type]
    )
    with transaction(db):
        coach.created_at = MADE_AT
    return coach


def client(
    db: Session, coach: User, name: str, email: str | None, *, may_email: bool = True
) -> Client:
    """A client; with "Email this client" on unless told (they agreed to the reminders)."""
    fields = ClientCreate(name=name, email=email, may_email=may_email)
    return clients.create(db, coach=coach, fields=fields)


def commitment(db: Session, coach: User, client: Client, title: str, due: date) -> uuid.UUID:
    fields = CommitmentCreate(title=title, due_date=due)
    return commitments.create(db, coach=coach, client_id=client.id, fields=fields).id


def move_commitment(db: Session, coach: User, commitment_id: uuid.UUID, due: date) -> None:
    commitments.update(
        db, coach=coach, commitment_id=commitment_id, fields=CommitmentUpdate(due_date=due)
    )


def session_at(
    db: Session, coach: User, client: Client, day: date, start: time | None, title: str = ""
) -> CoachingSession:
    """A session, made as the coach's form makes it. The email telling the client it is
    scheduled (tests/sessions/test_emails.py) is taken out of the outbox: these weeks start
    with the sessions already known, whatever day the suite runs on."""
    fields = SessionCreate(session_date=day, title=title, start_time=start)
    created = sessions.create(db, coach=coach, client_id=client.id, fields=fields)
    with transaction(db):
        db.execute(delete(OutboxMessage).where(OutboxMessage.kind == "session_invitation"))
    return created


def outbox(db: Session, kind: str | None = None) -> list[OutboxMessage]:
    statement = select(OutboxMessage).order_by(OutboxMessage.due_at, OutboxMessage.recipient)
    if kind is not None:
        statement = statement.where(OutboxMessage.kind == kind)
    db.expire_all()
    return list(db.scalars(statement))


def utc(text: str) -> datetime:
    """A naive UTC moment, as the worker's --now gives it."""
    return datetime.fromisoformat(text)
