import uuid
from datetime import date
from enum import StrEnum

from pydantic import Field, computed_field

from coachboard.core.schemas import (
    ONE_LINE,
    Day,
    InputModel,
    LinkSummary,
    OutputModel,
    UtcDateTime,
)
from coachboard.links.kinds import MAX_LINKS
from coachboard.progress.schemas import Progress


class TargetStatus(StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    achieved = "achieved"
    dropped = "dropped"


class TargetCreate(InputModel):
    title: str = Field(min_length=1, max_length=200, pattern=ONE_LINE)
    description: str = Field(default="", max_length=20_000)
    status: TargetStatus = TargetStatus.not_started
    due_date: Day | None = None
    goal_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=MAX_LINKS, description="Goals of the same client."
    )
    sprint_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=MAX_LINKS, description="Sprints of the same client."
    )


class TargetUpdate(InputModel):
    """Absent or null fields stay as they are; due_date: null clears it.

    goal_ids / sprint_ids: a list replaces the set of links ([] removes them all); links that
    stay keep their place, new ones follow in the order given.
    """

    title: str | None = Field(default=None, min_length=1, max_length=200, pattern=ONE_LINE)
    description: str | None = Field(default=None, max_length=20_000)
    status: TargetStatus | None = None
    due_date: Day | None = None
    goal_ids: list[uuid.UUID] | None = Field(default=None, max_length=MAX_LINKS)
    sprint_ids: list[uuid.UUID] | None = Field(default=None, max_length=MAX_LINKS)


class TargetRead(OutputModel):
    id: uuid.UUID
    client_id: uuid.UUID
    title: str
    description: str
    status: TargetStatus
    due_date: date | None
    goals: list[LinkSummary] = Field(description="Linked goals, in link order.")
    sprints: list[LinkSummary] = Field(description="Linked sprints, in link order.")
    created_at: UtcDateTime
    updated_at: UtcDateTime
    progress: Progress

    @computed_field  # type: ignore[prop-decorator]
    @property
    def goal_ids(self) -> list[uuid.UUID]:
        """The linked goals' ids, in link order (creation time, then id)."""
        return [goal.id for goal in self.goals]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sprint_ids(self) -> list[uuid.UUID]:
        """The linked sprints' ids, in link order (creation time, then id)."""
        return [sprint.id for sprint in self.sprints]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def goal_id(self) -> uuid.UUID | None:
        """For older callers: the first linked goal, or null."""
        return self.goals[0].id if self.goals else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sprint_id(self) -> uuid.UUID | None:
        """For older callers: the first linked sprint, or null."""
        return self.sprints[0].id if self.sprints else None
