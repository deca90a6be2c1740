"""Sending through SMTP: the message a row of the outbox becomes, and the connection it takes.

COACHBOARD_SMTP_URL names the server: smtp://user:pass@host:587 upgrades to TLS with STARTTLS
(and refuses to send a password over a connection that could not be upgraded), smtps://…:465
speaks TLS from the first byte. The standard library's smtplib does the talking.
"""

import re
import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from types import TracebackType
from typing import Literal, Self
from urllib.parse import unquote, urlsplit

from coachboard.core.schemas import NOT_ONE_LINE
from coachboard.models.mail import OutboxMessage

SEND_TIMEOUT_SECONDS = 20
_METHOD = re.compile(r"^METHOD:(\w+)", re.MULTILINE)


class PermanentFailure(Exception):
    """Retrying will not help: the server refused the message for good (a 5xx answer), or its
    sender's or recipient's address holds a control character or line break."""


def build(row: OutboxMessage, *, sender: str, now: datetime) -> EmailMessage:
    """The email a row stands for: plain text with an HTML alternative, the invitation
    attached, the one-click opt-out in its headers. Its Message-ID is the row's, so a message
    sent again after a lost acknowledgement is recognisably the same one. Its subject and
    display names hold no control character or line break (each is made a space); an address
    holding one raises PermanentFailure."""
    message = EmailMessage()
    message["From"] = _mailbox(sender, "sender")
    message["To"] = _mailbox(row.recipient, "recipient")
    message["Subject"] = NOT_ONE_LINE.sub(" ", row.subject)
    message["Date"] = format_datetime(now.replace(tzinfo=UTC))
    domain = parseaddr(sender)[1].rpartition("@")[2] or "coachboard"
    message["Message-ID"] = f"<{row.id}@{domain}>"
    if row.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{row.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(row.body_text)
    message.add_alternative(row.body_html, subtype="html")
    if row.calendar:
        method = _METHOD.search(row.calendar)
        message.add_attachment(
            row.calendar.encode(),
            maintype="text",
            subtype="calendar",
            filename="invite.ics",
            params={"method": method.group(1) if method else "PUBLISH"},
        )
    return message


def _mailbox(value: str, role: Literal["sender", "recipient"]) -> str:
    """value (an address, perhaps after a display name) fit for a header: every control
    character and line break made a space. That mends a display name but not an address, which
    could then reach someone else: when the address read from the mended value is not in value
    as it was written, one was in the address, and PermanentFailure is raised."""
    mended = NOT_ONE_LINE.sub(" ", value)
    address = parseaddr(mended)[1]
    if not address or address not in value:
        raise PermanentFailure(
            f"no {role} address without control characters or line breaks in {value!r}"
        )
    return mended


class Mailer:
    """One SMTP connection, opened on entry and closed on exit, for a batch of messages."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)  # checked by Settings: smtp:// or smtps:// with a host
        self.implicit_tls = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or (465 if self.implicit_tls else 587)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.connection: smtplib.SMTP | None = None

    def __enter__(self) -> Self:
        context = ssl.create_default_context()
        if self.implicit_tls:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=SEND_TIMEOUT_SECONDS, context=context
            )
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=SEND_TIMEOUT_SECONDS)
        self.connection = connection
        connection.ehlo()
        if not self.implicit_tls and connection.has_extn("starttls"):
            connection.starttls(context=context)
            connection.ehlo()
        elif not self.implicit_tls and self.username:
            raise smtplib.SMTPNotSupportedError(
                "the server offers no STARTTLS: the password is not sent in clear"
            )
        if self.username:
            connection.login(self.username, self.password or "")
        return self

    def send(self, message: EmailMessage) -> None:
        assert self.connection is not None
        try:
            self.connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as refused:
            codes = [code for code, _ in refused.recipients.values()]
            if all(500 <= code < 600 for code in codes):
                raise PermanentFailure(str(refused.recipients)) from refused
            raise
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as refused:
            if 500 <= refused.smtp_code < 600:
                raise PermanentFailure(f"{refused.smtp_code} {refused.smtp_error!r}") from refused
            raise

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
