import uuid
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field, ValidationInfo, computed_field, field_validator

from coachboard.core.schemas import (
    ONE_LINE,
    Day,
    InputModel,
    LinkSummary,
    OutputModel,
    UtcDateTime,
)
from coachboard.links.kinds import MAX_LINKS
from coachboard.models.commitments import CommitmentStatus


class CommitmentCreate(InputModel):
    title: str = Field(min_length=1, max_length=200, pattern=ONE_LINE)
    description: str = Field(default="", max_length=20_000)
    status: CommitmentStatus = CommitmentStatus.open
    due_date: Day | None = None
    session_id: uuid.UUID | None = Field(
        default=None, description="A coaching session of the same client."
    )
    target_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=MAX_LINKS,
        description="Outcomes of the same client; a commitment links to outcomes only.",
    )


class CommitmentUpdate(InputModel):
    title: str | None = Field(default=None, min_length=1, max_length=200, pattern=ONE_LINE)
    description: str | None = Field(default=None, max_length=20_000)
    status: CommitmentStatus | None = None
    due_date: Day | None = None
    session_id: uuid.UUID | None = None
    target_ids: list[uuid.UUID] | None = Field(
        default=None,
        max_length=MAX_LINKS,
        description="Absent or null: unchanged; a list replaces the linked outcomes; [] clears.",
    )


class StatusChange(InputModel):
    """The one-click form's fields: the new status and, to carry it on, a new due date."""

    status: CommitmentStatus
    due_date: Day | None = None


class CommitmentRead(OutputModel):
    id: uuid.UUID
    client_id: uuid.UUID
    session_id: uuid.UUID | None
    title: str
    description: str
    status: CommitmentStatus
    due_date: date | None
    completed_at: UtcDateTime | None
    status_changed_by_client_at: UtcDateTime | None = Field(
        description="When the client set the status it has now, in their portal; null when "
        "the coach set it (a coach's status change clears it)."
    )
    targets: list[LinkSummary] = Field(description="Linked outcomes, in link order.")
    goal_ids: list[uuid.UUID] = Field(
        description="Goals reached through the linked outcomes (derived, never stored)."
    )
    sprint_ids: list[uuid.UUID] = Field(
        description="Sprints reached through the linked outcomes (derived, never stored)."
    )
    created_at: UtcDateTime
    updated_at: UtcDateTime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def target_ids(self) -> list[uuid.UUID]:
        """Linked outcomes' ids, in link order."""
        return [target.id for target in self.targets]


class ClientChanges(StrEnum):
    """Which of the client's own changes the list is narrowed to."""

    since_last_session = "since_last_session"


class CommitmentFilters(BaseModel):
    """What the commitment list can be narrowed to; every given filter must hold."""

    target_id: uuid.UUID | None = Field(default=None, description="Linked to this outcome.")
    goal_id: uuid.UUID | None = Field(
        default=None, description="Reaching this goal through a linked outcome."
    )
    sprint_id: uuid.UUID | None = Field(
        default=None, description="Reaching this sprint through a linked outcome."
    )
    session_id: uuid.UUID | None = Field(default=None, description="Agreed in this session.")
    status: CommitmentStatus | None = None
    overdue: bool | None = Field(
        default=None,
        description="true: open and due before today (in the coach's time zone); false: every "
        "other commitment (done, dropped, undated, or due today or later).",
    )
    changed_by_client: ClientChanges | None = Field(
        default=None,
        description="since_last_session: the client set its status, or wrote a reflection on "
        "it, since the day of their latest session up to today began (in the coach's time "
        "zone); with no session yet, ever.",
    )
    due_from: Day | None = Field(default=None, description="Due on or after this day.")
    due_after: Day | None = Field(default=None, description="Due after this day (not on it).")
    due_to: Day | None = Field(default=None, description="Due on or before this day.")
    due_before: Day | None = Field(default=None, description="Due before this day (not on it).")

    @field_validator("due_to", "due_before")
    @classmethod
    def _range_leaves_a_day(cls, end: date | None, info: ValidationInfo) -> date | None:
        """A range no day fits (its end before its start) is refused, naming its end; ranges
        that fit are all allowed, one day long too (due_from=due_to)."""
        if end is None:
            return end
        # Days the range needs between its ends: one per strict end. Subtracting dates
        # (rather than adding a day to one) cannot overflow at date.min or date.max.
        end_skip = 0 if info.field_name == "due_to" else 1
        for name, start_skip in (("due_from", 0), ("due_after", 1)):
            start = info.data.get(name)
            if start is not None and (end - start).days < start_skip + end_skip:
                raise ValueError(f"leaves no day: it must come after {name}")
        return end
