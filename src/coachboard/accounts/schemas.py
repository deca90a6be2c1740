import uuid
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, EmailStr, Field, RootModel, ValidationInfo
from pydantic_core import PydanticCustomError

from coachboard.accounts import passwords
from coachboard.accounts.time_zones import is_time_zone
from coachboard.core.schemas import ONE_LINE, InputModel, OutputModel, is_stored
from coachboard.models.accounts import User


def known_time_zone(value: str, info: ValidationInfo) -> str:
    """An IANA zone name this server knows (a stored one is kept as stored): a time read on
    an unknown clock has no moment."""
    if is_stored(info) or is_time_zone(value):
        return value
    raise PydanticCustomError(
        "unknown_time_zone", "Not a time zone this server knows: use a name such as Europe/Berlin"
    )


TimeZoneName = Annotated[
    str,
    Field(min_length=1, max_length=64, examples=["Europe/Berlin"]),
    AfterValidator(known_time_zone),
]


class UserCreate(InputModel):
    email: EmailStr
    name: str = Field(min_length=1, max_length=200, pattern=ONE_LINE)
    # The length here, for the schema; the whole rule is passwords.check, which the service runs.
    password: str = Field(min_length=passwords.MIN_LENGTH, max_length=passwords.MAX_LENGTH)
    time_zone: str = Field(default="UTC", min_length=1, max_length=64)


class CoachRead(OutputModel):
    """The signed-in account, a coach's. `kind` tells it from a client's account, which
    answers the same route with its own shape (ClientAccountRead)."""

    kind: Literal["coach"] = "coach"
    id: uuid.UUID
    name: str
    email: str
    time_zone: str = Field(description="IANA time zone name: what today and overdue mean.")
    daily_digest: bool = Field(description="Whether the 07:00 morning summary email is sent.")


class ClientAccountRead(OutputModel):
    """The signed-in account, a client's: who they are, and the client record it belongs to."""

    kind: Literal["client"] = "client"
    id: uuid.UUID
    name: str
    email: str
    client_id: uuid.UUID


class AccountRead(RootModel[Annotated[CoachRead | ClientAccountRead, Field(discriminator="kind")]]):
    """The signed-in account as GET /api/v1/me answers it: a coach's or a client's, by `kind`."""

    @classmethod
    def of(cls, user: User) -> "AccountRead":
        if user.is_client:
            return cls(ClientAccountRead.model_validate(user))
        return cls(CoachRead.model_validate(user))


class CoachUpdate(InputModel):
    """The profile fields to change; a field left out, or null, stays as it is."""

    name: str | None = Field(default=None, min_length=1, max_length=200, pattern=ONE_LINE)
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
    daily_digest: bool | None = Field(
        default=None, description="Send the 07:00 morning summary email (true) or not (false)."
    )


class PasswordResetRequest(InputModel):
    email: EmailStr = Field(description="The email the account signs in with.")


class PasswordResetAccepted(OutputModel):
    """The same answer whether or not an account has the email."""

    detail: str = "If an account has this email, a link to choose a new password is on its way."


class AccessToken(OutputModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int | None = Field(default=None, description="Seconds until it expires.")


@dataclass(frozen=True)
class ClientAccount:
    """A signed-in client: their account, and the client whose records are all they reach.
    Every portal read and write is scoped by this client_id, never by an id from the URL."""

    account: User
    client_id: uuid.UUID

    @classmethod
    def of(cls, account: User) -> "ClientAccount":
        """A client's account as a ClientAccount (the routes answer a coach's with 404 first)."""
        if account.client_id is None:
            raise ValueError("a coach's account is no client's")
        return cls(account=account, client_id=account.client_id)
