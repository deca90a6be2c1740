"""The workspace's Goals tab: the list with each goal's outcome count, new/edit forms, and a
delete that names the outcomes losing the goal. Every read and change goes through services."""

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from coachboard.core.dependencies import DbSession
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalCreate, GoalRead, GoalStatus, GoalUpdate
from coachboard.hierarchy import record_lists, record_views
from coachboard.models.links import TargetGoalLink
from coachboard.models.targets import Target
from coachboard.web.paging import PageNumber, page_urls, pager, read_page
from coachboard.web.routing import page_router
from coachboard.web.workspace.record_pages import RecordPages
from coachboard.web.workspace.records import NAMED, RecordForm, options, plural, quoted_first
from coachboard.web.workspace.shell import Workspace, WorkspaceDep, render_tab

router = page_router()


@router.get("/clients/{client_id:uuid}/goals")
def goals_tab(
    request: Request, workspace: WorkspaceDep, session: DbSession, page: PageNumber = 1
) -> Response:
    """A page of goals, each with how many outcomes serve it."""
    coach, client_id = workspace.coach, workspace.client.id
    (shown, total), number = read_page(
        lambda params: goals.get_all(session, coach=coach, client_id=client_id, page=params),
        lambda result: result[1],
        page,
    )
    context = {
        "goals": shown,
        "target_counts": goals.target_counts(session, coach=coach, client_id=client_id),
        "pager": pager(number, total, len(shown), page_urls(request.url.path, {})),
    }
    return render_tab(request, workspace, "goals", "goals/tab.html", context)


class GoalPages(RecordPages[GoalRead]):
    tab = "goals"
    noun = "goal"
    template = "goals/form.html"
    service = goals
    id_keyword = "goal_id"
    read_template = "goals/read.html"
    read_view = staticmethod(record_views.goal_view)
    form = RecordForm(
        model=GoalCreate,
        update_model=GoalUpdate,
        labels={
            "title": "Title",
            "description": "Description",
            "status": "Status",
            "target_date": "Target date",
        },
    )

    def context(
        self, session: Session, workspace: Workspace, record: GoalRead | None
    ) -> dict[str, Any]:
        return {"statuses": options(GoalStatus)}

    def consequences(
        self, session: Session, workspace: Workspace, record: GoalRead
    ) -> tuple[list[str], list[str]]:
        served = record_lists.first_linked(
            session, TargetGoalLink, "goal_id", "target_id", Target, [record.id], cap=NAMED
        ).get(record.id, record_lists.NONE_LINKED)
        if not served.total:
            return [f"The goal “{record.title}”; no outcome is linked to it."], []
        removes = [
            f"The goal “{record.title}”.",
            f"Its {plural(served.total, 'link')} to outcomes.",
        ]
        stays = [f"The outcomes themselves: {quoted_first(served)}."]
        alone = record_lists.left_alone(
            session, TargetGoalLink, "goal_id", "target_id", Target, record.id, cap=NAMED
        )
        if alone.total:
            left = "This outcome" if alone.total == 1 else f"These {alone.total} outcomes"
            stays.append(f"{left} will then have no goal: {quoted_first(alone)}.")
        return removes, stays


GoalPages().register(router)
