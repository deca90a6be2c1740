"""Calendar feeds: an account's secret address, and what its calendar holds.

The address carries a random token; only its SHA-256 digest is stored (one row per account),
so making a new one replaces the row and the old address stops at once. Whatever ends an
account's access (a new password, a revocation, a suspension: accounts.end_access) deletes the
row too, so an old address never opens a feed again. Reading a feed writes nothing and takes
three statements whatever the data: the owner, the sessions, the due dates.
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.accounts.time_zones import today_for
from coachboard.calendar_feeds import events
from coachboard.core.database import transaction
from coachboard.core.security import token_digest
from coachboard.models.accounts import User
from coachboard.models.calendar_feeds import CalendarFeed
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.sessions import CoachingSession

# What a feed holds: the recent past and the coming year, and never more than this many
# events of each kind (sessions, due dates), the nearest first: a calendar app polls it
# every few minutes, so its size must not grow with a practice's history.
DAYS_BEFORE = 90
DAYS_AFTER = 400
MAX_SESSIONS = 1_000
MAX_DUE_DATES = 1_000


@dataclass(frozen=True)
class Feed:
    """A feed's body and a validator for it (the ETag: the body's digest)."""

    body: bytes
    etag: str


def feed_path(token: str) -> str:
    return f"/calendar/{token}.ics"


def replace(session: Session, *, account: User) -> str:
    """A new secret token for the account's feed; the previous one stops working at once."""
    token = secrets.token_urlsafe(32)
    with transaction(session):
        accounts.end_calendar_feed(session, user=account)
        session.add(CalendarFeed(user_id=account.id, digest=token_digest(token)))
        session.flush()
    return token


def turn_off(session: Session, *, account: User) -> None:
    """The account's feed stops: its address answers 404 from now on."""
    accounts.end_calendar_feed(session, user=account)


def made_at(session: Session, *, account: User) -> datetime | None:
    """When the account's current feed address was made (None: it has none)."""
    with transaction(session):
        return session.scalar(
            select(CalendarFeed.created_at).where(CalendarFeed.user_id == account.id)
        )


def owner(session: Session, *, token: str) -> User | None:
    """The active account whose feed this token opens, or None."""
    with transaction(session):
        return session.scalar(
            select(User)
            .join(CalendarFeed, CalendarFeed.user_id == User.id)
            .where(CalendarFeed.digest == token_digest(token), User.is_active)
        )


def render(session: Session, *, account: User, base_url: str, today: date | None = None) -> Feed:
    """The account's calendar: a coach's holds the sessions and open commitments' due dates of
    their active clients; a client's holds their own. base_url makes the links absolute."""
    today = today or today_for(account)
    first, last = today - timedelta(days=DAYS_BEFORE), today + timedelta(days=DAYS_AFTER)
    links = _Links(base_url.rstrip("/"), client=account.is_client)
    with transaction(session):
        session_rows = session.execute(
            _readable(account, CoachingSession, select(CoachingSession, Client.name))
            .where(CoachingSession.session_date.between(first, last))
            .order_by(CoachingSession.session_date, CoachingSession.start_time, CoachingSession.id)
            .limit(MAX_SESSIONS)
        ).all()
        due_rows = session.execute(
            _readable(account, Commitment, select(Commitment, Client.name))
            .where(Commitment.status == "open", Commitment.due_date.between(first, last))
            .order_by(Commitment.due_date, Commitment.id)
            .limit(MAX_DUE_DATES)
        ).all()
    feed_events = [
        events.session_event(events.SessionEntry.of(row, client_name, links.session(row)))
        for row, client_name in session_rows
    ]
    feed_events += [
        events.commitment_event(
            events.CommitmentEntry(
                id=row.id,
                client_name=client_name,
                title=row.title,
                due_date=row.due_date,
                sequence=row.sequence,
                updated_at=row.updated_at,
                link=links.commitment(row),
            )
        )
        for row, client_name in due_rows
    ]
    body = events.feed(owner_id=account.id, name=account.name, events=feed_events)
    return Feed(body=body, etag=f'"{token_digest(body.decode())[:32]}"')


def _readable(
    account: User, model: type[CoachingSession] | type[Commitment], statement: Select[Any]
) -> Select[Any]:
    """The rows the account's feed may hold: a coach's active clients', or the client's own."""
    statement = statement.join(Client, Client.id == model.client_id)
    if account.client_id is not None:
        return statement.where(Client.id == account.client_id)
    return statement.where(Client.coach_id == account.id, Client.status == "active")


@dataclass(frozen=True)
class _Links:
    """Where an event links back to: the coach's record pages, or the client's own page."""

    base: str
    client: bool

    def session(self, row: CoachingSession) -> str:
        if self.client:
            return f"{self.base}/me#session-{row.id}"
        return f"{self.base}/clients/{row.client_id}/sessions/{row.id}"

    def commitment(self, row: Commitment) -> str:
        if self.client:
            # /me may list a commitment under several outcomes: no single anchor to go to.
            return f"{self.base}/me"
        return f"{self.base}/clients/{row.client_id}/commitments/{row.id}"
