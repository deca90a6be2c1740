"""The workspace's Goals tab: the list with each goal's outcome count, new/edit forms, and a
delete that names the outcomes losing the goal. Every read and change goes through services."""

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from coachboard.core.dependencies import DbSession
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalCreate, GoalRead, GoalStatus, GoalUpdate
from coachboard.targets import service as targets
from coachboard.web.paging import PageNumber, page_urls, pager, read_page
from coachboard.web.routing import page_router
from coachboard.workspace.record_pages import RecordPages
from coachboard.workspace.records import RecordForm, options, plural, quoted
from coachboard.workspace.shell import Workspace, WorkspaceDep, render_tab

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
        served, _ = targets.get_all(
            session, coach=workspace.coach, client_id=workspace.client.id, goal_id=record.id
        )
        if not served:
            return [f"The goal “{record.title}”; no outcome is linked to it."], []
        removes = [f"The goal “{record.title}”.", f"Its {plural(len(served), 'link')} to outcomes."]
        orphaned = sum(1 for target in served if [g.id for g in target.goals] == [record.id])
        stays = [f"The outcomes themselves: {quoted(target.title for target in served)}."]
        if orphaned:
            stays.append(f"{orphaned} of them will then have no goal.")
        return removes, stays


GoalPages().register(router)
