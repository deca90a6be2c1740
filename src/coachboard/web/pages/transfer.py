"""The export downloads on the client's page and the import form on the client list: the same
service calls as the JSON API's routes, with cookies instead of a token."""

import math
import uuid
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from coachboard.accounts import sessions, throttle
from coachboard.core.database import refusable, unit_of_work
from coachboard.core.dependencies import DbSession, SettingsDep
from coachboard.core.errors import InvalidInput
from coachboard.core.interpreter import cyclic_collection_paused
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.transfer import export
from coachboard.transfer.downloads import attachment, file_name, zip_response
from coachboard.transfer.import_ import MAX_PROBLEMS, import_client, pointer, read_document
from coachboard.transfer.schemas import MAX_IMPORT_BYTES, DocumentInvalid
from coachboard.web.auth import SESSION_COOKIE, PageCoach, lifetime
from coachboard.web.forms import FormDep
from coachboard.web.pages.clients import list_context
from coachboard.web.routing import page_router
from coachboard.web.templating import flash, redirect, render

router = page_router()
JSON = "application/json"


@router.get("/clients/{client_id:uuid}/export.json")
def download_json(session: DbSession, coach: PageCoach, client_id: uuid.UUID) -> Response:
    """The client document, as a file to keep or to import elsewhere."""
    document = export.client_document(session, coach=coach, client_id=client_id)
    name = file_name(document.client.name, "json")
    return attachment(document.model_dump_json(indent=2), JSON, name)


@router.get("/account/export.json")
def download_account(session: DbSession, coach: PageCoach) -> Response:
    """The whole account (every client's document), from the account page."""
    document = export.account_document(session, coach=coach)
    return attachment(document.model_dump_json(indent=2), JSON, file_name("account", "json"))


@router.get("/clients/{client_id:uuid}/export.zip")
def download_zip(session: DbSession, coach: PageCoach, client_id: uuid.UUID) -> Response:
    """The client's records as spreadsheets (a zip of CSV files)."""
    return zip_response(export.client_document(session, coach=coach, client_id=client_id))


def import_admission(request: Request, settings: SettingsDep) -> throttle.Refused | None:
    """The browser's coach's import counted, committed apart and before the request's own
    transaction begins (as the API's import_admitted); Refused past the allowance."""
    key = request.cookies.get(SESSION_COOKIE)
    engine = request.app.state.engine
    with unit_of_work(engine, read_only=True) as session:
        holder = sessions.holder(session, key=key, lifetime=lifetime(request)) if key else None
    return throttle.admit_import(engine, holder.user.id, settings) if holder else None


@router.post("/clients/import")
def import_page(
    request: Request,
    refused: Annotated[throttle.Refused | None, Depends(import_admission)],
    session: DbSession,
    coach: PageCoach,
    posted: FormDep,
) -> Response:
    """Import an uploaded client document; its problems are shown on the form."""
    upload = posted.get("document")
    problems: list[str]
    if refused is not None:
        minutes = math.ceil(refused.retry_after / 60)
        problems = [f"Too many imports for now: try again in {minutes} min."]
        context = {**list_context(session, coach), "import_problems": problems}
        response = render(request, "clients/list.html", context, status_code=429)
        response.headers["Retry-After"] = str(refused.retry_after)
        return response
    if not isinstance(upload, UploadFile) or not upload.filename:
        problems = ["Choose a file: a client's “Download (JSON)”."]
    else:
        with cyclic_collection_paused():
            content = upload.file.read(MAX_IMPORT_BYTES + 1)
            problems, client = imported(session, coach, content)
        if client is not None:
            flash(request, f"Imported {client.name}.", "success")
            return redirect(f"/clients/{client.id}")
    context = {**list_context(session, coach), "import_problems": problems}
    return render(request, "clients/list.html", context, status_code=422)


def imported(session: Session, coach: User, content: bytes) -> tuple[list[str], Client | None]:
    """(problems, None) for a file that cannot be imported; ([], the new client) else."""
    if len(content) > MAX_IMPORT_BYTES:
        return [f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB."], None
    try:
        document = read_document(content)
    except InvalidInput as error:
        if error.problems[0].kind == "json_invalid" and not error.problems[0].field:
            return ["The file is not a JSON document: choose a client's “Download (JSON)”."], None
        return [f"{problem.field}: {problem.message}" for problem in error.problems], None
    except DocumentInvalid as error:
        return [
            f"{pointer(problem['loc']) or 'The document'}: {problem['msg']}"
            for problem in error.errors()[:MAX_PROBLEMS]
        ], None
    try:
        with refusable(session):
            client = import_client(session, coach=coach, document=document)
    except InvalidInput as error:
        return [f"{problem.field}: {problem.message}" for problem in error.problems], None
    return [], client
