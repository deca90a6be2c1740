"""Engine and session factory. SQLite gets foreign keys, WAL and real transactions."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def create_db_engine(database_url: str, *, enforce_foreign_keys: bool = True) -> Engine:
    """An engine for the URL; on SQLite, foreign keys are enforced unless migrations ask not to."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _configure_sqlite(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin, so that DDL
        # and DML of one migration or one request commit or roll back together.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # ON DELETE CASCADE does nothing in SQLite unless foreign keys are switched on.
        cursor.execute(f"PRAGMA foreign_keys={'ON' if enforce_foreign_keys else 'OFF'}")
        if url.database and url.database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        # IMMEDIATE takes the write lock up front: two writers then queue behind busy_timeout
        # instead of one failing with "database is locked" when it upgrades a read lock.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@lru_cache
def get_engine(database_url: str) -> Engine:
    return create_db_engine(database_url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose transaction commits on success and rolls back on any error."""
    with session_factory(engine)() as session, session.begin():
        yield session


@contextmanager
def transaction(session: Session) -> Iterator[Session]:
    """Begin a transaction, or join the caller's: services can call services."""
    if session.in_transaction():
        yield session
        return
    with session.begin():
        yield session
