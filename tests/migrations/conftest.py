"""Fixtures for migration tests: every test gets an empty database of its own, per backend.

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


@pytest.fixture
def empty_database_url(backend: str, database_factory: DatabaseFactory) -> str:
    """The URL of a new database of the backend with no tables at all."""
    return database_factory.create(backend)


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
