"""The legacy-link review: records that still carry a goal or sprint link from before migration
f06135d685df (kept in their metadata), and what to link them to instead."""

import uuid
from enum import StrEnum

from pydantic import Field

from coachboard.core.schemas import InputModel, OutputModel
from coachboard.links.kinds import MAX_LINKS
from coachboard.targets.schemas import TargetStatus


class LegacyKind(StrEnum):
    commitment = "commitment"
    sprint = "sprint"


class LegacyRecord(OutputModel):
    """The goal or sprint a legacy key names."""

    value: str = Field(description="The id as the metadata holds it.")
    title: str | None = Field(description="Its title; null when it is gone.")
    gone: bool = Field(
        description="True when no such goal or sprint of this client exists (deleted, or the "
        "value is not an id at all)."
    )


class SuggestedTarget(OutputModel):
    id: uuid.UUID
    title: str
    status: TargetStatus
    matches_goal: bool = Field(description="Linked to the legacy goal.")
    matches_sprint: bool = Field(description="Linked to the legacy sprint.")


class LegacyItem(OutputModel):
    """A commitment or sprint awaiting review, with the outcomes that could replace its link."""

    kind: LegacyKind
    id: uuid.UUID
    title: str
    legacy_goal: LegacyRecord | None = Field(description="From metadata.legacy_goal_id.")
    legacy_sprint: LegacyRecord | None = Field(description="From metadata.legacy_sprint_id.")
    suggestions: list[SuggestedTarget] = Field(
        description="Outcomes linked to the legacy goal and/or sprint: those linked to both "
        "first, then by title."
    )


class LegacyResolve(InputModel):
    target_ids: list[uuid.UUID] = Field(
        min_length=1,
        max_length=MAX_LINKS,
        description="Outcomes of the same client to link the record to; to link none, dismiss.",
    )
