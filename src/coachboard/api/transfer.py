"""Export and import routes of the JSON API (the documents: transfer/schemas.py)."""

import uuid
from enum import StrEnum

from fastapi import Response, status

from coachboard.api import clients as clients_api
from coachboard.api.dependencies import CurrentCoach
from coachboard.clients.schemas import ClientDetail
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.responses import UNREADABLE_BODY
from coachboard.transfer import export
from coachboard.transfer.downloads import ZIP, zip_response
from coachboard.transfer.import_ import import_client
from coachboard.transfer.schemas import (
    MAX_IMPORT_BYTES,
    MAX_RECORDS,
    AccountDocument,
    ClientDocument,
)

NOT_FOUND = {404: {"description": "No such client, or not yours"}}

router = api_router(tags=["export"])


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


@router.post(
    "/clients/import",
    response_model=ClientDetail,
    status_code=status.HTTP_201_CREATED,
    responses={
        **UNREADABLE_BODY,
        413: {"description": f"Body larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB"},
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
def import_client_route(
    session: DbSession, coach: CurrentCoach, body: ClientDocument
) -> ClientDetail:
    """The new client, as GET /clients/{id} answers it."""
    return clients_api.detail(session, import_client(session, coach=coach, document=body))
