import uuid
from typing import Literal

from pydantic import EmailStr, Field

from coachboard.accounts import passwords
from coachboard.core.schemas import InputModel, OutputModel


class UserCreate(InputModel):
    email: EmailStr
    name: str = Field(min_length=1, max_length=200)
    # The length here, for the schema; the whole rule is passwords.check, which the service runs.
    password: str = Field(min_length=passwords.MIN_LENGTH, max_length=passwords.MAX_LENGTH)
    time_zone: str = Field(default="UTC", min_length=1, max_length=64)


class CoachRead(OutputModel):
    """The signed-in account. `kind` tells a coach from the client accounts a later issue
    adds, which answer the same route with their own shape."""

    kind: Literal["coach"] = "coach"
    id: uuid.UUID
    name: str
    email: str
    time_zone: str = Field(description="IANA time zone name: what today and overdue mean.")


class CoachUpdate(InputModel):
    """The profile fields to change; a field left out, or null, stays as it is."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    email: EmailStr | None = Field(
        default=None, description="Must not be another account's (422 naming `email`)."
    )
    time_zone: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description='An IANA time zone name such as "Europe/Berlin" (422 naming `time_zone` '
        "when the server does not know it).",
    )


class AccessToken(OutputModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int | None = Field(default=None, description="Seconds until it expires.")
