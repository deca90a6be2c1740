"""The signed-in coach of an API request, from its bearer token."""

from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer

from coachboard.accounts import service
from coachboard.accounts.models import User
from coachboard.core.dependencies import DbSession

bearer_token = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def current_coach(session: DbSession, token: Annotated[str | None, Depends(bearer_token)]) -> User:
    user = service.user_for_token(session, token=token) if token else None
    if user is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="missing, expired or revoked bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


CurrentCoach = Annotated[User, Depends(current_coach)]
BearerToken = Annotated[str | None, Depends(bearer_token)]
