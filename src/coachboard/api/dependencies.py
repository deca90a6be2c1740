"""The signed-in account of an API request, from its bearer token (a coach's or a client's),
the coach every coach route takes; who is asking, and from where, for the audit and the
throttle."""

from typing import Annotated

from fastapi import BackgroundTasks, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer

from coachboard.accounts import service, throttle
from coachboard.accounts.schemas import ClientAccount
from coachboard.core.actor import act_as
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import NO_TOKEN
from coachboard.models.accounts import User

bearer_token = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def current_account(
    request: Request,
    session: DbSession,
    background: BackgroundTasks,
    token: Annotated[str | None, Depends(bearer_token)],
) -> User:
    """The active account (coach or client) of a live bearer token, else 401."""
    holder = service.user_for_token(session, token=token) if token else None
    if holder is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail=NO_TOKEN,
            headers={"WWW-Authenticate": "Bearer"},
        )
    if holder.use_stale:
        # After the answer, in a transaction of its own: a read stays a read, and the write
        # waits for no connection this request still holds.
        background.add_task(
            service.API_TOKENS.record_use,
            request.app.state.engine,
            credential_id=holder.credential_id,
        )
    user = holder.user
    act_as(session, user_id=user.id, name=user.name, is_client=user.is_client)
    return user


CurrentAccount = Annotated[User, Depends(current_account)]


async def current_coach(account: CurrentAccount) -> User:
    """The signed-in coach. A client's account gets 404, the answer of a route that does not
    exist: every coach route refuses clients here, once, and tells them nothing about itself.
    (Async, as it waits on nothing: FastAPI runs a plain def in the thread pool, a trip every
    API request would pay.)"""
    if account.is_client:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Not Found")
    return account


async def current_client(account: CurrentAccount) -> ClientAccount:
    """The signed-in client (their account is active: current_account answers only those); a
    coach gets 404 from every portal route."""
    if not account.is_client:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Not Found")
    return ClientAccount.of(account)


CurrentClient = Annotated[ClientAccount, Depends(current_client)]


CurrentCoach = Annotated[User, Depends(current_coach)]
BearerToken = Annotated[str | None, Depends(bearer_token)]


def too_many(what: str, refused: throttle.Refused) -> HTTPException:
    """The 429 of a request past its allowance (accounts.throttle), with Retry-After."""
    return HTTPException(
        status_code=status.HTTP_429_TOO_MANY_REQUESTS,
        detail=f"too many {what}: try again in {refused.retry_after} s",
        headers={"Retry-After": str(refused.retry_after)},
    )
