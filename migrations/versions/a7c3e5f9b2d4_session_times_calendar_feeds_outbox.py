"""session times, calendar feeds and the mail outbox: what reminders and calendars need

Sessions get an optional start time (without one a session is all-day), a duration and a
meeting link. Sessions and commitments get `sequence`, the iCalendar SEQUENCE of the event a
calendar shows for them, raised whenever that event changes. A coach can turn the daily digest
off (`users.daily_digest`). `calendar_feeds` holds the digest of each account's secret feed
address. `outbox_messages` holds every email to send, rendered, with its due moment, attempts,
state and a worker's claim; its unique key (recipient, kind, record, due moment) makes a
duplicate impossible whatever the number of workers. `email_opt_outs` holds which kinds of
message each client unsubscribed from.

On SQLite the columns are added with plain ADD COLUMN, never batch mode: rebuilding
`commitments` or `coaching_sessions` would copy the table and drop its triggers.

Revision ID: a7c3e5f9b2d4
Revises: f3c8a1d7b2e5
Create Date: 2026-12-01 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a7c3e5f9b2d4"
down_revision: str | None = "f3c8a1d7b2e5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("coaching_sessions", sa.Column("start_time", sa.Time(), nullable=True))
    op.add_column(
        "coaching_sessions",
        sa.Column("duration_minutes", sa.Integer(), nullable=False, server_default="60"),
    )
    op.add_column("coaching_sessions", sa.Column("meeting_url", sa.String(500), nullable=True))
    for table in ("coaching_sessions", "commitments"):
        op.add_column(
            table, sa.Column("sequence", sa.Integer(), nullable=False, server_default="0")
        )
    op.add_column(
        "users",
        sa.Column("daily_digest", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="calendar_feeds_user_id_fkey", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="calendar_feeds_pkey"),
        sa.UniqueConstraint("user_id", name="uq_calendar_feeds_user_id"),
        sa.UniqueConstraint("digest", name="uq_calendar_feeds_digest"),
    )
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("coach_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("calendar", sa.Text(), nullable=True),
        sa.Column("unsubscribe_url", sa.String(500), nullable=True),
        sa.Column("state", sa.String(20), nullable=False, server_default="queued"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("claimed_by", sa.Uuid(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False, server_default=""),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(
            ["coach_id"], ["users.id"], name="outbox_messages_coach_id_fkey", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name="outbox_messages_client_id_fkey",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="outbox_messages_pkey"),
        sa.UniqueConstraint(
            "recipient",
            "kind",
            "record_id",
            "due_at",
            name="uq_outbox_messages_recipient_kind_record_id_due_at",
        ),
    )
    op.create_index(
        "ix_outbox_messages_state_next_attempt_at",
        "outbox_messages",
        ["state", "next_attempt_at"],
    )
    op.create_index(
        "ix_outbox_messages_coach_id_created_at", "outbox_messages", ["coach_id", "created_at"]
    )
    op.create_index("ix_outbox_messages_client_id", "outbox_messages", ["client_id"])
    op.create_index("ix_outbox_messages_record_id", "outbox_messages", ["record_id"])
    op.create_table(
        "email_opt_outs",
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name="email_opt_outs_client_id_fkey", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("client_id", "kind", name="email_opt_outs_pkey"),
    )


def downgrade() -> None:
    op.drop_table("email_opt_outs")
    op.drop_table("outbox_messages")
    op.drop_table("calendar_feeds")
    op.drop_column("users", "daily_digest")
    for table in ("commitments", "coaching_sessions"):
        op.drop_column(table, "sequence")
    op.drop_column("coaching_sessions", "meeting_url")
    op.drop_column("coaching_sessions", "duration_minutes")
    op.drop_column("coaching_sessions", "start_time")
