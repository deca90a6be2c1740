import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, HistoryTracked, IdMixin, TimestampMixin


class ClientGoal(IdMixin, TimestampMixin, HistoryTracked, Base):
    """A long-term goal of a client, three to twelve months out."""

    __tablename__ = "client_goals"
    history_kind = "goal"

    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default="active", server_default="active")
    target_date: Mapped[date | None] = mapped_column(Date, default=None)
