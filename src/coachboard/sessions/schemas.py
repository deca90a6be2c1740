import uuid
from datetime import date

from pydantic import Field

from coachboard.core.schemas import Day, InputModel, LinkSummary, OutputModel, UtcDateTime
from coachboard.sessions.models import CoachingSession

PRIVATE_NOTES = "Private: only the coach sees these, never the client."
SHARED_NOTES = "Shared with the client: their portal shows these."


class SessionCreate(InputModel):
    session_date: Day
    title: str = Field(default="", max_length=200)
    notes: str = Field(default="", max_length=20_000, description=PRIVATE_NOTES)
    shared_notes: str = Field(default="", max_length=20_000, description=SHARED_NOTES)


class SessionUpdate(InputModel):
    session_date: Day | None = None
    title: str | None = Field(default=None, max_length=200)
    notes: str | None = Field(default=None, max_length=20_000, description=PRIVATE_NOTES)
    shared_notes: str | None = Field(default=None, max_length=20_000, description=SHARED_NOTES)


class SessionRead(OutputModel):
    id: uuid.UUID
    client_id: uuid.UUID
    session_date: date
    title: str
    notes: str = Field(description=PRIVATE_NOTES)
    shared_notes: str = Field(description=SHARED_NOTES)
    commitment_ids: list[uuid.UUID] = Field(
        description="Commitments agreed in this session, in the commitment list's order."
    )
    created_at: UtcDateTime
    updated_at: UtcDateTime

    @classmethod
    def of(
        cls, coaching_session: CoachingSession, commitment_ids: list[uuid.UUID]
    ) -> "SessionRead":
        """The response for a session and the ids of the commitments agreed in it."""
        fields = {
            name: getattr(coaching_session, name)
            for name in cls.model_fields
            if name != "commitment_ids"
        }
        return cls.model_validate({**fields, "commitment_ids": commitment_ids})


class SessionSummary(OutputModel):
    """A session, enough to name it."""

    id: uuid.UUID
    session_date: date
    title: str


class EarlierCommitment(OutputModel):
    """A commitment still open that was made before a session (see SessionDetail)."""

    id: uuid.UUID
    title: str
    status: str = Field(description="Always open: the review lists open commitments only.")
    due_date: date | None
    overdue: bool = Field(description="Due before today, in the coach's time zone.")
    session: SessionSummary | None = Field(
        description="The earlier session it was agreed in; null when it was made outside one."
    )
    targets: list[LinkSummary] = Field(description="Its first outcomes (at most 5), in link order.")
    target_count: int = Field(description="How many outcomes it links to in all.")


class SessionDetail(SessionRead):
    open_from_earlier: list[EarlierCommitment] = Field(
        description="The client's commitments still open that were made earlier: agreed in a "
        "session dated before this one, or made outside any session before this session's day "
        "began (in the coach's time zone). Oldest due date first, undated last, then oldest "
        "made; at most 20 (open_from_earlier_total counts them all)."
    )
    open_from_earlier_total: int
