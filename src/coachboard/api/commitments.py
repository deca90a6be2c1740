import uuid
from typing import Annotated

from fastapi import Query, Response, status

from coachboard.api.dependencies import CurrentCoach
from coachboard.commitments import service
from coachboard.commitments.schemas import (
    CommitmentCreate,
    CommitmentFilters,
    CommitmentRead,
    CommitmentUpdate,
)
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.pagination import Page, PageDep
from coachboard.core.responses import UNREADABLE_BODY

NOT_FOUND = {404: {"description": "No such commitment (or client, or filter record), or not yours"}}

router = api_router(tags=["commitments"])


@router.get(
    "/clients/{client_id}/commitments", response_model=Page[CommitmentRead], responses=NOT_FOUND
)
def list_commitments(
    session: DbSession,
    coach: CurrentCoach,
    client_id: uuid.UUID,
    page: PageDep,
    filters: Annotated[CommitmentFilters, Query()],
) -> Page[CommitmentRead]:
    """The client's commitments matching every filter given, due date first (undated last)."""
    commitments, total = service.get_all(
        session, coach=coach, client_id=client_id, page=page, filters=filters
    )
    return Page(items=commitments, total=total)


@router.post(
    "/clients/{client_id}/commitments",
    response_model=CommitmentRead,
    status_code=status.HTTP_201_CREATED,
    responses={**NOT_FOUND, **UNREADABLE_BODY},
)
def create_commitment(
    session: DbSession, coach: CurrentCoach, client_id: uuid.UUID, body: CommitmentCreate
) -> CommitmentRead:
    """A new commitment, linked to outcomes of the same client only."""
    return service.create(session, coach=coach, client_id=client_id, fields=body)


@router.get("/commitments/{commitment_id}", response_model=CommitmentRead, responses=NOT_FOUND)
def read_commitment(
    session: DbSession, coach: CurrentCoach, commitment_id: uuid.UUID
) -> CommitmentRead:
    return service.get(session, coach=coach, commitment_id=commitment_id)


@router.patch(
    "/commitments/{commitment_id}",
    response_model=CommitmentRead,
    responses={**NOT_FOUND, **UNREADABLE_BODY},
)
def update_commitment(
    session: DbSession, coach: CurrentCoach, commitment_id: uuid.UUID, body: CommitmentUpdate
) -> CommitmentRead:
    """Change the fields given; target_ids, when a list, replaces the linked outcomes."""
    return service.update(session, coach=coach, commitment_id=commitment_id, fields=body)


@router.delete(
    "/commitments/{commitment_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND
)
def delete_commitment(
    session: DbSession, coach: CurrentCoach, commitment_id: uuid.UUID
) -> Response:
    """Delete the commitment and its outcome links; the outcomes themselves stay."""
    service.delete(session, coach=coach, commitment_id=commitment_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
