import uuid

from coachboard.api.dependencies import CurrentCoach
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.pagination import Page
from coachboard.core.responses import UNREADABLE_BODY
from coachboard.sessions import service as coaching_sessions
from coachboard.topics import service
from coachboard.topics.schemas import SessionTopic, TopicRead, TopicStatusChange

NOT_FOUND = {404: {"description": "No such session or topic, or not yours"}}
CONFLICT = {409: {"description": "The client withdrew the topic, or it is on no session yet"}}

router = api_router(tags=["topics"])


@router.get("/sessions/{session_id}/topics", response_model=Page[SessionTopic], responses=NOT_FOUND)
def session_topics(
    session: DbSession, coach: CurrentCoach, session_id: uuid.UUID
) -> Page[SessionTopic]:
    """The client's agenda topics on this session, in the client's order: those added since the
    previous session (up to this session's day), those deferred to it from the previous one,
    and those handled in it or deferred from it (`to_handle` tells them apart); the first 100
    (a client has at most 50 waiting at once), `total` counting them all."""
    coaching_session = coaching_sessions.get(session, coach=coach, session_id=session_id)
    items, total = service.for_session(session, coach=coach, coaching_session=coaching_session)
    return Page(items=items, total=total)


@router.post(
    "/topics/{topic_id}/status",
    response_model=TopicRead,
    responses={**NOT_FOUND, **CONFLICT, **UNREADABLE_BODY},
)
def mark_topic(
    session: DbSession, coach: CurrentCoach, topic_id: uuid.UUID, body: TopicStatusChange
) -> TopicRead:
    """Mark the topic discussed or dropped in the session it is on, or defer it to the
    following session."""
    topic = service.mark(session, coach=coach, topic_id=topic_id, status=body.status)
    return TopicRead.model_validate(topic)
