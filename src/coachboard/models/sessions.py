import uuid
from datetime import date, time
from typing import ClassVar

from sqlalchemy import Date, ForeignKey, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, HistoryTracked, IdMixin, TimestampMixin


class CoachingSession(IdMixin, TimestampMixin, HistoryTracked, Base):
    """A coaching session, where commitments are usually agreed."""

    __tablename__ = "coaching_sessions"
    history_kind = "session"

    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    session_date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Private: only the coach sees these, in any page or answer.
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    # What the client will see of the session in their portal.
    shared_notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    # When it starts, a wall-clock time on session_date in time_zone; None: an all-day session.
    start_time: Mapped[time | None] = mapped_column(Time, default=None)
    # The IANA zone of session_date and start_time: the coach's when the session was made,
    # unless they chose another (the client's). Changing the coach's zone moves no session.
    time_zone: Mapped[str] = mapped_column(String(64), server_default="UTC")
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60, server_default="60")
    meeting_url: Mapped[str | None] = mapped_column(String(500), default=None)
    # The iCalendar SEQUENCE of the session's event: raised whenever the event changes, so a
    # calendar that holds an older copy (an invitation, a feed) takes the new one.
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # What the session's event shows in a calendar (a feed, an invitation): core.sequence.
    calendar_fields: ClassVar[tuple[str, ...]] = (
        "session_date",
        "start_time",
        "duration_minutes",
        "title",
        "meeting_url",
        "time_zone",
    )

    def history_title(self) -> str:
        return self.title or f"Session of {self.session_date:%-d %b %Y}"
