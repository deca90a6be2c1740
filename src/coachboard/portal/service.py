"""What a client reads of their own records, and the one change they make to them.

Every read starts from the client's id (the signed-in account's, or the previewed client's)
and goes through the coach's services with the client's coach, so tenancy, progress, health
and overdue are the coach's own rules; only "today" is the client's (on their own time zone,
chosen when they join and on their page: portal.preferences). Each answer is a portal model (portal.schemas):
an allow-list, so no private field can reach a client.
"""

import uuid
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.accounts.events import EventKind, record
from coachboard.accounts.schemas import ClientAccount
from coachboard.accounts.time_zones import today_for, zone_of
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentRead, CommitmentStatus
from coachboard.core.actor import ClientInfo
from coachboard.core.database import transaction
from coachboard.core.errors import NotFound
from coachboard.core.pagination import Page, PageParams
from coachboard.goals import service as goals
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.portal.schemas import (
    PortalCommitment,
    PortalGoal,
    PortalReflection,
    PortalSession,
    PortalSprint,
    PortalTarget,
    PortalTopic,
    public,
)
from coachboard.progress import due
from coachboard.reflections import service as reflections
from coachboard.sessions import service as sessions
from coachboard.sprints import service as sprints
from coachboard.targets import service as targets
from coachboard.topics import service as topics
from coachboard.topics.schemas import TopicPriority


@dataclass(frozen=True)
class Scope:
    """Whose records a portal read shows: one client, read through their coach's services,
    with today as the reader's day."""

    coach: User
    client_id: uuid.UUID
    client_name: str
    today: date
    zone: ZoneInfo  # the reader's clock, on which session times are shown


def scope_of(session: Session, client: ClientAccount) -> Scope:
    """The signed-in client's scope: their coach and their today; one statement."""
    with transaction(session):
        row = session.execute(
            select(User, Client.name)
            .join(Client, Client.coach_id == User.id)
            .where(Client.id == client.client_id)
        ).first()
    if row is None:
        raise NotFound("Client")
    coach, client_name = row
    account = client.account
    return Scope(coach, client.client_id, client_name, today_for(account), zone_of(account))


def preview_scope(coach: User, client: Client) -> Scope:
    """The scope of the coach's preview of their client's portal (the coach has checked the
    client is theirs): the coach's today, which is the client's too."""
    return Scope(coach, client.id, client.name, today_for(coach), zone_of(coach))


def get_goals(
    session: Session, *, scope: Scope, page: PageParams | None
) -> tuple[list[PortalGoal], int]:
    """One page of the client's goals, oldest first, with progress and health; the total."""
    found, total = goals.get_all(
        session, coach=scope.coach, client_id=scope.client_id, page=page, today=scope.today
    )
    return [public(PortalGoal, goal) for goal in found], total


def get_targets(
    session: Session, *, scope: Scope, page: PageParams | None
) -> tuple[list[PortalTarget], int]:
    """One page of the client's outcomes, oldest first, with progress; the total."""
    found, total = targets.get_all(session, coach=scope.coach, client_id=scope.client_id, page=page)
    return [public(PortalTarget, target) for target in found], total


def get_sprints(
    session: Session, *, scope: Scope, page: PageParams | None
) -> tuple[list[PortalSprint], int]:
    """One page of the client's sprints, by start date, with progress and health; the total."""
    found, total = sprints.get_all(
        session, coach=scope.coach, client_id=scope.client_id, page=page, today=scope.today
    )
    return [public(PortalSprint, sprint) for sprint in found], total


def get_commitments(
    session: Session, *, scope: Scope, page: PageParams | None
) -> tuple[list[PortalCommitment], int]:
    """One page of the client's commitments, due date first (undated last), each marked
    overdue or not on the client's today; the total."""
    found, total = commitments.get_all(
        session, coach=scope.coach, client_id=scope.client_id, page=page, today=scope.today
    )
    return [portal_commitment(commitment, scope.today) for commitment in found], total


def get_sessions(
    session: Session, *, scope: Scope, page: PageParams | None
) -> tuple[list[PortalSession], int]:
    """One page of the client's coaching sessions, newest first; the total."""
    found, total = sessions.get_all(
        session, coach=scope.coach, client_id=scope.client_id, page=page
    )
    return [public(PortalSession, coaching_session) for coaching_session in found], total


def portal_commitment(commitment: CommitmentRead, today: date) -> PortalCommitment:
    overdue = due.is_overdue(commitment.status, commitment.due_date, today)
    return public(PortalCommitment, commitment, overdue=overdue)


# Which account event records a client's change to each status.
CHANGE_EVENTS = {
    CommitmentStatus.done: EventKind.COMMITMENT_DONE,
    CommitmentStatus.open: EventKind.COMMITMENT_REOPENED,
}


def set_commitment_status(
    session: Session,
    *,
    client: ClientAccount,
    commitment_id: uuid.UUID,
    status: CommitmentStatus,
    requester: ClientInfo,
) -> PortalCommitment:
    """Mark the client's own commitment done or open again, recorded with the client as its
    author; the same status again changes nothing. NotFound for any commitment not the
    client's; Conflict for one their coach dropped (reopening it is the coach's call).

    The portal's one write to a commitment: everything a client changes goes through here."""
    if status not in CHANGE_EVENTS:
        raise ValueError(f"a client marks a commitment done or open, not {status}")
    with transaction(session):
        scope = scope_of(session, client)
        saved, changed = commitments.set_status_by_client(
            session, client_id=scope.client_id, commitment_id=commitment_id, status=status
        )
        if changed:
            record(session, kind=CHANGE_EVENTS[status], user_id=client.account.id, client=requester)
    return portal_commitment(saved, scope.today)


# Reflections and agenda topics: the client's other writes. Each is scoped by the signed-in
# client's id; an id from the URL only picks among that client's own records.


def get_reflections(
    session: Session, *, client: ClientAccount, commitment_id: uuid.UUID
) -> Page[PortalReflection]:
    """The client's latest reflections on their commitment, newest first, with the total;
    NotFound for a commitment not theirs."""
    with transaction(session):
        scope = scope_of(session, client)
        commitments.get(
            session, coach=scope.coach, commitment_id=commitment_id, client_id=scope.client_id
        )
        found = reflections.for_commitments(session, [commitment_id])[commitment_id]
    return Page(items=[public(PortalReflection, r) for r in found.items], total=found.total)


def reflections_of(
    session: Session, commitment_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[PortalReflection]]:
    """The latest reflections on each of these commitments (ids the caller read in the
    client's scope), in one statement: for the client's page."""
    found = reflections.for_commitments(session, commitment_ids)
    return {i: [public(PortalReflection, r) for r in page.items] for i, page in found.items()}


def add_reflection(
    session: Session, *, client: ClientAccount, commitment_id: uuid.UUID, text: str
) -> PortalReflection:
    """A new reflection by the client on their commitment, with the client as its author;
    NotFound for a commitment not theirs, InvalidInput naming `text` when blank or too long."""
    with transaction(session):
        scope = scope_of(session, client)
        commitment = commitments.get(
            session, coach=scope.coach, commitment_id=commitment_id, client_id=scope.client_id
        )
        saved = reflections.add(session, commitment=commitment, text=text, author=client.account)
    return public(PortalReflection, saved)


def get_topics(session: Session, *, client_id: uuid.UUID) -> list[PortalTopic]:
    """The client's topics waiting for a session, in their order (at most MAX_PENDING)."""
    return [public(PortalTopic, t) for t in topics.pending(session, client_id=client_id)]


def add_topic(
    session: Session, *, client: ClientAccount, text: str, priority: TopicPriority
) -> PortalTopic:
    """A new topic of the client, last in their order, with the client as its author."""
    saved = topics.add(
        session, client_id=client.client_id, text=text, priority=priority, author=client.account
    )
    return public(PortalTopic, saved)


def reorder_topics(
    session: Session, *, client: ClientAccount, ids: list[uuid.UUID]
) -> list[PortalTopic]:
    """Put the client's waiting topics in this order; InvalidInput naming `ids` unless they
    are exactly those topics. Answers the new order."""
    with transaction(session):
        topics.reorder(session, client_id=client.client_id, ids=ids)
        return get_topics(session, client_id=client.client_id)


class Direction(StrEnum):
    up = "up"
    down = "down"


def move_topic(
    session: Session, *, client: ClientAccount, topic_id: uuid.UUID, direction: Direction
) -> PortalTopic:
    """Move the client's waiting topic one place up or down (at either end: unchanged), the
    page's buttons; NotFound unless it is one of the client's waiting topics."""
    with transaction(session):
        waiting = [t.id for t in get_topics(session, client_id=client.client_id)]
        if topic_id not in waiting:
            raise NotFound("Topic")
        at = waiting.index(topic_id)
        to = at - 1 if direction is Direction.up else at + 1
        if 0 <= to < len(waiting):
            waiting[at], waiting[to] = waiting[to], waiting[at]
            topics.reorder(session, client_id=client.client_id, ids=waiting)
        moved = next(t for t in get_topics(session, client_id=client.client_id) if t.id == topic_id)
    return moved


def withdraw_topic(session: Session, *, client: ClientAccount, topic_id: uuid.UUID) -> PortalTopic:
    """Take the client's topic off the agenda; NotFound unless it is theirs, Conflict once
    the coach has handled it; withdrawn already: unchanged."""
    return public(
        PortalTopic, topics.withdraw(session, client_id=client.client_id, topic_id=topic_id)
    )
