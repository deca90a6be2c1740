"""The messages a request queues in its own transaction: the portal invitation and the
password-reset link. Their due moment is the moment they were asked for."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.accounts.time_zones import zone_of
from coachboard.core.database import unit_of_work
from coachboard.core.models import utcnow
from coachboard.mail import outbox
from coachboard.mail.consent import ClientEmailStatus, NotEmailed, consent
from coachboard.mail.optouts import unsubscribe_url
from coachboard.mail.planner import when
from coachboard.mail.render import link, render
from coachboard.models.accounts import User
from coachboard.models.clients import Client

PORTAL_INVITATION = "portal_invitation"
PASSWORD_RESET = "password_reset"


def queue_invitation(
    session: Session,
    *,
    coach: User,
    client: Client,
    invitation_id: uuid.UUID,
    token: str,
    expires_at: datetime,
) -> ClientEmailStatus:
    """Queue the join link to the client's email (sent because the coach asked: "Email this
    client" need not be on); nothing is queued when the client has no email or turned
    invitations off, and the coach hands the link over themselves."""
    if not client.email:
        return ClientEmailStatus(PORTAL_INVITATION, None, NotEmailed.NO_ADDRESS)
    agreed = consent(session, client=client, kind=PORTAL_INVITATION, address=client.email)
    if not agreed.will_email:
        return agreed
    url = unsubscribe_url(client.id, PORTAL_INVITATION)
    rendered = render(
        PORTAL_INVITATION,
        {
            "client_name": client.name,
            "coach_name": coach.name,
            "url": link(f"/join/{token}"),
            # On the coach's clock, named: the client has none of their own before joining.
            "expires": when(expires_at, zone_of(coach)),
            "unsubscribe_url": url,
        },
    )
    email = outbox.Email(
        recipient=client.email,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        unsubscribe_url=url,
    )
    queued = outbox.Queued(
        email=email,
        kind=PORTAL_INVITATION,
        record_id=invitation_id,
        coach_id=coach.id,
        client_id=client.id,
        due_at=utcnow(),
    )
    outbox.queue(session, [queued])
    return agreed


def queue_reset_link(engine: Engine, *, email: str, lifetime: timedelta) -> None:
    """send_reset_link in a unit of work of its own: the reset routes run it after their
    answer, so that a known email is answered as fast as an unknown one."""
    with unit_of_work(engine) as session:
        send_reset_link(session, email=email, lifetime=lifetime)


def send_reset_link(session: Session, *, email: str, lifetime: timedelta) -> None:
    """Queue a password-reset link to the active account (a coach's or a client's) with this
    email; nothing for an unknown or disabled one, which the caller's answer must not reveal."""
    user = accounts.get_by_email(session, email=email)
    if user is None or not user.is_active:
        return
    token = accounts.create_reset_link(session, user=user, lifetime=lifetime)
    minutes = int(lifetime.total_seconds() // 60)
    rendered = render(
        PASSWORD_RESET,
        {"name": user.name, "url": link(f"/reset-password/{token}"), "minutes": minutes},
    )
    # No unsubscribe: the account holder asked for this one message, and a way to turn it
    # off would only let someone lock them out of their account.
    email = outbox.Email(
        recipient=user.email, subject=rendered.subject, text=rendered.text, html=rendered.html
    )
    # The coach whose practice it belongs to: the coach's own account, or a client's coach.
    queued = outbox.Queued(
        email=email,
        kind=PASSWORD_RESET,
        record_id=user.id,
        coach_id=user.id if user.client_id is None else _coach_of(session, user),
        client_id=user.client_id,
        due_at=utcnow(),
    )
    outbox.queue(session, [queued])


def _coach_of(session: Session, account: User) -> uuid.UUID:
    client = session.get_one(Client, account.client_id)
    return client.coach_id
