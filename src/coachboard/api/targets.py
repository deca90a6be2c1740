import uuid

from fastapi import Response, status

from coachboard.api.dependencies import CurrentCoach
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.pagination import Page, PageDep
from coachboard.core.responses import UNREADABLE_BODY
from coachboard.targets import service
from coachboard.targets.schemas import TargetCreate, TargetRead, TargetStatus, TargetUpdate

NOT_FOUND = {404: {"description": "No such outcome, or not yours"}}
LIST_NOT_FOUND = {
    404: {"description": "No such client (or goal or sprint of that client), or not yours"}
}

router = api_router(tags=["outcomes"])


@router.get(
    "/clients/{client_id}/targets", response_model=Page[TargetRead], responses=LIST_NOT_FOUND
)
def list_targets(
    session: DbSession,
    coach: CurrentCoach,
    client_id: uuid.UUID,
    page: PageDep,
    status: TargetStatus | None = None,
    goal_id: uuid.UUID | None = None,
    sprint_id: uuid.UUID | None = None,
) -> Page[TargetRead]:
    """The client's outcomes, oldest first; goal_id and sprint_id keep those linked to it."""
    targets, total = service.get_all(
        session,
        coach=coach,
        client_id=client_id,
        page=page,
        status=status,
        goal_id=goal_id,
        sprint_id=sprint_id,
    )
    return Page(items=targets, total=total)


@router.post(
    "/clients/{client_id}/targets",
    response_model=TargetRead,
    status_code=status.HTTP_201_CREATED,
    responses={404: {"description": "No such client, or not yours"}, **UNREADABLE_BODY},
)
def create_target(
    session: DbSession, coach: CurrentCoach, client_id: uuid.UUID, body: TargetCreate
) -> TargetRead:
    """A new outcome, linked to goals and sprints of the same client (else 422 naming the ids)."""
    return service.create(session, coach=coach, client_id=client_id, fields=body)


@router.get("/targets/{target_id}", response_model=TargetRead, responses=NOT_FOUND)
def read_target(session: DbSession, coach: CurrentCoach, target_id: uuid.UUID) -> TargetRead:
    return service.get(session, coach=coach, target_id=target_id)


@router.patch(
    "/targets/{target_id}", response_model=TargetRead, responses={**NOT_FOUND, **UNREADABLE_BODY}
)
def update_target(
    session: DbSession, coach: CurrentCoach, target_id: uuid.UUID, body: TargetUpdate
) -> TargetRead:
    """Change the fields sent; goal_ids / sprint_ids replace that set of links ([] clears it)."""
    return service.update(session, coach=coach, target_id=target_id, fields=body)


@router.delete("/targets/{target_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
def delete_target(session: DbSession, coach: CurrentCoach, target_id: uuid.UUID) -> Response:
    """Delete the outcome and all its links; the goals, sprints and commitments stay."""
    service.delete(session, coach=coach, target_id=target_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
