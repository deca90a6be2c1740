"""The worker: plan what has come due, then send what waits in the outbox.

Every step is a row in the database, so any number of workers (processes, machines, the
thread `coachboard serve` runs) share the work and none of it lives only in memory:
- a pass first plans the scheduled messages that are due (mail.planner), one transaction;
- it claims a few due rows at a time (claimed_by, claimed_until), one short transaction; on
  PostgreSQL FOR UPDATE SKIP LOCKED lets workers claim side by side, SQLite's single writer
  serialises the claim;
- it sends each and records the outcome in its own transaction right after, so a message is
  marked sent as soon as the server took it. A worker killed before that leaves a claim that
  expires (settings.worker_claim_seconds); the message is then claimed and sent again. Only a
  kill in the instant between the server's "250 OK" and the commit can send one twice; its
  Message-ID is the same both times, so mail clients show one.
A failed attempt is retried with doubling waits (1 min … 1 h) until 24 h after the message's
due moment, then the message is marked failed, and the coach sees it. A message the server
refuses for good (5xx), or that cannot be built (an address with a line break in it), is marked
failed at once, with its reason. Whatever goes wrong with one message, the pass goes on with
the others.
"""

import logging
import smtplib
import threading
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, or_, select, update
from sqlalchemy.orm import Session

from coachboard.core.database import unit_of_work
from coachboard.core.models import utcnow
from coachboard.core.settings import Settings
from coachboard.mail import planner
from coachboard.mail.smtp import Mailer, build
from coachboard.models.mail import OutboxMessage

logger = logging.getLogger(__name__)

# Few at a time: every claimed message must be sent well within its claim, even at
# SEND_TIMEOUT_SECONDS per message.
CLAIM_BATCH = 10
GIVE_UP_AFTER = timedelta(hours=24)
# A kind that is no use late: given up this long after its due moment, sent or not. A morning
# summary arriving in the afternoon would be wrong about the day.
SEND_BY = {planner.DIGEST: planner.DIGEST_LATE_AFTER}
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)


@dataclass
class PassReport:
    """What one pass did: how many messages were sent, put back for a retry, given up."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def retry_delay(attempts: int) -> timedelta:
    """1 min after the first failure, doubling, never more than an hour."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)


def claim(
    session: Session, *, worker: uuid.UUID, now: datetime, lease: timedelta
) -> list[OutboxMessage]:
    """Claim up to CLAIM_BATCH due messages no live claim holds, oldest due first."""
    due = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.state == "queued",
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now),
        )
        .order_by(OutboxMessage.next_attempt_at)
        .limit(CLAIM_BATCH)
        .with_for_update(skip_locked=True)
    )
    claimed = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()))
        .values(claimed_by=worker, claimed_until=now + lease)
        .returning(OutboxMessage)
    )
    rows = list(session.scalars(claimed, execution_options={"synchronize_session": False}))
    return sorted(rows, key=lambda row: row.next_attempt_at)


def _settle(engine: Engine, row: OutboxMessage, worker: uuid.UUID, values: dict) -> None:
    """Record a message's outcome, if this worker's claim on it still stands."""
    with unit_of_work(engine) as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id, OutboxMessage.claimed_by == worker)
            .values(
                claimed_by=None, claimed_until=None, attempts=OutboxMessage.attempts + 1, **values
            ),
            execution_options={"synchronize_session": False},
        )


class TooLate(Exception):
    """A message whose moment has passed (SEND_BY): given up rather than sent."""


def _send_by(row: OutboxMessage) -> timedelta:
    return SEND_BY.get(row.kind, GIVE_UP_AFTER)


def _too_late(row: OutboxMessage, now: datetime) -> bool:
    """Past its kind's SEND_BY; any other message is tried at least once, however late."""
    return row.kind in SEND_BY and now - row.due_at > SEND_BY[row.kind]


def _failure(row: OutboxMessage, error: Exception, now: datetime, *, permanent: bool) -> dict:
    attempts = row.attempts + 1
    message = f"{type(error).__name__}: {error}"[:1000]
    if permanent or now - row.due_at >= _send_by(row):
        return {"state": "failed", "last_error": message}
    return {"last_error": message, "next_attempt_at": now + retry_delay(attempts)}


def send_due(engine: Engine, settings: Settings, now: datetime, report: PassReport) -> None:
    """Claim and send batches until nothing due is left unclaimed."""
    worker = uuid.uuid4()
    lease = timedelta(seconds=settings.worker_claim_seconds)
    while True:
        with unit_of_work(engine) as session:
            batch = claim(session, worker=worker, now=now, lease=lease)
        if not batch:
            return
        try:
            with Mailer(settings.smtp_url or "") as mailer:
                for row in batch:
                    _send_one(engine, mailer, row, worker, settings.mail_from, now, report)
        except (smtplib.SMTPException, OSError) as error:
            # The connection failed (or broke): what this batch did not settle is retried.
            for row in batch:
                _settle_unsent(engine, row, worker, error, now, report)


def _send_one(
    engine: Engine,
    mailer: Mailer,
    row: OutboxMessage,
    worker: uuid.UUID,
    sender: str,
    now: datetime,
    report: PassReport,
) -> None:
    """Build and send one claimed message and record how it went, whatever went wrong with
    it; only a connection that broke is left to the caller, for the rest of the batch."""
    try:
        if _too_late(row, now):
            raise TooLate(
                f"not sent {_send_by(row) / timedelta(hours=1):g} h after its moment: out of date"
            )
        mailer.send(build(row, sender=sender, now=now))
    except smtplib.SMTPServerDisconnected:
        raise
    except smtplib.SMTPException as error:
        # The server's answer about this message alone (4xx): retried later, and the
        # connection goes on to the next message.
        values = _failure(row, error, now, permanent=False)
    except OSError:
        # The connection broke (a timeout, a reset). SMTPException is an OSError too: this
        # clause must come after it.
        raise
    except Exception as error:
        # Refused for good (PermanentFailure), or the message cannot be built or serialised (a
        # header no email may hold): every attempt would end the same.
        values = _failure(row, error, now, permanent=True)
    else:
        values = {"state": "sent", "sent_at": now, "last_error": ""}
    _settle(engine, row, worker, values)
    _count(report, values)
    row.claimed_by = None  # settled: a connection error after this leaves it alone


def _settle_unsent(
    engine: Engine,
    row: OutboxMessage,
    worker: uuid.UUID,
    error: Exception,
    now: datetime,
    report: PassReport,
) -> None:
    if row.claimed_by is None:
        return
    values = _failure(row, error, now, permanent=False)
    _settle(engine, row, worker, values)
    _count(report, values)


def _count(report: PassReport, values: dict) -> None:
    state = values.get("state")
    if state == "sent":
        report.sent += 1
        return
    if state == "failed":
        report.failed += 1
    else:
        report.retried += 1
    report.errors.append(values["last_error"])


def run_pass(engine: Engine, settings: Settings, *, now: datetime | None = None) -> PassReport:
    """One pass at a moment (default: now, naive UTC): plan, then send what is due. Without
    an SMTP server configured, messages are planned and wait in the outbox, unsent."""
    now = now or utcnow()
    with unit_of_work(engine) as session:
        planner.plan(session, now)
    report = PassReport()
    if settings.smtp_url:
        send_due(engine, settings, now, report)
    return report


class BackgroundWorker:
    """The worker as a thread of the web server's process (`coachboard serve`'s default)."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, name="coachboard-worker", daemon=True)

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                run_pass(self.engine, self.settings)
            except Exception:  # a bad pass must not end the worker: log it, try again later
                logger.exception("worker pass failed")
            self.stopping.wait(self.settings.worker_poll_seconds)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=30)


def worker_alongside(
    engine: Engine, settings: Settings
) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """The web app's lifespan: with settings.run_worker, a BackgroundWorker runs while it does."""

    @asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        if not settings.run_worker:
            yield
            return
        worker = BackgroundWorker(engine, settings)
        worker.start()
        try:
            yield
        finally:
            worker.stop()

    return lifespan
