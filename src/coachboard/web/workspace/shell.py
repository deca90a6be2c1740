"""The client workspace: one page per view of a client, all sharing a header and a tab bar.

A view plugs in by naming its tab here (it already is) and serving GET
/clients/{client_id}/<slug> from its own pages module with the `Workspace` dependency:

    @router.get("/clients/{client_id:uuid}/goals")
    def goals_tab(request: Request, workspace: WorkspaceDep, session: DbSession):
        goals = goals_service.get_all(session, coach=workspace.coach, client_id=workspace.client.id)
        return render_tab(request, workspace, "goals", "goals/tab.html", {"goals": goals})

and a template that starts `{% extends "workspace/tab.html" %}` and fills `{% block tab %}`.
Until a view's router is listed in coachboard.web.pages, its tab shows a placeholder.
"""

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.core.dependencies import DbSession
from coachboard.core.errors import NotFound
from coachboard.hierarchy import legacy
from coachboard.hierarchy.records import GoalRow, SprintRow
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.web.auth import PageCoach
from coachboard.web.routing import page_router
from coachboard.web.templating import render
from coachboard.web.workspace.views import RecordLinks

BadgeCount = Callable[[Session, User, Client], int]


@dataclass(frozen=True)
class Tab:
    slug: str  # the last part of its URL: /clients/{client_id}/<slug>
    label: str
    # A number shown beside the label while it is not 0 (the Review queue's length), one
    # query per page view.
    badge: BadgeCount | None = None
    # Left out of the tab bar while its badge is 0 (the Review queue, empty for most clients);
    # its URL still answers.
    hidden_when_empty: bool = False

    def url(self, client_id: uuid.UUID) -> str:
        return f"/clients/{client_id}/{self.slug}"


def review_count(session: Session, coach: User, client: Client) -> int:
    """Commitments and sprints still holding legacy goal/sprint links (migration 014)."""
    return legacy.queue_count(session, coach=coach, client_id=client.id)


TABS: list[Tab] = [
    Tab("tree", "Tree"),
    Tab("graph", "Graph"),
    Tab("goals", "Goals"),
    Tab("targets", "Outcomes"),
    Tab("sprints", "Sprints"),
    Tab("sessions", "Sessions"),
    Tab("commitments", "Commitments"),
    Tab("review", "Review", badge=review_count, hidden_when_empty=True),
]


def set_badge(slug: str, badge: BadgeCount) -> None:
    """Show badge(session, coach, client) beside a tab, e.g. the Review queue's count."""
    TABS[:] = [replace(t, badge=badge) if t.slug == slug else t for t in TABS]


def find_tab(slug: str) -> Tab:
    for tab in TABS:
        if tab.slug == slug:
            return tab
    raise NotFound("Tab")


@dataclass
class Workspace:
    """The client being worked on, for the signed-in coach, with the tabs' badges counted."""

    coach: User
    client: Client
    tabs: Sequence[Tab]
    badges: dict[str, int] = field(default_factory=dict)

    def tab_bar(self, active: Tab | None) -> list[Tab]:
        """The tabs the bar shows: all but an empty one that hides itself, unless it is open."""
        return [
            tab
            for tab in self.tabs
            if not tab.hidden_when_empty or self.badges.get(tab.slug) or tab == active
        ]


def workspace(session: DbSession, coach: PageCoach, client_id: uuid.UUID) -> Workspace:
    """The coach's client (another coach's is not found), ready for the workspace header."""
    client = clients.get(session, coach=coach, client_id=client_id)
    tabs = list(TABS)
    badges = {tab.slug: tab.badge(session, coach, client) for tab in tabs if tab.badge}
    return Workspace(coach=coach, client=client, tabs=tabs, badges=badges)


WorkspaceDep = Annotated[Workspace, Depends(workspace)]


def render_tab(
    request: Request,
    workspace: Workspace,
    slug: str | None,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """A workspace page with tab `slug` marked current (None: the client's overview)."""
    active = find_tab(slug) if slug else None
    page = {"workspace": workspace, "client": workspace.client, "active_tab": active}
    return render(request, template, {**page, **(context or {})}, status_code=status_code)


# Registered after every view's router, so a real view replaces its placeholder.
placeholder_router = page_router()


@placeholder_router.get("/clients/{client_id:uuid}/{slug}")
def placeholder_tab(request: Request, workspace: WorkspaceDep, slug: str) -> HTMLResponse:
    return render_tab(request, workspace, find_tab(slug).slug, "workspace/placeholder.html")


def record_links(request: Request, workspace: Workspace) -> RecordLinks:
    """Links to records that come back to this page, filters and all."""
    query = request.url.query
    back = request.url.path + (f"?{query}" if query else "")
    return RecordLinks(workspace.client.id, back=back)


def known_id(value: str, rows: Iterable[GoalRow | SprintRow]) -> uuid.UUID | None:
    """The id a filter names, when it is one of the rows'; None for anything else."""
    wanted = parse_id(value)
    return wanted if wanted is not None and any(row.id == wanted for row in rows) else None


def parse_id(value: str | None) -> uuid.UUID | None:
    """The id a form or query value spells, or None for anything else."""
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None
