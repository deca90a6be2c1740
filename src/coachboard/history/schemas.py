import uuid
from typing import Any

from pydantic import BaseModel, Field

from coachboard.core.schemas import UtcDateTime


class HistoryActor(BaseModel):
    id: uuid.UUID | None = Field(description="The account, while it exists; None for the operator.")
    name: str = Field(description="The name it had then.")
    kind: str = Field(description="coach, client or operator")


class HistoryRecord(BaseModel):
    kind: str = Field(description="client, goal, target, sprint, session or commitment")
    id: uuid.UUID
    title: str = Field(description="Its title (a client's name) when the change was made.")


class HistoryItem(BaseModel):
    """One change, newest first in every list."""

    id: uuid.UUID
    at: UtcDateTime = Field(description="When, in UTC.")
    actor: HistoryActor
    action: str = Field(description="created, updated, deleted, linked or unlinked")
    record: HistoryRecord
    changes: dict[str, Any] = Field(
        description="updated: field → [old, new]; created: field → [null, value]; else {}."
    )
    other: HistoryRecord | None = Field(
        description="linked, unlinked: the record at the link's other end."
    )
    sentence: str = Field(description="In words: \"Dana linked 'Run 10 km' to 'Get fit'\".")
