"""The audit of an account's credentials: sign-ins, failed ones, changes and revocations."""

import uuid
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.core.actor import ClientInfo
from coachboard.core.database import transaction
from coachboard.models.accounts import AccountEvent, User, normalize_email

RECENT_EVENTS = 50


class EventKind(StrEnum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    TOKEN_ISSUED = "token_issued"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    SESSION_REVOKED = "session_revoked"
    TOKEN_REVOKED = "token_revoked"
    SIGNED_OUT_EVERYWHERE = "signed_out_everywhere"
    EMAIL_CHANGED = "email_changed"
    # A client's account: joined through an invitation (created, or enabled again), its
    # access revoked by the coach, suspended while the client is archived and restored with
    # the client.
    JOINED = "joined"
    ACCESS_REVOKED = "access_revoked"
    ACCESS_SUSPENDED = "access_suspended"
    ACCESS_RESTORED = "access_restored"
    # A client's own change to a commitment, so the change has its author (the client) until
    # records keep a history of their own.
    COMMITMENT_DONE = "commitment_done"
    COMMITMENT_REOPENED = "commitment_reopened"


OPERATOR = ClientInfo(ip=None, user_agent="coachboard command line")


def record(
    session: Session,
    *,
    kind: EventKind,
    user_id: uuid.UUID | None,
    client: ClientInfo,
    email: str | None = None,
) -> None:
    """Add one event to the audit, in the caller's transaction."""
    with transaction(session):
        session.add(
            AccountEvent(
                user_id=user_id,
                email=email[:320] if email else None,
                kind=kind.value,
                ip=client.ip,
                user_agent=client.user_agent,
            )
        )


def record_sign_in(
    session: Session,
    *,
    email: str,
    user: User | None,
    client: ClientInfo,
    kind: EventKind = EventKind.SIGN_IN,
) -> None:
    """A sign-in (of `kind`: a page's, or a token issued), or a failed one: a failure names
    the account of the email when there is one, so its owner sees it; for an unknown email
    only the email tried is kept."""
    if user is not None:
        record(session, kind=kind, user_id=user.id, client=client)
        return
    normalized = normalize_email(email)
    with transaction(session):
        owner = session.scalar(select(User.id).where(User.email == normalized))
    record(
        session,
        kind=EventKind.SIGN_IN_FAILED,
        user_id=owner,
        client=client,
        email=None if owner else normalized,
    )


def recent(session: Session, *, user: User, limit: int = RECENT_EVENTS) -> list[AccountEvent]:
    """The coach's own latest events, newest first, at most `limit`."""
    with transaction(session):
        return list(
            session.scalars(
                select(AccountEvent)
                .where(AccountEvent.user_id == user.id)
                .order_by(AccountEvent.at.desc(), AccountEvent.id)
                .limit(limit)
            )
        )
