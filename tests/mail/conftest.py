"""A real SMTP server for the suite (aiosmtpd, on 127.0.0.1), and messages waiting to be sent."""

import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session

from coachboard.mail import outbox
from coachboard.models.accounts import User

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Inbox:
    """aiosmtpd's handler: keeps every message accepted, parsed by the standard email package;
    refuses the recipients it is told to, with a 550 as a real server does for a bad address,
    and puts off those it is told to, with a 450 as a busy mailbox does."""

    messages: list[EmailMessage] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)
    deferred: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.refused:
            return "550 5.1.1 No such user here"
        if address in self.deferred:
            return "450 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(
            envelope.original_content or envelope.content, policy=policy.default
        )
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def subjects(self) -> list[str]:
        return sorted(str(message["Subject"]) for message in self.messages)


@dataclass
class SmtpServer:
    inbox: Inbox
    port: int
    controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://{HOST}:{self.port}"

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname=HOST, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer(Inbox(), free_port())
    server.start()
    yield server
    server.stop()


def queue_message(
    db: Session,
    coach: User,
    *,
    due_at: datetime,
    recipient: str = "sam@example.com",
    subject: str = "Tomorrow: send the deck",
    kind: str = "commitment_reminder",
    record_id: uuid.UUID | None = None,
    calendar: str | None = None,
    unsubscribe_url: str | None = None,
) -> uuid.UUID:
    """Queue one message as the app would, committed; returns its record id."""
    record_id = record_id or uuid.uuid4()
    email = outbox.Email(
        recipient=recipient,
        subject=subject,
        text=f"{subject}\n",
        html=f"<p>{subject}</p>",
        calendar=calendar,
        unsubscribe_url=unsubscribe_url,
    )
    outbox.queue(
        db,
        [
            outbox.Queued(
                email=email,
                kind=kind,
                record_id=record_id,
                coach_id=coach.id,
                client_id=None,
                due_at=due_at,
            )
        ],
    )
    db.commit()
    return record_id
