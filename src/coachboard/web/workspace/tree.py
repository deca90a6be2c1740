"""The workspace's Tree tab: goals → outcomes → sprints and commitments, a page of goals at a
time, narrowed by the filter form. It reads hierarchy.tree, as the JSON API does."""

from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import Response

from coachboard.accounts.time_zones import today_for
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.dependencies import DbSession
from coachboard.hierarchy import tree
from coachboard.hierarchy.records import GoalRow, SprintRow, client_rows
from coachboard.hierarchy.schemas import TreeFilters
from coachboard.web.paging import PageNumber, read_page
from coachboard.web.routing import page_router
from coachboard.web.workspace.shell import WorkspaceDep, known_id, record_links, render_tab
from coachboard.web.workspace.tree_view import GOALS_PER_PAGE, TreePage, tree_view

router = page_router()


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
    goal, sprint = known_id(goal_id, goals), known_id(sprint_id, sprints_rows)
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
    today = today_for(workspace.coach)
    client_tree, number = read_page(
        lambda params: tree.read(
            session, client_id=client_id, filters=filters, today=today, page=params
        ),
        lambda result: result.goal_page.total,
        page,
        GOALS_PER_PAGE,
    )
    where = TreePage(request.url.path, number, record_links(request, workspace))
    context = {"view": tree_view(client_tree, goals, sprints_rows, where), "notices": notices}
    return render_tab(request, workspace, "tree", "hierarchy/tree.html", context)


def _status(value: str) -> CommitmentStatus | None:
    try:
        return CommitmentStatus(value) if value else None
    except ValueError:
        return None
