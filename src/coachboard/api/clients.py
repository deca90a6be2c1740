import uuid
from typing import Annotated

from fastapi import Query, Response, status
from sqlalchemy.orm import Session

from coachboard.api.dependencies import CurrentCoach
from coachboard.clients import service
from coachboard.clients.schemas import (
    ClientCreate,
    ClientDetail,
    ClientRead,
    ClientStatus,
    ClientUpdate,
)
from coachboard.core.dependencies import DbSession, Requester
from coachboard.core.json_input import api_router
from coachboard.core.pagination import Page, PageDep
from coachboard.core.responses import UNREADABLE_BODY
from coachboard.mail import service as mail
from coachboard.models.clients import Client

NOT_FOUND = {404: {"description": "No such client, or not yours"}}

router = api_router(prefix="/clients", tags=["clients"])
# "{client_id:uuid}": only an id matches, so that /clients/import (api/transfer.py) answers a
# method it does not serve with 405, not with a 422 about an id.


@router.get("", response_model=Page[ClientRead])
def list_clients(
    session: DbSession,
    coach: CurrentCoach,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200, description="Name or email contains.")] = None,
    status: ClientStatus | None = None,
) -> Page[ClientRead]:
    """The coach's clients, by name."""
    clients, total = service.get_all(session, coach=coach, page=page, search=q, status=status)
    return Page(items=[ClientRead.model_validate(c) for c in clients], total=total)


@router.post(
    "",
    response_model=ClientRead,
    status_code=status.HTTP_201_CREATED,
    responses=UNREADABLE_BODY,
)
def create_client(session: DbSession, coach: CurrentCoach, body: ClientCreate) -> ClientRead:
    return ClientRead.model_validate(service.create(session, coach=coach, fields=body))


@router.get("/{client_id:uuid}", response_model=ClientDetail, responses=NOT_FOUND)
def read_client(session: DbSession, coach: CurrentCoach, client_id: uuid.UUID) -> ClientDetail:
    """The client, and the kinds of email they turned off."""
    return detail(session, service.get(session, coach=coach, client_id=client_id))


def detail(session: Session, client: Client) -> ClientDetail:
    """A client as GET /clients/{id} answers it: with the kinds of email they turned off."""
    opted_out = mail.opted_out_kinds(session, [client.id]).get(client.id, [])
    return ClientDetail(**ClientRead.model_validate(client).model_dump(), email_opt_outs=opted_out)


@router.patch(
    "/{client_id:uuid}", response_model=ClientRead, responses={**NOT_FOUND, **UNREADABLE_BODY}
)
def update_client(
    session: DbSession,
    coach: CurrentCoach,
    client_id: uuid.UUID,
    body: ClientUpdate,
    requester: Requester,
) -> ClientRead:
    """Change the fields given. Archiving (`"status": "archived"`) suspends the client's portal
    account: its sessions, tokens and calendar feed end and it cannot sign in until the client
    is active again, when it signs in with its password."""
    client = service.update(
        session, coach=coach, client_id=client_id, fields=body, requester=requester
    )
    return ClientRead.model_validate(client)


@router.delete("/{client_id:uuid}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
def delete_client(session: DbSession, coach: CurrentCoach, client_id: uuid.UUID) -> Response:
    """Delete the client and everything recorded for them."""
    service.delete(session, coach=coach, client_id=client_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
