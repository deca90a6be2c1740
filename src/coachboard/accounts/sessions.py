"""Browser sessions kept on the server: the cookie holds an opaque id, the table its digest.

A session ends when its row goes: at sign-out, when it is revoked, when its coach signs out
everywhere or changes the password, or when it has been idle or alive too long.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from coachboard.accounts.credentials import Credential, Holder
from coachboard.core.actor import ClientInfo
from coachboard.core.database import transaction
from coachboard.core.errors import NotFound
from coachboard.core.models import utcnow
from coachboard.core.security import new_token, token_digest
from coachboard.models.accounts import User, UserSession

LISTED_SESSIONS = 50


@dataclass(frozen=True)
class Lifetime:
    """How long a session lives: idle, since its last request; absolute, since sign-in."""

    idle: timedelta
    absolute: timedelta

    @classmethod
    def days(cls, idle: float, absolute: float) -> "Lifetime":
        return cls(idle=timedelta(days=idle), absolute=timedelta(days=absolute))

    def alive(self, *, created_at: datetime, last_seen_at: datetime, now: datetime) -> bool:
        return created_at > now - self.absolute and last_seen_at > now - self.idle


def start(session: Session, *, user: User, client: ClientInfo, lifetime: Lifetime) -> str:
    """A new session for the coach; returns the cookie's value, which is never stored.
    The coach's sessions that have ended by time go at the same moment."""
    key = new_token()
    now = utcnow()
    with transaction(session):
        session.execute(
            delete(UserSession).where(UserSession.user_id == user.id, ended(lifetime, now))
        )
        session.add(
            UserSession(
                user_id=user.id,
                digest=token_digest(key),
                created_at=now,
                last_seen_at=now,
                ip=client.ip,
                user_agent=client.user_agent,
            )
        )
    return key


def ended(lifetime: Lifetime, now: datetime):
    """The condition of a session row that has outlived its idle or absolute lifetime."""
    return or_(
        UserSession.created_at <= now - lifetime.absolute,
        UserSession.last_seen_at <= now - lifetime.idle,
    )


BROWSER_SESSIONS = Credential.of(UserSession, UserSession.last_seen_at, UserSession.created_at)


def holder(session: Session, *, key: str, lifetime: Lifetime) -> Holder | None:
    """The active account of a live session, else None. Writes nothing: the caller records the
    request apart, when the last-seen time is stale (BROWSER_SESSIONS.record_use)."""
    return BROWSER_SESSIONS.holder(
        session,
        key,
        lambda now, last_seen_at, created_at: lifetime.alive(
            created_at=created_at, last_seen_at=last_seen_at, now=now
        ),
    )


def end(session: Session, *, key: str) -> None:
    """End the session whose cookie value this is (sign-out); an unknown one is already over."""
    with transaction(session):
        session.execute(delete(UserSession).where(UserSession.digest == token_digest(key)))


def revoke(session: Session, *, user: User, session_id: uuid.UUID) -> None:
    """End one of the coach's own sessions; another coach's, or none, is not found (404)."""
    with transaction(session):
        result = session.execute(
            delete(UserSession).where(UserSession.id == session_id, UserSession.user_id == user.id)
        )
    if result.rowcount == 0:
        raise NotFound("session")


def end_all(session: Session, *, user: User, keep: uuid.UUID | None = None) -> int:
    """End every session of the coach but `keep`; returns how many ended."""
    condition = UserSession.user_id == user.id
    if keep is not None:
        condition = condition & (UserSession.id != keep)
    with transaction(session):
        return session.execute(delete(UserSession).where(condition)).rowcount


def active(
    session: Session, *, user: User, lifetime: Lifetime, limit: int = LISTED_SESSIONS
) -> list[UserSession]:
    """The coach's live sessions, most recently seen first, at most `limit`."""
    now = utcnow()
    with transaction(session):
        return list(
            session.scalars(
                select(UserSession)
                .where(UserSession.user_id == user.id, ~ended(lifetime, now))
                .order_by(UserSession.last_seen_at.desc(), UserSession.id)
                .limit(limit)
            )
        )
