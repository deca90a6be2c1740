"""Progress and health: what every goal, outcome and sprint answer says about how far it is."""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

# The rule, once, for the OpenAPI descriptions (the README says the same in more words).
VALUE_RULE = (
    "Share done, 0..1, or null. Dropped goals, outcomes and commitments count nowhere. "
    "An outcome: 1 when achieved, else done ÷ (done + open) of its commitments, 0 with none. "
    "A goal: 1 when achieved, else the mean of its outcomes' values (each weighs the same), "
    "null with no outcome. A sprint: done ÷ (done + open) over the distinct commitments of "
    "its outcomes, null with none."
)
COUNTS_RULE = (
    "Commitments counted once each, however many of the record's outcomes they serve "
    "(a goal's or sprint's: those of its outcomes), dropped ones left out."
)
HEALTH_RULE = (
    "done: the goal is achieved (the sprint completed), or its value is 1. "
    "no_data: the goal is dropped (the sprint cancelled), or its value is null. "
    "Otherwise expected = the share of time elapsed from start (the goal's creation day, the "
    "sprint's start_date) to end (target_date, end_date) on the coach's today, clamped to "
    "0..1, and 0 for a goal without target_date; on_track when value >= expected - 0.10, "
    "at_risk when value >= expected - 0.25, off_track below. Any open commitment due before "
    "today (of the record's outcomes) makes on_track at_risk."
)


class Health(StrEnum):
    on_track = "on_track"
    at_risk = "at_risk"
    off_track = "off_track"
    done = "done"
    no_data = "no_data"

    @property
    def label(self) -> str:
        """The words a coach reads for it."""
        return self.value.replace("_", " ").capitalize()


class Progress(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: float | None = Field(ge=0, le=1, description=VALUE_RULE)
    commitments_done: int = Field(ge=0, description=COUNTS_RULE)
    commitments_total: int = Field(ge=0, description="Done and open commitments. " + COUNTS_RULE)


# The fields a goal's or a sprint's answer adds, described once for every read model.
OutcomesAchieved = Annotated[int, Field(ge=0, description="Its achieved outcomes.")]
OutcomesTotal = Annotated[int, Field(ge=0, description="Its outcomes, dropped ones left out.")]
HealthField = Annotated[Health, Field(description=HEALTH_RULE)]


class Rollup(BaseModel):
    """A goal's or a sprint's progress with its outcomes' counts and its health; `dict(rollup)`
    gives the read models' fields of the same names."""

    model_config = ConfigDict(frozen=True)

    progress: Progress
    outcomes_achieved: OutcomesAchieved
    outcomes_total: OutcomesTotal
    health: HealthField


NO_COMMITMENTS = Progress(value=0.0, commitments_done=0, commitments_total=0)
