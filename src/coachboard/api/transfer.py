"""Export and import routes of the JSON API (the documents: transfer/schemas.py)."""

import uuid
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Depends, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.accounts import throttle
from coachboard.api import clients as clients_api
from coachboard.api.dependencies import BearerToken, CurrentCoach, too_many
from coachboard.clients.schemas import ClientDetail
from coachboard.core.database import unit_of_work
from coachboard.core.dependencies import DbSession, SettingsDep
from coachboard.core.interpreter import cyclic_collection_paused
from coachboard.core.json_input import api_router, body_errors, read_body
from coachboard.core.responses import UNREADABLE_BODY
from coachboard.models.accounts import User
from coachboard.transfer import export
from coachboard.transfer.downloads import ZIP, zip_response
from coachboard.transfer.import_ import import_client
from coachboard.transfer.schemas import (
    MAX_IMPORT_BYTES,
    MAX_RECORDS,
    AccountDocument,
    ClientDocument,
    DocumentInvalid,
    validated_document,
)

NOT_FOUND = {404: {"description": "No such client, or not yours"}}

router = api_router(tags=["export"])
# The export route's answer: FastAPI lists the model under components once for both.
DOCUMENT_SCHEMA = "#/components/schemas/ClientDocument"


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"


@router.get(
    "/clients/{client_id}/export",
    response_model=ClientDocument,
    responses={
        **NOT_FOUND,
        200: {
            "description": "The client document; with format=csv, a zip of CSV files.",
            "content": {ZIP: {"schema": {"type": "string", "format": "binary"}}},
        },
    },
)
def export_client(
    session: DbSession,
    coach: CurrentCoach,
    client_id: uuid.UUID,
    format: ExportFormat = ExportFormat.json,
) -> ClientDocument | Response:
    """The client and everything recorded for them, every link in its order: as one JSON
    document (coachboard.client, version 1), or as spreadsheets (format=csv)."""
    document = export.client_document(session, coach=coach, client_id=client_id)
    if format is ExportFormat.json:
        return document
    return zip_response(document)


@router.get("/export", response_model=AccountDocument)
def export_account(session: DbSession, coach: CurrentCoach) -> AccountDocument:
    """The whole account: every client's document (coachboard.account, version 1)."""
    return export.account_document(session, coach=coach)


def import_admitted(request: Request, settings: SettingsDep, token: BearerToken) -> None:
    """Count the caller's import, committed apart and before the request's own transaction
    begins (on SQLite it would hold the write lock), and refuse one past the allowance: 429
    with Retry-After, before a byte of the document is read. A caller without a live token
    is left to current_account's 401."""
    engine = request.app.state.engine
    with unit_of_work(engine, read_only=True) as session:
        holder = accounts.user_for_token(session, token=token) if token else None
    if holder is not None and (refused := throttle.admit_import(engine, holder.user.id, settings)):
        raise too_many("imports", refused)


@router.post(
    "/clients/import",
    response_model=ClientDetail,
    status_code=status.HTTP_201_CREATED,
    responses={
        **UNREADABLE_BODY,
        413: {"description": f"Body larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB"},
        422: {"description": "The document breaks a rule; each problem names its place"},
        429: {
            "description": "Too many imports by this coach in the window; wait and retry",
            "headers": {
                "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
            },
        },
    },
    # Read by the route itself (see there): documented as FastAPI would document the model.
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": {"$ref": DOCUMENT_SCHEMA}}},
            "required": True,
        }
    },
    description=(
        "Make a new client of the caller from a client document (as the export answers it):"
        " every record gets a fresh id; links keep their order, records their metadata and"
        " status timestamps.\n\n"
        f"Limits: a body of at most {MAX_IMPORT_BYTES // (1024 * 1024)} MiB (413 beyond),"
        f" at most {MAX_RECORDS:,} records of each kind and links of each table (422).\n\n"
        "A document of another format or version, an id used twice in one list, a link"
        " given twice, or a reference to an id the document does not hold is refused with"
        " 422, each problem naming its place in the document (`loc`, and `pointer` as a JSON"
        " pointer such as `/links/target_goals/3/goal_id`); nothing is written."
    ),
)
async def import_client_route(
    request: Request,
    _admitted: Annotated[None, Depends(import_admitted)],
    session: DbSession,
    coach: CurrentCoach,
) -> ClientDetail:
    """The new client, as GET /clients/{id} answers it. The body is read once the caller is
    known, and checked and written in a worker thread with the cyclic collector paused
    (core.interpreter): a large document never holds up the event loop, and so every other
    request."""
    with cyclic_collection_paused():
        document = await read_body(request)
        return await run_in_threadpool(_imported, session, coach, document)


def _imported(session: Session, coach: User, document: Any) -> ClientDetail:
    try:
        checked = validated_document(document)
    except DocumentInvalid as error:
        raise RequestValidationError(body_errors(error)) from None
    return clients_api.detail(session, import_client(session, coach=coach, document=checked))
