"""Pages for clients: the list with its counts, new/edit forms, archive, and the workspace's
overview. Every read and change goes through clients.service, as the JSON API's do."""

import uuid
from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from coachboard import samples
from coachboard.accounts.time_zones import today_for
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate, ClientStatus, ClientUpdate
from coachboard.commitments.schemas import ClientChanges
from coachboard.core.actor import ClientInfo
from coachboard.core.dependencies import DbSession, Requester
from coachboard.core.pagination import PageParams
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalStatus
from coachboard.hierarchy import client_changes
from coachboard.history import service as history
from coachboard.mail import service as mail
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.portal import access
from coachboard.web.auth import PageCoach
from coachboard.web.forms import Form, FormDep, validate
from coachboard.web.routing import page_router
from coachboard.web.templating import flash, redirect, render
from coachboard.web.workspace.shell import WorkspaceDep, render_tab

router = page_router()

FIELDS = ("name", "email", "notes")
CHECKBOXES = ("may_email",)
OVERVIEW_GOALS = 10  # the overview lists this many active goals; the Goals tab lists them all
SHOWN = {"active": ClientStatus.active, "archived": ClientStatus.archived, "all": None}


@router.get("/clients")
def client_list(
    request: Request,
    session: DbSession,
    coach: PageCoach,
    q: Annotated[str, Query(max_length=200)] = "",
    show: str = "active",
) -> Response:
    """The coach's clients with their counts; search by name or email; active, archived or all."""
    return render(request, "clients/list.html", list_context(session, coach, q=q, show=show))


def list_context(
    session: Session, coach: User, *, q: str = "", show: str = "active"
) -> dict[str, object]:
    """What the client list shows (the import form shows it again with its problems)."""
    show = show if show in SHOWN else "active"
    rows = clients.overviews(session, coach=coach, search=q, status=SHOWN[show])
    has_clients = bool(rows) or has_any_client(session, coach)
    return {"overviews": rows, "q": q, "show": show, "has_clients": has_clients}


def has_any_client(session: Session, coach: User) -> bool:
    return clients.get_all(session, coach=coach, page=PageParams(limit=1))[1] > 0


@router.post("/clients/samples")
def add_samples(request: Request, session: DbSession, coach: PageCoach) -> Response:
    """Sample clients, for a coach who has none yet (so they never mix with real ones)."""
    if has_any_client(session, coach):
        flash(request, "Sample clients are only added while your list is empty.", "warning")
    else:
        added = samples.add_sample_clients(session, coach=coach)
        flash(request, f"Added {len(added)} sample clients.", "success")
    return redirect("/clients")


@router.get("/clients/new")
def new_client(request: Request, coach: PageCoach) -> Response:
    return render(request, "clients/form.html", {"form": Form(), "client": None})


@router.post("/clients/new")
def create_client(
    request: Request, session: DbSession, coach: PageCoach, posted: FormDep
) -> Response:
    fields, form = validate(ClientCreate, posted, fields=FIELDS, checkboxes=CHECKBOXES)
    client = (
        form.attempt(session, lambda: clients.create(session, coach=coach, fields=fields))
        if fields
        else None
    )
    if client is None:
        context = {"form": form, "client": None}
        return render(request, "clients/form.html", context, status_code=422)
    flash(request, f"Added {client.name}.", "success")
    return redirect(f"/clients/{client.id}")


@router.get("/clients/{client_id:uuid}")
def client_overview(
    request: Request, session: DbSession, workspace: WorkspaceDep, client_id: uuid.UUID
) -> Response:
    """The workspace's first page: who the client is, their counts, their first active goals
    with progress and health, edit and archive."""
    (overview,) = clients.overviews(session, coach=workspace.coach, client_id=client_id)
    active_goals, active_total = goals.get_all(
        session,
        coach=workspace.coach,
        client_id=client_id,
        page=PageParams(limit=OVERVIEW_GOALS),
        status=GoalStatus.active,
    )
    changes = client_changes.since_last_session(
        session, coach=workspace.coach, client_id=client_id, today=today_for(workspace.coach)
    )
    context = {
        "overview": overview,
        "goals": active_goals,
        "goal_total": active_total,
        "portal": access.access_of(session, client=workspace.client),
        "changes": changes,
        "email_opt_outs": [
            mail.KIND_NAMES[kind]
            for kind in mail.opted_out_kinds(session, [client_id]).get(client_id, [])
        ],
        "activity": history.of_client(
            session,
            coach=workspace.coach,
            client_id=client_id,
            page=PageParams(limit=history.SHOWN),
        ),
        "activity_url": history.activity_url(client_id),
        "changes_url": f"/clients/{client_id}/commitments?changed_by_client="
        + ClientChanges.since_last_session.value,
    }
    return render_tab(request, workspace, None, "clients/overview.html", context)


@router.get("/clients/{client_id:uuid}/edit")
def edit_client(
    request: Request, session: DbSession, coach: PageCoach, client_id: uuid.UUID
) -> Response:
    client = clients.get(session, coach=coach, client_id=client_id)
    form = Form(values={name: getattr(client, name) or "" for name in FIELDS})
    form.values.update({name: getattr(client, name) for name in CHECKBOXES})
    return render(request, "clients/form.html", {"form": form, "client": client})


@router.post("/clients/{client_id:uuid}/edit")
def update_client(
    request: Request, session: DbSession, coach: PageCoach, client_id: uuid.UUID, posted: FormDep
) -> Response:
    client = clients.get(session, coach=coach, client_id=client_id)
    # The form shows every field, so it is validated whole: a blank name is an error, not "keep".
    fields, form = validate(ClientCreate, posted, fields=FIELDS, checkboxes=CHECKBOXES)
    changes = ClientUpdate(**fields.model_dump()) if fields else None
    saved = changes and form.attempt(
        session, lambda: clients.update(session, coach=coach, client_id=client_id, fields=changes)
    )
    if not saved:
        context = {"form": form, "client": client}
        return render(request, "clients/form.html", context, status_code=422)
    flash(request, f"Saved {saved.name}.", "success")
    return redirect(f"/clients/{client_id}")


@router.post("/clients/{client_id:uuid}/archive")
def archive_client(
    request: Request, session: DbSession, coach: PageCoach, client_id: uuid.UUID, client: Requester
) -> Response:
    """Archive the client; their portal account, if any, is suspended until unarchiving."""
    archived = set_status(session, coach, client_id, ClientStatus.archived, client)
    flash(request, f"Archived {archived.name}. Their records are kept; unarchive any time.")
    return redirect(f"/clients/{client_id}")


@router.post("/clients/{client_id:uuid}/unarchive")
def unarchive_client(
    request: Request, session: DbSession, coach: PageCoach, client_id: uuid.UUID, client: Requester
) -> Response:
    """Make the client active again; a portal account suspended by archiving signs in again."""
    restored = set_status(session, coach, client_id, ClientStatus.active, client)
    flash(request, f"{restored.name} is active again.", "success")
    return redirect(f"/clients/{client_id}")


def set_status(
    session: Session, coach: User, client_id: uuid.UUID, status: ClientStatus, client: ClientInfo
) -> Client:
    fields = ClientUpdate(status=status)
    return clients.update(
        session, coach=coach, client_id=client_id, fields=fields, requester=client
    )
