"""The workspace's Graph tab: the hierarchy as a layered SVG drawing, or one goal's part of it.
It reads hierarchy.graph and hierarchy.layout, as the JSON API does."""

from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import Response

from coachboard.accounts.time_zones import today_for
from coachboard.core.dependencies import DbSession
from coachboard.hierarchy import graph
from coachboard.hierarchy.layout import layout
from coachboard.hierarchy.records import GoalRow, client_rows
from coachboard.web.routing import page_router
from coachboard.web.workspace.graph_view import draw_graph
from coachboard.web.workspace.shell import WorkspaceDep, known_id, record_links, render_tab

router = page_router()


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
    goal = known_id(goal_id, goals)
    notices = ["That goal no longer exists: showing every goal."] if goal_id and not goal else []
    today = today_for(workspace.coach)
    client_graph = graph.read(session, client_id=client_id, goal_id=goal, today=today)
    drawing = draw_graph(
        client_graph, layout(client_graph), goals, links=record_links(request, workspace)
    )
    context = {"drawing": drawing, "notices": notices}
    return render_tab(request, workspace, "graph", "hierarchy/graph.html", context)
