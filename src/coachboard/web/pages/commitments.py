"""The workspace's Commitments tab: the list, filterable by status and outcome, and a form that
links a commitment to outcomes only (it reaches goals and sprints through them) and to the
session it was agreed in. A session page's "add a commitment" form posts here too."""

import uuid
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import today_for
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import (
    ClientChanges,
    CommitmentCreate,
    CommitmentRead,
    CommitmentStatus,
    CommitmentUpdate,
    StatusChange,
)
from coachboard.core.dependencies import DbSession
from coachboard.core.errors import InvalidInput
from coachboard.hierarchy import record_lists, record_views
from coachboard.hierarchy.record_lists import DueWindow
from coachboard.hierarchy.records import TargetRow, client_rows
from coachboard.progress import due
from coachboard.reflections import service as reflections
from coachboard.web.auth import local_path
from coachboard.web.forms import FormDep, validate
from coachboard.web.paging import (
    SHOWN,
    PageNumber,
    finished_toggle,
    page_url,
    page_urls,
    pager,
    read_page,
)
from coachboard.web.routing import page_router
from coachboard.web.templating import flash, redirect
from coachboard.web.workspace.choices import day, session_choices, target_choices
from coachboard.web.workspace.record_pages import RecordPages, posted_text
from coachboard.web.workspace.records import NEXT_FIELD, RecordForm, options, parse_id, plural
from coachboard.web.workspace.shell import Workspace, WorkspaceDep, render_tab

router = page_router()


@router.get("/clients/{client_id:uuid}/commitments")
def commitments_tab(
    request: Request,
    workspace: WorkspaceDep,
    session: DbSession,
    status: str = "",
    target_id: str = "",
    show_done: str = "",
    due: str = "",
    changed_by_client: str = "",
    page: PageNumber = 1,
) -> Response:
    """A page of commitments, narrowed to a status, an outcome, a due window (overdue, due
    this week) and the client's changes since their last session when asked; without a
    status, the done and dropped ones only when asked for too. An unknown value of any filter
    is ignored, as before: a hand-edited link shows the list rather than an error."""
    client_id = workspace.client.id
    status_filter = status if status in {value.value for value in CommitmentStatus} else None
    target_filter = parse_id(target_id)
    due_filter = due if due in {value.value for value in DueWindow} else None
    client_filter = (
        changed_by_client if changed_by_client in {value.value for value in ClientChanges} else None
    )
    show_finished = show_done == SHOWN
    today = today_for(workspace.coach)
    listed, number = read_page(
        lambda params: record_lists.commitment_list(
            session,
            coach=workspace.coach,
            client_id=client_id,
            page=params,
            status=CommitmentStatus(status_filter) if status_filter else None,
            target_id=target_filter,
            show_finished=show_finished,
            due_window=DueWindow(due_filter) if due_filter else None,
            changed_by_client=ClientChanges(client_filter) if client_filter else None,
            today=today,
        ),
        lambda result: result.page.total,
        page,
    )
    path = request.url.path
    query = {
        "status": status_filter,
        "target_id": target_filter,
        "due": due_filter,
        "changed_by_client": client_filter,
        "show_done": SHOWN if show_finished else "",
    }
    # Each window's link keeps the outcome filter; a window is of open commitments only.
    windows = {"target_id": target_filter}
    context = {
        "listed": listed,
        "pager": pager(number, listed.page.total, len(listed.page.items), page_urls(path, query)),
        "finished": finished_toggle(path, query, shown=show_finished, hidden=listed.hidden),
        "statuses": options(CommitmentStatus),
        "targets": client_rows(session, TargetRow, client_id),
        "status_filter": status_filter,
        "target_filter": target_filter,
        "due_filter": due_filter,
        "client_filter": client_filter,
        "any_change_url": page_url(path, {**query, "changed_by_client": ""}),
        "due_links": [
            (words, value.value, page_url(path, {**windows, "due": value.value}))
            for value, words in (
                (DueWindow.overdue, "Overdue"),
                (DueWindow.this_week, "Due this week"),
            )
        ],
        "any_due_url": page_url(path, {**query, "due": ""}),
        "here": page_url(path, query, number),
    }
    return render_tab(request, workspace, "commitments", "commitments/tab.html", context)


@router.post("/clients/{client_id:uuid}/commitments/{commitment_id:uuid}/status")
def set_status(
    request: Request,
    workspace: WorkspaceDep,
    session: DbSession,
    commitment_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    """Mark the commitment open, done or dropped, and carry it to a new due date when one is
    sent: the one-click done toggle and the session page's review. Answers JSON when asked
    (Accept: application/json, the toggle's script), else 303 to `next`."""
    commitments.get(
        session, coach=workspace.coach, commitment_id=commitment_id, client_id=workspace.client.id
    )
    fields, form = validate(StatusChange, posted, fields=("status", "due_date"))
    if fields is None:
        name, message = next(iter(form.errors.items()))
        raise InvalidInput.field(name, message)
    saved = commitments.update(
        session,
        coach=workspace.coach,
        commitment_id=commitment_id,
        fields=CommitmentUpdate(**fields.model_dump(exclude_none=True)),
    )
    carried = fields.due_date is not None
    if wants_json(request):
        return JSONResponse(status_answer(saved, today_for(workspace.coach), carried=carried))
    default = f"/clients/{workspace.client.id}/commitments"
    flash(request, status_message(saved, carried=carried), "success")
    return redirect(local_path(posted_text(posted, NEXT_FIELD), default))


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
            # The edit page shows what the client wrote beside what the coach changes.
            "reflections": reflections.for_commitments(session, [record.id])[record.id]
            if record is not None
            else None,
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


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def status_answer(saved: CommitmentRead, today: date, *, carried: bool) -> dict[str, Any]:
    """What the toggle's script redraws a row from."""
    return {
        "id": str(saved.id),
        "title": saved.title,
        "status": saved.status.value,
        "status_label": saved.status.value.capitalize(),
        "done": saved.status == CommitmentStatus.done,
        "due_date": saved.due_date.isoformat() if saved.due_date else None,
        "overdue": due.is_overdue(saved.status, saved.due_date, today),
        "message": status_message(saved, carried=carried),
    }


def status_message(saved: CommitmentRead, *, carried: bool) -> str:
    title = f"“{saved.title}”"
    if carried and saved.due_date is not None:
        return f"Carried {title} to {day(saved.due_date)}."
    if saved.status == CommitmentStatus.done:
        return f"Marked {title} done."
    if saved.status == CommitmentStatus.dropped:
        return f"Dropped {title}."
    return f"Reopened {title}."


CommitmentPages().register(router)
