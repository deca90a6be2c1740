import uuid

from sqlalchemy import Boolean, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, HistoryTracked, IdMixin, TimestampMixin


class Client(IdMixin, TimestampMixin, HistoryTracked, Base):
    """A person a coach works with; every other record hangs under one client."""

    __tablename__ = "clients"
    history_kind = "client"

    coach_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default="active", server_default="active")
    # "Email this client": the coach agreed automated email (reminders, invitations) with the
    # client. Off until then for a client without a portal account; on when they join.
    may_email: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    def history_title(self) -> str:
        return self.name

    def history_client_id(self) -> uuid.UUID:
        return self.id
