"""The coach's home page: their week across clients (the front door, once signed in)."""

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query, Request
from fastapi.responses import Response

from coachboard.accounts.time_zones import today_for, zone_of
from coachboard.core.dependencies import DbSession
from coachboard.core.schemas import Day
from coachboard.dashboard import service
from coachboard.dashboard.schemas import ClientRef
from coachboard.mail import service as mail
from coachboard.sessions.times import describe_session
from coachboard.web.auth import CLIENT_HOME, HOME, MaybeAccount
from coachboard.web.pages.shell import visitor_door
from coachboard.web.routing import page_router
from coachboard.web.templating import redirect, render

router = page_router()


@dataclass
class ClientGroup:
    """A client's items of one list, under the client's name."""

    client: ClientRef
    items: list[Any] = field(default_factory=list)


def by_client(items: list[Any]) -> list[ClientGroup]:
    """The items grouped by client, the clients in the order of their first item: the client
    with the oldest overdue commitment comes first, and each keeps the list's order."""
    groups: dict[uuid.UUID, ClientGroup] = {}
    for item in items:
        groups.setdefault(item.client.id, ClientGroup(item.client)).items.append(item)
    return list(groups.values())


def week_url(start: date, days: int) -> str:
    """The home page for that window (the default length is left out of the address)."""
    params: dict[str, str | int] = {"date": start.isoformat()}
    if days != service.DEFAULT_DAYS:
        params["days"] = days
    return f"{HOME}?{urlencode(params)}"


@router.get(HOME)
def home(
    request: Request,
    session: DbSession,
    coach: MaybeAccount,
    start: Annotated[Day | None, Query(alias="date")] = None,
    days: Annotated[int, Query(ge=1, le=service.MAX_DAYS)] = service.DEFAULT_DAYS,
) -> Response:
    """The signed-in coach's week; a visitor is sent to sign in (or to create the first
    account), and a client to their own page: this is the front door."""
    if coach is None:
        return visitor_door(session)
    if coach.is_client:
        return redirect(CLIENT_HOME)
    today = today_for(coach)
    week = service.get(session, coach=coach, start=start or today, days=days)
    last_day = service.shifted(week.date, days - 1)
    earlier, later = service.shifted(week.date, -days), service.shifted(week.date, days)
    context = {
        "section": "home",
        # Where a commitment's edit form sends the coach back to.
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        "week": week,
        "today": today,
        "last_day": last_day,
        "overdue": by_client(week.overdue.items),
        "due": by_client(week.due.items),
        "sessions": by_client(week.sessions.items),
        # Each on the coach's clock, whatever clock it was set on.
        "session_times": {
            item.id: describe_session(item, zone_of(coach)) for item in week.sessions.items
        },
        "goals_at_risk": by_client(week.goals_at_risk.items),
        "earlier_url": week_url(earlier, days) if earlier else None,
        "later_url": week_url(later, days) if later else None,
        "is_this_week": week.date == today and days == service.DEFAULT_DAYS,
        "mail_failed": mail.failed_recently(session, coach=coach),
    }
    return render(request, "dashboard/week.html", context)
