"""Who is signed in to the pages: the session cookie holds an opaque id; the user_sessions
row it names (accounts.sessions) says whose it is, and is what signing out deletes."""

import uuid
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import BackgroundTasks, Depends, HTTPException, Request, status
from sqlalchemy.orm import Session
from starlette.responses import Response

from coachboard.accounts import sessions
from coachboard.accounts.schemas import ClientAccount
from coachboard.core.actor import act_as
from coachboard.core.dependencies import DbSession, client_info
from coachboard.models.accounts import User
from coachboard.web import csrf
from coachboard.web.csrf import SESSION_COOKIE

# Where a coach lands after signing in: their week across clients (web.pages.dashboard).
HOME = "/"
# Where a client lands: their own page (web.pages.portal). A client reaches nothing outside it.
CLIENT_HOME = "/me"


@dataclass(frozen=True)
class SignedIn:
    """Who the page shell shows as signed in: plain values, safe after any rollback."""

    id: uuid.UUID
    name: str
    email: str


class SignInRequired(Exception):
    """A signed-out visitor asked for a coach's page: send them to sign in, then back."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def lifetime(request: Request) -> sessions.Lifetime:
    settings = request.app.state.settings
    return sessions.Lifetime.days(settings.session_idle_days, settings.session_absolute_days)


def sign_in(request: Request, db: Session, user: User, response: Response) -> Response:
    """Start a new server-side session for the coach and give the browser its cookie on
    `response`; nothing of the signed-out browser state (messages, CSRF token) carries over."""
    key = sessions.start(db, user=user, client=client_info(request), lifetime=lifetime(request))
    request.session.clear()
    csrf.use_session(request, key)
    response.set_cookie(
        SESSION_COOKIE,
        key,
        max_age=int(lifetime(request).absolute.total_seconds()),
        httponly=True,
        samesite="lax",
        # Secure is added per request over HTTPS (web.middleware.SecureCookiesOnHttps).
    )
    return response


def sign_out(request: Request, db: Session, response: Response) -> Response:
    """End this browser's session on the server (a copy of its cookie is worth nothing after)
    and drop the cookie."""
    key = request.cookies.get(SESSION_COOKIE)
    if key:
        sessions.end(db, key=key)
    return forget_session(request, response)


def forget_session(request: Request, response: Response) -> Response:
    """Drop the browser's session cookie, and its browser state, on `response`."""
    request.session.clear()
    csrf.use_session(request, None)
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax")
    return response


def signed_in_account(
    request: Request, session: DbSession, background: BackgroundTasks
) -> User | None:
    """The active account (coach or client) of this browser's live session, or None; also
    kept for the shell."""
    key = request.cookies.get(SESSION_COOKIE)
    holder = sessions.holder(session, key=key, lifetime=lifetime(request)) if key else None
    if holder is None:
        return None
    if holder.use_stale:
        # After the answer, in a transaction of its own: a read stays a read.
        background.add_task(
            sessions.BROWSER_SESSIONS.record_use,
            request.app.state.engine,
            credential_id=holder.credential_id,
        )
    user = holder.user
    act_as(session, user_id=user.id, name=user.name, is_client=user.is_client)
    request.state.session_id = holder.credential_id
    # The shell shows who is signed in, even on an error page after a rollback expired `user`.
    shown = SignedIn(id=user.id, name=user.name, email=user.email)
    request.state.account = shown
    if not user.is_client:
        request.state.coach = shown
    return user


MaybeAccount = Annotated[User | None, Depends(signed_in_account)]


def page_account(request: Request, account: MaybeAccount) -> User:
    """The signed-in account, coach or client; a signed-out visitor is sent to sign in and
    brought back after."""
    if account is None:
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(back if request.method == "GET" else HOME)
    return account


PageAccount = Annotated[User, Depends(page_account)]


def page_coach(account: PageAccount) -> User:
    """The signed-in coach. A client's account gets the 404 page: every coach page refuses
    clients here, once, as a page that does not exist."""
    if account.is_client:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND)
    return account


def landing(account: User, wanted: str) -> str:
    """Where an account goes after signing in: a coach where they were going (or home); a
    client to their own page, whatever else was asked for."""
    if account.is_client:
        own = wanted == CLIENT_HOME or wanted.startswith(f"{CLIENT_HOME}/")
        return wanted if own else CLIENT_HOME
    return wanted


def sign_in_url(next_url: str) -> str:
    return "/sign-in" if next_url == HOME else f"/sign-in?{urlencode({'next': next_url})}"


def safe_next(next_url: str | None) -> str:
    """A path on this site to go to after signing in; anything else (another host) goes home."""
    if (
        next_url
        and next_url.startswith("/")
        and not next_url.startswith("//")
        and "\\" not in next_url
        and next_url.isprintable()  # browsers drop tabs and newlines: "/\t/evil" is "//evil"
    ):
        return next_url
    return HOME


def local_path(wanted: str | None, default: str) -> str:
    """wanted when it is a path on this site (as safe_next judges), else default: where a form
    returns to after it is sent, never another host ("//evil.com", "https://evil.com")."""
    return wanted if wanted and safe_next(wanted) == wanted else default


PageCoach = Annotated[User, Depends(page_coach)]


def page_client(account: PageAccount) -> ClientAccount:
    """The signed-in client; a coach gets the 404 page from the client's own forms."""
    if not account.is_client:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Not Found")
    return ClientAccount.of(account)


PageClient = Annotated[ClientAccount, Depends(page_client)]


def current_session_id(request: Request, _coach: PageCoach) -> uuid.UUID:
    """The id of this browser's session row (the signed-in coach's)."""
    return request.state.session_id


CurrentSessionId = Annotated[uuid.UUID, Depends(current_session_id)]
