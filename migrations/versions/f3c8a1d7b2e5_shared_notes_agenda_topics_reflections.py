"""shared notes, agenda topics and reflections: what a client will write and read

Sessions get `shared_notes` beside their private `notes`; every note written before stays
private (it stays in `notes`, and `shared_notes` starts empty). Agenda topics and reflections
are new tables. A commitment remembers when the client last set its status
(`status_changed_by_client_at`), so the coach can see and filter what the client changed.

On SQLite the two columns are added with plain ADD COLUMN, never batch mode: rebuilding
`commitments` or `coaching_sessions` would copy the table and drop its triggers (the search
index's and the outcome figures').

Revision ID: f3c8a1d7b2e5
Revises: e6a2c9d4b7f1
Create Date: 2026-12-01 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f3c8a1d7b2e5"
down_revision: str | None = "e6a2c9d4b7f1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "coaching_sessions",
        sa.Column("shared_notes", sa.Text(), nullable=False, server_default=""),
    )
    op.add_column(
        "commitments", sa.Column("status_changed_by_client_at", sa.DateTime(), nullable=True)
    )
    op.create_table(
        "agenda_topics",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("priority", sa.String(10), nullable=False, server_default="medium"),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("status", sa.String(20), nullable=False, server_default="open"),
        sa.Column("session_id", sa.Uuid(), nullable=True),
        sa.Column("deferred_from_session_id", sa.Uuid(), nullable=True),
        sa.Column("author_user_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="agenda_topics_client_id_fkey", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["coaching_sessions.id"],
            name="agenda_topics_session_id_fkey",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["deferred_from_session_id"],
            ["coaching_sessions.id"],
            name="agenda_topics_deferred_from_session_id_fkey",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["author_user_id"],
            ["users.id"],
            name="agenda_topics_author_user_id_fkey",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="agenda_topics_pkey"),
    )
    op.create_index("ix_agenda_topics_client_id", "agenda_topics", ["client_id"])
    op.create_index("ix_agenda_topics_session_id", "agenda_topics", ["session_id"])
    op.create_index(
        "ix_agenda_topics_deferred_from_session_id", "agenda_topics", ["deferred_from_session_id"]
    )
    op.create_index("ix_agenda_topics_author_user_id", "agenda_topics", ["author_user_id"])
    op.create_table(
        "commitment_reflections",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("commitment_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.String(2000), nullable=False),
        sa.Column("author_user_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name="commitment_reflections_commitment_id_fkey",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name="commitment_reflections_client_id_fkey",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_user_id"],
            ["users.id"],
            name="commitment_reflections_author_user_id_fkey",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="commitment_reflections_pkey"),
    )
    op.create_index(
        "ix_commitment_reflections_commitment_id", "commitment_reflections", ["commitment_id"]
    )
    op.create_index(
        "ix_commitment_reflections_client_id_created_at",
        "commitment_reflections",
        ["client_id", "created_at"],
    )
    op.create_index(
        "ix_commitment_reflections_author_user_id", "commitment_reflections", ["author_user_id"]
    )


def downgrade() -> None:
    # Shared notes and what clients wrote go with their tables and columns: a downgrade is for
    # going back before any client wrote anything.
    op.drop_table("commitment_reflections")
    op.drop_table("agenda_topics")
    op.drop_column("commitments", "status_changed_by_client_at")
    op.drop_column("coaching_sessions", "shared_notes")
