"""The shell's own pages: where a visitor who is not signed in is sent, and the favicon. The
front door itself, for a signed-in coach, is their week (web.pages.dashboard)."""

from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.web.routing import page_router

router = page_router()


def visitor_door(session: Session) -> RedirectResponse:
    """Where the front door sends a visitor: the first-run page on an empty database, else
    sign-in."""
    if accounts.count(session) == 0:
        return RedirectResponse("/welcome", status_code=303)
    return RedirectResponse("/sign-in", status_code=303)


@router.get("/favicon.ico")
def favicon() -> RedirectResponse:
    return RedirectResponse("/static/favicon.svg", status_code=301)
