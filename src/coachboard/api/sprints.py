import uuid

from fastapi import Response, status

from coachboard.api.dependencies import CurrentCoach
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.pagination import Page, PageDep
from coachboard.core.responses import UNREADABLE_BODY
from coachboard.sprints import service
from coachboard.sprints.schemas import SprintCreate, SprintRead, SprintStatus, SprintUpdate

NOT_FOUND = {404: {"description": "No such sprint, or not yours"}}
LIST_NOT_FOUND = {404: {"description": "No such client (or goal of that client), or not yours"}}

router = api_router(tags=["sprints"])


@router.get(
    "/clients/{client_id}/sprints", response_model=Page[SprintRead], responses=LIST_NOT_FOUND
)
def list_sprints(
    session: DbSession,
    coach: CurrentCoach,
    client_id: uuid.UUID,
    page: PageDep,
    status: SprintStatus | None = None,
    goal_id: uuid.UUID | None = None,
) -> Page[SprintRead]:
    """The client's sprints by start date; goal_id keeps those reaching it through an outcome."""
    sprints, total = service.get_all(
        session, coach=coach, client_id=client_id, page=page, status=status, goal_id=goal_id
    )
    return Page(items=sprints, total=total)


@router.post(
    "/clients/{client_id}/sprints",
    response_model=SprintRead,
    status_code=status.HTTP_201_CREATED,
    responses={404: {"description": "No such client, or not yours"}, **UNREADABLE_BODY},
)
def create_sprint(
    session: DbSession, coach: CurrentCoach, client_id: uuid.UUID, body: SprintCreate
) -> SprintRead:
    return service.create(session, coach=coach, client_id=client_id, fields=body)


@router.get("/sprints/{sprint_id}", response_model=SprintRead, responses=NOT_FOUND)
def read_sprint(session: DbSession, coach: CurrentCoach, sprint_id: uuid.UUID) -> SprintRead:
    return service.get(session, coach=coach, sprint_id=sprint_id)


@router.patch(
    "/sprints/{sprint_id}", response_model=SprintRead, responses={**NOT_FOUND, **UNREADABLE_BODY}
)
def update_sprint(
    session: DbSession, coach: CurrentCoach, sprint_id: uuid.UUID, body: SprintUpdate
) -> SprintRead:
    return service.update(session, coach=coach, sprint_id=sprint_id, fields=body)


@router.delete("/sprints/{sprint_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
def delete_sprint(session: DbSession, coach: CurrentCoach, sprint_id: uuid.UUID) -> Response:
    """Delete the sprint and its links to outcomes; the outcomes stay."""
    service.delete(session, coach=coach, sprint_id=sprint_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
