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
from typing import Self
from urllib.parse import unquote, urlsplit

from coachboard.models.mail import OutboxMessage

SEND_TIMEOUT_SECONDS = 20
_METHOD = re.compile(r"^METHOD:(\w+)", re.MULTILINE)


class PermanentFailure(Exception):
    """The server refused the message for good (a 5xx answer): retrying will not help."""


def build(row: OutboxMessage, *, sender: str, now: datetime) -> EmailMessage:
    """The email a row stands for: plain text with an HTML alternative, the invitation
    attached, the one-click opt-out in its headers. Its Message-ID is the row's, so a message
    sent again after a lost acknowledgement is recognisably the same one."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.recipient
    message["Subject"] = row.subject
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
