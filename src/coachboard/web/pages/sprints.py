"""The workspace's Sprints tab: the list and a page per sprint, each showing its outcomes and
the goals it reaches through them. The sprint form picks its outcomes (the same links the
outcome form's sprint picker makes) but has no goal selector: a sprint reaches goals only
through its outcomes."""

import uuid
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import today_for
from coachboard.core.dependencies import DbSession
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalRead
from coachboard.hierarchy import record_lists, record_views
from coachboard.models.links import TargetSprintLink
from coachboard.models.targets import Target
from coachboard.sprints import service as sprints
from coachboard.sprints.schemas import SprintCreate, SprintRead, SprintStatus, SprintUpdate
from coachboard.web.forms import Form
from coachboard.web.paging import PageNumber, page_urls, pager, read_page
from coachboard.web.routing import page_router
from coachboard.web.workspace.choices import target_choices
from coachboard.web.workspace.record_pages import RecordPages
from coachboard.web.workspace.records import (
    NAMED,
    RecordForm,
    options,
    plural,
    quoted_first,
    titled,
)
from coachboard.web.workspace.shell import Workspace, WorkspaceDep, render_tab

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
    read_template = "sprints/read.html"
    read_view = staticmethod(record_views.sprint_view)
    form = RecordForm(
        model=SprintCreate,
        update_model=SprintUpdate,
        labels={
            "title": "Title",
            "start_date": "Start date",
            "end_date": "End date",
            "target_ids": "Outcomes",
            "status": "Status",
            "description": "Description",
        },
        lists=("target_ids",),
        choice_errors={
            "target_ids": "Choose outcomes from this list: one of those sent isn't this client's.",
        },
        rule_errors={
            "end_date": "End the sprint after its start date.",
            "start_date": "Start the sprint before its end date.",
        },
    )

    def blank(self, session: Session, workspace: Workspace) -> Form:
        start, end = sprints.default_dates(today_for(workspace.coach))
        return self.form.blank(start_date=start, end_date=end)

    def filled(self, record: SprintRead) -> Form:
        return self.form.filled(record, target_ids=record.target_ids)

    def context(
        self, session: Session, workspace: Workspace, record: SprintRead | None
    ) -> dict[str, Any]:
        context: dict[str, Any] = {
            "statuses": options(SprintStatus),
            "target_choices": target_choices(session, workspace),
        }
        if record is not None:
            context["reached_goals"] = reached(record, client_goals(session, workspace))
        return context

    def consequences(
        self, session: Session, workspace: Workspace, record: SprintRead
    ) -> tuple[list[str], list[str]]:
        # An outcome needs no sprint, so none is left wanting: the outcomes are only named.
        linked = record_lists.first_linked(
            session, TargetSprintLink, "sprint_id", "target_id", Target, [record.id], cap=NAMED
        ).get(record.id, record_lists.NONE_LINKED)
        if not linked.total:
            return [f"The sprint “{record.title}”; no outcome is linked to it."], []
        removes = [
            f"The sprint “{record.title}”.",
            f"Its {plural(linked.total, 'link')} to outcomes.",
        ]
        return removes, [f"The outcomes themselves: {quoted_first(linked)}."]


SprintPages().register(router)
