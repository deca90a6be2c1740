"""Coaches, their passwords and their API tokens."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from coachboard.accounts.models import ApiToken, User
from coachboard.core.database import transaction, unit_of_work
from coachboard.core.errors import Conflict
from coachboard.core.models import utcnow
from coachboard.core.security import hash_password, new_token, token_digest, verify_password


def normalize_email(email: str) -> str:
    return email.strip().lower()


def get_by_email(session: Session, *, email: str) -> User | None:
    """The coach with this email, compared without regard to case."""
    with transaction(session):
        return session.scalar(select(User).where(User.email == normalize_email(email)))


def get(session: Session, *, user_id: uuid.UUID) -> User | None:
    """The coach with this id, or None."""
    with transaction(session):
        return session.get(User, user_id)


def count(session: Session) -> int:
    """How many coach accounts exist (the first-run page shows when there are none)."""
    with transaction(session):
        return session.scalar(select(func.count()).select_from(User)) or 0


def create(session: Session, *, email: str, name: str, password: str) -> User:
    """A new coach; the email must not be taken (409), whatever its case."""
    with transaction(session):
        if get_by_email(session, email=email):
            raise Conflict("a coach with this email already exists")
        user = User(
            email=normalize_email(email), name=name.strip(), password_hash=hash_password(password)
        )
        session.add(user)
        session.flush()  # the id exists for a caller that goes on in the same transaction
    return user


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    """The active coach whose email and password match, else None."""
    with transaction(session):
        user = get_by_email(session, email=email)
        if not verify_password(user.password_hash if user else None, password):
            return None
        if not user or not user.is_active:
            return None
        user.last_sign_in_at = utcnow()
    return user


def create_token(
    session: Session, *, user: User, name: str, lifetime: timedelta | None = None
) -> str:
    """A new bearer token for the coach; the plain value is returned once and never stored."""
    token = new_token()
    with transaction(session):
        session.add(
            ApiToken(
                user_id=user.id,
                name=name,
                digest=token_digest(token),
                expires_at=utcnow() + lifetime if lifetime else None,
            )
        )
    return token


# How stale a token's last_used_at may grow: a read does not write it on every request.
LAST_USED_RESOLUTION = timedelta(minutes=5)


@dataclass(frozen=True)
class TokenHolder:
    """The coach a live token belongs to, and whether the token's last use is due a write."""

    user: User
    token_id: uuid.UUID
    last_use_stale: bool


# Built once: every authenticated API request runs it.
_TOKEN_HOLDER = (
    select(User, ApiToken.id, ApiToken.expires_at, ApiToken.last_used_at)
    .join(ApiToken, User.id == ApiToken.user_id)
    .where(ApiToken.digest == bindparam("digest"), ApiToken.revoked_at.is_(None))
)


def user_for_token(session: Session, *, token: str) -> TokenHolder | None:
    """The active coach a live (unrevoked, unexpired) token belongs to, else None. Writes
    nothing: the caller records the use apart, when it is stale (record_token_use)."""
    now = utcnow()
    with transaction(session):
        row = session.execute(_TOKEN_HOLDER, {"digest": token_digest(token)}).first()
    if row is None:
        return None
    user, token_id, expires_at, last_used_at = row
    if is_expired(expires_at, now) or not user.is_active:
        return None
    stale = last_used_at is None or last_used_at <= now - LAST_USED_RESOLUTION
    return TokenHolder(user=user, token_id=token_id, last_use_stale=stale)


def record_token_use(engine: Engine, *, token_id: uuid.UUID) -> None:
    """Stamp the token's last use, in a transaction of its own, unless a concurrent request
    just did: at most one write per token every LAST_USED_RESOLUTION."""
    now = utcnow()
    with unit_of_work(engine) as session:
        session.execute(
            update(ApiToken)
            .where(
                ApiToken.id == token_id,
                or_(
                    ApiToken.last_used_at.is_(None),
                    ApiToken.last_used_at <= now - LAST_USED_RESOLUTION,
                ),
            )
            .values(last_used_at=now)
        )


def is_expired(expires_at: datetime | None, now: datetime) -> bool:
    return expires_at is not None and expires_at <= now


def revoke_token(session: Session, *, token: str) -> bool:
    """Revoke a token by its value; True when a live token was revoked."""
    with transaction(session):
        result = session.execute(
            update(ApiToken)
            .where(ApiToken.digest == token_digest(token), ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    return result.rowcount > 0


def revoke_all_tokens(session: Session, *, user: User) -> int:
    """Revoke every live token of the coach; returns how many."""
    with transaction(session):
        result = session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    return result.rowcount
