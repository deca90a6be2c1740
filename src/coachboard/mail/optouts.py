"""Who gets a client's email, and the one-click opt-out every message to a client carries.

An unsubscribe link names one client and one kind of message, signed with the app's secret:
it works without signing in, and only for what it names.
"""

import uuid

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from coachboard.core.settings import get_settings
from coachboard.mail.render import link
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.mail import EmailOptOut

# The kinds of message sent to clients, each of which a client can turn off on its own.
CLIENT_KINDS = (
    "session_invitation",
    "session_reminder",
    "commitment_reminder",
    "portal_invitation",
)
# The kinds sent without the coach asking each time: only to a client whose record has
# "Email this client" on (Client.may_email). A portal invitation is sent when the coach asks.
AUTOMATED_KINDS = ("session_invitation", "session_reminder", "commitment_reminder")


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(get_settings().resolved_secret_key(), salt="unsubscribe")


def unsubscribe_token(client_id: uuid.UUID, kind: str) -> str:
    return _signer().dumps([str(client_id), kind])


def unsubscribe_url(client_id: uuid.UUID, kind: str) -> str:
    return link(f"/unsubscribe/{unsubscribe_token(client_id, kind)}")


def read_unsubscribe_token(token: str) -> tuple[uuid.UUID, str] | None:
    """The client and kind a token names, or None for a token this app did not sign."""
    try:
        client_id, kind = _signer().loads(token)
        named = uuid.UUID(client_id), kind
    except (BadSignature, ValueError, TypeError):
        return None
    return named if kind in CLIENT_KINDS else None


def opted_out(session: Session, client_id: uuid.UUID, kind: str) -> bool:
    return bool(
        session.scalar(
            select(exists().where(EmailOptOut.client_id == client_id, EmailOptOut.kind == kind))
        )
    )


def client_address(session: Session, client: Client) -> str | None:
    """Where a client's email goes: their portal account's address while it is active (the
    one they sign in with), else the address their coach keeps, else nowhere."""
    account_email = session.scalar(
        select(User.email).where(User.client_id == client.id, User.is_active)
    )
    return account_email or client.email or None
