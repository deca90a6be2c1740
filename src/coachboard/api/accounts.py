from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Request, Response, status
from fastapi.responses import JSONResponse
from fastapi.security import OAuth2PasswordRequestForm

from coachboard.accounts import events, service, throttle
from coachboard.accounts.schemas import AccessToken, PasswordResetAccepted, PasswordResetRequest
from coachboard.accounts.throttle import reset_attempt
from coachboard.api.dependencies import BearerToken, CurrentAccount, too_many
from coachboard.core.dependencies import DbSession, Requester, SettingsDep, client_address
from coachboard.core.json_input import api_router
from coachboard.core.responses import UNREADABLE_BODY
from coachboard.mail import messages

router = APIRouter(prefix="/auth", tags=["auth"])
# Routes that read a JSON body (strictly, as every concept's do).
reset_router = api_router(prefix="/auth", tags=["auth"])


@router.post(
    "/token",
    response_model=AccessToken,
    responses={
        401: {"description": "Incorrect email or password"},
        429: {
            "description": "Too many attempts for this account or address: wait and try again",
            "headers": {
                "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
            },
        },
    },
)
def issue_token(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    client: Requester,
) -> AccessToken | Response:
    """Exchange an account's email (`username`) and password for a bearer token, a coach's
    or a client's (GET /api/v1/me tells which); past the
    allowance of attempts (accounts.throttle), 429 without a password check."""
    attempt = throttle.Attempt(account=form.username, address=client_address(request))
    limits = throttle.Limits.from_settings(settings)
    if refused := throttle.admit(request.app.state.engine, attempt, limits):
        raise too_many("attempts", refused)
    user = service.authenticate(session, email=form.username, password=form.password)
    events.record_sign_in(
        session, email=form.username, user=user, client=client, kind=events.EventKind.TOKEN_ISSUED
    )
    if user is None:
        # Answered, not raised: the unit of work commits, and the failure stays in the audit.
        return JSONResponse(
            status_code=status.HTTP_401_UNAUTHORIZED,
            content={"detail": "incorrect email or password"},
            headers={"WWW-Authenticate": "Bearer"},
        )
    throttle.succeeded(session, attempt)
    lifetime = timedelta(minutes=settings.access_token_minutes)
    token = service.create_token(session, user=user, name="password sign-in", lifetime=lifetime)
    return AccessToken(access_token=token, expires_in=int(lifetime.total_seconds()))


@router.delete(
    "/token", status_code=status.HTTP_204_NO_CONTENT, responses={401: {"description": "No token"}}
)
def revoke_token(
    session: DbSession, account: CurrentAccount, token: BearerToken, client: Requester
) -> Response:
    """Revoke the bearer token this request carries (a coach's or a client's)."""
    service.revoke_token(session, token=token or "")
    events.record(session, kind=events.EventKind.TOKEN_REVOKED, user_id=account.id, client=client)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@reset_router.post(
    "/password-reset",
    response_model=PasswordResetAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        **UNREADABLE_BODY,
        429: {
            "description": "Too many requests for this email or address: wait and try again",
            "headers": {
                "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
            },
        },
    },
)
def request_password_reset(
    request: Request,
    settings: SettingsDep,
    body: PasswordResetRequest,
    background: BackgroundTasks,
) -> PasswordResetAccepted:
    """Email a one-time link to choose a new password to the active account with this email,
    if there is one. The answer is 202 either way, and as quick: it tells no one which emails
    have accounts. Counted by the sign-in throttle, so it cannot flood an inbox."""
    attempt = reset_attempt(body.email, client_address(request))
    limits = throttle.Limits.from_settings(settings)
    if refused := throttle.admit(request.app.state.engine, attempt, limits):
        raise too_many("requests", refused)
    lifetime = timedelta(minutes=settings.reset_link_minutes)
    # After the answer, in a transaction of its own: making and queueing a link takes time
    # that, before the answer, would tell which emails have an account.
    background.add_task(
        messages.queue_reset_link, request.app.state.engine, email=body.email, lifetime=lifetime
    )
    return PasswordResetAccepted()
