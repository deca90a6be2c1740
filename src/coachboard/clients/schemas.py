import uuid
from enum import StrEnum

from pydantic import EmailStr, Field

from coachboard.core.schemas import ONE_LINE, InputModel, OutputModel, UtcDateTime


class ClientStatus(StrEnum):
    active = "active"
    archived = "archived"


# "Email this client", as the API describes it.
MAY_EMAIL = (
    "Email this client: the client agreed to automated email (session invitations and "
    "reminders, commitment reminders). Off until the coach turns it on; turned on when the "
    "client joins the portal. A portal invitation the coach sends goes out either way."
)


class ClientCreate(InputModel):
    name: str = Field(min_length=1, max_length=200, pattern=ONE_LINE)
    email: EmailStr | None = None
    notes: str = Field(default="", max_length=20_000)
    # Strict: a JSON true or false, not 0, 1 or "yes" (as the OpenAPI document says).
    may_email: bool = Field(default=False, strict=True, description=MAY_EMAIL)


class ClientUpdate(InputModel):
    name: str | None = Field(default=None, min_length=1, max_length=200, pattern=ONE_LINE)
    email: EmailStr | None = None
    notes: str | None = Field(default=None, max_length=20_000)
    status: ClientStatus | None = None
    may_email: bool | None = Field(default=None, strict=True, description=MAY_EMAIL)


class ClientRead(OutputModel):
    id: uuid.UUID
    name: str
    email: str | None
    notes: str
    status: ClientStatus
    may_email: bool = Field(description=MAY_EMAIL)
    created_at: UtcDateTime
    updated_at: UtcDateTime


class ClientDetail(ClientRead):
    email_opt_outs: list[str] = Field(
        description="The kinds of email the client turned off (session_invitation, "
        "session_reminder, commitment_reminder, portal_invitation)."
    )
