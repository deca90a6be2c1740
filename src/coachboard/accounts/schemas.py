from pydantic import EmailStr, Field

from coachboard.core.schemas import InputModel, OutputModel


class UserCreate(InputModel):
    email: EmailStr
    name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=8, max_length=200)


class AccessToken(OutputModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int | None = Field(default=None, description="Seconds until it expires.")
