"""session zones, email consent, digest days

- coaching_sessions.time_zone: the IANA zone a session's wall-clock start is in. Until now the
  start was read in its coach's zone at the time of reading, so changing that zone moved
  every session; each existing session gets the zone its coach has now, so no session's
  moment changes.
- clients.may_email: whether the coach agreed to automated email to this client (reminders,
  invitations). On for a client with a portal account, since they joined for it; off for the
  others, who never agreed.
- outbox_messages.local_date: the recipient's local date a message is about (a digest's day);
  with the kind and the record, a unique index, so a coach gets one digest per local date whatever
  their zone does that day.

Downgrade: a session whose zone is not its coach's gets its day and start moved to the same
moment on the coach's clock (the older schema reads it there), then the columns go.

Revision ID: c5f1e7a3d9b2
Revises: b8d4f0a2c6e9
Create Date: 2026-12-07 19:15:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from alembic import op

revision: str = "c5f1e7a3d9b2"
down_revision: str | None = "b8d4f0a2c6e9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COACH_ZONE = sa.text(
    "(SELECT users.time_zone FROM clients JOIN users ON users.id = clients.coach_id"
    " WHERE clients.id = coaching_sessions.client_id)"
)


def upgrade() -> None:
    # NOT NULL with a default, as SQLite adds a column without rebuilding the table (which
    # would drop its search triggers); every row then gets its coach's zone.
    op.add_column(
        "coaching_sessions",
        sa.Column("time_zone", sa.String(64), nullable=False, server_default="UTC"),
    )
    op.execute(sa.text(f"UPDATE coaching_sessions SET time_zone = {COACH_ZONE.text}"))
    op.add_column(
        "clients",
        sa.Column("may_email", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute(
        sa.text(
            "UPDATE clients SET may_email = TRUE"
            " WHERE EXISTS (SELECT 1 FROM users WHERE users.client_id = clients.id)"
        )
    )
    op.add_column("outbox_messages", sa.Column("local_date", sa.Date(), nullable=True))
    op.create_index(
        "ix_outbox_messages_kind_record_id_local_date",
        "outbox_messages",
        ["kind", "record_id", "local_date"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_messages_kind_record_id_local_date", "outbox_messages")
    op.drop_column("outbox_messages", "local_date")
    op.drop_column("clients", "may_email")
    _sessions_onto_their_coachs_clock()
    op.drop_column("coaching_sessions", "time_zone")


def _sessions_onto_their_coachs_clock() -> None:
    """Each timed session whose zone is not its coach's: the same moment on the coach's clock.
    PostgreSQL knows the zones and does it in one statement; on SQLite, only the sessions that
    differ are read, and written back in one executemany."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            sa.text(
                "UPDATE coaching_sessions AS s SET"
                " session_date = ((s.session_date + s.start_time) AT TIME ZONE s.time_zone"
                "   AT TIME ZONE u.time_zone)::date,"
                " start_time = ((s.session_date + s.start_time) AT TIME ZONE s.time_zone"
                "   AT TIME ZONE u.time_zone)::time"
                " FROM clients AS c JOIN users AS u ON u.id = c.coach_id"
                " WHERE c.id = s.client_id AND s.start_time IS NOT NULL"
                " AND s.time_zone <> u.time_zone"
            )
        )
        return
    differing = bind.execute(
        sa.text(
            "SELECT s.id, s.session_date, s.start_time, s.time_zone, u.time_zone AS coach_zone"
            " FROM coaching_sessions AS s JOIN clients AS c ON c.id = s.client_id"
            " JOIN users AS u ON u.id = c.coach_id"
            " WHERE s.start_time IS NOT NULL AND s.time_zone <> u.time_zone"
        )
    ).all()
    moved = [
        {"id": row.id, "day": moment.date().isoformat(), "at": f"{moment:%H:%M:%S.%f}"}
        for row in differing
        if (moment := _on_clock(row.session_date, row.start_time, row.time_zone, row.coach_zone))
    ]
    if moved:
        bind.execute(
            sa.text(
                "UPDATE coaching_sessions SET session_date = :day, start_time = :at WHERE id = :id"
            ),
            moved,
        )


def _on_clock(day: str, start: str, zone: str, coach_zone: str) -> datetime | None:
    """The wall-clock moment on the coach's clock; None for a zone this machine does not know
    (the session keeps its wall clock)."""
    try:
        local = datetime.fromisoformat(f"{day}T{start}").replace(tzinfo=ZoneInfo(zone))
        return local.astimezone(UTC).astimezone(ZoneInfo(coach_zone)).replace(tzinfo=None)
    except (ZoneInfoNotFoundError, ValueError, OverflowError):
        return None
