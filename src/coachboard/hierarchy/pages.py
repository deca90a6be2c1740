"""The workspace's Tree, Graph and Review tabs: the hierarchy read models, drawn as pages.

Each tab calls the same read models as the JSON API (hierarchy.tree, .graph with .layout,
.legacy); what the templates show is prepared here (hierarchy/views.py), so they only display.
"""

import uuid
from collections.abc import Iterable
from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.dependencies import DbSession
from coachboard.core.errors import NotFound
from coachboard.core.pagination import PageParams
from coachboard.hierarchy import graph, legacy, tree
from coachboard.hierarchy.graph_view import draw_graph
from coachboard.hierarchy.layout import layout
from coachboard.hierarchy.legacy_schemas import LegacyKind
from coachboard.hierarchy.records import GoalRow, SprintRow, client_rows
from coachboard.hierarchy.schemas import TreeFilters
from coachboard.hierarchy.tree_view import GOALS_PER_PAGE, TreePage, tree_view
from coachboard.hierarchy.views import Failure, RecordLinks, review_items
from coachboard.sprints import service as sprints
from coachboard.web.forms import WHOLE_FORM, Form, FormDep
from coachboard.web.paging import MAX_PAGE, PageNumber, read_page
from coachboard.web.routing import page_router
from coachboard.web.templating import flash, redirect
from coachboard.web.workspace import Workspace, WorkspaceDep, render_tab

router = page_router()

REVIEW_PAGE_SIZE = 20


@router.get("/clients/{client_id:uuid}/tree")
def tree_tab(
    request: Request,
    session: DbSession,
    workspace: WorkspaceDep,
    goal_id: Annotated[str, Query(max_length=64)] = "",
    sprint_id: Annotated[str, Query(max_length=64)] = "",
    commitment_status: Annotated[str, Query(max_length=32)] = "",
    page: PageNumber = 1,
) -> Response:
    """Goals → outcomes → their sprints and commitments, a page of goals at a time, narrowed
    by the filter form.

    A filter value that names nothing of this client (a goal deleted since the link was made,
    a status typed by hand) is dropped with a notice rather than answered with an error page.
    """
    client_id = workspace.client.id
    goals = client_rows(session, GoalRow, client_id)
    sprints_rows = client_rows(session, SprintRow, client_id)
    status = _status(commitment_status)
    goal, sprint = _known(goal_id, goals), _known(sprint_id, sprints_rows)
    notices = [
        notice
        for asked, kept, notice in (
            (goal_id, goal, "That goal no longer exists: showing every goal."),
            (sprint_id, sprint, "That sprint no longer exists: showing every sprint."),
            (commitment_status, status, "There is no such commitment status: showing all."),
        )
        if asked and kept is None
    ]
    filters = TreeFilters(goal_id=goal, sprint_id=sprint, commitment_status=status)
    client_tree, number = read_page(
        lambda params: tree.read(session, client_id=client_id, filters=filters, page=params),
        lambda result: result.goal_page.total,
        page,
        GOALS_PER_PAGE,
    )
    where = TreePage(request.url.path, number, _links(request, workspace))
    context = {"view": tree_view(client_tree, goals, sprints_rows, where), "notices": notices}
    return render_tab(request, workspace, "tree", "hierarchy/tree.html", context)


@router.get("/clients/{client_id:uuid}/graph")
def graph_tab(
    request: Request,
    session: DbSession,
    workspace: WorkspaceDep,
    goal_id: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    """The hierarchy as a layered SVG drawing, with its links also as a text list; or one
    goal's part of it, picked from the goals. A graph too large to draw whole draws the
    layers that fit and says what it leaves out."""
    client_id = workspace.client.id
    goals = client_rows(session, GoalRow, client_id)
    goal = _known(goal_id, goals)
    notices = ["That goal no longer exists: showing every goal."] if goal_id and not goal else []
    client_graph = graph.read(session, client_id=client_id, goal_id=goal)
    drawing = draw_graph(
        client_graph, layout(client_graph), goals, links=_links(request, workspace)
    )
    context = {"drawing": drawing, "notices": notices}
    return render_tab(request, workspace, "graph", "hierarchy/graph.html", context)


@router.get("/clients/{client_id:uuid}/review")
def review_tab(
    request: Request,
    session: DbSession,
    workspace: WorkspaceDep,
    page: PageNumber = 1,
) -> Response:
    """The legacy-link queue, a page at a time: each item with its suggested outcomes."""
    return _review_page(request, session, workspace, page)


@router.post("/clients/{client_id:uuid}/review/{kind}/{record_id:uuid}/resolve")
def resolve_item(
    request: Request,
    session: DbSession,
    workspace: WorkspaceDep,
    kind: LegacyKind,
    record_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    """Link the record to the outcomes ticked beside it; a refusal shows beside the item."""
    title = _title_in_client(session, workspace, kind, record_id)
    page = _page_number(posted.get("page"))
    picked = [str(value) for value in posted.getlist("target_ids")]
    target_ids = [value for value in map(_uuid, picked) if value is not None]
    form = Form()
    if len(target_ids) < len(picked):
        form.errors["target_ids"] = "not found for this client"
    else:
        form.attempt(
            session,
            lambda: legacy.resolve(
                session,
                coach=workspace.coach,
                kind=kind,
                record_id=record_id,
                target_ids=target_ids,
            ),
        )
    if form.ok:
        count = len(set(target_ids))
        outcomes = "1 outcome" if count == 1 else f"{count} outcomes"
        flash(request, f"Linked “{title}” to {outcomes}.", "success")
        return redirect(_review_url(workspace, page))
    if "target_ids" not in form.errors:
        return _already_reviewed(request, workspace, title, page, form)
    failure = Failure(record_id, _link_problem(form.errors["target_ids"]), set(picked))
    return _review_page(request, session, workspace, page, failure=failure, status_code=422)


@router.post("/clients/{client_id:uuid}/review/{kind}/{record_id:uuid}/dismiss")
def dismiss_item(
    request: Request,
    session: DbSession,
    workspace: WorkspaceDep,
    kind: LegacyKind,
    record_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    """Let the record's legacy link go without linking it to an outcome."""
    title = _title_in_client(session, workspace, kind, record_id)
    page = _page_number(posted.get("page"))
    form = Form()
    form.attempt(
        session,
        lambda: legacy.dismiss(session, coach=workspace.coach, kind=kind, record_id=record_id),
    )
    if not form.ok:
        return _already_reviewed(request, workspace, title, page, form)
    flash(request, f"Dismissed the old link of “{title}”; it is no longer in the queue.", "success")
    return redirect(_review_url(workspace, page))


def _review_page(
    request: Request,
    session: Session,
    workspace: Workspace,
    page: int,
    *,
    failure: Failure | None = None,
    status_code: int = 200,
) -> Response:
    coach, client_id = workspace.coach, workspace.client.id
    items, total = legacy.queue(session, coach=coach, client_id=client_id, page=_page_params(page))
    last_page = max(1, -(-total // REVIEW_PAGE_SIZE))
    if page > last_page:  # the last item of the last page was just reviewed
        page = last_page
        items, total = legacy.queue(
            session, coach=coach, client_id=client_id, page=_page_params(page)
        )
    context = {
        "items": review_items(
            items,
            links=RecordLinks(client_id, back=_review_url(workspace, page)),
            failure=failure,
            page=page,
        ),
        "total": total,
        "page": page,
        "last_page": last_page,
        "first_number": (page - 1) * REVIEW_PAGE_SIZE + 1,
        "last_number": (page - 1) * REVIEW_PAGE_SIZE + len(items),
        "page_url": lambda number: _review_url(workspace, number),
    }
    return render_tab(
        request, workspace, "review", "hierarchy/review.html", context, status_code=status_code
    )


def _links(request: Request, workspace: Workspace) -> RecordLinks:
    """Links to records that come back to this page, filters and all."""
    query = request.url.query
    back = request.url.path + (f"?{query}" if query else "")
    return RecordLinks(workspace.client.id, back=back)


def _page_params(page: int) -> PageParams:
    return PageParams(limit=REVIEW_PAGE_SIZE, offset=(page - 1) * REVIEW_PAGE_SIZE)


def _review_url(workspace: Workspace, page: int) -> str:
    base = f"/clients/{workspace.client.id}/review"
    return base if page <= 1 else f"{base}?page={page}"


def _title_in_client(
    session: Session, workspace: Workspace, kind: LegacyKind, record_id: uuid.UUID
) -> str:
    """The title of the coach's commitment or sprint of this client; NotFound otherwise, so a
    record of another client is never changed through this client's page."""
    coach, client_id = workspace.coach, workspace.client.id
    if kind is LegacyKind.sprint:
        return sprints.get(session, coach=coach, sprint_id=record_id, client_id=client_id).title
    commitment = commitments.get(session, coach=coach, commitment_id=record_id)
    if commitment.client_id != client_id:
        raise NotFound("Commitment")
    return commitment.title


def _already_reviewed(
    request: Request, workspace: Workspace, title: str, page: int, form: Form
) -> Response:
    # Reviewed meanwhile (another tab, another device): the item has left the queue, so the
    # message goes above the queue rather than beside an item no longer shown.
    message = form.errors.get(WHOLE_FORM, "")
    flash(request, f"“{title}” was already reviewed. {message}", "warning")
    return redirect(_review_url(workspace, page))


def _link_problem(message: str) -> str:
    """The service's refusal in words a coach reads beside the item."""
    if message.startswith("not found"):
        return "An outcome you picked is no longer this client's. Reload the page and pick again."
    return message[:1].upper() + message[1:].rstrip(".") + "."


def _known(value: str, rows: Iterable[GoalRow | SprintRow]) -> uuid.UUID | None:
    """The id a filter names, when it is one of the rows'; None for anything else."""
    wanted = _uuid(value)
    return wanted if wanted is not None and any(row.id == wanted for row in rows) else None


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def _status(value: str) -> CommitmentStatus | None:
    try:
        return CommitmentStatus(value) if value else None
    except ValueError:
        return None


def _page_number(value: object) -> int:
    """The queue page a form came from (1 when missing or not a page number)."""
    if isinstance(value, str) and value.isdigit():
        return min(max(int(value), 1), MAX_PAGE)
    return 1
