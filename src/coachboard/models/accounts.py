import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, func, true
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, IdMixin, TimestampMixin, utcnow


def normalize_email(email: str) -> str:
    """An email as users.email stores it: trimmed and lower-cased."""
    return email.strip().lower()


class User(IdMixin, TimestampMixin, Base):
    """An account: a coach, the owner of clients and everything under them, or, with
    client_id, one client's own account for the portal (invited by their coach)."""

    __tablename__ = "users"

    # Stored lower-cased, so the unique constraint is case-insensitive on both databases.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    # An IANA name ("Europe/Berlin"): what "today" and "overdue" mean for this coach.
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    # A coach's morning email (overdue, due today, today's sessions); the coach can turn it off.
    daily_digest: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Set for a client's account, None for a coach: the kind is part of the row that signs in,
    # so every token and session check knows it without a second statement. Unique: one
    # account per client. The client's deletion takes the account with it. use_alter: clients
    # point back at users (coach_id), and the cycle is broken for table ordering here.
    client_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE", use_alter=True), unique=True, default=None
    )

    @property
    def is_client(self) -> bool:
        return self.client_id is not None


class ApiToken(IdMixin, Base):
    """A bearer token for the JSON API; only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, server_default=func.now()
    )
    expires_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)


class UserSession(IdMixin, Base):
    """A signed-in browser: the cookie holds an opaque id, only its SHA-256 digest is stored,
    so a copy of this table cannot sign anyone in."""

    __tablename__ = "user_sessions"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, server_default=func.now()
    )
    last_seen_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, server_default=func.now()
    )
    ip: Mapped[str | None] = mapped_column(String(64), default=None)
    user_agent: Mapped[str | None] = mapped_column(String(300), default=None)


class PasswordReset(IdMixin, Base):
    """A one-time link to set a new password; only the digest of its token is stored."""

    __tablename__ = "password_resets"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, server_default=func.now()
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)


class AccountEvent(IdMixin, Base):
    """Something that happened to an account's credentials: a sign-in, a failed one, a change.

    A failed sign-in for an email no account has keeps that email and no user, so an operator
    sees the guessing; the coach's own page shows only rows with their user_id.
    """

    __tablename__ = "account_events"
    __table_args__ = (Index("ix_account_events_user_id_at", "user_id", "at"),)

    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), default=None
    )
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    kind: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, server_default=func.now())
    ip: Mapped[str | None] = mapped_column(String(64), default=None)
    user_agent: Mapped[str | None] = mapped_column(String(300), default=None)


class SignInThrottle(Base):
    """Password attempts counted under one key (an address, an account, or an account from an
    address) in the window that began at window_started_at; see accounts/throttle.py."""

    __tablename__ = "sign_in_throttles"

    # A scope and a digest ("address:…"), never the email or address itself: bounded length
    # whatever is posted, and no list of the emails strangers tried.
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer)
    window_started_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    last_attempt_at: Mapped[datetime] = mapped_column(DateTime)
