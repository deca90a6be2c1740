import uuid
from datetime import date

from pydantic import Field

from coachboard.core.schemas import Day, InputModel, OutputModel, UtcDateTime
from coachboard.sessions.models import CoachingSession


class SessionCreate(InputModel):
    session_date: Day
    title: str = Field(default="", max_length=200)
    notes: str = Field(default="", max_length=20_000)


class SessionUpdate(InputModel):
    session_date: Day | None = None
    title: str | None = Field(default=None, max_length=200)
    notes: str | None = Field(default=None, max_length=20_000)


class SessionRead(OutputModel):
    id: uuid.UUID
    client_id: uuid.UUID
    session_date: date
    title: str
    notes: str
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
