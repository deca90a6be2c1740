"""The workspace's Outcomes tab: the list with each outcome's goals and sprints (filterable by
either), and a form that links an outcome to several goals and several sprints at once."""

import uuid
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentFilters
from coachboard.core.dependencies import DbSession
from coachboard.core.pagination import PageParams
from coachboard.goals import service as goals
from coachboard.sprints import service as sprints
from coachboard.targets import service as targets
from coachboard.targets.models import Target
from coachboard.targets.schemas import TargetCreate, TargetStatus, TargetUpdate
from coachboard.web.choices import goal_choices, sprint_choices
from coachboard.web.record_pages import RecordPages
from coachboard.web.records import RecordForm, joined, options, parse_id, plural
from coachboard.web.routing import page_router
from coachboard.web.workspace import Workspace, WorkspaceDep, render_tab

router = page_router()


@router.get("/clients/{client_id:uuid}/targets")
def targets_tab(
    request: Request,
    workspace: WorkspaceDep,
    session: DbSession,
    goal_id: str = "",
    sprint_id: str = "",
) -> Response:
    """The outcomes, narrowed to a goal's or a sprint's when asked (another's is not found)."""
    coach, client_id = workspace.coach, workspace.client.id
    goal_filter, sprint_filter = parse_id(goal_id), parse_id(sprint_id)
    # The filters' choices first: loading sprints refreshes the outcomes they link to, and
    # would leave the outcomes' goal links without their goals.
    all_goals, _ = goals.get_all(session, coach=coach, client_id=client_id)
    all_sprints, _ = sprints.get_all(session, coach=coach, client_id=client_id)
    shown, _ = targets.get_all(
        session, coach=coach, client_id=client_id, goal_id=goal_filter, sprint_id=sprint_filter
    )
    filtered = goal_filter is not None or sprint_filter is not None
    context = {
        "targets": shown,
        "has_any": bool(shown) or (filtered and has_outcomes(session, workspace)),
        "goals": all_goals,
        "sprints": all_sprints,
        "goal_filter": goal_filter,
        "sprint_filter": sprint_filter,
    }
    return render_tab(request, workspace, "targets", "targets/tab.html", context)


def has_outcomes(session: Session, workspace: Workspace) -> bool:
    one = PageParams(limit=1)
    return (
        targets.get_all(session, coach=workspace.coach, client_id=workspace.client.id, page=one)[1]
        > 0
    )


class TargetPages(RecordPages[Target]):
    tab = "targets"
    noun = "outcome"
    template = "targets/form.html"
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

    def get(self, session: Session, workspace: Workspace, record_id: uuid.UUID) -> Target:
        return targets.get(
            session, coach=workspace.coach, target_id=record_id, client_id=workspace.client.id
        )

    def create(self, session: Session, workspace: Workspace, fields: TargetCreate) -> Target:
        return targets.create(
            session, coach=workspace.coach, client_id=workspace.client.id, fields=fields
        )

    def update(
        self, session: Session, workspace: Workspace, record_id: uuid.UUID, fields: TargetUpdate
    ) -> Target:
        return targets.update(session, coach=workspace.coach, target_id=record_id, fields=fields)

    def delete(self, session: Session, workspace: Workspace, record_id: uuid.UUID) -> None:
        targets.delete_target(session, coach=workspace.coach, target_id=record_id)

    def filled(self, record: Target) -> Any:
        return self.form.filled(
            record,
            goal_ids=[goal.id for goal in record.goals],
            sprint_ids=[sprint.id for sprint in record.sprints],
        )

    def context(
        self, session: Session, workspace: Workspace, record: Target | None
    ) -> dict[str, Any]:
        return {
            "statuses": options(TargetStatus),
            "goal_choices": goal_choices(session, workspace),
            "sprint_choices": sprint_choices(session, workspace),
        }

    def consequences(
        self, session: Session, workspace: Workspace, record: Target
    ) -> tuple[list[str], list[str]]:
        # Counted before the commitments load: that load refreshes this outcome's links.
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
        return removes, stays


TargetPages().register(router)
