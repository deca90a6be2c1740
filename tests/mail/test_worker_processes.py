"""The worker as operators run it, as processes: `coachboard worker` side by side, killed in
the middle, and inside `coachboard serve`; and the outbox read from the shell."""

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.servers import COACHBOARD, ROOT, running
from coachboard.models.accounts import User
from coachboard.models.mail import OutboxMessage
from tests.mail.conftest import HOST, SmtpServer, queue_message

NOW = datetime(2026, 12, 3, 7, 0)


def worker(database_url: str, smtp_url: str | None, *arguments: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        "COACHBOARD_DATABASE_URL": database_url,
        "COACHBOARD_SECRET_KEY": "test-secret",
        "COACHBOARD_MAIL_FROM": "coachboard <mail@coach.example>",
    }
    environment.pop("COACHBOARD_SMTP_URL", None)
    if smtp_url:
        environment["COACHBOARD_SMTP_URL"] = smtp_url
    return subprocess.Popen(
        [str(COACHBOARD), *arguments],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen) -> str:
    output, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors
    return output


def one_pass(database_url: str, smtp_url: str | None, now: datetime) -> str:
    return finished(worker(database_url, smtp_url, "worker", "--once", "--now", now.isoformat()))


def states(db: Session) -> list[tuple[str, int]]:
    db.expire_all()
    found = [(row.state, row.attempts) for row in db.scalars(select(OutboxMessage))]
    db.commit()
    return sorted(found)


@pytest.fixture
def tarpit() -> Iterator[str]:
    """An SMTP address that takes the connection and never says a word: a worker sending
    there hangs, as one would with a server that stopped answering."""
    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen(8)
        yield f"smtp://{HOST}:{listener.getsockname()[1]}"


def test_two_workers_side_by_side_send_each_message_once(
    database_url: str, db: Session, coach: User, smtp_server: SmtpServer
) -> None:
    count = 60
    for number in range(count):
        queue_message(db, coach, due_at=NOW, subject=f"{number:02}")

    workers = [
        worker(database_url, smtp_server.url, "worker", "--once", "--now", NOW.isoformat())
        for _ in range(2)
    ]
    outputs = [finished(process) for process in workers]

    assert smtp_server.inbox.subjects() == [f"{number:02}" for number in range(count)]
    sent = [int(output.split()[1].rstrip(",")) for output in outputs]
    assert sum(sent) == count
    assert states(db) == [("sent", 1)] * count


def test_a_worker_killed_between_claim_and_send_loses_nothing_and_sends_once(
    database_url: str, db: Session, coach: User, smtp_server: SmtpServer, tarpit: str
) -> None:
    queue_message(db, coach, due_at=NOW)
    hung = worker(database_url, tarpit, "worker", "--once", "--now", NOW.isoformat())
    deadline = time.monotonic() + 30
    while not db.scalar(select(OutboxMessage.claimed_by)):
        db.commit()
        assert time.monotonic() < deadline, "the worker never claimed the message"
        time.sleep(0.1)
    hung.send_signal(signal.SIGKILL)
    hung.wait(timeout=10)
    db.commit()

    one_pass(database_url, smtp_server.url, NOW + timedelta(minutes=1))
    assert smtp_server.inbox.messages == []  # still claimed by the dead worker
    one_pass(database_url, smtp_server.url, NOW + timedelta(minutes=6))
    one_pass(database_url, smtp_server.url, NOW + timedelta(minutes=20))

    assert len(smtp_server.inbox.messages) == 1
    assert states(db) == [("sent", 1)]


def test_without_smtp_the_outbox_is_read_from_the_shell(
    database_url: str, db: Session, coach: User
) -> None:
    queue_message(db, coach, due_at=NOW, subject="Tomorrow: send the deck")
    [message_id] = db.scalars(select(OutboxMessage.id))
    db.commit()

    one_pass(database_url, None, NOW)
    listed = finished(worker(database_url, None, "mail", "list"))
    shown = finished(worker(database_url, None, "mail", "show", str(message_id)))

    assert str(message_id) in listed
    assert "queued" in listed
    assert "Tomorrow: send the deck" in listed
    assert shown.startswith("State: queued (attempts 0)")
    assert "Subject: Tomorrow: send the deck" in shown
    assert "To: sam@example.com" in shown
    assert states(db) == [("queued", 0)]


def test_mail_show_of_an_unknown_message_says_so(database_url: str, db: Session) -> None:
    process = worker(database_url, None, "mail", "show", "0b8f3f9e-0000-4000-8000-000000000000")
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "message" in errors.lower()


@pytest.mark.parametrize(("options", "sends"), [((), True), (("--no-worker",), False)])
def test_serve_runs_the_worker_unless_told_not_to(
    database_url: str,
    db: Session,
    coach: User,
    smtp_server: SmtpServer,
    tmp_path: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    options: tuple[str, ...],
    sends: bool,
) -> None:
    queue_message(db, coach, due_at=datetime(2020, 1, 1))
    monkeypatch.setenv("COACHBOARD_SMTP_URL", smtp_server.url)
    monkeypatch.setenv("COACHBOARD_WORKER_POLL_SECONDS", "0.2")
    command = [str(COACHBOARD), "serve", "--host", HOST, *options]

    with running("coachboard", command, database_url, tmp_path, workers=1):
        deadline = time.monotonic() + (15 if sends else 3)
        while not smtp_server.inbox.messages and time.monotonic() < deadline:
            time.sleep(0.1)

    assert len(smtp_server.inbox.messages) == (1 if sends else 0)
