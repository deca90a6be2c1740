"""Connect to and wipe test databases; read back what a migration left: links in order,
metadata, columns, constraints, rows."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from coachboard.core.database import create_db_engine
from coachboard.core.migrations import current_revision
from tests.migrations import junction_tables

# target id -> the ids it links to, first link first (by created_at, then id)
LinksInOrder = dict[uuid.UUID, list[uuid.UUID]]


@contextmanager
def connect(database_url: str) -> Iterator[Engine]:
    """An engine as the app makes it (foreign keys on in SQLite), disposed afterwards.

    Callers keep each transaction short: a migration run in between needs the locks.
    """
    engine = create_db_engine(database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def wipe(database_url: str) -> None:
    """Drop every table, the migration history with them, whatever state a test left."""
    # Foreign keys off on SQLite: users and clients point at each other (users.client_id), so
    # no order of drops satisfies them, and a wiped database needs none.
    engine = create_db_engine(database_url, enforce_foreign_keys=False)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql("DROP SCHEMA public CASCADE")
                connection.exec_driver_sql("CREATE SCHEMA public")
                return
            # A virtual table (the FTS5 search index) first: dropping it drops its shadow
            # tables, which are not to be dropped one by one.
            virtual = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"
            ).scalars()
            for name in list(virtual):
                connection.exec_driver_sql(f'DROP TABLE "{name}"')
            for name in sa.inspect(connection).get_table_names():
                connection.exec_driver_sql(f'DROP TABLE "{name}"')
    finally:
        engine.dispose()


def revision_of(database_url: str) -> str | None:
    with connect(database_url) as engine:
        return current_revision(engine)


LINK_TABLES = {
    "target_goal_links": (junction_tables.target_goal_links, "goal_id"),
    "target_sprint_links": (junction_tables.target_sprint_links, "sprint_id"),
}


def links_in_order(connection: Connection, table: str) -> LinksInOrder:
    """The target -> goal or target -> sprint links of a junction table."""
    link, column = LINK_TABLES[table]
    rows = connection.execute(
        sa.select(link.c.target_id, link.c[column]).order_by(
            link.c.target_id, link.c.created_at, link.c.id
        )
    )
    links: LinksInOrder = {}
    for target_id, other_id in rows:
        links.setdefault(target_id, []).append(other_id)
    return links


def link_pairs(connection: Connection, table: str) -> set[tuple[uuid.UUID, uuid.UUID]]:
    return {
        (target_id, other_id)
        for target_id, other_ids in links_in_order(connection, table).items()
        for other_id in other_ids
    }


def metadata_by_id(connection: Connection, table: str) -> dict[uuid.UUID, dict[str, Any]]:
    """Every row's metadata document, by row id."""
    rows = connection.execute(
        sa.text(f"SELECT id, metadata FROM {table}").columns(
            id=sa.Uuid(), metadata=junction_tables.JSON_DOCUMENT
        )
    )
    return {row_id: document for row_id, document in rows}


def column_values(
    connection: Connection, table: str, *columns: str
) -> dict[uuid.UUID, tuple[uuid.UUID | None, ...]]:
    """The values of some id columns of every row, by row id."""
    typed = {column: sa.Uuid() for column in ("id", *columns)}
    rows = connection.execute(
        sa.text(f"SELECT id, {', '.join(columns)} FROM {table}").columns(**typed)
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def column_names(connection: Connection, table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(connection).get_columns(table)}


def is_nullable(connection: Connection, table: str, column: str) -> bool:
    columns = {column["name"]: column for column in sa.inspect(connection).get_columns(table)}
    return bool(columns[column]["nullable"])


class ForeignKey(NamedTuple):
    name: str | None
    columns: tuple[str, ...]
    referred_table: str
    referred_columns: tuple[str, ...]
    ondelete: str | None


def foreign_keys(connection: Connection, table: str) -> set[ForeignKey]:
    return {
        ForeignKey(
            name=key["name"],
            columns=tuple(key["constrained_columns"]),
            referred_table=key["referred_table"],
            referred_columns=tuple(key["referred_columns"]),
            ondelete=(key.get("options") or {}).get("ondelete"),
        )
        for key in sa.inspect(connection).get_foreign_keys(table)
    }


def schema_description(connection: Connection) -> dict[str, dict[str, Any]]:
    """Each table's columns, keys, constraints and indexes, in a comparable form.

    Column order is left out: PostgreSQL appends a column a downgrade adds back, which is
    harmless, while every other difference between two schemas shows here.
    """
    inspector = sa.inspect(connection)
    description: dict[str, dict[str, Any]] = {}
    for table in sorted(inspector.get_table_names()):
        columns = inspector.get_columns(table)
        description[table] = {
            "columns": sorted(
                (column["name"], str(column["type"]), bool(column["nullable"]))
                for column in columns
            ),
            "primary_key": inspector.get_pk_constraint(table)["constrained_columns"],
            "foreign_keys": sorted(foreign_keys(connection, table), key=repr),
            "unique": sorted(
                (constraint["name"], tuple(constraint["column_names"]))
                for constraint in inspector.get_unique_constraints(table)
            ),
            "indexes": sorted(
                (index["name"], tuple(index["column_names"]), bool(index["unique"]))
                for index in inspector.get_indexes(table)
            ),
        }
    return description


def every_row(connection: Connection) -> dict[str, list[str]]:
    """Every row of every table, as sorted text, to show that nothing at all changed."""
    metadata = sa.MetaData()
    metadata.reflect(connection)
    return {
        table.name: sorted(repr(tuple(row)) for row in connection.execute(sa.select(table)))
        for table in metadata.tables.values()
    }


def commitment_link_pairs(connection: Connection) -> set[tuple[uuid.UUID, uuid.UUID]]:
    link = junction_tables.commitment_target_links
    rows = connection.execute(sa.select(link.c.commitment_id, link.c.target_id))
    return {(commitment_id, target_id) for commitment_id, target_id in rows}


def table_names(connection: Connection) -> set[str]:
    return set(sa.inspect(connection).get_table_names())
