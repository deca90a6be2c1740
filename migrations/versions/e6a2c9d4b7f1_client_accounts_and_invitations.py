"""client accounts and invitations: a client's own account for the portal, and its join link

A client's account is a row in users with client_id set (unique: one account per client; the
client's deletion takes it along). Existing accounts are all coaches and keep client_id NULL,
so nothing is backfilled. client_invitations keeps each one-time link by the digest of its
token, with when it expires, was used or was replaced.

Revision ID: e6a2c9d4b7f1
Revises: e2b7c4d9f1a6
Create Date: 2026-12-01 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e6a2c9d4b7f1"
down_revision: str | None = "e2b7c4d9f1a6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    is_postgres = op.get_bind().dialect.name == "postgresql"
    # Batch mode: SQLite adds a foreign key or a unique constraint only by rebuilding the table.
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("client_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            "users_client_id_fkey", "clients", ["client_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_unique_constraint("uq_users_client_id", ["client_id"])
    op.create_table(
        "client_invitations",
        sa.Column(
            "id",
            sa.Uuid(),
            nullable=False,
            server_default=sa.text("gen_random_uuid()") if is_postgres else None,
        ),
        sa.Column(
            "client_id",
            sa.Uuid(),
            sa.ForeignKey(
                "clients.id", ondelete="CASCADE", name="client_invitations_client_id_fkey"
            ),
            nullable=False,
        ),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="client_invitations_pkey"),
        sa.UniqueConstraint("digest", name="uq_client_invitations_digest"),
    )
    op.create_index("ix_client_invitations_client_id", "client_invitations", ["client_id"])


def downgrade() -> None:
    # The old schema has no client accounts: they go, with their sign-in state (named here,
    # since SQLite migrates with foreign keys off and cascades nothing). Only credentials are
    # lost: the clients and everything recorded for them stay.
    op.drop_index("ix_client_invitations_client_id", table_name="client_invitations")
    op.drop_table("client_invitations")
    client_accounts = "SELECT id FROM users WHERE client_id IS NOT NULL"
    for table in ("user_sessions", "api_tokens", "password_resets", "account_events"):
        op.execute(sa.text(f"DELETE FROM {table} WHERE user_id IN ({client_accounts})"))
    op.execute(sa.text("DELETE FROM users WHERE client_id IS NOT NULL"))
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("uq_users_client_id", type_="unique")
        batch.drop_constraint("users_client_id_fkey", type_="foreignkey")
        batch.drop_column("client_id")
