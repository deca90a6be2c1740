"""full-text search: each database's own index over clients, goals, outcomes, sprints,
sessions and commitments

PostgreSQL: a generated `search_vector` tsvector column on each searched table (title weight A,
notes or description weight B) with a GIN index. Generated and STORED, it is current with its
row by construction, in the row's own transaction; adding it backfills every existing row.

SQLite: one FTS5 table, `search_index`, kept by triggers on each searched table (a trigger runs
in the transaction of the change that fires it, a foreign-key cascade's deletes included) and
backfilled here with one INSERT … SELECT per table.

Both use no language's stemming ('simple' on PostgreSQL, unicode61 on SQLite): coaches write in
many languages, and a word is found as written, in any case.

Revision ID: d4f8b2c6e1a3
Revises: c7e3a9d15f02
Create Date: 2026-12-01 11:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "d4f8b2c6e1a3"
down_revision: str | None = "c7e3a9d15f02"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> (the kind a search answer names, its title column, its notes/description column).
# Frozen here, as a migration's DDL must be; coachboard.search.index names the same objects.
SEARCHED = {
    "clients": ("client", "name", "notes"),
    "client_goals": ("goal", "title", "description"),
    "targets": ("target", "title", "description"),
    "sprints": ("sprint", "title", "description"),
    "coaching_sessions": ("session", "title", "notes"),
    "commitments": ("commitment", "title", "description"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        upgrade_postgresql()
    else:
        upgrade_sqlite()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in SEARCHED:
            op.execute(f"DROP INDEX ix_{table}_search_vector")
            op.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
    else:
        for table in SEARCHED:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER search_index_{table}_{event}")
        # Dropping the FTS5 table drops its shadow tables with it.
        op.execute("DROP TABLE search_index")


def upgrade_postgresql() -> None:
    for table, (_kind, title, body) in SEARCHED.items():
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
            f"setweight(to_tsvector('simple'::regconfig, coalesce({title}, '')), 'A') || "
            f"setweight(to_tsvector('simple'::regconfig, coalesce({body}, '')), 'B')"
            ") STORED"
        )
        op.execute(f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)")


def upgrade_sqlite() -> None:
    # record_id is indexed (not UNINDEXED) so that a trigger finds a record's row by MATCH, an
    # index lookup, rather than by scanning the whole table; searches name title and body only.
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, record_id, client_id UNINDEXED, title, body, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    for table, (kind, title, body) in SEARCHED.items():
        client_id = "id" if table == "clients" else "client_id"
        # The snippet marks matches with STX and ETX (coachboard.search.service): a stray one
        # in the text itself is left out of the copy the snippet is cut from.
        cleaned = f"replace(replace({{0}}.{body}, char(2), ''), char(3), '')"
        row = f"'{kind}', {{0}}.id, {{0}}.{client_id}, {{0}}.{title}, {cleaned}"
        insert = (
            f"INSERT INTO search_index (kind, record_id, client_id, title, body) VALUES ({row})"
        )
        remove = (
            "DELETE FROM search_index WHERE search_index MATCH 'record_id : \"' || OLD.id || '\"'"
        )
        op.execute(
            f"CREATE TRIGGER search_index_{table}_insert AFTER INSERT ON {table} "
            f"BEGIN {insert.format('NEW')}; END"
        )
        op.execute(
            f"CREATE TRIGGER search_index_{table}_update AFTER UPDATE OF {title}, {body} "
            f"ON {table} BEGIN {remove}; {insert.format('NEW')}; END"
        )
        op.execute(
            f"CREATE TRIGGER search_index_{table}_delete AFTER DELETE ON {table} "
            f"BEGIN {remove}; END"
        )
        op.execute(
            "INSERT INTO search_index (kind, record_id, client_id, title, body) "
            f"SELECT {row.format(table)} FROM {table}"
        )
