"""The history pages: every change to one record, and a client's whole activity, a page at a
time, in sentences. A record's page and the client overview show the latest few and link
here; a deleted record's history stays readable here until its client is deleted."""

import uuid
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from coachboard.core.dependencies import DbSession
from coachboard.core.errors import NotFound
from coachboard.core.pagination import Page, PageParams
from coachboard.history import service as history
from coachboard.history.schemas import HistoryItem
from coachboard.web.paging import PageNumber, page_urls, pager, read_page
from coachboard.web.routing import page_router
from coachboard.web.workspace.shell import WorkspaceDep, find_tab, render_tab

router = page_router()


# The record tabs (goals, targets, …), by the path segment of their records.
RECORD_TABS = frozenset(history.KINDS) - {"clients"}


@router.get("/clients/{client_id:uuid}/activity")
def activity_page(
    request: Request, session: DbSession, workspace: WorkspaceDep, page: PageNumber = 1
) -> Response:
    """Everything that happened to the client's records, deleted ones included."""
    client = workspace.client
    listed = _listed(
        request,
        lambda params: history.of_client(
            session, coach=workspace.coach, client_id=client.id, page=params
        ),
        page,
    )
    context = {
        "heading": f"Activity of {client.name}",
        "trail": [
            ("Clients", "/clients"),
            (client.name, f"/clients/{client.id}"),
            ("Activity", None),
        ],
        "back_url": f"/clients/{client.id}",
        "back_label": "Overview",
        **listed,
    }
    return render_tab(request, workspace, None, "history/page.html", context)


@router.get("/clients/{client_id:uuid}/{kind}/{record_id:uuid}/history")
def record_history_page(
    request: Request,
    session: DbSession,
    workspace: WorkspaceDep,
    kind: str,
    record_id: uuid.UUID,
    page: PageNumber = 1,
) -> Response:
    """Every change to one of the client's records and its links, deleted or not."""
    if kind not in RECORD_TABS:
        raise NotFound("page")
    client, tab = workspace.client, find_tab(kind)
    listed = _listed(
        request,
        lambda params: history.of_record(
            session,
            coach=workspace.coach,
            kind=history.KINDS[kind],
            record_id=record_id,
            page=params,
            client_id=client.id,
        ),
        page,
    )
    title = history.title_in(listed["entries"], record_id)
    context = {
        "heading": f"History of “{title}”" if title else "History",
        "trail": [
            ("Clients", "/clients"),
            (client.name, f"/clients/{client.id}"),
            (tab.label, tab.url(client.id)),
            ("History", None),
        ],
        "back_url": tab.url(client.id),
        "back_label": f"All {tab.label.lower()}",
        **listed,
    }
    return render_tab(request, workspace, tab.slug, "history/page.html", context)


def _listed(
    request: Request, read: Callable[[PageParams], Page[HistoryItem]], number: int
) -> dict[str, Any]:
    """The numbered page of entries (past the last: the last) and its pager."""
    entries, number = read_page(read, lambda found: found.total, number)
    urls = page_urls(request.url.path, {})
    return {"entries": entries, "pager": pager(number, entries.total, len(entries.items), urls)}
