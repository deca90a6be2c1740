"""Render a page: every template gets the shell's context (coach, CSRF token, messages) for free."""

import hashlib
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse, RedirectResponse

from coachboard.accounts.passwords import MIN_LENGTH as PASSWORD_MIN_LENGTH
from coachboard.accounts.time_zones import time_zone_names, zone_of
from coachboard.models.accounts import User
from coachboard.web import csrf

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
MESSAGES_KEY = "messages"

templates = Jinja2Templates(directory=WEB_DIR / "templates")
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True


@lru_cache
def _static_version(path: str) -> str:
    return hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:12]


def static_url(path: str) -> str:
    """/static/<path>?v=<hash of its content>: cacheable for ever, refreshed when it changes."""
    return f"/static/{path}?v={_static_version(path)}"


def on_clock(moment: datetime, coach: User) -> datetime:
    """A stored time (naive UTC, or with its zone) on the coach's clock; in UTC for one at the
    calendar's very ends (stored before input kept to 1900-2999), which no other clock holds."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    try:
        return aware.astimezone(zone_of(coach))
    except OverflowError:
        return aware


def coach_time(moment: datetime, coach: User) -> str:
    """A stored time as the coach reads it: in their time zone, named, since the zone can
    change ("7 Dec 2026, 13:52 (Europe/Berlin)")."""
    local = on_clock(moment, coach)
    return f"{local.day} {local.strftime('%b %Y, %H:%M')} ({local.tzinfo})"


def coach_day(moment: datetime, coach: User) -> date:
    """The date a stored time falls on, on the coach's clock (when a commitment was done)."""
    return on_clock(moment, coach).date()


templates.env.globals["static_url"] = static_url
templates.env.filters["coach_time"] = coach_time
templates.env.filters["coach_day"] = coach_day
templates.env.globals["time_zone_names"] = time_zone_names
templates.env.globals["password_min_length"] = PASSWORD_MIN_LENGTH


def flash(request: Request, text: str, kind: str = "info") -> None:
    """A message shown once, on the next page rendered for this browser (after a redirect)."""
    request.session[MESSAGES_KEY] = [*request.session.get(MESSAGES_KEY, []), [kind, text]]


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """The template inside the shell; the page's own context wins over the shell's."""
    messages = request.session.pop(MESSAGES_KEY, []) if MESSAGES_KEY in request.session else []
    shell = {
        "coach": getattr(request.state, "coach", None),
        # Whoever is signed in, coach or client (a client's shell has no coach's navigation).
        "account": getattr(request.state, "account", None),
        "csrf_field": csrf.FORM_FIELD,
        "csrf_token": csrf.token(request),
        "messages": messages,
    }
    return templates.TemplateResponse(
        request, template, {**shell, **(context or {})}, status_code=status_code
    )


def redirect(url: str) -> RedirectResponse:
    """303 See Other: after a form post, the browser follows with a GET."""
    return RedirectResponse(url, status_code=303)
