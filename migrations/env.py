"""Alembic environment: the URL comes from coachboard's settings unless a caller passes a connection."""

from alembic import context
from sqlalchemy import Connection

from coachboard.core.database import create_db_engine
from coachboard.core.settings import get_settings
from coachboard.models import Base
from coachboard.search.index import is_search_index

config = context.config
target_metadata = Base.metadata


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    # The full-text index lives outside the models, one half per database (search/index.py).
    return not is_search_index(name, type_)


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        # Our SQLite connections begin real transactions (core/database.py), so a run of
        # several revisions commits or rolls back as one, as it does on PostgreSQL.
        transactional_ddl=True,
        compare_server_default=False,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()
        if connection.dialect.name == "sqlite":
            # Foreign keys are off while tables are rebuilt; prove nothing dangles before commit.
            dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if dangling:
                raise RuntimeError(f"migration left dangling foreign keys: {dangling[:10]}")


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    url = config.attributes.get("database_url") or get_settings().database_url
    # SQLite rebuilds a table to alter it (batch mode); with foreign keys on, dropping the old
    # copy would cascade-delete every link that points at it.
    engine = create_db_engine(url, enforce_foreign_keys=False)
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                # A bulk copy into tables keyed by random UUIDs thrashes SQLite's default 2 MiB
                # page cache; 1 GiB keeps the indexes of a million outcomes in memory.
                connection.exec_driver_sql("PRAGMA cache_size=-1048576")
            run_on(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("coachboard migrations run against a live database only.")
run_migrations_online()
