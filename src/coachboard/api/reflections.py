import uuid

from coachboard.api.dependencies import CurrentCoach
from coachboard.commitments import service as commitments
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.pagination import Page
from coachboard.reflections import service
from coachboard.reflections.schemas import ReflectionRead

NOT_FOUND = {404: {"description": "No such commitment, or not yours"}}

router = api_router(tags=["commitments"])


@router.get(
    "/commitments/{commitment_id}/reflections",
    response_model=Page[ReflectionRead],
    responses=NOT_FOUND,
)
def commitment_reflections(
    session: DbSession, coach: CurrentCoach, commitment_id: uuid.UUID
) -> Page[ReflectionRead]:
    """What the client wrote about the commitment: the latest 50, newest first, `total`
    counting them all."""
    commitment = commitments.get(session, coach=coach, commitment_id=commitment_id)
    return service.for_commitments(session, [commitment.id])[commitment.id]
