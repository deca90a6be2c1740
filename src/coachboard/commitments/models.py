import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coachboard.core.models import Base, IdMixin, LinkMixin, TimestampMixin

if TYPE_CHECKING:
    from coachboard.targets.models import Target


class Commitment(IdMixin, TimestampMixin, Base):
    """An actionable task, usually agreed in a session; it links to outcomes only."""

    __tablename__ = "commitments"

    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("coaching_sessions.id", ondelete="SET NULL"), index=True, default=None
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default="open", server_default="open")
    due_date: Mapped[date | None] = mapped_column(Date, default=None)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict, server_default="{}")

    target_links: Mapped[list["CommitmentTargetLink"]] = relationship(
        back_populates="commitment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(CommitmentTargetLink.created_at, CommitmentTargetLink.id)",
        lazy="raise",
    )


class CommitmentTargetLink(LinkMixin, Base):
    __tablename__ = "commitment_target_links"
    __table_args__ = (UniqueConstraint("commitment_id", "target_id", name="uq_commitment_target"),)

    commitment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("targets.id", ondelete="CASCADE"), index=True
    )
    commitment: Mapped[Commitment] = relationship(back_populates="target_links", lazy="raise")
    target: Mapped["Target"] = relationship(lazy="raise")
