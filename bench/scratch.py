"""Scratch databases for the benchmarks: a temporary SQLite file or PostgreSQL database."""

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url


@contextmanager
def temporary_database(backend: str, postgres_url: str | None) -> Iterator[str]:
    """A new empty database of the backend, removed afterwards whatever happens."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="coachboard-bench-") as directory:
            yield f"sqlite:///{Path(directory) / 'bench.db'}"
        return
    server = make_url(postgres_url)
    name = f"coachboard_bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()
