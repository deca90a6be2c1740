"""history: every change to a client's records, and every link made or removed

One row per change: when, who (the account, its name and kind at that moment), the record
(kind, id, title at that moment), what was done (created, updated, deleted, linked,
unlinked), and what changed (field → [old, new]) or which record was linked. Rows belong to a
client and go with it; they outlive the records they tell of.

Revision ID: b8d4f0a2c6e9
Revises: a7c3e5f9b2d4
Create Date: 2026-12-01 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "b8d4f0a2c6e9"
down_revision: str | None = "a7c3e5f9b2d4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "history_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_name", sa.String(200), nullable=False),
        sa.Column("actor_kind", sa.String(20), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("record_kind", sa.String(20), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("record_title", sa.String(200), nullable=False),
        sa.Column(
            "changes",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
            server_default="{}",
        ),
        sa.Column("other_kind", sa.String(20), nullable=True),
        sa.Column("other_id", sa.Uuid(), nullable=True),
        sa.Column("other_title", sa.String(200), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="history_entries_client_id_fkey", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name="history_entries_actor_id_fkey", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="history_entries_pkey"),
    )
    op.create_index("ix_history_entries_client_id_at", "history_entries", ["client_id", "at"])
    op.create_index("ix_history_entries_record_id_at", "history_entries", ["record_id", "at"])
    op.create_index("ix_history_entries_other_id_at", "history_entries", ["other_id", "at"])
    op.create_index("ix_history_entries_actor_id", "history_entries", ["actor_id"])


def downgrade() -> None:
    op.drop_table("history_entries")
