"""SMTP as mail providers run it: STARTTLS or TLS from the first byte, a password only over
TLS, and a certificate that is checked (a test CA from trustme stands in for a public one)."""

import ssl
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from pydantic import ValidationError
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coachboard.core.settings import Settings
from coachboard.mail.worker import run_pass
from coachboard.models.accounts import User
from coachboard.models.mail import OutboxMessage
from tests.mail.conftest import HOST, Inbox, free_port, queue_message

# Its servers are module fixtures: one pytest-xdist worker runs all its tests, starting them once.
pytestmark = pytest.mark.xdist_group("tests/mail/test_smtp_tls.py")

NOW = datetime(2026, 12, 3, 7, 0)


class Logins:
    """aiosmtpd's authenticator: takes one user and password, remembers who logged in."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        self.seen.append((login, password))
        return AuthResult(success=(login, password) == ("casey", "pa$s word"))


@pytest.fixture(scope="module")
def test_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def trusted(test_ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test CA as the machine's trust store, as a real CA would be."""
    bundle = tmp_path / "ca.pem"
    test_ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))


def server_context(test_ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    test_ca.issue_cert(HOST).configure_cert(context)
    return context


@pytest.fixture
def logins() -> Logins:
    return Logins()


def serving(inbox: Inbox, **options: object) -> Iterator[int]:
    port = free_port()
    controller = Controller(inbox, hostname=HOST, port=port, **options)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture
def starttls_port(test_ca: trustme.CA, logins: Logins) -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    options = {
        "tls_context": server_context(test_ca),
        "require_starttls": True,
        "authenticator": logins,
        "auth_require_tls": True,
    }
    for port in serving(inbox, **options):
        yield port, inbox


@pytest.fixture
def implicit_tls_port(test_ca: trustme.CA, logins: Logins) -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    options = {
        "ssl_context": server_context(test_ca),
        "authenticator": logins,
        "auth_require_tls": False,  # aiosmtpd cannot tell it is already inside TLS
    }
    for port in serving(inbox, **options):
        yield port, inbox


@pytest.fixture
def plain_port(logins: Logins) -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    for port in serving(inbox, authenticator=logins, auth_require_tls=False):
        yield port, inbox


def send_through(engine: Engine, settings: Settings, url: str, db: Session) -> OutboxMessage:
    run_pass(engine, settings.model_copy(update={"smtp_url": url}), now=NOW)
    db.expire_all()
    row = db.scalars(select(OutboxMessage)).one()
    db.commit()
    return row


@pytest.mark.usefixtures("trusted")
def test_starttls_then_login_then_send(
    engine: Engine,
    db: Session,
    settings: Settings,
    coach: User,
    starttls_port: tuple[int, Inbox],
    logins: Logins,
) -> None:
    port, inbox = starttls_port
    queue_message(db, coach, due_at=NOW)

    row = send_through(engine, settings, f"smtp://casey:pa%24s%20word@{HOST}:{port}", db)

    assert (row.state, row.last_error) == ("sent", "")
    assert logins.seen == [("casey", "pa$s word")]
    assert len(inbox.messages) == 1


@pytest.mark.usefixtures("trusted")
def test_tls_from_the_first_byte(
    engine: Engine,
    db: Session,
    settings: Settings,
    coach: User,
    implicit_tls_port: tuple[int, Inbox],
    logins: Logins,
) -> None:
    port, inbox = implicit_tls_port
    queue_message(db, coach, due_at=NOW)

    row = send_through(engine, settings, f"smtps://casey:pa%24s%20word@{HOST}:{port}", db)

    assert row.state == "sent"
    assert logins.seen == [("casey", "pa$s word")]
    assert len(inbox.messages) == 1


def test_a_password_is_never_sent_without_tls(
    engine: Engine,
    db: Session,
    settings: Settings,
    coach: User,
    plain_port: tuple[int, Inbox],
    logins: Logins,
) -> None:
    port, inbox = plain_port
    queue_message(db, coach, due_at=NOW)

    row = send_through(engine, settings, f"smtp://casey:pa%24s%20word@{HOST}:{port}", db)

    assert (row.state, row.attempts) == ("queued", 1)  # tried again later, as any failure
    assert "STARTTLS" in row.last_error
    assert logins.seen == []
    assert inbox.messages == []


def test_a_certificate_no_one_vouches_for_is_refused(
    engine: Engine,
    db: Session,
    settings: Settings,
    coach: User,
    implicit_tls_port: tuple[int, Inbox],
    logins: Logins,
) -> None:
    port, inbox = implicit_tls_port
    queue_message(db, coach, due_at=NOW)

    row = send_through(engine, settings, f"smtps://casey:pa%24s%20word@{HOST}:{port}", db)

    assert row.state == "queued"
    assert "CERTIFICATE_VERIFY_FAILED" in row.last_error
    assert (logins.seen, inbox.messages) == ([], [])


@pytest.mark.parametrize("url", ["http://mail.example.com", "smtp://", "mail.example.com:587"])
def test_an_smtp_url_that_names_no_server_is_refused_at_start(url: str) -> None:
    with pytest.raises(ValidationError, match="smtp_url"):
        Settings(smtp_url=url)
