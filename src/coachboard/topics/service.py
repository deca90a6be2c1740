"""Agenda topics: what a client wants to talk about, and the session each lands on.

The rule, written once here (and in the README). A client's sessions are in one order: by date,
then by when they were made, then by id; "the previous session" and "the following session" are
the neighbours in that order.

- An open topic lands on the first session dated on or after the day it was added, that day
  taken in the coach's time zone. So a session shows the open topics added since the day after
  the previous session, up to and including its own day; a topic added on a session's day is
  for that session (the client adds it before they meet), and a topic added after the last
  session waits, on no session, for the next one the coach makes (the portal's "next session").
  Of two sessions on one day, the first gets the day's topics.
- Marked discussed or dropped in a session, a topic stays on that session (`session_id`).
  A session also lists the topics deferred from it, handled or not, as not to handle there.
- Deferred from a session, it keeps that session (`session_id` and `deferred_from_session_id`)
  and lands on the following one; when there is none yet (the last session), it lands on the
  next session made after it. Handled there, `deferred_from_session_id` still says where it
  came from. A topic whose session was deleted falls back to the first rule.
- A withdrawn topic is on no session.

Where a topic lands is worked out when it is read, never stored, so making, re-dating or
deleting a session moves the topics waiting for it with it.

The calls the client's portal makes (`add`, `reorder`, `withdraw`, `pending`) take a client id
that the portal has checked is the signed-in client's; the coach's calls go through OWNED.
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Select, and_, case, func, or_, select, tuple_, update
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import day_start_for, zone_of
from coachboard.clients.ownership import ClientOwned, owned_client_ids
from coachboard.core.database import transaction
from coachboard.core.errors import Conflict, InvalidInput
from coachboard.core.models import utcnow
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.sessions import CoachingSession
from coachboard.models.topics import AgendaTopic
from coachboard.topics.schemas import (
    TEXT_LENGTH,
    SessionTopic,
    TopicMark,
    TopicPriority,
    TopicRead,
    TopicStatus,
)

OWNED = ClientOwned.of(AgendaTopic, TopicRead, "Topic")

# The client's order of their topics.
ORDER = (AgendaTopic.position, AgendaTopic.created_at, AgendaTopic.id)
# Waiting to be handled: what the client may still reorder or withdraw.
PENDING = (TopicStatus.open, TopicStatus.deferred)
# Keeps every session's list and the portal's bounded, whatever a client writes.
MAX_PENDING = 50
SHOWN = 100


# A client's sessions in the order "previous" and "following" follow.
SESSION_ORDER = (CoachingSession.session_date, CoachingSession.created_at, CoachingSession.id)


def add(
    session: Session,
    *,
    client_id: uuid.UUID,
    text: str,
    priority: TopicPriority,
    author: User | None,
) -> AgendaTopic:
    """A new open topic of the client, last in their order; InvalidInput naming `text` when it
    is blank or too long, Conflict when the client already has MAX_PENDING waiting."""
    text = text.strip()
    if not 1 <= len(text) <= TEXT_LENGTH:
        raise InvalidInput.field("text", f"must be 1 to {TEXT_LENGTH} characters")
    with transaction(session):
        # Count under the client's row lock: concurrent adds take turns, so each counts the
        # ones kept before it and the cap holds (SQLite's writers take turns already).
        session.execute(select(Client.id).where(Client.id == client_id).with_for_update())
        waiting, last = session.execute(
            select(func.count(), func.max(AgendaTopic.position)).where(
                AgendaTopic.client_id == client_id, AgendaTopic.status.in_(PENDING)
            )
        ).one()
        if waiting >= MAX_PENDING:
            raise Conflict(f"At most {MAX_PENDING} topics can wait for a session")
        topic = AgendaTopic(
            client_id=client_id,
            text=text,
            priority=TopicPriority(priority).value,
            position=0 if last is None else last + 1,
            status=TopicStatus.open.value,
            author_user_id=author.id if author is not None else None,
        )
        session.add(topic)
        session.flush()
    return topic


def pending(session: Session, *, client_id: uuid.UUID) -> list[TopicRead]:
    """The client's topics still waiting to be handled (open or deferred), in their order."""
    with transaction(session):
        rows = session.scalars(
            select(AgendaTopic)
            .where(AgendaTopic.client_id == client_id, AgendaTopic.status.in_(PENDING))
            .order_by(*ORDER)
        ).all()
    return [TopicRead.model_validate(row) for row in rows]


def reorder(session: Session, *, client_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> None:
    """Put the client's waiting topics in this order, in one statement; InvalidInput naming
    `ids` unless they are exactly the client's waiting topics, each once."""
    with transaction(session):
        waiting = set(
            session.scalars(
                select(AgendaTopic.id).where(
                    AgendaTopic.client_id == client_id, AgendaTopic.status.in_(PENDING)
                )
            )
        )
        if len(ids) != len(set(ids)) or set(ids) != waiting:
            raise InvalidInput.field(
                "ids",
                "must list each of your waiting topics exactly once",
                kind="topics_not_waiting",
            )
        if not ids:
            return
        session.execute(
            update(AgendaTopic)
            .where(AgendaTopic.id.in_(ids))
            .values(
                position=case(
                    {topic_id: n for n, topic_id in enumerate(ids)}, value=AgendaTopic.id
                ),
                updated_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        )


def withdraw(session: Session, *, client_id: uuid.UUID, topic_id: uuid.UUID) -> AgendaTopic:
    """The client takes their topic off the agenda; NotFound unless it is the client's,
    Conflict once the coach has handled it. Withdrawn already: unchanged (a repeated DELETE
    from the portal is no error)."""
    with transaction(session):
        topic = OWNED.clients_own(session, client_id, topic_id)
        if topic.status == TopicStatus.withdrawn:
            return topic
        if topic.status not in PENDING:
            raise Conflict(f"The topic is already {topic.status}")
        topic.status = TopicStatus.withdrawn.value
        session.flush()
    return topic


def for_session(
    session: Session, *, coach: User, coaching_session: CoachingSession, limit: int = SHOWN
) -> tuple[list[SessionTopic], int]:
    """The first `limit` of the client's topics on the coach's session (which the caller read
    through sessions.get), by the rule above, in the client's order, and how many there are
    in all: two statements."""
    with transaction(session):
        previous = session.execute(
            select(CoachingSession.id, CoachingSession.session_date)
            .where(
                CoachingSession.client_id == coaching_session.client_id,
                tuple_(*SESSION_ORDER) < tuple_(*_values_of(coaching_session)),
            )
            .order_by(*(column.desc() for column in SESSION_ORDER))
            .limit(1)
        ).first()
        added = [
            AgendaTopic.status.in_(PENDING),
            AgendaTopic.session_id.is_(None),
            *_added_on_or_before(coach, coaching_session.session_date),
        ]
        if previous is not None:
            added.extend(_added_after(coach, previous.session_date))
        landed = [
            and_(
                AgendaTopic.session_id == coaching_session.id,
                AgendaTopic.status != TopicStatus.open,
            ),
            # Deferred from it and handled later: the session still shows where it went.
            AgendaTopic.deferred_from_session_id == coaching_session.id,
            and_(*added),
        ]
        if previous is not None:
            landed.append(
                and_(
                    AgendaTopic.status == TopicStatus.deferred,
                    AgendaTopic.session_id == previous.id,
                )
            )
        rows = session.execute(
            select(AgendaTopic, func.count().over().label("total"))
            .where(
                AgendaTopic.client_id == coaching_session.client_id,
                AgendaTopic.client_id.in_(owned_client_ids(coach)),
                AgendaTopic.status != TopicStatus.withdrawn,
                or_(*landed),
            )
            .order_by(*ORDER)
            .limit(limit)
        ).all()
    items = [
        SessionTopic.model_validate(
            {
                **TopicRead.model_validate(topic).model_dump(),
                "to_handle": topic.status == TopicStatus.open
                or (
                    topic.status == TopicStatus.deferred and topic.session_id != coaching_session.id
                ),
            }
        )
        for topic, _ in rows
    ]
    return items, rows[0].total if rows else 0


def mark(
    session: Session,
    *,
    coach: User,
    topic_id: uuid.UUID,
    status: TopicMark,
    client_id: uuid.UUID | None = None,
) -> AgendaTopic:
    """Mark the coach's topic (of client_id, when given) discussed, dropped or deferred in the
    session it is on; deferring moves it to the following session. NotFound when it is not
    the coach's; Conflict when it is withdrawn or on no session yet."""
    with transaction(session):
        topic = OWNED.entity(session, coach, topic_id, client_id)
        if topic.status == TopicStatus.withdrawn:
            raise Conflict("The client withdrew this topic")
        on = _session_of(session, coach, topic)
        if on is None:
            raise Conflict("The topic is on no session yet: it waits for the next one")
        topic.status = TopicStatus(status).value
        topic.session_id = on
        if status == TopicMark.deferred:
            topic.deferred_from_session_id = on
        session.flush()
    return topic


def _session_of(session: Session, coach: User, topic: AgendaTopic) -> uuid.UUID | None:
    """The id of the session the topic is on by the rule above, or None."""
    if topic.session_id is not None and topic.status != TopicStatus.deferred:
        return topic.session_id
    sessions = select(CoachingSession.id).where(CoachingSession.client_id == topic.client_id)
    if topic.session_id is not None:
        deferred_from = session.get_one(CoachingSession, topic.session_id)
        following = sessions.where(tuple_(*SESSION_ORDER) > tuple_(*_values_of(deferred_from)))
        return session.scalar(_first(following))
    added_on = _day_of(coach, topic.created_at)
    return session.scalar(_first(sessions.where(CoachingSession.session_date >= added_on)))


def _first(statement: Select) -> Select:
    return statement.order_by(*SESSION_ORDER).limit(1)


def _values_of(coaching_session: CoachingSession) -> tuple[date, datetime, uuid.UUID]:
    return (coaching_session.session_date, coaching_session.created_at, coaching_session.id)


def _day_of(coach: User, moment: datetime) -> date:
    """The day a stored (naive UTC) time falls on in the coach's time zone."""
    return moment.replace(tzinfo=UTC).astimezone(zone_of(coach)).date()


def _added_on_or_before(coach: User, day: date) -> list:
    """Added no later than the end of `day` in the coach's time zone (no bound past the
    calendar's last day)."""
    end = _start_of_day_after(coach, day)
    return [] if end is None else [AgendaTopic.created_at < end]


def _added_after(coach: User, day: date) -> list:
    """Added after the end of `day` in the coach's time zone."""
    end = _start_of_day_after(coach, day)
    # Past the calendar's last day nothing can be added.
    return [AgendaTopic.id.is_(None)] if end is None else [AgendaTopic.created_at >= end]


def _start_of_day_after(coach: User, day: date) -> datetime | None:
    try:
        return day_start_for(coach, day + timedelta(days=1))
    except OverflowError:
        return None
