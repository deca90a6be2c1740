"""Fixtures shared by the whole suite. Every database test runs on SQLite and PostgreSQL."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.accounts.models import User
from coachboard.core import migrations
from coachboard.core.database import get_engine, session_factory
from coachboard.core.settings import Settings
from coachboard.main import create_app
from coachboard.models import Base
from tests.databases import BACKENDS, DatabaseFactory, require_backend


@pytest.fixture(scope="session")
def database_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    require_backend(request.param)
    return request.param


@pytest.fixture(scope="session")
def database_url(backend: str, database_factory: DatabaseFactory) -> str:
    """A database of the backend, migrated to head once per test run."""
    url = database_factory.create(backend)
    migrations.upgrade(url, "head")
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = get_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session on the migrated database; every table is emptied after the test."""
    with session_factory(engine)() as session:
        yield session
    empty_all_tables(engine)


def empty_all_tables(engine: Engine) -> None:
    tables = [table.name for table in Base.metadata.sorted_tables]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
        else:
            for table in reversed(tables):
                connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, secret_key="test-secret")


@pytest.fixture
def app(settings: Settings, db: Session) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def coach(db: Session) -> User:
    return accounts.create(
        db, email="coach@example.com", name="Casey Coach", password="s3cret-pass-42"
    )


@pytest.fixture
def other_coach(db: Session) -> User:
    return accounts.create(
        db, email="other@example.com", name="Olive Other", password="s3cret-pass-42"
    )


def authenticated(app: FastAPI, db: Session, user: User) -> TestClient:
    """A client with a token already in use: its first use's bookkeeping write (see
    tests/accounts/test_token_bookkeeping.py) is behind it, so statement counts see the
    request alone."""
    token = accounts.create_token(db, user=user, name="tests")
    test_client = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert test_client.get("/api/v1/clients").status_code == 200
    return test_client


@pytest.fixture
def api(app: FastAPI, db: Session, coach: User) -> Iterator[TestClient]:
    """The JSON API as the coach."""
    with authenticated(app, db, coach) as test_client:
        yield test_client


@pytest.fixture
def other_api(app: FastAPI, db: Session, other_coach: User) -> Iterator[TestClient]:
    """The JSON API as a second coach, who must never see the first coach's data."""
    with authenticated(app, db, other_coach) as test_client:
        yield test_client
