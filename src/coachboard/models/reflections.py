import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, IdMixin, utcnow


class CommitmentReflection(IdMixin, Base):
    """What the client wrote about one of their commitments; never edited, so no updated_at."""

    __tablename__ = "commitment_reflections"
    # The overview counts a client's reflections since a time.
    __table_args__ = (
        Index("ix_commitment_reflections_client_id_created_at", "client_id", "created_at"),
    )

    commitment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    # Every client-owned table carries client_id (tenancy in one column, Citus's key).
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(2000))
    author_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True, default=None
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, server_default=func.now()
    )
