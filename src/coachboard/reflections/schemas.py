import uuid

from pydantic import Field

from coachboard.core.schemas import InputModel, OutputModel, UtcDateTime

TEXT_LENGTH = 2000


class ReflectionCreate(InputModel):
    text: str = Field(min_length=1, max_length=TEXT_LENGTH)


class ReflectionRead(OutputModel):
    id: uuid.UUID
    commitment_id: uuid.UUID
    text: str
    created_at: UtcDateTime
