"""open commitments by client, then due date: the dashboard's lists read one coach's rows only

The index of d5b1e8c4a2f6 held every coach's open commitments in one due-date order. For a
coach's overdue list PostgreSQL walked it from the oldest due date, skipping every other
coach's rows, until it had found a page of this coach's: the more coaches a server held, the
longer each coach's week took (bench/morning.py, 50 coaches of 10 clients of 2,000
commitments: 16-120 ms a week for that statement alone, under load seconds). Keyed by client
first, the index gives each of the coach's clients' open commitments in due-date order, and
the count reads it alone: work in proportion to the coach's own rows (6-10 ms there).

Revision ID: e7a2c9d4b1f3
Revises: c5f1e7a3d9b2
Create Date: 2026-12-07 22:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e7a2c9d4b1f3"
down_revision: str | None = "c5f1e7a3d9b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("status = 'open'")


def upgrade() -> None:
    op.create_index(
        "ix_commitments_open_client_due_date",
        "commitments",
        ["client_id", "due_date"],
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )
    op.drop_index("ix_commitments_open_due_date", table_name="commitments")


def downgrade() -> None:
    op.create_index(
        "ix_commitments_open_due_date",
        "commitments",
        ["due_date", "client_id"],
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )
    op.drop_index("ix_commitments_open_client_due_date", table_name="commitments")
