"""coach time zone: what "today" means for each coach

Revision ID: c7e3a9d15f02
Revises: b4d2f6a81c39
Create Date: 2026-12-01 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c7e3a9d15f02"
down_revision: str | None = "b4d2f6a81c39"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing coaches start on UTC, as the server did before; they pick theirs in the profile.
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("time_zone", sa.String(64), nullable=False, server_default="UTC")
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("time_zone")
