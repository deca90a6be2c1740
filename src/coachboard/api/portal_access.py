"""A coach's side of the portal's access: invite a client, revoke their access."""

import uuid

from fastapi import Request, Response, status

from coachboard.api.dependencies import CurrentCoach
from coachboard.core.dependencies import DbSession, Requester, SettingsDep
from coachboard.core.json_input import api_router
from coachboard.portal import access
from coachboard.portal.schemas import InvitationRead
from coachboard.portal.urls import join_url

router = api_router(prefix="/clients", tags=["portal access"])

NOT_FOUND = {404: {"description": "No such client, or not yours"}}


@router.post(
    "/{client_id}/invitation",
    response_model=InvitationRead,
    status_code=status.HTTP_201_CREATED,
    responses=NOT_FOUND,
)
def invite_client(
    request: Request,
    session: DbSession,
    coach: CurrentCoach,
    client_id: uuid.UUID,
    settings: SettingsDep,
) -> InvitationRead:
    """A one-time link for the client to join the portal, valid 7 days; the client's older
    links stop working; `email_status` says whether it is on its way to the client's email.
    422 naming `email` when the client has none or another account holds it, naming `status`
    when the client is archived."""
    invitation = access.invite(session, coach=coach, client_id=client_id)
    return InvitationRead(
        url=join_url(request, invitation.token),
        expires_at=invitation.expires_at,
        email_status=invitation.email.on(settings).code,
    )


@router.delete(
    "/{client_id}/portal-access",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={404: {"description": "No such client, not yours, or no access to revoke"}},
)
def revoke_portal_access(
    session: DbSession, coach: CurrentCoach, client_id: uuid.UUID, client: Requester
) -> Response:
    """Disable the client's account, end its sessions, API tokens and calendar feed (its old
    address answers 404 for good) and void any live invitation; everything the client wrote
    stays, and a new invitation gives access again. 404 when the client has neither an
    enabled account, nor one suspended by archiving, nor a live invitation."""
    access.revoke(session, coach=coach, client_id=client_id, client=client)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
