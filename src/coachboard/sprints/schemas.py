import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import Field, computed_field

from coachboard.core.links import unique_in_order
from coachboard.core.schemas import InputModel, OutputModel


class SprintStatus(StrEnum):
    planned = "planned"
    active = "active"
    completed = "completed"
    cancelled = "cancelled"


class SprintCreate(InputModel):
    """No goal field: a sprint reaches goals only through its outcomes (goal_id gets 422)."""

    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=20_000)
    status: SprintStatus = SprintStatus.planned
    start_date: date
    end_date: date = Field(description="Must be after start_date.")


class SprintUpdate(InputModel):
    """Absent or null fields stay as they are; the dates are checked against the stored ones."""

    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=20_000)
    status: SprintStatus | None = None
    start_date: date | None = None
    end_date: date | None = None


class _GoalLink(OutputModel):
    goal_id: uuid.UUID


class _LinkedOutcome(OutputModel):
    goal_links: list[_GoalLink]  # in link order (the relationship's order_by)


class _OutcomeLink(OutputModel):
    id: uuid.UUID
    created_at: datetime
    target_id: uuid.UUID
    target: _LinkedOutcome


class SprintRead(OutputModel):
    id: uuid.UUID
    client_id: uuid.UUID
    title: str
    description: str
    status: SprintStatus
    start_date: date
    end_date: date
    created_at: datetime
    updated_at: datetime
    # Read from the loaded links to derive the two id lists below; never sent.
    target_links: list[_OutcomeLink] = Field(exclude=True)

    def _links_in_order(self) -> list[_OutcomeLink]:
        return sorted(self.target_links, key=lambda link: (link.created_at, link.id))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def target_ids(self) -> list[uuid.UUID]:
        """The outcomes linked to the sprint, in link order."""
        return [link.target_id for link in self._links_in_order()]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def goal_ids(self) -> list[uuid.UUID]:
        """The goals the sprint reaches through its outcomes, in the order they are reached."""
        return unique_in_order(
            goal_link.goal_id
            for link in self._links_in_order()
            for goal_link in link.target.goal_links
        )
