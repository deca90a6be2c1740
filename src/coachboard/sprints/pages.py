"""The workspace's Sprints tab: the list and a page per sprint, each showing its outcomes and
the goals it reaches through them. The sprint form has no goal selector: a sprint reaches
goals only through its outcomes, which are linked from the outcome form."""

import uuid
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import today_for
from coachboard.core.dependencies import DbSession
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalRead
from coachboard.hierarchy import record_lists
from coachboard.sprints import service as sprints
from coachboard.sprints.schemas import SprintCreate, SprintRead, SprintStatus, SprintUpdate
from coachboard.targets import service as targets
from coachboard.web.paging import PageNumber, page_urls, pager, read_page
from coachboard.web.routing import page_router
from coachboard.workspace.record_pages import RecordPages
from coachboard.workspace.records import RecordForm, options, plural, quoted, titled
from coachboard.workspace.shell import Workspace, WorkspaceDep, render_tab

router = page_router()


@router.get("/clients/{client_id:uuid}/sprints")
def sprints_tab(
    request: Request, workspace: WorkspaceDep, session: DbSession, page: PageNumber = 1
) -> Response:
    """A page of sprints, each with its first outcomes and the first goals they reach."""
    listed, number = read_page(
        lambda params: record_lists.sprint_list(
            session,
            coach=workspace.coach,
            client_id=workspace.client.id,
            page=params,
            today=today_for(workspace.coach),
        ),
        lambda result: result.page.total,
        page,
    )
    urls = page_urls(request.url.path, {})
    context = {
        "listed": listed,
        "pager": pager(number, listed.page.total, len(listed.page.items), urls),
    }
    return render_tab(request, workspace, "sprints", "sprints/tab.html", context)


@router.get("/clients/{client_id:uuid}/sprints/{sprint_id:uuid}")
def sprint_page(
    request: Request, workspace: WorkspaceDep, session: DbSession, sprint_id: uuid.UUID
) -> Response:
    """One sprint: its outcomes and the goals they reach."""
    sprint = SprintPages().get(session, workspace, sprint_id)
    sprint_targets, _ = targets.get_all(
        session, coach=workspace.coach, client_id=workspace.client.id, sprint_id=sprint.id
    )
    context = {
        "sprint": sprint,
        "outcomes": sprint_targets,
        "goals": reached(sprint, client_goals(session, workspace)),
        "crumb": sprint.title,
    }
    return render_tab(request, workspace, "sprints", "sprints/sprint.html", context)


def client_goals(session: Session, workspace: Workspace) -> dict[uuid.UUID, GoalRead]:
    return titled(goals.get_all(session, coach=workspace.coach, client_id=workspace.client.id)[0])


def reached(sprint: SprintRead, goals_by_id: dict[uuid.UUID, GoalRead]) -> list[GoalRead]:
    """The goals the sprint reaches through its outcomes (derived by the model, never stored)."""
    return [goals_by_id[goal_id] for goal_id in sprint.goal_ids if goal_id in goals_by_id]


class SprintPages(RecordPages[SprintRead]):
    tab = "sprints"
    noun = "sprint"
    template = "sprints/form.html"
    service = sprints
    id_keyword = "sprint_id"
    form = RecordForm(
        model=SprintCreate,
        update_model=SprintUpdate,
        labels={
            "title": "Title",
            "start_date": "Start date",
            "end_date": "End date",
            "status": "Status",
            "description": "Description",
        },
        rule_errors={
            "end_date": "End the sprint after its start date.",
            "start_date": "Start the sprint before its end date.",
        },
    )

    def context(
        self, session: Session, workspace: Workspace, record: SprintRead | None
    ) -> dict[str, Any]:
        context: dict[str, Any] = {"statuses": options(SprintStatus)}
        if record is not None:
            context["reached_goals"] = reached(record, client_goals(session, workspace))
        return context

    def consequences(
        self, session: Session, workspace: Workspace, record: SprintRead
    ) -> tuple[list[str], list[str]]:
        sprint_targets = record.targets
        if not sprint_targets:
            return [f"The sprint “{record.title}”; no outcome is linked to it."], []
        removes = [
            f"The sprint “{record.title}”.",
            f"Its {plural(len(sprint_targets), 'link')} to outcomes.",
        ]
        return removes, [f"The outcomes themselves: {quoted(t.title for t in sprint_targets)}."]


SprintPages().register(router)
