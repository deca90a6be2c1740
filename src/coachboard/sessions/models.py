import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, IdMixin, TimestampMixin


class CoachingSession(IdMixin, TimestampMixin, Base):
    """A coaching session, where commitments are usually agreed."""

    __tablename__ = "coaching_sessions"

    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    session_date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Private: only the coach sees these, in any page or answer.
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    # What the client will see of the session in their portal.
    shared_notes: Mapped[str] = mapped_column(Text, default="", server_default="")
