"""Fixtures of the mail tests (imported by the test modules that use them)."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.core.database import session_factory
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.mail import OutboxMessage
from tests.web.conftest import browser_for, pages

__all__ = ["pages"]


@pytest.fixture
def sam(db: Session, coach: User) -> Client:
    """The coach's client Sam, with an email, who agreed to be emailed."""
    fields = ClientCreate(name="Sam Rivera", email="sam@example.com", may_email=True)
    return clients.create(db, coach=coach, fields=fields)


@pytest.fixture
def noor(db: Session, coach: User) -> Client:
    """Another client of the same coach, who agreed to be emailed too."""
    fields = ClientCreate(name="Noor Next", email="noor@example.com", may_email=True)
    return clients.create(db, coach=coach, fields=fields)


@pytest.fixture
def mail_client(app: FastAPI) -> Iterator[TestClient]:
    """A mail client following a link: no cookies, no CSRF token, no redirects followed."""
    with TestClient(app, follow_redirects=False) as client:
        yield client


@pytest.fixture
def fresh_browser(app: FastAPI) -> Iterator[TestClient]:
    with browser_for(app) as browser:
        yield browser


def queued(engine: Engine, kind: str) -> list[OutboxMessage]:
    """The outbox's messages of a kind, read in a session of their own (the app may be
    writing: the test's own session must not hold SQLite's lock)."""
    with session_factory(engine)() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.kind == kind)
            .order_by(OutboxMessage.created_at)
        ).all()
        session.expunge_all()
        return list(rows)
