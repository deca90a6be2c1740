"""The workspace's Commitments tab: the list, filterable by status and outcome, and a form that
links a commitment to outcomes only (it reaches goals and sprints through them) and to the
session it was agreed in. A session page's "add a commitment" form posts here too."""

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import (
    CommitmentCreate,
    CommitmentRead,
    CommitmentStatus,
    CommitmentUpdate,
)
from coachboard.core.dependencies import DbSession
from coachboard.hierarchy import record_lists, record_views
from coachboard.hierarchy.records import TargetRow, client_rows
from coachboard.web.paging import (
    SHOWN,
    PageNumber,
    finished_toggle,
    page_urls,
    pager,
    read_page,
)
from coachboard.web.routing import page_router
from coachboard.workspace.choices import session_choices, target_choices
from coachboard.workspace.record_pages import RecordPages
from coachboard.workspace.records import RecordForm, options, parse_id, plural
from coachboard.workspace.shell import Workspace, WorkspaceDep, render_tab

router = page_router()


@router.get("/clients/{client_id:uuid}/commitments")
def commitments_tab(
    request: Request,
    workspace: WorkspaceDep,
    session: DbSession,
    status: str = "",
    target_id: str = "",
    show_done: str = "",
    page: PageNumber = 1,
) -> Response:
    """A page of commitments, narrowed to a status and an outcome when asked; without a status,
    the done and dropped ones only when asked for too."""
    client_id = workspace.client.id
    status_filter = status if status in {value.value for value in CommitmentStatus} else None
    target_filter = parse_id(target_id)
    show_finished = show_done == SHOWN
    listed, number = read_page(
        lambda params: record_lists.commitment_list(
            session,
            coach=workspace.coach,
            client_id=client_id,
            page=params,
            status=CommitmentStatus(status_filter) if status_filter else None,
            target_id=target_filter,
            show_finished=show_finished,
        ),
        lambda result: result.page.total,
        page,
    )
    path = request.url.path
    query = {
        "status": status_filter,
        "target_id": target_filter,
        "show_done": SHOWN if show_finished else "",
    }
    context = {
        "listed": listed,
        "pager": pager(number, listed.page.total, len(listed.page.items), page_urls(path, query)),
        "finished": finished_toggle(path, query, shown=show_finished, hidden=listed.hidden),
        "statuses": options(CommitmentStatus),
        "targets": client_rows(session, TargetRow, client_id),
        "status_filter": status_filter,
        "target_filter": target_filter,
    }
    return render_tab(request, workspace, "commitments", "commitments/tab.html", context)


class CommitmentPages(RecordPages[CommitmentRead]):
    tab = "commitments"
    noun = "commitment"
    template = "commitments/form.html"
    service = commitments
    id_keyword = "commitment_id"
    read_template = "commitments/read.html"
    read_view = staticmethod(record_views.commitment_view)
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

    def filled(self, record: CommitmentRead) -> Any:
        return self.form.filled(record, target_ids=[target.id for target in record.targets])

    def context(
        self, session: Session, workspace: Workspace, record: CommitmentRead | None
    ) -> dict[str, Any]:
        return {
            "statuses": options(CommitmentStatus),
            "target_choices": target_choices(session, workspace),
            "session_choices": session_choices(session, workspace),
        }

    def consequences(
        self, session: Session, workspace: Workspace, record: CommitmentRead
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
