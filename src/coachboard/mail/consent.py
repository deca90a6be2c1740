"""Whether a client gets an email of a kind, and if not, why: what the senders decide
(mail.session_emails, mail.messages; mail.planner's `_to_clients` keeps the same rules in SQL)
and what a page says before or after (the session form, the invitation page).

The rules: an address; "Email this client" on, for the automated kinds; the kind not turned
off by the client. Whether this server sends email at all comes last: a message is queued
either way, and waits in the outbox until an SMTP server is set up.
"""

from dataclasses import dataclass, replace
from enum import StrEnum

from sqlalchemy.orm import Session

from coachboard.core.settings import Settings
from coachboard.mail.optouts import AUTOMATED_KINDS, client_address, opted_out
from coachboard.models.clients import Client

NOT_SET_UP = "Email is not set up on this server"


def email_set_up(settings: Settings) -> bool:
    """Whether this server sends email (COACHBOARD_SMTP_URL); without it messages are queued
    and wait, unsent."""
    return bool(settings.smtp_url)


class NotEmailed(StrEnum):
    """Why a client's email of a kind does not reach them."""

    NO_ADDRESS = "no_address"
    NOT_AGREED = "not_agreed"  # "Email this client" is off on the client's record
    UNSUBSCRIBED = "unsubscribed"  # the client turned the kind off
    NOT_CONFIGURED = "not_configured"  # queued, but this server sends no email


@dataclass(frozen=True)
class ClientEmailStatus:
    """Where a client's email of `kind` goes and, when it does not reach them, why."""

    kind: str
    address: str | None
    blocked_by: NotEmailed | None

    @property
    def will_email(self) -> bool:
        return self.blocked_by is None

    @property
    def queued(self) -> bool:
        """Whether the message is queued at all (it waits when the server sends no email)."""
        return self.blocked_by in (None, NotEmailed.NOT_CONFIGURED)

    @property
    def code(self) -> str:
        """What the API answers: "queued", or why not (a NotEmailed value)."""
        return "queued" if self.blocked_by is None else self.blocked_by.value

    def on(self, settings: Settings) -> "ClientEmailStatus":
        """The status on this server: a message it would send waits when it sends none."""
        if self.blocked_by is None and not email_set_up(settings):
            return replace(self, blocked_by=NotEmailed.NOT_CONFIGURED)
        return self


def client_email_status(
    session: Session, *, client: Client, kind: str, settings: Settings
) -> ClientEmailStatus:
    """Whether the client will be emailed `kind` (one of optouts.CLIENT_KINDS), and if not,
    the first reason: no address, "Email this client" off (automated kinds only), the kind
    turned off by the client, or no email set up on this server."""
    return consent(session, client=client, kind=kind).on(settings)


def consent(
    session: Session, *, client: Client, kind: str, address: str | None = None
) -> ClientEmailStatus:
    """What the client agreed to for `kind`, whatever the server: at `address` (default: where
    their email goes, optouts.client_address)."""
    address = address or client_address(session, client)
    blocked_by: NotEmailed | None = None
    if address is None:
        blocked_by = NotEmailed.NO_ADDRESS
    elif kind in AUTOMATED_KINDS and not client.may_email:
        blocked_by = NotEmailed.NOT_AGREED
    elif opted_out(session, client.id, kind):
        blocked_by = NotEmailed.UNSUBSCRIBED
    return ClientEmailStatus(kind=kind, address=address, blocked_by=blocked_by)
