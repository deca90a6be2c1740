"""Fixtures shared by the whole suite. Every database test runs on SQLite and PostgreSQL."""

import functools
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.core import migrations, security
from coachboard.core.database import get_engine, session_factory
from coachboard.core.settings import Settings
from coachboard.listeners import install_listeners
from coachboard.main import create_app
from coachboard.models import Base
from coachboard.models.accounts import User
from tests.databases import BACKENDS, DatabaseFactory, require_backend


class PasswordHasherOncePerPassword(PasswordHasher):
    """Production Argon2 (64 MiB, 3 passes), but each distinct password is hashed once per run:
    hashing cost 166-372 ms in every test that makes an account. Verifying stays real, so
    signing in costs what it costs in production and a wrong password is still refused."""

    @functools.cache  # noqa: B019 — one instance per run, kept for the whole run on purpose
    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        return super().hash(password, salt=salt)


@pytest.fixture(scope="session", autouse=True)
def _listeners_installed() -> None:
    """As the composition roots do: tests call services without an app or the CLI."""
    install_listeners()


@pytest.fixture(scope="session", autouse=True)
def _each_password_hashed_once() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(security, "_hasher", PasswordHasherOncePerPassword())
        yield


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


# Children before parents, so no row is left pointing at a deleted one. DELETE, not TRUNCATE:
# on tables this small PostgreSQL deletes in 4-8 ms what TRUNCATE … CASCADE takes 145-620 ms
# to do (it rewrites every table's files).
_EMPTY_ALL_TABLES = [f"DELETE FROM {table.name}" for table in reversed(Base.metadata.sorted_tables)]


def empty_all_tables(engine: Engine) -> None:
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # One round trip: psycopg sends a query without parameters as one simple query.
            connection.exec_driver_sql("; ".join(_EMPTY_ALL_TABLES))
        else:
            for statement in _EMPTY_ALL_TABLES:
                connection.exec_driver_sql(statement)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, secret_key="test-secret")


@pytest.fixture(scope="session")
def apps_by_settings() -> dict[str, FastAPI]:
    return {}


@pytest.fixture
def app(settings: Settings, db: Session, apps_by_settings: dict[str, FastAPI]) -> FastAPI:
    """The app of these settings, made once per run. FastAPI builds a route's dependencies the
    first time an app matches it: when every test made its own app, that was a third of a page
    test's time. The app keeps no state of its own between requests (design: sessions, throttles
    and the outbox live in the database), so tests can share it."""
    key = settings.model_dump_json()
    if key not in apps_by_settings:
        apps_by_settings[key] = create_app(settings)
    return apps_by_settings[key]


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
