import uuid
from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, HistoryTracked, IdMixin, TimestampMixin


class Target(IdMixin, TimestampMixin, HistoryTracked, Base):
    """An outcome: a short-term win, linked to one or more goals and to any number of sprints."""

    __tablename__ = "targets"
    history_kind = "target"

    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(
        String(20), default="not_started", server_default="not_started"
    )
    due_date: Mapped[date | None] = mapped_column(Date, default=None)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict, server_default="{}")
    # Kept by the database's triggers (migration e2b7c4d9f1a6) as commitments and their links
    # change; the app never writes them. Dropped commitments count nowhere; an open one due
    # before today (first_open_due < today) is overdue.
    commitments_total: Mapped[int] = mapped_column(default=0, server_default="0")
    commitments_done: Mapped[int] = mapped_column(default=0, server_default="0")
    first_open_due: Mapped[date | None] = mapped_column(Date, default=None)
