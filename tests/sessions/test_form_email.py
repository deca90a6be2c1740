"""The session form says whether the client will be emailed about the session, on a server
that sends email."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.core.settings import Settings
from coachboard.models.accounts import User
from coachboard.models.mail import EmailOptOut
from tests.sessions.test_form import email_status
from tests.web.conftest import pages

__all__ = ["pages"]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A server with an SMTP server set up (nothing is sent: no worker runs)."""
    return settings.model_copy(update={"smtp_url": "smtp://mail.example.com:2525"})


def status_line(pages: TestClient, db: Session, coach: User, **fields: object) -> str:
    client = clients.create(db, coach=coach, fields=ClientCreate(name="Elena", **fields))
    db.commit()
    return email_status(pages.get(f"/clients/{client.id}/sessions/new").text)


def test_a_client_who_agreed_will_get_an_invitation(
    db: Session, coach: User, pages: TestClient
) -> None:
    line = status_line(pages, db, coach, email="elena@example.com", may_email=True)

    assert line == "Elena will get an invitation by email for a session still to come."


def test_a_client_who_did_not_agree_or_has_no_address_is_not_emailed(
    db: Session, coach: User, pages: TestClient
) -> None:
    not_agreed = status_line(pages, db, coach, email="elena@example.com")
    no_address = status_line(pages, db, coach, may_email=True)

    assert not_agreed == "Elena is not emailed: turn on “Email this client” on their record."
    assert no_address == "Elena is not emailed: their record has no email address."


def test_a_client_who_unsubscribed_is_said_to_have(
    db: Session, coach: User, pages: TestClient
) -> None:
    fields = ClientCreate(name="Elena", email="elena@example.com", may_email=True)
    client = clients.create(db, coach=coach, fields=fields)
    db.add(EmailOptOut(client_id=client.id, kind="session_invitation"))
    db.commit()

    line = email_status(pages.get(f"/clients/{client.id}/sessions/new").text)

    assert line == "Elena has unsubscribed from session emails."
