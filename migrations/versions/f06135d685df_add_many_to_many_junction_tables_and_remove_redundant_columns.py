"""add many-to-many junction tables and remove redundant columns

Outcomes (targets) link to goals and sprints through target_goal_links and target_sprint_links;
sprints and commitments lose their direct goal/sprint columns. The old direct links of sprints
and commitments are kept in their metadata (legacy_goal_id, legacy_sprint_id) for review.

The round trip is lossless: downgrade keeps the links the old schema cannot hold (a target's
second and later goals and sprints) in the target's metadata as extra_goal_ids and
extra_sprint_ids, and upgrade turns them back into links. All data moves in set-based SQL.

Revision ID: f06135d685df
Revises: 5b7a1c2e9d40
Create Date: 2025-11-13 10:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "f06135d685df"
down_revision: str | None = "5b7a1c2e9d40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (link table, its second column, the table that column points at, the old targets column,
#  the metadata key that holds the links the old column cannot)
TARGET_LINKS = (
    ("target_goal_links", "goal_id", "client_goals", "uq_target_goal", "extra_goal_ids"),
    ("target_sprint_links", "sprint_id", "sprints", "uq_target_sprint", "extra_sprint_ids"),
)
# (table, old column, the table it pointed at, the metadata key that keeps it)
LEGACY_COLUMNS = (
    ("commitments", "goal_id", "client_goals", "legacy_goal_id"),
    ("commitments", "sprint_id", "sprints", "legacy_sprint_id"),
    ("sprints", "goal_id", "client_goals", "legacy_goal_id"),
)
REFUSAL_LIST_LIMIT = 20


class Dialect:
    """The few SQL fragments that differ between PostgreSQL and SQLite."""

    def __init__(self, name: str) -> None:
        self.postgres = name == "postgresql"

    def new_uuid(self) -> str:
        if self.postgres:
            return "gen_random_uuid()"
        # A version-4 UUID as the 32 hex digits SQLAlchemy's Uuid type stores on SQLite.
        return (
            "lower(hex(randomblob(4)) || hex(randomblob(2)) || '4' || "
            "substr(hex(randomblob(2)), 2) || substr('89ab', 1 + abs(random()) % 4, 1) || "
            "substr(hex(randomblob(2)), 2) || hex(randomblob(6)))"
        )

    def uuid_text(self, column: str) -> str:
        """The canonical string form (8-4-4-4-12) of a UUID column."""
        if self.postgres:
            return f"{column}::text"
        return (
            f"(substr({column}, 1, 8) || '-' || substr({column}, 9, 4) || '-' || "
            f"substr({column}, 13, 4) || '-' || substr({column}, 17, 4) || '-' || "
            f"substr({column}, 21))"
        )

    def uuid_from_text(self, text: str) -> str:
        """The UUID a text names, or NULL when it is no UUID (a hand-edited key must not abort)."""
        if self.postgres:
            pattern = (
                "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
            )
            return f"CASE WHEN {text} ~ '{pattern}' THEN CAST({text} AS uuid) END"
        return f"lower(replace({text}, '-', ''))"

    def json_text(self, document: str, key: str) -> str:
        if self.postgres:
            return f"({document} ->> '{key}')"
        return f"json_extract({document}, '$.{key}')"

    def has_key(self, document: str, key: str) -> str:
        if self.postgres:
            return f"({document} ? '{key}')"
        return f"(json_type({document}, '$.{key}') IS NOT NULL)"

    def merge_keys(self, document: str, values: dict[str, str]) -> str:
        """The document with each key set to its JSON value; a NULL value leaves the key alone.

        Each value expression appears once, so a costly subquery runs once per row.
        """
        if self.postgres:
            pairs = ", ".join(f"'{key}', {value}" for key, value in values.items())
            return f"({document} || jsonb_strip_nulls(jsonb_build_object({pairs})))"
        # json_patch drops the keys whose patch value is null (RFC 7396); none of these keys
        # is present before the merge, so nothing of the document is lost.
        pairs = ", ".join(f"'{key}', json({value})" for key, value in values.items())
        return f"json_patch({document}, json_object({pairs}))"

    def set_key(self, document: str, key: str, value: str) -> str:
        """The document with key set to a JSON value (a string or array expression)."""
        if self.postgres:
            return f"jsonb_set({document}, '{{{key}}}', {value})"
        return f"json_set({document}, '$.{key}', {value})"

    def set_key_if_not_null(self, document: str, key: str, value: str) -> str:
        """For a cheap value: a NULL one leaves the key, even one already there, untouched."""
        set_value = self.set_key(document, key, f"to_jsonb({value})" if self.postgres else value)
        return f"CASE WHEN {value} IS NULL THEN {document} ELSE {set_value} END"

    def remove_key(self, document: str, key: str) -> str:
        if self.postgres:
            return f"({document} - '{key}')"
        return f"json_remove({document}, '$.{key}')"

    def array_elements(self, document: str, key: str) -> tuple[str, str, str]:
        """A FROM item over the strings of the array at key: (item, value, 1-based position)."""
        if self.postgres:
            item = (
                f"jsonb_array_elements_text(CASE WHEN jsonb_typeof({document} -> '{key}') = "
                f"'array' THEN {document} -> '{key}' ELSE '[]'::jsonb END) "
                "WITH ORDINALITY AS element(value, position)"
            )
            return item, "element.value", "element.position"
        # json_each over a path that is not an array yields nothing usable: its rows have no
        # array index (key IS NULL), which the join below drops.
        item = f"json_each({document}, '$.{key}') AS element"
        return item, "element.value", "(element.key + 1)"

    def array_agg(self, expression: str, order: str) -> str:
        """A JSON array of expression over a subquery's rows, NULL when there are none."""
        if self.postgres:
            return f"jsonb_agg({expression} ORDER BY {order})"
        # json_group_array keeps the order its input rows come in; callers feed them ordered.
        return f"CASE WHEN count(*) > 0 THEN json(json_group_array({expression})) END"

    def all_but_first(self) -> str:
        return "OFFSET 1" if self.postgres else "LIMIT -1 OFFSET 1"

    def link_time(self, position: str) -> str:
        """created_at for the link at position, after :moment so link order is kept."""
        if self.postgres:
            return f"CAST(:moment AS timestamp) + {position} * interval '1 microsecond'"
        # SQLAlchemy stores SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff' text.
        return f"(:moment_seconds || printf('.%06d', {position}))"


def migration_moment() -> dict[str, object]:
    moment = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    return {"moment": moment, "moment_seconds": moment.strftime("%Y-%m-%d %H:%M:%S")}


def execute(sql: str, **params: object) -> None:
    op.get_bind().execute(sa.text(sql), params)


def create_link_table(table: str, column: str, referenced: str, unique: str) -> None:
    """The bare table, ready for the copy; finish_link_table adds what slows a bulk insert."""
    postgres = op.get_bind().dialect.name == "postgresql"
    # SQLite cannot add constraints to a table later, but it checks no foreign key during a
    # migration (they are off); PostgreSQL gets its keys after the copy, checked in one join
    # each instead of by a trigger per inserted row.
    constraints = (
        []
        if postgres
        else [
            sa.ForeignKeyConstraint(
                ["target_id"], ["targets.id"], ondelete="CASCADE", name=f"{table}_target_id_fkey"
            ),
            sa.ForeignKeyConstraint(
                [column], [f"{referenced}.id"], ondelete="CASCADE", name=f"{table}_{column}_fkey"
            ),
            sa.UniqueConstraint("target_id", column, name=unique),
        ]
    )
    op.create_table(
        table,
        sa.Column(
            "id",
            sa.Uuid(),
            primary_key=True,
            server_default=sa.text("gen_random_uuid()") if postgres else None,
        ),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.Column(column, sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("id", name=f"{table}_pkey"),
        *constraints,
    )


def finish_link_table(table: str, column: str, referenced: str, unique: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_unique_constraint(unique, table, ["target_id", column])
        op.create_foreign_key(
            f"{table}_target_id_fkey", table, "targets", ["target_id"], ["id"], ondelete="CASCADE"
        )
        op.create_foreign_key(
            f"{table}_{column}_fkey", table, referenced, [column], ["id"], ondelete="CASCADE"
        )
    op.create_index(f"ix_{table}_target_id", table, ["target_id"])
    op.create_index(f"ix_{table}_{column}", table, [column])


def drop_columns(table: str, columns: Sequence[str]) -> None:
    """Drop columns and their foreign keys, tolerating a foreign key that is already gone."""
    existing = {fk["name"] for fk in sa.inspect(op.get_bind()).get_foreign_keys(table)}
    with op.batch_alter_table(table) as batch:
        for column in columns:
            if f"{table}_{column}_fkey" in existing:
                batch.drop_constraint(f"{table}_{column}_fkey", type_="foreignkey")
            batch.drop_column(column)


def upgrade() -> None:
    sql = Dialect(op.get_bind().dialect.name)
    moment = migration_moment()

    for table, column, referenced, unique, extra_key in TARGET_LINKS:
        create_link_table(table, column, referenced, unique)
        # The target's own column is its first link; links a downgrade parked in the
        # metadata follow it, in their old order.
        execute(
            f"""
            INSERT INTO {table} (id, target_id, {column}, created_at)
            SELECT {sql.new_uuid()}, id, {column}, {sql.link_time("0")}
            FROM targets WHERE {column} IS NOT NULL
            """,
            **moment,
        )
        elements, value, position = sql.array_elements("targets.metadata", extra_key)
        execute(
            f"""
            INSERT INTO {table} (id, target_id, {column}, created_at)
            SELECT {sql.new_uuid()}, targets.id, {referenced}.id, {sql.link_time(position)}
            FROM targets
            CROSS JOIN {elements}
            JOIN {referenced} ON {referenced}.id = {sql.uuid_from_text(value)} AND {position} > 0
            WHERE targets.{column} IS NULL OR targets.{column} <> {referenced}.id
            """,
            **moment,
        )
        execute(
            f"UPDATE targets SET metadata = {sql.remove_key('metadata', extra_key)} "
            f"WHERE {sql.has_key('metadata', extra_key)}"
        )
        finish_link_table(table, column, referenced, unique)

    for table in ("commitments", "sprints"):
        document = "metadata"
        for legacy_table, column, _referenced, key in LEGACY_COLUMNS:
            if legacy_table == table:
                document = sql.set_key_if_not_null(document, key, sql.uuid_text(column))
        columns = [column for legacy_table, column, *_ in LEGACY_COLUMNS if legacy_table == table]
        any_set = " OR ".join(f"{column} IS NOT NULL" for column in columns)
        execute(f"UPDATE {table} SET metadata = {document} WHERE {any_set}")

    drop_columns("targets", ["goal_id", "sprint_id"])
    drop_columns("sprints", ["goal_id"])
    drop_columns("commitments", ["goal_id", "sprint_id"])


def refuse_targets_the_old_schema_cannot_hold() -> None:
    """Stop, before changing anything, if a target lacks a goal or a sprint."""
    rows = (
        op.get_bind()
        .execute(
            sa.text(
                """
                SELECT targets.id AS id FROM targets
                LEFT JOIN target_goal_links link ON link.target_id = targets.id
                WHERE link.id IS NULL
                UNION
                SELECT targets.id AS id FROM targets
                LEFT JOIN target_sprint_links link ON link.target_id = targets.id
                WHERE link.id IS NULL
                ORDER BY id
                """
            ).columns(id=sa.Uuid())
        )
        .scalars()
        .all()
    )
    if not rows:
        return
    shown = ", ".join(str(target_id) for target_id in rows[:REFUSAL_LIST_LIMIT])
    more = f" and {len(rows) - REFUSAL_LIST_LIMIT} more" if len(rows) > REFUSAL_LIST_LIMIT else ""
    raise RuntimeError(
        f"Cannot downgrade below f06135d685df: {len(rows)} outcome(s) (targets) have no goal or "
        f"no sprint, which the old schema requires: {shown}{more}. Link each to a goal and a "
        "sprint first. Nothing was changed."
    )


def downgrade() -> None:
    refuse_targets_the_old_schema_cannot_hold()
    sql = Dialect(op.get_bind().dialect.name)

    with op.batch_alter_table("targets") as batch:
        batch.add_column(sa.Column("goal_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("sprint_id", sa.Uuid(), nullable=True))
    with op.batch_alter_table("sprints") as batch:
        batch.add_column(sa.Column("goal_id", sa.Uuid(), nullable=True))
    with op.batch_alter_table("commitments") as batch:
        batch.add_column(sa.Column("goal_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("sprint_id", sa.Uuid(), nullable=True))

    # The first link goes back into the column, the others into the metadata, in link order.
    assignments = []
    extras: dict[str, str] = {}
    for table, column, _referenced, _unique, extra_key in TARGET_LINKS:
        ordered = (
            f"FROM {table} link WHERE link.target_id = targets.id ORDER BY link.created_at, link.id"
        )
        assignments.append(f"{column} = (SELECT link.{column} {ordered} LIMIT 1)")
        rest = f"(SELECT link.{column}, link.created_at, link.id {ordered} {sql.all_but_first()})"
        aggregate = sql.array_agg(sql.uuid_text(f"rest.{column}"), "rest.created_at, rest.id")
        extras[extra_key] = f"(SELECT {aggregate} FROM {rest} AS rest)"
    execute(
        f"UPDATE targets SET {', '.join(assignments)}, "
        f"metadata = {sql.merge_keys('metadata', extras)}"
    )

    # One rewrite per table: restore only ids whose record still exists; an id that points
    # nowhere stays in the metadata, so nothing is lost and no foreign key dangles.
    for table in ("commitments", "sprints"):
        assignments, present, document = [], [], f"{table}.metadata"
        for legacy_table, column, referenced, key in LEGACY_COLUMNS:
            if legacy_table != table:
                continue
            legacy_id = sql.uuid_from_text(sql.json_text(f"{table}.metadata", key))
            restored = (
                f"(SELECT {referenced}.id FROM {referenced} WHERE {referenced}.id = {legacy_id})"
            )
            assignments.append(f"{column} = {restored}")
            document = (
                f"CASE WHEN {restored} IS NULL THEN {document} "
                f"ELSE {sql.remove_key(document, key)} END"
            )
            present.append(sql.has_key(f"{table}.metadata", key))
        execute(
            f"UPDATE {table} SET {', '.join(assignments)}, metadata = {document} "
            f"WHERE {' OR '.join(present)}"
        )

    with op.batch_alter_table("targets") as batch:
        batch.alter_column("goal_id", existing_type=sa.Uuid(), nullable=False)
        batch.alter_column("sprint_id", existing_type=sa.Uuid(), nullable=False)
        batch.create_foreign_key("targets_goal_id_fkey", "client_goals", ["goal_id"], ["id"])
        batch.create_foreign_key("targets_sprint_id_fkey", "sprints", ["sprint_id"], ["id"])
    with op.batch_alter_table("sprints") as batch:
        batch.create_foreign_key("sprints_goal_id_fkey", "client_goals", ["goal_id"], ["id"])
    with op.batch_alter_table("commitments") as batch:
        batch.create_foreign_key("commitments_goal_id_fkey", "client_goals", ["goal_id"], ["id"])
        batch.create_foreign_key("commitments_sprint_id_fkey", "sprints", ["sprint_id"], ["id"])

    op.drop_table("target_sprint_links")
    op.drop_table("target_goal_links")
