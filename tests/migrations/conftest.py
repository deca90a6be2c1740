"""Fixtures for migration tests: every test starts from an empty database, per backend.

Creating and dropping a PostgreSQL database costs about a second, so tests take turns on one
database per backend, wiped before each, instead of creating one each.

pytest-alembic's built-in tests (test_alembic_builtins.py) take their database from
`alembic_engine` and their Alembic configuration from `alembic_config`, both defined here.
"""

from collections.abc import Iterator

import pytest
from alembic.config import Config
from sqlalchemy import Connection

from coachboard.core import migrations
from coachboard.core.database import create_db_engine
from tests.databases import DatabaseFactory
from tests.migrations.inspection import wipe


@pytest.fixture(scope="session")
def scratch_database_url(backend: str, database_factory: DatabaseFactory) -> str:
    """The database of the backend that migration tests take turns on."""
    return database_factory.create(backend)


@pytest.fixture
def empty_database_url(scratch_database_url: str) -> str:
    """The scratch database with no tables at all."""
    wipe(scratch_database_url)
    return scratch_database_url


@pytest.fixture
def alembic_config(empty_database_url: str) -> Config:
    """coachboard's own Alembic configuration, wherever pytest runs from."""
    return migrations.alembic_config(empty_database_url)


@pytest.fixture
def alembic_engine(empty_database_url: str) -> Iterator[Connection]:
    """The connection pytest-alembic migrates through; migrations/env.py takes it as it is.

    A connection rather than an engine, because env.py runs the migrations on the connection
    it is given. On SQLite foreign keys stay off, as they do for every migration: batch mode
    rebuilds a table by dropping it, which would otherwise cascade into its links.
    """
    engine = create_db_engine(empty_database_url, enforce_foreign_keys=False)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()
