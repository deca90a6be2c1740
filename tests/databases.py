"""Fresh, empty databases for tests: SQLite files and PostgreSQL databases of their own.

Each PostgreSQL database gets a unique name, so test runs on one server never meet.
"""

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_URL_VARIABLE = "COACHBOARD_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")


def postgres_server_url() -> str | None:
    return os.environ.get(POSTGRES_URL_VARIABLE) or None


def require_backend(backend: str) -> None:
    """Skip a PostgreSQL test when no server is configured; in CI that is a failure."""
    if backend != "postgresql" or postgres_server_url():
        return
    reason = f"PostgreSQL half skipped: set {POSTGRES_URL_VARIABLE} to run it"
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (it is mandatory in CI)")
    pytest.skip(reason)


class DatabaseFactory:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.postgres_databases: list[str] = []

    def create(self, backend: str) -> str:
        """The URL of a new, empty database on the backend."""
        name = f"coachboard_test_{uuid.uuid4().hex[:12]}"
        if backend == "sqlite":
            return f"sqlite:///{self.directory / (name + '.db')}"
        server = make_url(postgres_server_url())
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.postgres_databases.append(name)
        return server.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if not self.postgres_databases:
            return
        admin = create_engine(make_url(postgres_server_url()), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in self.postgres_databases:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
