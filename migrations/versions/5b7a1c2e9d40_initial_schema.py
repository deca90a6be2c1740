"""initial schema, as it stood before the junction-table refactoring

Outcomes (targets) point at exactly one goal and one sprint; sprints and commitments point at a
goal and a sprint directly. Revision f06135d685df replaces those columns with link tables.

Revision ID: 5b7a1c2e9d40
Revises:
Create Date: 2025-09-01 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "5b7a1c2e9d40"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def id_column() -> sa.Column:
    is_postgres = op.get_bind().dialect.name == "postgresql"
    default = sa.text("gen_random_uuid()") if is_postgres else None
    return sa.Column("id", sa.Uuid(), primary_key=True, server_default=default)


def timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
    ]


def metadata_column() -> sa.Column:
    json_type = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    return sa.Column("metadata", json_type, nullable=False, server_default="{}")


def text_column(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def status_column(default: str) -> sa.Column:
    return sa.Column("status", sa.String(20), nullable=False, server_default=default)


def client_column(table: str) -> sa.Column:
    return sa.Column(
        "client_id",
        sa.Uuid(),
        sa.ForeignKey("clients.id", ondelete="CASCADE", name=f"{table}_client_id_fkey"),
        nullable=False,
        index=True,
    )


def upgrade() -> None:
    op.create_table(
        "users",
        id_column(),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("last_sign_in_at", sa.DateTime(), nullable=True),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name="users_pkey"),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_table(
        "clients",
        id_column(),
        sa.Column(
            "coach_id",
            sa.Uuid(),
            sa.ForeignKey("users.id", ondelete="CASCADE", name="clients_coach_id_fkey"),
            nullable=False,
            index=True,
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        text_column("notes"),
        status_column("active"),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name="clients_pkey"),
    )
    op.create_table(
        "client_goals",
        id_column(),
        client_column("client_goals"),
        sa.Column("title", sa.String(200), nullable=False),
        text_column("description"),
        status_column("active"),
        sa.Column("target_date", sa.Date(), nullable=True),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name="client_goals_pkey"),
    )
    op.create_table(
        "sprints",
        id_column(),
        client_column("sprints"),
        sa.Column(
            "goal_id",
            sa.Uuid(),
            sa.ForeignKey("client_goals.id", name="sprints_goal_id_fkey"),
            nullable=True,
        ),
        sa.Column("title", sa.String(200), nullable=False),
        text_column("description"),
        status_column("planned"),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        metadata_column(),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name="sprints_pkey"),
    )
    op.create_table(
        "targets",
        id_column(),
        client_column("targets"),
        sa.Column(
            "goal_id",
            sa.Uuid(),
            sa.ForeignKey("client_goals.id", name="targets_goal_id_fkey"),
            nullable=False,
        ),
        sa.Column(
            "sprint_id",
            sa.Uuid(),
            sa.ForeignKey("sprints.id", name="targets_sprint_id_fkey"),
            nullable=False,
        ),
        sa.Column("title", sa.String(200), nullable=False),
        text_column("description"),
        status_column("not_started"),
        sa.Column("due_date", sa.Date(), nullable=True),
        metadata_column(),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name="targets_pkey"),
    )
    op.create_table(
        "coaching_sessions",
        id_column(),
        client_column("coaching_sessions"),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False, server_default=""),
        text_column("notes"),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name="coaching_sessions_pkey"),
    )
    op.create_table(
        "commitments",
        id_column(),
        client_column("commitments"),
        sa.Column(
            "session_id",
            sa.Uuid(),
            sa.ForeignKey(
                "coaching_sessions.id", ondelete="SET NULL", name="commitments_session_id_fkey"
            ),
            nullable=True,
            index=True,
        ),
        sa.Column(
            "goal_id",
            sa.Uuid(),
            sa.ForeignKey("client_goals.id", name="commitments_goal_id_fkey"),
            nullable=True,
        ),
        sa.Column(
            "sprint_id",
            sa.Uuid(),
            sa.ForeignKey("sprints.id", name="commitments_sprint_id_fkey"),
            nullable=True,
        ),
        sa.Column("title", sa.String(200), nullable=False),
        text_column("description"),
        status_column("open"),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        metadata_column(),
        *timestamps(),
        sa.PrimaryKeyConstraint("id", name="commitments_pkey"),
    )
    op.create_table(
        "commitment_target_links",
        id_column(),
        sa.Column(
            "commitment_id",
            sa.Uuid(),
            sa.ForeignKey(
                "commitments.id",
                ondelete="CASCADE",
                name="commitment_target_links_commitment_id_fkey",
            ),
            nullable=False,
            index=True,
        ),
        sa.Column(
            "target_id",
            sa.Uuid(),
            sa.ForeignKey(
                "targets.id", ondelete="CASCADE", name="commitment_target_links_target_id_fkey"
            ),
            nullable=False,
            index=True,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("id", name="commitment_target_links_pkey"),
        sa.UniqueConstraint("commitment_id", "target_id", name="uq_commitment_target"),
    )


def downgrade() -> None:
    for table in (
        "commitment_target_links",
        "commitments",
        "coaching_sessions",
        "targets",
        "sprints",
        "client_goals",
        "clients",
        "users",
    ):
        op.drop_table(table)
