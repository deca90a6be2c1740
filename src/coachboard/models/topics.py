import uuid

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, IdMixin, TimestampMixin


class AgendaTopic(IdMixin, TimestampMixin, Base):
    """A topic a client puts on the agenda of a coming session (see topics/service.py for the
    session it lands on)."""

    __tablename__ = "agenda_topics"

    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(500))
    priority: Mapped[str] = mapped_column(String(10), default="medium", server_default="medium")
    # The client's order of their topics, smallest first.
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    status: Mapped[str] = mapped_column(String(20), default="open", server_default="open")
    # The session it was handled in (discussed, dropped) or deferred from.
    session_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("coaching_sessions.id", ondelete="SET NULL"), index=True, default=None
    )
    # The last session it was deferred from, kept once it is handled in a later one.
    deferred_from_session_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("coaching_sessions.id", ondelete="SET NULL"), index=True, default=None
    )
    author_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True, default=None
    )
