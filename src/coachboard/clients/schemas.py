import uuid
from enum import StrEnum

from pydantic import EmailStr, Field

from coachboard.core.schemas import ONE_LINE, InputModel, OutputModel, UtcDateTime


class ClientStatus(StrEnum):
    active = "active"
    archived = "archived"


class ClientCreate(InputModel):
    name: str = Field(min_length=1, max_length=200, pattern=ONE_LINE)
    email: EmailStr | None = None
    notes: str = Field(default="", max_length=20_000)


class ClientUpdate(InputModel):
    name: str | None = Field(default=None, min_length=1, max_length=200, pattern=ONE_LINE)
    email: EmailStr | None = None
    notes: str | None = Field(default=None, max_length=20_000)
    status: ClientStatus | None = None


class ClientRead(OutputModel):
    id: uuid.UUID
    name: str
    email: str | None
    notes: str
    status: ClientStatus
    created_at: UtcDateTime
    updated_at: UtcDateTime


class ClientDetail(ClientRead):
    email_opt_outs: list[str] = Field(
        description="The kinds of email the client turned off (session_invitation, "
        "session_reminder, commitment_reminder, portal_invitation)."
    )
