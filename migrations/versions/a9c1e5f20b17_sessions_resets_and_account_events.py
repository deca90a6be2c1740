"""sessions, password resets and account events: server-side sign-in state and its audit

Revision ID: a9c1e5f20b17
Revises: 8d3e2f1a7b6c
Create Date: 2026-12-01 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a9c1e5f20b17"
down_revision: str | None = "8d3e2f1a7b6c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def id_column(is_postgres: bool) -> sa.Column:
    return sa.Column(
        "id",
        sa.Uuid(),
        primary_key=True,
        server_default=sa.text("gen_random_uuid()") if is_postgres else None,
    )


def user_column(table: str, *, nullable: bool = False, index: bool = True) -> sa.Column:
    return sa.Column(
        "user_id",
        sa.Uuid(),
        sa.ForeignKey("users.id", ondelete="CASCADE", name=f"{table}_user_id_fkey"),
        nullable=nullable,
        index=index,
    )


def upgrade() -> None:
    is_postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "user_sessions",
        id_column(is_postgres),
        user_column("user_sessions"),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.Column("ip", sa.String(64), nullable=True),
        sa.Column("user_agent", sa.String(300), nullable=True),
        sa.PrimaryKeyConstraint("id", name="user_sessions_pkey"),
        sa.UniqueConstraint("digest", name="uq_user_sessions_digest"),
    )
    op.create_table(
        "password_resets",
        id_column(is_postgres),
        user_column("password_resets"),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="password_resets_pkey"),
        sa.UniqueConstraint("digest", name="uq_password_resets_digest"),
    )
    op.create_table(
        "account_events",
        id_column(is_postgres),
        # Nullable: a failed sign-in for an unknown email belongs to no account.
        user_column("account_events", nullable=True, index=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.Column("ip", sa.String(64), nullable=True),
        sa.Column("user_agent", sa.String(300), nullable=True),
        sa.PrimaryKeyConstraint("id", name="account_events_pkey"),
    )
    # The account page reads a coach's latest events: newest first, per user.
    op.create_index("ix_account_events_user_id_at", "account_events", ["user_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_account_events_user_id_at", table_name="account_events")
    op.drop_table("account_events")
    op.drop_table("password_resets")
    op.drop_table("user_sessions")
