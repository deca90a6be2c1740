"""The workspace's Sprints tab: the list and a page per sprint, each showing its outcomes and
the goals it reaches through them. The sprint form has no goal selector: a sprint reaches
goals only through its outcomes, which are linked from the outcome form."""

import uuid
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from coachboard.core.dependencies import DbSession
from coachboard.goals import service as goals
from coachboard.goals.models import ClientGoal
from coachboard.sprints import service as sprints
from coachboard.sprints.models import Sprint
from coachboard.sprints.schemas import SprintCreate, SprintStatus, SprintUpdate
from coachboard.web.record_pages import RecordPages
from coachboard.web.records import RecordForm, options, plural, quoted, titled
from coachboard.web.routing import page_router
from coachboard.web.workspace import Workspace, WorkspaceDep, render_tab

router = page_router()


@router.get("/clients/{client_id:uuid}/sprints")
def sprints_tab(request: Request, workspace: WorkspaceDep, session: DbSession) -> Response:
    found, _ = sprints.get_all(session, coach=workspace.coach, client_id=workspace.client.id)
    goals_by_id = client_goals(session, workspace)
    context = {
        "sprints": found,
        "outcomes_of": {sprint.id: outcomes_of(sprint) for sprint in found},
        "goals_of": {sprint.id: reached(sprint, goals_by_id) for sprint in found},
    }
    return render_tab(request, workspace, "sprints", "sprints/tab.html", context)


@router.get("/clients/{client_id:uuid}/sprints/{sprint_id:uuid}")
def sprint_page(
    request: Request, workspace: WorkspaceDep, session: DbSession, sprint_id: uuid.UUID
) -> Response:
    """One sprint: its outcomes and the goals they reach."""
    sprint = SprintPages().get(session, workspace, sprint_id)
    context = {
        "sprint": sprint,
        "outcomes": outcomes_of(sprint),
        "goals": reached(sprint, client_goals(session, workspace)),
        "crumb": sprint.title,
    }
    return render_tab(request, workspace, "sprints", "sprints/sprint.html", context)


def outcomes_of(sprint: Sprint) -> list[Any]:
    return [link.target for link in sprint.target_links]


def client_goals(session: Session, workspace: Workspace) -> dict[uuid.UUID, ClientGoal]:
    return titled(goals.get_all(session, coach=workspace.coach, client_id=workspace.client.id)[0])


def reached(sprint: Sprint, goals_by_id: dict[uuid.UUID, ClientGoal]) -> list[ClientGoal]:
    """The goals the sprint reaches through its outcomes (derived by the model, never stored)."""
    return [goals_by_id[goal_id] for goal_id in sprint.goal_ids if goal_id in goals_by_id]


class SprintPages(RecordPages[Sprint]):
    tab = "sprints"
    noun = "sprint"
    template = "sprints/form.html"
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

    def get(self, session: Session, workspace: Workspace, record_id: uuid.UUID) -> Sprint:
        return sprints.get(
            session, coach=workspace.coach, sprint_id=record_id, client_id=workspace.client.id
        )

    def create(self, session: Session, workspace: Workspace, fields: SprintCreate) -> Sprint:
        return sprints.create(
            session, coach=workspace.coach, client_id=workspace.client.id, fields=fields
        )

    def update(
        self, session: Session, workspace: Workspace, record_id: uuid.UUID, fields: SprintUpdate
    ) -> Sprint:
        return sprints.update(session, coach=workspace.coach, sprint_id=record_id, fields=fields)

    def delete(self, session: Session, workspace: Workspace, record_id: uuid.UUID) -> None:
        sprints.delete_sprint(session, coach=workspace.coach, sprint_id=record_id)

    def context(
        self, session: Session, workspace: Workspace, record: Sprint | None
    ) -> dict[str, Any]:
        context: dict[str, Any] = {"statuses": options(SprintStatus)}
        if record is not None:
            context["reached_goals"] = reached(record, client_goals(session, workspace))
        return context

    def consequences(
        self, session: Session, workspace: Workspace, record: Sprint
    ) -> tuple[list[str], list[str]]:
        outcomes = outcomes_of(record)
        if not outcomes:
            return [f"The sprint “{record.title}”; no outcome is linked to it."], []
        removes = [
            f"The sprint “{record.title}”.",
            f"Its {plural(len(outcomes), 'link')} to outcomes.",
        ]
        return removes, [f"The outcomes themselves: {quoted(t.title for t in outcomes)}."]


SprintPages().register(router)
