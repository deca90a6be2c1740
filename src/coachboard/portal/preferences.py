"""What a client sets for themselves on their page: the clock they read times on, and which
automated emails they get (they could only turn one off, through an email's link, before)."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.accounts.schemas import ClientAccount
from coachboard.core.database import transaction
from coachboard.mail import service as mail
from coachboard.mail.optouts import AUTOMATED_KINDS
from coachboard.models.clients import Client
from coachboard.models.mail import EmailOptOut


@dataclass(frozen=True)
class EmailChoice:
    """One kind of email, in the client's words, and whether they get it."""

    kind: str
    name: str
    on: bool


@dataclass(frozen=True)
class EmailPreferences:
    """The client's choices, and whether their coach emails them at all ("Email this client"
    on the client's record): without it, no choice of theirs brings an email."""

    choices: list[EmailChoice]
    coach_emails: bool


def email_preferences(session: Session, *, client: ClientAccount) -> EmailPreferences:
    """The client's choice for each automated kind (on unless turned off); one statement."""
    with transaction(session):
        rows = session.execute(
            select(Client.may_email, EmailOptOut.kind)
            .outerjoin(EmailOptOut, EmailOptOut.client_id == Client.id)
            .where(Client.id == client.client_id)
        ).all()
    off = {kind for _, kind in rows}
    choices = [
        EmailChoice(kind, mail.KIND_NAMES[kind], kind not in off) for kind in AUTOMATED_KINDS
    ]
    return EmailPreferences(choices=choices, coach_emails=any(may_email for may_email, _ in rows))


def choose_emails(session: Session, *, client: ClientAccount, wanted: list[str]) -> list[str]:
    """Turn each automated kind on when in `wanted`, off otherwise (an unknown kind in
    `wanted` is ignored); answers the kinds now on."""
    mail.choose_emails(session, client_id=client.client_id, wanted=wanted)
    return [kind for kind in AUTOMATED_KINDS if kind in wanted]


def set_time_zone(session: Session, *, client: ClientAccount, time_zone: str) -> None:
    """The clock the client reads their page, and their email, on; 422 naming `time_zone` for
    a zone the server does not know."""
    accounts.check_time_zone(time_zone)
    with transaction(session):
        client.account.time_zone = time_zone


def update(
    session: Session,
    *,
    client: ClientAccount,
    time_zone: str | None = None,
    emails_on: list[str] | None = None,
) -> EmailPreferences:
    """Set what is given (None: unchanged), together or not at all; the email choices after."""
    with transaction(session):
        if time_zone is not None:
            set_time_zone(session, client=client, time_zone=time_zone)
        if emails_on is not None:
            choose_emails(session, client=client, wanted=emails_on)
        return email_preferences(session, client=client)
