"""The three junction tables. A link row joins two records of one client; deleting either
record deletes its links (ON DELETE CASCADE), so no concept's model needs to know of them."""

import uuid

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coachboard.core.models import Base, LinkMixin


class TargetGoalLink(LinkMixin, Base):
    __tablename__ = "target_goal_links"
    __table_args__ = (UniqueConstraint("target_id", "goal_id", name="uq_target_goal"),)

    target_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("targets.id", ondelete="CASCADE"), index=True
    )
    goal_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("client_goals.id", ondelete="CASCADE"), index=True
    )


class TargetSprintLink(LinkMixin, Base):
    __tablename__ = "target_sprint_links"
    __table_args__ = (UniqueConstraint("target_id", "sprint_id", name="uq_target_sprint"),)

    target_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("targets.id", ondelete="CASCADE"), index=True
    )
    sprint_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sprints.id", ondelete="CASCADE"), index=True
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
