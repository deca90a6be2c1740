"""Who is signed in to the pages: a coach id in the signed session cookie, checked per request."""

import uuid
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Request

from coachboard.accounts import service as accounts
from coachboard.accounts.models import User
from coachboard.core.dependencies import DbSession
from coachboard.web import csrf

COACH_KEY = "coach_id"
HOME = "/clients"


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


def sign_in(request: Request, user: User) -> None:
    """Start a fresh session for the coach (nothing of the signed-out session carries over)."""
    request.session.clear()
    request.session[COACH_KEY] = str(user.id)
    csrf.rotate(request)


def sign_out(request: Request) -> None:
    request.session.clear()


def signed_in_coach(request: Request, session: DbSession) -> User | None:
    """The active coach of this browser session, or None; the coach is also kept for the shell."""
    try:
        coach_id = uuid.UUID(request.session.get(COACH_KEY, ""))
    except ValueError:
        return None
    user = accounts.get(session, user_id=coach_id)
    if user is None or not user.is_active:
        request.session.pop(COACH_KEY, None)
        return None
    # The shell shows who is signed in, even on an error page after a rollback expired `user`.
    request.state.coach = SignedIn(id=user.id, name=user.name, email=user.email)
    return user


def page_coach(request: Request, coach: Annotated[User | None, Depends(signed_in_coach)]) -> User:
    """The signed-in coach; a signed-out visitor is sent to sign in and brought back after."""
    if coach is None:
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(back if request.method == "GET" else HOME)
    return coach


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


PageCoach = Annotated[User, Depends(page_coach)]
MaybeCoach = Annotated[User | None, Depends(signed_in_coach)]
