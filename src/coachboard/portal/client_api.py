"""The client's side of the JSON API, under /api/v1/portal: their own records to read, and
their commitments to mark done or open again. A coach's account gets 404 from every route."""

import uuid
from collections.abc import Callable

from sqlalchemy.orm import Session

from coachboard.accounts.dependencies import ClientAccount, CurrentClient, Requester
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.pagination import Page, PageDep, PageParams
from coachboard.portal import service
from coachboard.portal.schemas import (
    PortalCommitment,
    PortalGoal,
    PortalSession,
    PortalSprint,
    PortalTarget,
)

router = api_router(prefix="/portal", tags=["portal"])

NOT_YOURS = {404: {"description": "No such commitment, or not yours"}}

Lister = Callable[..., tuple[list, int]]


def listing(session: Session, client: ClientAccount, page: PageParams, lister: Lister) -> Page:
    """One page of what `lister` reads within the client's scope, as the list envelope."""
    items, total = lister(session, scope=service.scope_of(session, client), page=page)
    return Page(items=items, total=total)


@router.get("/goals", response_model=Page[PortalGoal])
def list_goals(session: DbSession, client: CurrentClient, page: PageDep) -> Page[PortalGoal]:
    """Your goals, oldest first, with their progress and health."""
    return listing(session, client, page, service.get_goals)


@router.get("/targets", response_model=Page[PortalTarget])
def list_targets(session: DbSession, client: CurrentClient, page: PageDep) -> Page[PortalTarget]:
    """Your outcomes, oldest first, with their progress and the goals and sprints they serve."""
    return listing(session, client, page, service.get_targets)


@router.get("/sprints", response_model=Page[PortalSprint])
def list_sprints(session: DbSession, client: CurrentClient, page: PageDep) -> Page[PortalSprint]:
    """Your sprints, by start date, with their progress and health."""
    return listing(session, client, page, service.get_sprints)


@router.get("/commitments", response_model=Page[PortalCommitment])
def list_commitments(
    session: DbSession, client: CurrentClient, page: PageDep
) -> Page[PortalCommitment]:
    """Your commitments, due date first (undated last), each marked overdue or not."""
    return listing(session, client, page, service.get_commitments)


@router.get("/sessions", response_model=Page[PortalSession])
def list_sessions(session: DbSession, client: CurrentClient, page: PageDep) -> Page[PortalSession]:
    """Your coaching sessions, newest first."""
    return listing(session, client, page, service.get_sessions)


CONFLICT = {409: {"description": "Your coach has dropped this commitment"}}


@router.post(
    "/commitments/{commitment_id}/done",
    response_model=PortalCommitment,
    responses={**NOT_YOURS, **CONFLICT},
)
def mark_done(
    session: DbSession, client: CurrentClient, commitment_id: uuid.UUID, requester: Requester
) -> PortalCommitment:
    """Mark your commitment done (done already: unchanged)."""
    return service.set_commitment_status(
        session,
        client=client,
        commitment_id=commitment_id,
        status=CommitmentStatus.done,
        requester=requester,
    )


@router.post(
    "/commitments/{commitment_id}/reopen",
    response_model=PortalCommitment,
    responses={**NOT_YOURS, **CONFLICT},
)
def reopen(
    session: DbSession, client: CurrentClient, commitment_id: uuid.UUID, requester: Requester
) -> PortalCommitment:
    """Mark your commitment open again (open already: unchanged)."""
    return service.set_commitment_status(
        session,
        client=client,
        commitment_id=commitment_id,
        status=CommitmentStatus.open,
        requester=requester,
    )
