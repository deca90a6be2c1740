import uuid
from datetime import date
from enum import StrEnum

from pydantic import Field

from coachboard.core.schemas import ONE_LINE, Day, InputModel, OutputModel, UtcDateTime
from coachboard.progress.schemas import HealthField, OutcomesAchieved, OutcomesTotal, Progress


class GoalStatus(StrEnum):
    active = "active"
    achieved = "achieved"
    paused = "paused"
    dropped = "dropped"


class GoalCreate(InputModel):
    title: str = Field(min_length=1, max_length=200, pattern=ONE_LINE)
    description: str = Field(default="", max_length=20_000)
    status: GoalStatus = GoalStatus.active
    target_date: Day | None = None


class GoalUpdate(InputModel):
    """Absent or null fields stay as they are; target_date: null clears it."""

    title: str | None = Field(default=None, min_length=1, max_length=200, pattern=ONE_LINE)
    description: str | None = Field(default=None, max_length=20_000)
    status: GoalStatus | None = None
    target_date: Day | None = None


class GoalRead(OutputModel):
    id: uuid.UUID
    client_id: uuid.UUID
    title: str
    description: str
    status: GoalStatus
    target_date: date | None
    created_at: UtcDateTime
    updated_at: UtcDateTime
    progress: Progress
    outcomes_achieved: OutcomesAchieved
    outcomes_total: OutcomesTotal
    health: HealthField
