"""A client's access to the portal: the coach invites, the client joins through the one-time
link and gets an account of their own, the coach revokes it.

A client's account is a `users` row with client_id set. Its email is the client record's
email when the client joins; an email belongs to one account of either kind. Revoking keeps
the account (disabled) and everything the client wrote; joining through a new invitation
enables the same account again, so what they wrote stays theirs.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from coachboard.accounts import passwords
from coachboard.accounts import service as accounts
from coachboard.accounts.events import EventKind, record
from coachboard.clients import service as clients
from coachboard.core.actor import ClientInfo
from coachboard.core.database import transaction
from coachboard.core.errors import Conflict, InvalidInput, NotFound
from coachboard.core.models import utcnow
from coachboard.core.security import hash_password, new_token, token_digest
from coachboard.mail import messages
from coachboard.mail.consent import ClientEmailStatus
from coachboard.models.accounts import User, normalize_email
from coachboard.models.clients import Client
from coachboard.models.portal import ClientInvitation

INVITATION_LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class Invitation:
    """A new invitation: its token, given out once (the link carries it), its expiry, and
    whether the link was queued to the client's email too, or why not."""

    token: str
    expires_at: datetime
    email: ClientEmailStatus


def live_invitations(client_id: uuid.UUID, now: datetime) -> ColumnElement[bool]:
    """The condition of the client's invitations that still work: unused, not replaced, not
    expired."""
    return (
        (ClientInvitation.client_id == client_id)
        & ClientInvitation.used_at.is_(None)
        & ClientInvitation.voided_at.is_(None)
        & (ClientInvitation.expires_at > now)
    )


def locked_client(session: Session, *, coach: User, client_id: uuid.UUID) -> Client:
    """The coach's client (else NotFound), its row locked: invitations, joins and revocations
    of one client take turns, so two invitations never both stay live."""
    client = clients.get(session, coach=coach, client_id=client_id)
    session.execute(select(Client.id).where(Client.id == client.id).with_for_update())
    return client


def email_free_for(session: Session, client: Client) -> bool:
    """Whether the client's email is free for their account: held by no account, or by theirs."""
    assert client.email is not None
    holders = session.scalars(
        select(User.client_id).where(User.email == normalize_email(client.email))
    ).all()
    return all(holder == client.id for holder in holders)


def invite(session: Session, *, coach: User, client_id: uuid.UUID) -> Invitation:
    """A new one-time link for the coach's client to join, valid INVITATION_LIFETIME; the
    client's older links stop working, and the link is queued to the client's email unless
    they turned invitations off. 422 naming `status` for an archived client, `email` for one
    without an email or whose email another account holds."""
    with transaction(session):
        client = locked_client(session, coach=coach, client_id=client_id)
        if client.status == "archived":
            raise InvalidInput.field(
                "status",
                "An archived client can't be invited: unarchive them first.",
                kind="client_archived",
            )
        if not client.email:
            raise InvalidInput.field(
                "email",
                "Add the client's email first: the invitation is for it.",
                kind="email_missing",
            )
        if not email_free_for(session, client):
            raise accounts.email_in_use()
        now = utcnow()
        void_live(session, client_id=client.id, now=now)
        token = new_token()
        invitation = ClientInvitation(
            client_id=client.id,
            digest=token_digest(token),
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
        )
        session.add(invitation)
        session.flush()
        email = messages.queue_invitation(
            session,
            coach=coach,
            client=client,
            invitation_id=invitation.id,
            token=token,
            expires_at=invitation.expires_at,
        )
    return Invitation(token=token, expires_at=invitation.expires_at, email=email)


def void_live(session: Session, *, client_id: uuid.UUID, now: datetime) -> int:
    """Stop the client's live invitations working; returns how many did."""
    return session.execute(
        update(ClientInvitation)
        .where(live_invitations(client_id, now))
        .values(voided_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount


class LinkState(StrEnum):
    """What a join link is: usable, or why it is not."""

    LIVE = "live"
    UNKNOWN = "unknown"
    USED = "used"
    REPLACED = "replaced"
    EXPIRED = "expired"
    CLIENT_ARCHIVED = "client_archived"


@dataclass(frozen=True)
class JoinLink:
    """A join link as its page shows it: its state and, when live, who it is for."""

    state: LinkState
    client_name: str = ""
    email: str = ""
    coach_name: str = ""
    # The zone the join form offers first (the browser's own replaces it where it can).
    coach_time_zone: str = "UTC"


def link(session: Session, *, token: str) -> JoinLink:
    """What the link of this token is, in one statement; never raises."""
    with transaction(session):
        row = session.execute(
            select(
                ClientInvitation,
                Client.name,
                Client.email,
                Client.status,
                User.name,
                User.time_zone,
            )
            .join(Client, Client.id == ClientInvitation.client_id)
            .join(User, User.id == Client.coach_id)
            .where(ClientInvitation.digest == token_digest(token))
        ).first()
    if row is None:
        return JoinLink(LinkState.UNKNOWN)
    invitation, name, email, status, coach_name, coach_time_zone = row
    if invitation.used_at is not None:
        return JoinLink(LinkState.USED)
    if invitation.voided_at is not None:
        return JoinLink(LinkState.REPLACED)
    if invitation.expires_at <= utcnow():
        return JoinLink(LinkState.EXPIRED)
    if status == "archived" or not email:
        return JoinLink(LinkState.CLIENT_ARCHIVED)
    return JoinLink(
        LinkState.LIVE,
        client_name=name,
        email=email,
        coach_name=coach_name,
        coach_time_zone=coach_time_zone,
    )


def join(
    session: Session,
    *,
    token: str,
    password: str,
    client: ClientInfo,
    time_zone: str | None = None,
) -> User:
    """Use the link once: set the password (the coaches' rule, 422 naming `password`) on the
    client's account, created now or enabled again, which takes the client's current name and
    email and `time_zone` (default: their coach's; 422 naming `time_zone` for one the server
    does not know), and turn "Email this client" on: joining is agreeing to the portal's email.
    A used, replaced or expired link is not found, also when a concurrent request used it
    first; an email another account has taken since the invitation is a conflict."""
    if time_zone is not None:
        accounts.check_time_zone(time_zone)
    now = utcnow()
    with transaction(session):
        invitation = session.scalar(
            select(ClientInvitation).where(ClientInvitation.digest == token_digest(token))
        )
        if invitation is None:
            raise NotFound("invitation")
        client_row = session.scalar(
            select(Client).where(Client.id == invitation.client_id).with_for_update()
        )
        if client_row is None or client_row.status == "archived" or not client_row.email:
            raise NotFound("invitation")
        passwords.check(password, email=client_row.email, name=client_row.name)
        taken = Conflict("this email belongs to another account: ask your coach")
        if not email_free_for(session, client_row):
            raise taken
        # The conditional UPDATE is the claim: of two requests with one link, one changes a
        # row and the other none.
        claimed = session.execute(
            update(ClientInvitation)
            .where(ClientInvitation.id == invitation.id, live_invitations(client_row.id, now))
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            raise NotFound("invitation")
        # Unless the client chose, today and overdue mean for them what they mean to the coach.
        time_zone = time_zone or session.scalar(
            select(User.time_zone).where(User.id == client_row.coach_id)
        )
        account = accounts.client_account(session, client_id=client_row.id)
        if account is None:
            account = User(client_id=client_row.id, password_hash=hash_password(password))
            session.add(account)
        else:
            # A new password ends whatever the old one opened (accounts.end_access).
            accounts.replace_password(session, user=account, password=password)
        account.email = normalize_email(client_row.email)
        account.name = client_row.name
        account.is_active = True
        account.time_zone = time_zone or "UTC"
        account.last_sign_in_at = now
        client_row.may_email = True
        accounts.flush_claiming_email(session, taken)
        record(session, kind=EventKind.JOINED, user_id=account.id, client=client)
    return account


@dataclass(frozen=True)
class PortalAccess:
    """The client's portal access as the coach's overview shows it."""

    has_account: bool
    active: bool
    invitation_expires_at: datetime | None

    @property
    def revocable(self) -> bool:
        return self.active or self.invitation_expires_at is not None


def access_of(session: Session, *, client: Client) -> PortalAccess:
    """The client's account (if any, and whether it is enabled) and live invitation."""
    now = utcnow()
    with transaction(session):
        active = session.scalar(select(User.is_active).where(User.client_id == client.id))
        expires_at = session.scalar(
            select(ClientInvitation.expires_at)
            .where(live_invitations(client.id, now))
            .order_by(ClientInvitation.expires_at.desc())
            .limit(1)
        )
    return PortalAccess(
        has_account=active is not None, active=bool(active), invitation_expires_at=expires_at
    )


def revoke(session: Session, *, coach: User, client_id: uuid.UUID, client: ClientInfo) -> None:
    """Disable the client's account and end what acted for it (sessions, tokens, reset links,
    its calendar feed) and void any live invitation; everything the client wrote stays. An
    account suspended while the client is archived stays disabled when they are restored.
    NotFound when the client has neither an enabled or suspended account nor a live
    invitation, or is not the coach's."""
    now = utcnow()
    with transaction(session):
        client_row = locked_client(session, coach=coach, client_id=client_id)
        voided = void_live(session, client_id=client_row.id, now=now)
        account = revocable_account(session, client_id=client_row.id)
        if account is None and voided == 0:
            raise NotFound("portal access")
        if account is not None:
            accounts.disable(session, user=account, kind=EventKind.ACCESS_REVOKED, client=client)


def revocable_account(session: Session, *, client_id: uuid.UUID) -> User | None:
    """The client's account while it can be revoked: enabled, or suspended (it would come
    back when the client is restored); None when they have none or it is revoked already."""
    account = accounts.client_account(session, client_id=client_id)
    if account is None or account.is_active or accounts.is_suspended(session, user=account):
        return account
    return None
