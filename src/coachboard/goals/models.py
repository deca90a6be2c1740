import uuid
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coachboard.core.models import Base, IdMixin, TimestampMixin

if TYPE_CHECKING:
    from coachboard.targets.models import TargetGoalLink


class ClientGoal(IdMixin, TimestampMixin, Base):
    """A long-term goal of a client, three to twelve months out."""

    __tablename__ = "client_goals"

    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default="active", server_default="active")
    target_date: Mapped[date | None] = mapped_column(Date, default=None)

    target_links: Mapped[list["TargetGoalLink"]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )
