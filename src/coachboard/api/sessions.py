import uuid

from fastapi import Response, status

from coachboard.accounts.time_zones import today_for
from coachboard.api.dependencies import CurrentCoach
from coachboard.core.dependencies import DbSession
from coachboard.core.json_input import api_router
from coachboard.core.pagination import Page, PageDep
from coachboard.core.responses import UNREADABLE_BODY
from coachboard.hierarchy import session_review
from coachboard.models.sessions import CoachingSession
from coachboard.sessions import service
from coachboard.sessions.schemas import SessionCreate, SessionDetail, SessionRead, SessionUpdate

NOT_FOUND = {404: {"description": "No such session (or client), or not yours"}}

router = api_router(tags=["sessions"])


@router.get("/clients/{client_id}/sessions", response_model=Page[SessionRead], responses=NOT_FOUND)
def list_sessions(
    session: DbSession, coach: CurrentCoach, client_id: uuid.UUID, page: PageDep
) -> Page[SessionRead]:
    """The client's coaching sessions, newest first."""
    sessions, total = service.get_all(session, coach=coach, client_id=client_id, page=page)
    return Page(items=read_all(session, coach, sessions), total=total)


@router.post(
    "/clients/{client_id}/sessions",
    response_model=SessionRead,
    status_code=status.HTTP_201_CREATED,
    responses={**NOT_FOUND, **UNREADABLE_BODY},
)
def create_session(
    session: DbSession, coach: CurrentCoach, client_id: uuid.UUID, body: SessionCreate
) -> SessionRead:
    coaching_session = service.create(session, coach=coach, client_id=client_id, fields=body)
    return SessionRead.of(coaching_session, [])


@router.get("/sessions/{session_id}", response_model=SessionDetail, responses=NOT_FOUND)
def read_session(session: DbSession, coach: CurrentCoach, session_id: uuid.UUID) -> SessionDetail:
    """The session, with the ids of the commitments agreed in it, and for its review the
    client's commitments still open that were made earlier (`open_from_earlier`)."""
    coaching_session = service.get(session, coach=coach, session_id=session_id)
    earlier, total = session_review.open_from_earlier(
        session, coach=coach, coaching_session=coaching_session, today=today_for(coach)
    )
    read = read_all(session, coach, [coaching_session])[0]
    return SessionDetail(
        **read.model_dump(), open_from_earlier=earlier, open_from_earlier_total=total
    )


@router.patch(
    "/sessions/{session_id}", response_model=SessionRead, responses={**NOT_FOUND, **UNREADABLE_BODY}
)
def update_session(
    session: DbSession, coach: CurrentCoach, session_id: uuid.UUID, body: SessionUpdate
) -> SessionRead:
    coaching_session = service.update(session, coach=coach, session_id=session_id, fields=body)
    return read_all(session, coach, [coaching_session])[0]


@router.delete(
    "/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND
)
def delete_session(session: DbSession, coach: CurrentCoach, session_id: uuid.UUID) -> Response:
    """Delete the session; its commitments stay, no longer tied to a session."""
    service.delete(session, coach=coach, session_id=session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def read_all(
    session: DbSession, coach: CurrentCoach, sessions: list[CoachingSession]
) -> list[SessionRead]:
    ids = service.commitment_ids(session, coach=coach, session_ids=[s.id for s in sessions])
    return [SessionRead.of(s, ids[s.id]) for s in sessions]
