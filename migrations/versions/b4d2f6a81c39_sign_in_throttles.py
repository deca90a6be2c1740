"""sign-in throttles: password attempts counted per key and window, shared by every process

Revision ID: b4d2f6a81c39
Revises: a9c1e5f20b17
Create Date: 2026-12-01 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b4d2f6a81c39"
down_revision: str | None = "a9c1e5f20b17"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttles",
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("window_started_at", sa.DateTime(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="sign_in_throttles_pkey"),
    )
    # Stale rows are found by when their window began (accounts/throttle.py prune()).
    op.create_index(
        "ix_sign_in_throttles_window_started_at", "sign_in_throttles", ["window_started_at"]
    )


def downgrade() -> None:
    # The counts are only worth a window's time: nothing to keep.
    op.drop_index("ix_sign_in_throttles_window_started_at", table_name="sign_in_throttles")
    op.drop_table("sign_in_throttles")
