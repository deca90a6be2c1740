"""The workspace's Commitments tab: the list, filterable by status and outcome, and a form that
links a commitment to outcomes only (it reaches goals and sprints through them) and to the
session it was agreed in. A session page's "add a commitment" form posts here too."""

import uuid
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.commitments.models import Commitment
from coachboard.commitments.schemas import (
    CommitmentCreate,
    CommitmentFilters,
    CommitmentStatus,
    CommitmentUpdate,
)
from coachboard.core.dependencies import DbSession
from coachboard.core.errors import NotFound
from coachboard.core.pagination import PageParams
from coachboard.sessions import service as coaching_sessions
from coachboard.targets import service as targets
from coachboard.web.choices import outcome_choices, session_choices
from coachboard.web.record_pages import RecordPages
from coachboard.web.records import RecordForm, options, parse_id, plural, titled
from coachboard.web.routing import page_router
from coachboard.web.workspace import Workspace, WorkspaceDep, render_tab

router = page_router()


@router.get("/clients/{client_id:uuid}/commitments")
def commitments_tab(
    request: Request,
    workspace: WorkspaceDep,
    session: DbSession,
    status: str = "",
    target_id: str = "",
) -> Response:
    """The commitments, narrowed to a status and an outcome when asked."""
    coach, client_id = workspace.coach, workspace.client.id
    status_filter = status if status in {value.value for value in CommitmentStatus} else None
    filters = CommitmentFilters(status=status_filter, target_id=parse_id(target_id))
    shown, _ = commitments.get_all(session, coach=coach, client_id=client_id, filters=filters)
    filtered = filters != CommitmentFilters()
    any_at_all = bool(shown) or (
        filtered
        and commitments.get_all(
            session, coach=coach, client_id=client_id, page=PageParams(limit=1)
        )[1]
        > 0
    )
    context = {
        "commitments": shown,
        "has_any": any_at_all,
        "statuses": options(CommitmentStatus),
        "targets": targets.get_all(session, coach=coach, client_id=client_id)[0],
        "sessions_by_id": titled(
            coaching_sessions.get_all(session, coach=coach, client_id=client_id)[0]
        ),
        "status_filter": status_filter,
        "target_filter": filters.target_id,
    }
    return render_tab(request, workspace, "commitments", "commitments/tab.html", context)


class CommitmentPages(RecordPages[Commitment]):
    tab = "commitments"
    noun = "commitment"
    template = "commitments/form.html"
    form = RecordForm(
        model=CommitmentCreate,
        update_model=CommitmentUpdate,
        labels={
            "title": "Title",
            "target_ids": "Outcomes",
            "status": "Status",
            "due_date": "Due date",
            "session_id": "Agreed in session",
            "description": "Description",
        },
        lists=("target_ids",),
        choice_errors={
            "target_ids": "Choose outcomes from this list: one of those sent isn't this client's.",
            "session_id": "Choose a session from this list.",
        },
    )

    def get(self, session: Session, workspace: Workspace, record_id: uuid.UUID) -> Commitment:
        found = commitments.get(session, coach=workspace.coach, commitment_id=record_id)
        if found.client_id != workspace.client.id:
            raise NotFound("Commitment")
        return found

    def create(
        self, session: Session, workspace: Workspace, fields: CommitmentCreate
    ) -> Commitment:
        return commitments.create(
            session, coach=workspace.coach, client_id=workspace.client.id, fields=fields
        )

    def update(
        self,
        session: Session,
        workspace: Workspace,
        record_id: uuid.UUID,
        fields: CommitmentUpdate,
    ) -> Commitment:
        return commitments.update(
            session, coach=workspace.coach, commitment_id=record_id, fields=fields
        )

    def delete(self, session: Session, workspace: Workspace, record_id: uuid.UUID) -> None:
        commitments.delete_commitment(session, coach=workspace.coach, commitment_id=record_id)

    def filled(self, record: Commitment) -> Any:
        return self.form.filled(record, target_ids=[target.id for target in record.targets])

    def context(
        self, session: Session, workspace: Workspace, record: Commitment | None
    ) -> dict[str, Any]:
        return {
            "statuses": options(CommitmentStatus),
            "outcome_choices": outcome_choices(session, workspace),
            "session_choices": session_choices(session, workspace),
        }

    def consequences(
        self, session: Session, workspace: Workspace, record: Commitment
    ) -> tuple[list[str], list[str]]:
        linked = record.targets
        if not linked:
            return [f"The commitment “{record.title}”; it is linked to no outcome."], []
        removes = [
            f"The commitment “{record.title}”.",
            f"Its {plural(len(linked), 'link')} to outcomes.",
        ]
        stays = ["The outcomes themselves."]
        if record.session_id is not None:
            stays.append("The session it was agreed in.")
        return removes, stays


CommitmentPages().register(router)
