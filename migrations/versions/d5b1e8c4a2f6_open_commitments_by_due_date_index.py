"""open commitments by due date: the dashboard's overdue and due lists

The dashboard reads a coach's open commitments due before a day (overdue) or within a week
(due), the first 100 by due date and how many in all. Without an index, PostgreSQL read and
sorted every commitment of the coach for each (bench/dashboard.py: 50 clients x 5,000
commitments, about 1 s a request); with this partial index it walks the open ones in due-date
order and stops at 100, and counts from the index alone (client_id is in it).

Revision ID: d5b1e8c4a2f6
Revises: d4f8b2c6e1a3
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d5b1e8c4a2f6"
down_revision: str | None = "d4f8b2c6e1a3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("status = 'open'")


def upgrade() -> None:
    op.create_index(
        "ix_commitments_open_due_date",
        "commitments",
        ["due_date", "client_id"],
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index("ix_commitments_open_due_date", table_name="commitments")
