import uuid

from fastapi import Response, status

from coachboard.api.dependencies import CurrentCoach
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.pagination import Page, PageDep
from coachboard.core.responses import UNREADABLE_BODY
from coachboard.goals import service
from coachboard.goals.schemas import GoalCreate, GoalRead, GoalStatus, GoalUpdate

NOT_FOUND = {404: {"description": "No such goal, or not yours"}}
CLIENT_NOT_FOUND = {404: {"description": "No such client, or not yours"}}

router = api_router(tags=["goals"])


@router.get("/clients/{client_id}/goals", response_model=Page[GoalRead], responses=CLIENT_NOT_FOUND)
def list_goals(
    session: DbSession,
    coach: CurrentCoach,
    client_id: uuid.UUID,
    page: PageDep,
    status: GoalStatus | None = None,
) -> Page[GoalRead]:
    """The client's goals, oldest first."""
    goals, total = service.get_all(
        session, coach=coach, client_id=client_id, page=page, status=status
    )
    return Page(items=goals, total=total)


@router.post(
    "/clients/{client_id}/goals",
    response_model=GoalRead,
    status_code=status.HTTP_201_CREATED,
    responses={**CLIENT_NOT_FOUND, **UNREADABLE_BODY},
)
def create_goal(
    session: DbSession, coach: CurrentCoach, client_id: uuid.UUID, body: GoalCreate
) -> GoalRead:
    return service.create(session, coach=coach, client_id=client_id, fields=body)


@router.get("/goals/{goal_id}", response_model=GoalRead, responses=NOT_FOUND)
def read_goal(session: DbSession, coach: CurrentCoach, goal_id: uuid.UUID) -> GoalRead:
    return service.get(session, coach=coach, goal_id=goal_id)


@router.patch(
    "/goals/{goal_id}", response_model=GoalRead, responses={**NOT_FOUND, **UNREADABLE_BODY}
)
def update_goal(
    session: DbSession, coach: CurrentCoach, goal_id: uuid.UUID, body: GoalUpdate
) -> GoalRead:
    return service.update(session, coach=coach, goal_id=goal_id, fields=body)


@router.delete("/goals/{goal_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
def delete_goal(session: DbSession, coach: CurrentCoach, goal_id: uuid.UUID) -> Response:
    """Delete the goal and its links to outcomes; the outcomes stay."""
    service.delete(session, coach=coach, goal_id=goal_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
