"""The workspace's Review tab: the queue of legacy links, each with its suggested outcomes, to
resolve (link to outcomes) or dismiss after a confirmation. It reads and writes through
hierarchy.legacy. A coach never reads "legacy": the page says what the old link was and what
linking does. The tab is left out of the tab bar while the queue is empty (workspace.shell)."""

import uuid

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.core.dependencies import DbSession
from coachboard.core.pagination import PageParams
from coachboard.hierarchy import legacy
from coachboard.hierarchy.legacy_schemas import LegacyKind
from coachboard.sprints import service as sprints
from coachboard.web.forms import WHOLE_FORM, Form, FormDep
from coachboard.web.paging import MAX_PAGE, PageNumber
from coachboard.web.routing import page_router
from coachboard.web.templating import flash, redirect
from coachboard.web.workspace.records import done, go_to
from coachboard.web.workspace.shell import Workspace, WorkspaceDep, parse_id, render_tab
from coachboard.web.workspace.views import Failure, RecordLinks, review_items

router = page_router()

REVIEW_PAGE_SIZE = 20


@router.get("/clients/{client_id:uuid}/review")
def review_tab(
    request: Request,
    session: DbSession,
    workspace: WorkspaceDep,
    page: PageNumber = 1,
) -> Response:
    """The legacy-link queue, a page at a time: each item with its suggested outcomes."""
    return _review_page(request, session, workspace, page)


@router.post("/clients/{client_id:uuid}/review/{kind}/{record_id:uuid}/resolve")
def resolve_item(
    request: Request,
    session: DbSession,
    workspace: WorkspaceDep,
    kind: LegacyKind,
    record_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    """Link the record to the outcomes ticked beside it; a refusal shows beside the item."""
    title = _title_in_client(session, workspace, kind, record_id)
    page = _page_number(posted.get("page"))
    picked = [str(value) for value in posted.getlist("target_ids")]
    target_ids = [value for value in map(parse_id, picked) if value is not None]
    form = Form()
    if len(target_ids) < len(picked):
        form.errors["target_ids"] = "not found for this client"
    else:
        form.attempt(
            session,
            lambda: legacy.resolve(
                session,
                coach=workspace.coach,
                kind=kind,
                record_id=record_id,
                target_ids=target_ids,
            ),
        )
    if form.ok:
        count = len(set(target_ids))
        targets = "1 outcome" if count == 1 else f"{count} outcomes"
        flash(request, f"Linked “{title}” to {targets}.", "success")
        return redirect(_review_url(workspace, page))
    if "target_ids" not in form.errors:
        return _already_reviewed(request, workspace, title, page, form)
    failure = Failure(record_id, _link_problem(form.errors["target_ids"]), set(picked))
    return _review_page(request, session, workspace, page, failure=failure, status_code=422)


@router.get("/clients/{client_id:uuid}/review/{kind}/{record_id:uuid}/dismiss")
def confirm_dismiss(
    request: Request,
    session: DbSession,
    workspace: WorkspaceDep,
    kind: LegacyKind,
    record_id: uuid.UUID,
    page: PageNumber = 1,
) -> Response:
    """Before a dismiss: what it forgets, and a POST to do it (a page, or with JavaScript the
    same part of it in a dialog)."""
    title = _title_in_client(session, workspace, kind, record_id)
    context = {
        "heading": f"Dismiss the old link of “{title}”?",
        "kind_word": kind.value,
        "title": title,
        "action": request.url.path,
        "page": page,
        "back": _review_url(workspace, page),
        "crumb": "Dismiss",
    }
    return render_tab(request, workspace, "review", "hierarchy/review_dismiss.html", context)


@router.post("/clients/{client_id:uuid}/review/{kind}/{record_id:uuid}/dismiss")
def dismiss_item(
    request: Request,
    session: DbSession,
    workspace: WorkspaceDep,
    kind: LegacyKind,
    record_id: uuid.UUID,
    posted: FormDep,
) -> Response:
    """Let the record's legacy link go without linking it to an outcome."""
    title = _title_in_client(session, workspace, kind, record_id)
    page = _page_number(posted.get("page"))
    form = Form()
    form.attempt(
        session,
        lambda: legacy.dismiss(session, coach=workspace.coach, kind=kind, record_id=record_id),
    )
    if not form.ok:
        return _already_reviewed(request, workspace, title, page, form)
    message = f"Dismissed the old link of “{title}”; it is no longer in the queue."
    return done(request, _review_url(workspace, page), message)


def _review_page(
    request: Request,
    session: Session,
    workspace: Workspace,
    page: int,
    *,
    failure: Failure | None = None,
    status_code: int = 200,
) -> Response:
    coach, client_id = workspace.coach, workspace.client.id
    items, total = legacy.queue(session, coach=coach, client_id=client_id, page=_page_params(page))
    last_page = max(1, -(-total // REVIEW_PAGE_SIZE))
    if page > last_page:  # the last item of the last page was just reviewed
        page = last_page
        items, total = legacy.queue(
            session, coach=coach, client_id=client_id, page=_page_params(page)
        )
    context = {
        "items": review_items(
            items,
            links=RecordLinks(client_id, back=_review_url(workspace, page)),
            failure=failure,
            page=page,
        ),
        "total": total,
        "page": page,
        "last_page": last_page,
        "first_number": (page - 1) * REVIEW_PAGE_SIZE + 1,
        "last_number": (page - 1) * REVIEW_PAGE_SIZE + len(items),
        "page_url": lambda number: _review_url(workspace, number),
    }
    return render_tab(
        request, workspace, "review", "hierarchy/review.html", context, status_code=status_code
    )


def _page_params(page: int) -> PageParams:
    return PageParams(limit=REVIEW_PAGE_SIZE, offset=(page - 1) * REVIEW_PAGE_SIZE)


def _review_url(workspace: Workspace, page: int) -> str:
    base = f"/clients/{workspace.client.id}/review"
    return base if page <= 1 else f"{base}?page={page}"


def _title_in_client(
    session: Session, workspace: Workspace, kind: LegacyKind, record_id: uuid.UUID
) -> str:
    """The title of the coach's commitment or sprint of this client; NotFound otherwise, so a
    record of another client is never changed through this client's page."""
    coach, client_id = workspace.coach, workspace.client.id
    if kind is LegacyKind.sprint:
        return sprints.get(session, coach=coach, sprint_id=record_id, client_id=client_id).title
    return commitments.get(session, coach=coach, commitment_id=record_id, client_id=client_id).title


def _already_reviewed(
    request: Request, workspace: Workspace, title: str, page: int, form: Form
) -> Response:
    # Reviewed meanwhile (another tab, another device): the item has left the queue, so the
    # message goes above the queue rather than beside an item no longer shown.
    message = form.errors.get(WHOLE_FORM, "")
    flash(request, f"“{title}” was already reviewed. {message}", "warning")
    return go_to(request, _review_url(workspace, page))


def _link_problem(message: str) -> str:
    """The service's refusal in words a coach reads beside the item."""
    if message.startswith("not found"):
        return "An outcome you picked is no longer this client's. Reload the page and pick again."
    if message.startswith("pick at least one"):
        return "Pick at least one outcome, or dismiss the old link instead."
    return message[:1].upper() + message[1:].rstrip(".") + "."


def _page_number(value: object) -> int:
    """The queue page a form came from (1 when missing or not a page number)."""
    if isinstance(value, str) and value.isdigit():
        return min(max(int(value), 1), MAX_PAGE)
    return 1
