"""The shell's own pages: the front door, which sends each visitor where they belong."""

from fastapi.responses import RedirectResponse

from coachboard.accounts import service as accounts
from coachboard.core.dependencies import DbSession
from coachboard.web.auth import HOME, MaybeCoach
from coachboard.web.routing import page_router

router = page_router()


@router.get("/")
def front_door(session: DbSession, coach: MaybeCoach) -> RedirectResponse:
    """First run on an empty database; else the coach's clients, or sign-in."""
    if coach is not None:
        return RedirectResponse(HOME, status_code=303)
    if accounts.count(session) == 0:
        return RedirectResponse("/welcome", status_code=303)
    return RedirectResponse("/sign-in", status_code=303)


@router.get("/favicon.ico")
def favicon() -> RedirectResponse:
    return RedirectResponse("/static/favicon.svg", status_code=301)
