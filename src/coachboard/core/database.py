"""Engine, sessions and the unit of work. SQLite gets foreign keys, WAL and real transactions."""

import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Engine, Table, any_, bindparam, create_engine, event, exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, CursorResult, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import Executable

from coachboard.core.files import create_private, sqlite_file

# An execution option: the transaction only reads, so SQLite need not take its write lock.
READ_ONLY = "coachboard_read_only"


class WriteInRead(RuntimeError):
    """A statement that changes data, run by a unit of work opened to read only (a GET's)."""


def create_db_engine(database_url: str, *, enforce_foreign_keys: bool = True) -> Engine:
    """An engine for the URL; on SQLite, foreign keys are enforced unless migrations ask not to.
    A statement that writes, run by a read-only unit of work, raises WriteInRead."""
    url = make_url(database_url)
    engine = _engine_for(url, enforce_foreign_keys)
    event.listen(engine, "before_cursor_execute", _refuse_writes_in_reads)
    return engine


def _refuse_writes_in_reads(
    _connection: Any, _cursor: Any, statement: str, _parameters: Any, context: Any, _many: bool
) -> None:
    # A read runs without a transaction on PostgreSQL (see reading): a write there would be
    # kept at once, whatever failed after it, so a read may not write at all.
    if context is None or not context.execution_options.get(READ_ONLY, False):
        return
    if context.isinsert or context.isupdate or context.isdelete:
        raise WriteInRead(statement)


def _engine_for(url: URL, enforce_foreign_keys: bool) -> Engine:
    # Enough connections for the requests the thread pool runs at once (40), so that a request
    # does not wait for a connection another holds between its steps; most of them kept open,
    # as a new PostgreSQL connection costs the server a process and its caches, and a burst of
    # requests past the pool's size closed and reopened its overflow every time.
    if url.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_size=30, max_overflow=10)
        _ping_after_idling(engine)
        return engine

    database_file = sqlite_file(url.database)
    if database_file is not None and database_file.parent.is_dir():
        # SQLite would create the file with the umask's mode (often world-readable), and gives
        # its -wal and -shm files the mode of the database file: create it owner-only first.
        create_private(database_file)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        pool_size=10,
        max_overflow=30,
    )

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
        # A writer's IMMEDIATE takes the write lock up front: two writers then queue behind
        # busy_timeout instead of one failing with "database is locked" when it upgrades a read
        # lock. A reader's DEFERRED takes no lock at all: in WAL mode it reads a snapshot while
        # a writer goes on.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN DEFERRED" if read_only else "BEGIN IMMEDIATE")

    return engine


# A pooled connection idle this long is pinged before use; a busy one is not.
IDLE_BEFORE_PING_SECONDS = 30.0


def _ping_after_idling(engine: Engine) -> None:
    """Ping a connection that sat in the pool a while before handing it out, and replace it
    when the server has gone away meanwhile (a restart, an idle timeout).

    SQLAlchemy's pool_pre_ping pings on every checkout: a round trip more for every request
    (an outcome's GET makes three). A connection used a moment ago is as alive as a ping would
    show; if the server restarts under load, the first statement to fail invalidates the whole
    pool, and the requests in flight at that moment fail with it."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("checked_in_at")
        if idle_since is None or time.monotonic() - idle_since < IDLE_BEFORE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool discards this connection and hands out another (a new one if need be).
            raise exc.DisconnectionError() from error


@lru_cache
def get_engine(database_url: str) -> Engine:
    return create_db_engine(database_url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@lru_cache(maxsize=16)
def reading(engine: Engine) -> Engine:
    """The engine as a read-only unit of work uses it (built once: building it costs).

    On PostgreSQL its statements run without a transaction around them. Under READ COMMITTED
    each statement reads its own snapshot anyway, so BEGIN and COMMIT bought a read nothing but
    two round trips. On SQLite a deferred transaction keeps one snapshot for all of them,
    takes no lock that a writer would wait for, and costs no round trip."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="AUTOCOMMIT", **{READ_ONLY: True})
    return engine.execution_options(**{READ_ONLY: True})


@contextmanager
def unit_of_work(engine: Engine, *, read_only: bool = False) -> Iterator[Session]:
    """One transaction, begun now: services join it, it commits once at the end or rolls back
    on any error. A read-only one takes no write lock on SQLite, waits on no BEGIN or COMMIT
    on PostgreSQL, and may not write (WriteInRead)."""
    bind = reading(engine) if read_only else engine
    with Session(bind, expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def transaction(session: Session) -> Iterator[Session]:
    """Join the caller's transaction (a request's unit of work), or begin one of its own for a
    caller that has none, such as a test."""
    if session.in_transaction():
        yield session
        return
    with session.begin():
        yield session


@contextmanager
def refusable(session: Session) -> Iterator[Session]:
    """A savepoint for a change that may be refused: a rule broken half-way leaves nothing
    written, while the request's transaction goes on to show the form again."""
    with session.begin_nested():
        yield session


def plain_rows(
    session: Session, statement: Executable, params: Mapping[str, Any] | None = None
) -> CursorResult[Any]:
    """A statement of plain columns (no ORM entities), run on the session's connection once
    the session's pending changes are flushed, as Session.execute would flush them. The ORM's
    execute path costs about 0.1 ms of CPU more a statement and gives such a statement nothing:
    on a hot read that is a tenth of the request."""
    session.flush()
    return session.connection().execute(statement, params)


def one_of(
    column: ColumnElement[Any],
    dialect: str,
    *,
    values: Sequence[Any] | None = None,
    name: str | None = None,
) -> ColumnElement[bool]:
    """`column` among the values (or among the list bound to `name` at execution). On
    PostgreSQL the list is one array parameter (= ANY): the statement's text stays the same
    whatever the list's length, so the driver converts it once, sends one parameter and the
    server prepares it once. Elsewhere an expanding IN."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, values, type_=postgresql.ARRAY(column.type)))
    return column.in_(bindparam(name, values, expanding=True))


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def upsert(session: Session, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT of this session's database that can say ON CONFLICT (both dialects can)."""
    dialect = postgresql if dialect_of(session) == "postgresql" else sqlite
    return dialect.insert(table)
