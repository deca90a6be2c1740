"""Coaching sessions of a client, where commitments are usually agreed."""

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.ownership import ClientOwned, owned_client_ids
from coachboard.commitments.service import ORDER as COMMITMENT_ORDER
from coachboard.core import events
from coachboard.core.database import transaction
from coachboard.core.pagination import PageParams, paged
from coachboard.models.accounts import User
from coachboard.models.commitments import Commitment
from coachboard.models.sessions import CoachingSession
from coachboard.sessions.events import SessionCancelled, SessionMoved, SessionScheduled, When
from coachboard.sessions.schemas import SessionCreate, SessionRead, SessionUpdate

OWNED = ClientOwned.of(CoachingSession, SessionRead, "Session")
# Null in an update clears these: no start time is an all-day session.
CLEARABLE = frozenset({"start_time", "meeting_url"})


def get(
    session: Session, *, coach: User, session_id: uuid.UUID, client_id: uuid.UUID | None = None
) -> CoachingSession:
    """The coach's coaching session (of client_id, when given), or NotFound."""
    with transaction(session):
        return OWNED.entity(session, coach, session_id, client_id)


def get_all(
    session: Session, *, coach: User, client_id: uuid.UUID, page: PageParams | None = None
) -> tuple[list[CoachingSession], int]:
    """One page (all when page is None) of the client's sessions, newest first, then by id,
    and how many there are in all."""
    statement = OWNED.entities(coach).where(CoachingSession.client_id == client_id)
    order = (CoachingSession.session_date.desc(), CoachingSession.id)
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        statement, total = paged(session, statement, order_by=order, page=page)
        sessions = session.scalars(statement).all()
    return list(sessions), total


def commitment_ids(
    session: Session, *, coach: User, session_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """For each of the coach's sessions given, the ids of its commitments, in list order.

    One statement for any number of sessions; a session without commitments maps to [].
    """
    result: dict[uuid.UUID, list[uuid.UUID]] = {session_id: [] for session_id in session_ids}
    if not result:
        return result
    with transaction(session):
        rows = session.execute(
            select(Commitment.session_id, Commitment.id)
            .where(
                Commitment.session_id.in_(list(result)),
                Commitment.client_id.in_(owned_client_ids(coach)),
            )
            .order_by(*COMMITMENT_ORDER)
        )
        for session_id, commitment_id in rows:
            result[session_id].append(commitment_id)
    return result


def create(
    session: Session, *, coach: User, client_id: uuid.UUID, fields: SessionCreate
) -> CoachingSession:
    """A new coaching session of the client, in the zone given or else the coach's
    (SessionScheduled: one still ahead is sent to the client as an invitation)."""
    with transaction(session):
        client = clients.get(session, coach=coach, client_id=client_id)
        values = fields.model_dump()
        values["time_zone"] = values["time_zone"] or coach.time_zone
        coaching_session = CoachingSession(client_id=client_id, **values)
        session.add(coaching_session)
        session.flush()  # the id exists for a caller that goes on in the same transaction
        events.publish(session, SessionScheduled(coach, client, coaching_session))
    return coaching_session


def update(
    session: Session, *, coach: User, session_id: uuid.UUID, fields: SessionUpdate
) -> CoachingSession:
    """Change the fields given; null leaves a field as it is, except that it clears start_time
    (all day) and meeting_url. A change of when or where (its zone too) is SessionMoved (sent
    to the client)."""
    with transaction(session):
        coaching_session = get(session, coach=coach, session_id=session_id)
        before = When.of(coaching_session)
        for name, value in fields.changes(clearable=CLEARABLE).items():
            setattr(coaching_session, name, value)
        # The answer shows the stored row: updated_at and sequence are set at flush.
        session.flush()
        if When.of(coaching_session) != before:
            client = clients.get(session, coach=coach, client_id=coaching_session.client_id)
            events.publish(session, SessionMoved(coach, client, coaching_session, before))
    return coaching_session


def delete(session: Session, *, coach: User, session_id: uuid.UUID) -> None:
    """Delete the session; its commitments stay, no longer tied to a session (ON DELETE SET NULL).
    SessionCancelled: the client is told when it was still ahead; its reminders are cancelled."""
    with transaction(session):
        coaching_session = get(session, coach=coach, session_id=session_id)
        client = clients.get(session, coach=coach, client_id=coaching_session.client_id)
        events.publish(session, SessionCancelled(coach, client, coaching_session))
        OWNED.delete(session, coach, session_id)
        session.expunge(coaching_session)
