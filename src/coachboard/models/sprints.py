import uuid
from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, HistoryTracked, IdMixin, TimestampMixin


class Sprint(IdMixin, TimestampMixin, HistoryTracked, Base):
    """A six-to-eight week timebox; it reaches goals only through its outcomes."""

    __tablename__ = "sprints"
    history_kind = "sprint"

    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default="planned", server_default="planned")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict, server_default="{}")
