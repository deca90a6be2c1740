"""The signed-in coach of an API request, from its bearer token; who is asking, and from
where, for the audit and the throttle."""

from typing import Annotated

from fastapi import BackgroundTasks, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer

from coachboard.accounts import service
from coachboard.accounts.events import ClientInfo
from coachboard.accounts.models import User
from coachboard.core.dependencies import DbSession

bearer_token = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def current_coach(
    request: Request,
    session: DbSession,
    background: BackgroundTasks,
    token: Annotated[str | None, Depends(bearer_token)],
) -> User:
    holder = service.user_for_token(session, token=token) if token else None
    if holder is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="missing, expired or revoked bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if holder.last_use_stale:
        # After the answer, in a transaction of its own: a read stays a read, and the write
        # waits for no connection this request still holds.
        background.add_task(
            service.record_token_use, request.app.state.engine, token_id=holder.token_id
        )
    return holder.user


def peer_address(request: Request) -> str | None:
    """The peer's address, as uvicorn reports it (it decides which proxy headers to believe)."""
    return request.client.host if request.client else None


def client_address(request: Request) -> str:
    """The peer's address as the throttle keys it ("unknown" when the server has none)."""
    return peer_address(request) or "unknown"


CurrentCoach = Annotated[User, Depends(current_coach)]
BearerToken = Annotated[str | None, Depends(bearer_token)]


def client_info(request: Request) -> ClientInfo:
    """The request's address (as the server was told to believe it) and user agent."""
    return ClientInfo.of(peer_address(request), request.headers.get("user-agent"))


Requester = Annotated[ClientInfo, Depends(client_info)]
