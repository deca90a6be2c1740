import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, IdMixin, utcnow


class CalendarFeed(IdMixin, Base):
    """An account's secret feed address (/calendar/<token>.ics); only the token's digest is
    stored, and making a new one replaces the row, so the old address stops at once."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, server_default=func.now()
    )
