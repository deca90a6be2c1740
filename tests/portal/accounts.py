"""Client accounts made the way a client gets one: the coach invites, the client joins."""

import uuid

from sqlalchemy.orm import Session

from coachboard.core.actor import ClientInfo
from coachboard.models.accounts import User
from coachboard.portal import access

CLIENT_PASSWORD = "portal-pass-9731"


def invite(db: Session, coach: User, client_id: uuid.UUID) -> str:
    """A new invitation's token."""
    return access.invite(db, coach=coach, client_id=client_id).token


def join(db: Session, coach: User, client_id: uuid.UUID, password: str = CLIENT_PASSWORD) -> User:
    """The client's account, through an invitation and its join."""
    token = invite(db, coach, client_id)
    return access.join(db, token=token, password=password, client=ClientInfo())
