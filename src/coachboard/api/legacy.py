"""Routes of the legacy-link review: the queue, and resolving or dismissing one record."""

import uuid

from fastapi import Response, status

from coachboard.api.dependencies import CurrentCoach
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.pagination import Page, PageDep
from coachboard.core.responses import UNREADABLE_BODY
from coachboard.hierarchy import legacy
from coachboard.hierarchy.legacy_schemas import LegacyItem, LegacyKind, LegacyResolve

NOT_FOUND = {404: {"description": "No such record, or not yours"}}
DECIDED = {
    **NOT_FOUND,
    409: {"description": "The record holds no legacy link (already resolved or dismissed)"},
}

router = api_router(tags=["legacy review"])


@router.get(
    "/clients/{client_id}/legacy-links", response_model=Page[LegacyItem], responses=NOT_FOUND
)
def list_legacy_links(
    session: DbSession, coach: CurrentCoach, client_id: uuid.UUID, page: PageDep
) -> Page[LegacyItem]:
    """Commitments, then sprints, still holding `legacy_goal_id`/`legacy_sprint_id` in their
    metadata, each with the legacy goal or sprint and the outcomes suggested in its place."""
    items, total = legacy.queue(session, coach=coach, client_id=client_id, page=page)
    return Page(items=items, total=total)


@router.post(
    "/commitments/{commitment_id}/legacy-links/resolve",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**DECIDED, **UNREADABLE_BODY},
)
def resolve_commitment(
    session: DbSession, coach: CurrentCoach, commitment_id: uuid.UUID, body: LegacyResolve
) -> Response:
    """Link the commitment to these outcomes and drop its legacy keys."""
    legacy.resolve(
        session,
        coach=coach,
        kind=LegacyKind.commitment,
        record_id=commitment_id,
        target_ids=body.target_ids,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/commitments/{commitment_id}/legacy-links/dismiss",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=DECIDED,
)
def dismiss_commitment(
    session: DbSession, coach: CurrentCoach, commitment_id: uuid.UUID
) -> Response:
    """Drop the commitment's legacy keys without linking it to anything."""
    legacy.dismiss(session, coach=coach, kind=LegacyKind.commitment, record_id=commitment_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/sprints/{sprint_id}/legacy-links/resolve",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**DECIDED, **UNREADABLE_BODY},
)
def resolve_sprint(
    session: DbSession, coach: CurrentCoach, sprint_id: uuid.UUID, body: LegacyResolve
) -> Response:
    """Link these outcomes to the sprint and drop its legacy keys."""
    legacy.resolve(
        session,
        coach=coach,
        kind=LegacyKind.sprint,
        record_id=sprint_id,
        target_ids=body.target_ids,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/sprints/{sprint_id}/legacy-links/dismiss",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=DECIDED,
)
def dismiss_sprint(session: DbSession, coach: CurrentCoach, sprint_id: uuid.UUID) -> Response:
    """Drop the sprint's legacy keys without linking it to anything."""
    legacy.dismiss(session, coach=coach, kind=LegacyKind.sprint, record_id=sprint_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
