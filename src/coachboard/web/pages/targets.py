"""The workspace's Outcomes tab: the list with each outcome's goals and sprints (filterable by
either), and a form that links an outcome to several goals and several sprints at once."""

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentFilters
from coachboard.core.dependencies import DbSession
from coachboard.core.pagination import PageParams
from coachboard.hierarchy import record_lists, record_views
from coachboard.hierarchy.records import GoalRow, SprintRow, client_rows
from coachboard.models.commitments import Commitment
from coachboard.models.links import CommitmentTargetLink
from coachboard.targets import service as targets
from coachboard.targets.schemas import TargetCreate, TargetRead, TargetStatus, TargetUpdate
from coachboard.web.paging import (
    SHOWN,
    PageNumber,
    finished_toggle,
    page_urls,
    pager,
    read_page,
)
from coachboard.web.routing import page_router
from coachboard.web.workspace.choices import goal_choices, sprint_choices
from coachboard.web.workspace.record_pages import RecordPages
from coachboard.web.workspace.records import (
    NAMED,
    RecordForm,
    joined,
    options,
    parse_id,
    plural,
    quoted_first,
)
from coachboard.web.workspace.shell import Workspace, WorkspaceDep, render_tab

router = page_router()


@router.get("/clients/{client_id:uuid}/targets")
def targets_tab(
    request: Request,
    workspace: WorkspaceDep,
    session: DbSession,
    goal_id: str = "",
    sprint_id: str = "",
    show_done: str = "",
    page: PageNumber = 1,
) -> Response:
    """A page of outcomes, narrowed to a goal's or a sprint's when asked (another client's is
    not found); achieved and dropped ones only when asked for too."""
    client_id = workspace.client.id
    filters = {"goal_id": parse_id(goal_id), "sprint_id": parse_id(sprint_id)}
    show_finished = show_done == SHOWN
    listed, number = read_page(
        lambda params: record_lists.target_list(
            session,
            coach=workspace.coach,
            client_id=client_id,
            page=params,
            show_finished=show_finished,
            **filters,
        ),
        lambda result: result.page.total,
        page,
    )
    path = request.url.path
    query = {**filters, "show_done": SHOWN if show_finished else ""}
    context = {
        "listed": listed,
        "pager": pager(number, listed.page.total, len(listed.page.items), page_urls(path, query)),
        "finished": finished_toggle(path, query, shown=show_finished, hidden=listed.hidden),
        "goals": client_rows(session, GoalRow, client_id),
        "sprints": client_rows(session, SprintRow, client_id),
        "goal_filter": filters["goal_id"],
        "sprint_filter": filters["sprint_id"],
    }
    return render_tab(request, workspace, "targets", "targets/tab.html", context)


class TargetPages(RecordPages[TargetRead]):
    tab = "targets"
    noun = "outcome"
    template = "targets/form.html"
    service = targets
    id_keyword = "target_id"
    read_template = "targets/read.html"
    read_view = staticmethod(record_views.target_view)
    form = RecordForm(
        model=TargetCreate,
        update_model=TargetUpdate,
        labels={
            "title": "Title",
            "goal_ids": "Goals",
            "sprint_ids": "Sprints",
            "status": "Status",
            "due_date": "Due date",
            "description": "Description",
        },
        lists=("goal_ids", "sprint_ids"),
        choice_errors={
            "goal_ids": "Choose goals from this list: one of those sent isn't this client's.",
            "sprint_ids": "Choose sprints from this list: one of those sent isn't this client's.",
        },
    )

    def filled(self, record: TargetRead) -> Any:
        return self.form.filled(
            record,
            goal_ids=[goal.id for goal in record.goals],
            sprint_ids=[sprint.id for sprint in record.sprints],
        )

    def context(
        self, session: Session, workspace: Workspace, record: TargetRead | None
    ) -> dict[str, Any]:
        return {
            "statuses": options(TargetStatus),
            "goal_choices": goal_choices(session, workspace),
            "sprint_choices": sprint_choices(session, workspace),
        }

    def consequences(
        self, session: Session, workspace: Workspace, record: TargetRead
    ) -> tuple[list[str], list[str]]:
        goal_count, sprint_count = len(record.goals), len(record.sprints)
        _, agreed = commitments.get_all(
            session,
            coach=workspace.coach,
            client_id=workspace.client.id,
            page=PageParams(limit=1),
            filters=CommitmentFilters(target_id=record.id),
        )
        links = [
            plural(goal_count, "goal"),
            plural(sprint_count, "sprint"),
            plural(agreed, "commitment"),
        ]
        removes = [f"The outcome “{record.title}”.", f"Its links to {joined(links)}."]
        stays = ["Those goals, sprints and commitments themselves."]
        alone = record_lists.left_alone(
            session,
            CommitmentTargetLink,
            "target_id",
            "commitment_id",
            Commitment,
            record.id,
            cap=NAMED,
        )
        if alone.total:
            left = "This commitment" if alone.total == 1 else f"These {alone.total} commitments"
            stays.append(f"{left} will then count toward no outcome: {quoted_first(alone)}.")
        return removes, stays


TargetPages().register(router)
