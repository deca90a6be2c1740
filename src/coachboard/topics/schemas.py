import uuid
from enum import StrEnum

from pydantic import Field

from coachboard.core.schemas import InputModel, OutputModel, UtcDateTime

TEXT_LENGTH = 500


class TopicPriority(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


class TopicStatus(StrEnum):
    open = "open"
    discussed = "discussed"
    deferred = "deferred"
    dropped = "dropped"
    withdrawn = "withdrawn"


class TopicMark(StrEnum):
    """What the coach may mark a topic in a session (withdrawing is the client's)."""

    discussed = "discussed"
    deferred = "deferred"
    dropped = "dropped"


class TopicCreate(InputModel):
    text: str = Field(min_length=1, max_length=TEXT_LENGTH)
    priority: TopicPriority = TopicPriority.medium


class TopicStatusChange(InputModel):
    status: TopicMark = Field(
        description="discussed or dropped: handled in the session the topic is on; deferred: "
        "moved to the session after it, remembering where it came from."
    )


class TopicRead(OutputModel):
    id: uuid.UUID
    client_id: uuid.UUID
    text: str
    priority: TopicPriority
    position: int = Field(description="The client's order of their topics, smallest first.")
    status: TopicStatus
    session_id: uuid.UUID | None = Field(
        description="The session it was handled in (discussed, dropped) or deferred from."
    )
    deferred_from_session_id: uuid.UUID | None = Field(
        description="The last session it was deferred from, kept once it is handled later."
    )
    created_at: UtcDateTime
    updated_at: UtcDateTime


class SessionTopic(TopicRead):
    to_handle: bool = Field(
        description="Waiting to be handled in this session: open, or deferred to it from the "
        "session before. false: already handled in it, or deferred from it to the next."
    )
