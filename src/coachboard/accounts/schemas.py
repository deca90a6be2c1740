from pydantic import EmailStr, Field

from coachboard.accounts import passwords
from coachboard.core.schemas import InputModel, OutputModel


class UserCreate(InputModel):
    email: EmailStr
    name: str = Field(min_length=1, max_length=200)
    # The length here, for the schema; the whole rule is passwords.check, which the service runs.
    password: str = Field(min_length=passwords.MIN_LENGTH, max_length=passwords.MAX_LENGTH)


class AccessToken(OutputModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int | None = Field(default=None, description="Seconds until it expires.")
