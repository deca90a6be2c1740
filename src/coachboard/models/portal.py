import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, IdMixin, utcnow


class ClientInvitation(IdMixin, Base):
    """A one-time link for a client to join the portal; only the digest of its token is stored.

    Rows stay after use or replacement, so the join page can say why a link no longer works.
    """

    __tablename__ = "client_invitations"

    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, server_default=func.now()
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    # Set when a newer invitation, or the coach's revoking of access, replaced this one.
    voided_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
