import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coachboard.core.models import Base, IdMixin, LinkMixin, TimestampMixin

if TYPE_CHECKING:
    from coachboard.goals.models import ClientGoal
    from coachboard.sprints.models import Sprint


class Target(IdMixin, TimestampMixin, Base):
    """An outcome: a short-term win, linked to one or more goals and to any number of sprints."""

    __tablename__ = "targets"

    client_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(
        String(20), default="not_started", server_default="not_started"
    )
    due_date: Mapped[date | None] = mapped_column(Date, default=None)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict, server_default="{}")

    goal_links: Mapped[list["TargetGoalLink"]] = relationship(
        back_populates="target",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(TargetGoalLink.created_at, TargetGoalLink.id)",
        lazy="raise",
    )
    sprint_links: Mapped[list["TargetSprintLink"]] = relationship(
        back_populates="target",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(TargetSprintLink.created_at, TargetSprintLink.id)",
        lazy="raise",
    )


class TargetGoalLink(LinkMixin, Base):
    __tablename__ = "target_goal_links"
    __table_args__ = (UniqueConstraint("target_id", "goal_id", name="uq_target_goal"),)

    target_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("targets.id", ondelete="CASCADE"), index=True
    )
    goal_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("client_goals.id", ondelete="CASCADE"), index=True
    )
    target: Mapped[Target] = relationship(back_populates="goal_links", lazy="raise")
    goal: Mapped["ClientGoal"] = relationship(back_populates="target_links", lazy="raise")


class TargetSprintLink(LinkMixin, Base):
    __tablename__ = "target_sprint_links"
    __table_args__ = (UniqueConstraint("target_id", "sprint_id", name="uq_target_sprint"),)

    target_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("targets.id", ondelete="CASCADE"), index=True
    )
    sprint_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sprints.id", ondelete="CASCADE"), index=True
    )
    target: Mapped[Target] = relationship(back_populates="sprint_links", lazy="raise")
    sprint: Mapped["Sprint"] = relationship(back_populates="target_links", lazy="raise")
