import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, HistoryTracked, IdMixin, TimestampMixin


# A commitment's status column (no docstring: it would enter the API's and the documents'
# JSON Schemas); the schemas, the due rule and the planner read it.
class CommitmentStatus(StrEnum):
    open = "open"
    done = "done"
    dropped = "dropped"


class Commitment(IdMixin, TimestampMixin, HistoryTracked, Base):
    """An actionable task, usually agreed in a session; it links to outcomes only."""

    __tablename__ = "commitments"
    history_kind = "commitment"
    __table_args__ = (
        # The dashboard's overdue and due lists: each of a coach's clients' open ones in
        # due-date order, counted from the index alone; one coach's rows only, however many
        # coaches the database holds (migration e7a2c9d4b1f3).
        Index(
            "ix_commitments_open_client_due_date",
            "client_id",
            "due_date",
            postgresql_where=text("status = 'open'"),
            sqlite_where=text("status = 'open'"),
        ),
    )

    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("coaching_sessions.id", ondelete="SET NULL"), index=True, default=None
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default="open", server_default="open")
    due_date: Mapped[date | None] = mapped_column(Date, default=None)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    # When the client last set the status (a coach's status change clears it): the status it
    # has now is the client's doing since then.
    status_changed_by_client_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict, server_default="{}")
    # The iCalendar SEQUENCE of its due-date event in calendar feeds: raised when that changes.
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # What its due-date event in a calendar shows (an open commitment only: done or dropped
    # leaves): core.sequence.
    calendar_fields: ClassVar[tuple[str, ...]] = ("title", "due_date", "status")
