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
from coachboard.progress.schemas import HealthField, OutcomesAchieved, OutcomesTotal, Progress


class SprintStatus(StrEnum):
    planned = "planned"
    active = "active"
    completed = "completed"
    cancelled = "cancelled"


class SprintCreate(InputModel):
    """No goal field: a sprint reaches goals only through its outcomes (goal_id gets 422)."""

    title: str = Field(min_length=1, max_length=200, pattern=ONE_LINE)
    description: str = Field(default="", max_length=20_000)
    status: SprintStatus = SprintStatus.planned
    start_date: Day
    end_date: Day = Field(description="Must be after start_date.")
    target_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=MAX_LINKS,
        description="Outcomes of the same client, linked in the order given.",
    )


class SprintUpdate(InputModel):
    """Absent or null fields stay as they are; the dates are checked against the stored ones.

    target_ids: a list replaces the linked outcomes ([] removes them all); links that stay keep
    their place, new ones follow in the order given.
    """

    title: str | None = Field(default=None, min_length=1, max_length=200, pattern=ONE_LINE)
    description: str | None = Field(default=None, max_length=20_000)
    status: SprintStatus | None = None
    start_date: Day | None = None
    end_date: Day | None = None
    target_ids: list[uuid.UUID] | None = Field(
        default=None,
        max_length=MAX_LINKS,
        description="Absent or null: unchanged; a list replaces the linked outcomes; [] clears.",
    )


class SprintRead(OutputModel):
    id: uuid.UUID
    client_id: uuid.UUID
    title: str
    description: str
    status: SprintStatus
    start_date: date
    end_date: date
    created_at: UtcDateTime
    updated_at: UtcDateTime
    targets: list[LinkSummary] = Field(description="The linked outcomes, in link order.")
    goal_ids: list[uuid.UUID] = Field(
        description="The goals reached through the linked outcomes (derived, never stored)."
    )
    progress: Progress
    outcomes_achieved: OutcomesAchieved
    outcomes_total: OutcomesTotal
    health: HealthField

    @computed_field  # type: ignore[prop-decorator]
    @property
    def target_ids(self) -> list[uuid.UUID]:
        """The linked outcomes' ids, in link order."""
        return [target.id for target in self.targets]
