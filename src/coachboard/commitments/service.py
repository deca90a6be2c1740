"""Commitments: a client's actionable tasks, linked to outcomes only.

A commitment reaches goals and sprints only through its outcomes; nothing stores those
relations a second time, so the list's goal and sprint filters go through the outcome links.
"""

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import day_start_for, today_for
from coachboard.clients import service as clients
from coachboard.clients.ownership import ClientOwned
from coachboard.commitments.schemas import (
    CommitmentCreate,
    CommitmentFilters,
    CommitmentRead,
    CommitmentStatus,
    CommitmentUpdate,
)
from coachboard.core.database import transaction
from coachboard.core.errors import Conflict, InvalidInput, NotFound
from coachboard.core.models import Base, utcnow
from coachboard.core.pagination import PageParams, paged
from coachboard.links.kinds import COMMITMENT_TARGETS, TARGET_GOALS, TARGET_SPRINTS
from coachboard.links.service import (
    add_links,
    check_same_client,
    linked_titles,
    reached_through,
    remove_links,
    replace_links,
)
from coachboard.models.accounts import User
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.reflections import CommitmentReflection
from coachboard.models.sessions import CoachingSession
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from coachboard.progress import due

# The list's order: due date with undated ones last, then creation, then id to break ties.
ORDER = (Commitment.due_date.asc().nulls_last(), Commitment.created_at, Commitment.id)

# In an update, null clears these; for every other field null means "unchanged".
CLEARABLE = frozenset({"due_date", "session_id"})


OWNED = ClientOwned.of(Commitment, CommitmentRead, "Commitment")

# What a client may set from their portal: ticking done, or opening it again.
CLIENT_STATUSES = frozenset({CommitmentStatus.done, CommitmentStatus.open})


def load(session: Session, statement: Select, params: dict | None = None) -> list[CommitmentRead]:
    """The commitments the statement selects (OWNED's columns, in its order) as read models
    with their outcomes in link order and the goals and sprints reached through them: three
    statements, whatever else the session holds."""
    return read_models(session, session.execute(statement, params).all())


def read_models(session: Session, rows: Sequence[Any]) -> list[CommitmentRead]:
    """Commitments already read (rows of OWNED's columns, or entities) as read models, with
    their links: two statements."""
    ids = [row.id for row in rows]
    targets_of = linked_titles(session, [COMMITMENT_TARGETS], ids)[COMMITMENT_TARGETS]
    linked_target_ids = {owner: [t.id for t in found] for owner, found in targets_of.items()}
    reached = reached_through(session, linked_target_ids, [TARGET_GOALS, TARGET_SPRINTS])
    return [
        CommitmentRead(
            **{column.name: getattr(row, column.name) for column in OWNED.columns},
            targets=targets_of.get(row.id, []),
            goal_ids=reached[TARGET_GOALS].get(row.id, []),
            sprint_ids=reached[TARGET_SPRINTS].get(row.id, []),
        )
        for row in rows
    ]


def get(
    session: Session,
    *,
    coach: User,
    commitment_id: uuid.UUID,
    client_id: uuid.UUID | None = None,
) -> CommitmentRead:
    """The coach's commitment (of client_id, when given) with its outcomes, or NotFound."""
    return OWNED.one(session, load, coach, commitment_id, client_id)


def get_all(
    session: Session,
    *,
    coach: User,
    client_id: uuid.UUID,
    page: PageParams | None = None,
    filters: CommitmentFilters | None = None,
    today: date | None = None,
) -> tuple[list[CommitmentRead], int]:
    """One page (all when page is None) of the client's commitments matching every filter,
    with their outcomes, and how many match in all.

    A filter naming a goal, outcome, sprint or session that is not the client's is NotFound.
    Overdue means before `today` (None: today in the coach's time zone).
    Order: due date (undated last), then creation, then id.
    """
    filters = filters or CommitmentFilters()
    today = today or today_for(coach)
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        _require_filter_records(session, client_id, filters)
        statement = _filtered(OWNED.rows(coach, client_id), filters, today)
        if filters.changed_by_client is not None:
            since = last_session_began(session, coach=coach, client_id=client_id, today=today)
            statement = statement.where(changed_by_client(since))
        statement, total = paged(session, statement, order_by=ORDER, page=page)
        return load(session, statement), total


def create(
    session: Session, *, coach: User, client_id: uuid.UUID, fields: CommitmentCreate
) -> CommitmentRead:
    """A new commitment of the client, linked to the given outcomes of that client, in order."""
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        target_ids = check_same_client(session, COMMITMENT_TARGETS, client_id, fields.target_ids)
        if fields.session_id is not None:
            _check_session(session, client_id, fields.session_id)
        commitment = Commitment(client_id=client_id, **fields.model_dump(exclude={"target_ids"}))
        commitment.completed_at = utcnow() if fields.status == CommitmentStatus.done else None
        session.add(commitment)
        session.flush()
        add_links(session, COMMITMENT_TARGETS, commitment.id, target_ids)
        return get(session, coach=coach, commitment_id=commitment.id)


def update(
    session: Session, *, coach: User, commitment_id: uuid.UUID, fields: CommitmentUpdate
) -> CommitmentRead:
    """Change the fields given; target_ids, when a list, replaces the linked outcomes.

    Becoming done stamps completed_at; leaving done clears it.
    """
    with transaction(session):
        commitment = OWNED.entity(session, coach, commitment_id)
        changes = fields.changes(clearable=CLEARABLE)
        target_ids = changes.pop("target_ids", None)
        if target_ids is not None:
            target_ids = check_same_client(
                session, COMMITMENT_TARGETS, commitment.client_id, target_ids
            )
        if changes.get("session_id") is not None:
            _check_session(session, commitment.client_id, changes["session_id"])
        if "status" in changes:
            status = changes.pop("status")
            if status != commitment.status:
                # The status it has now is the coach's doing; the edit form resends an
                # unchanged status, which leaves the client's mark alone.
                commitment.status_changed_by_client_at = None
            _set_status(commitment, status)
        for name, value in changes.items():
            setattr(commitment, name, value)
        if target_ids is not None:
            replace_links(session, COMMITMENT_TARGETS, commitment.id, target_ids)
            commitment.updated_at = utcnow()
        return get(session, coach=coach, commitment_id=commitment.id)


def add_targets(
    session: Session, *, coach: User, commitment_id: uuid.UUID, target_ids: Sequence[uuid.UUID]
) -> CommitmentRead:
    """Link the commitment to these outcomes of its client too; links it has already stay."""
    with transaction(session):
        commitment = OWNED.entity(session, coach, commitment_id)
        wanted = check_same_client(session, COMMITMENT_TARGETS, commitment.client_id, target_ids)
        add_links(session, COMMITMENT_TARGETS, commitment.id, wanted)
        return get(session, coach=coach, commitment_id=commitment.id)


def remove_targets(
    session: Session, *, coach: User, commitment_id: uuid.UUID, target_ids: Sequence[uuid.UUID]
) -> CommitmentRead:
    """Unlink the commitment from these outcomes; ids it is not linked to are ignored."""
    with transaction(session):
        commitment = OWNED.entity(session, coach, commitment_id)
        remove_links(session, COMMITMENT_TARGETS, commitment.id, list(target_ids))
        return get(session, coach=coach, commitment_id=commitment.id)


def delete(session: Session, *, coach: User, commitment_id: uuid.UUID) -> None:
    """Delete the commitment and its outcome links; the outcomes and its session stay."""
    with transaction(session):
        OWNED.delete(session, coach, commitment_id)


def last_session_began(
    session: Session, *, coach: User, client_id: uuid.UUID, today: date
) -> datetime | None:
    """When the day of the client's latest session up to today began, in the coach's time
    zone (None: no session yet): "since the last session" counts the client's changes from
    then, that day's included, since the client may act on the session the same day."""
    with transaction(session):
        last = session.scalar(
            select(func.max(CoachingSession.session_date)).where(
                CoachingSession.client_id == client_id, CoachingSession.session_date <= today
            )
        )
    return None if last is None else day_start_for(coach, last)


def changed_by_client(since: datetime | None) -> ColumnElement[bool]:
    """The commitment's status was set by the client, or the client wrote a reflection on it,
    since then (None: ever)."""
    set_by_client = Commitment.status_changed_by_client_at.is_not(None)
    reflected = select(CommitmentReflection.commitment_id)
    if since is not None:
        set_by_client = Commitment.status_changed_by_client_at >= since
        reflected = reflected.where(CommitmentReflection.created_at >= since)
    return or_(set_by_client, Commitment.id.in_(reflected))


def set_status_by_client(
    session: Session,
    *,
    client_id: uuid.UUID,
    commitment_id: uuid.UUID,
    status: CommitmentStatus,
) -> tuple[CommitmentRead, bool]:
    """The client marks their own commitment done or open again (the portal's call, with the
    signed-in client's id): the commitment as it now is, and whether it changed. NotFound
    unless it is theirs; InvalidInput naming `status` for anything else; Conflict for one
    their coach dropped (reopening it is the coach's call). Stamps
    status_changed_by_client_at, which the coach sees and filters by. Reads the commitment
    once."""
    if status not in CLIENT_STATUSES:
        raise InvalidInput.field("status", "a client marks a commitment done or open only")
    with transaction(session):
        commitment = OWNED.clients_own(session, client_id, commitment_id)
        if commitment.status == CommitmentStatus.dropped:
            raise Conflict("your coach has dropped this commitment; talk it over with them")
        changed = commitment.status != status
        if changed:
            _set_status(commitment, status)
            commitment.status_changed_by_client_at = utcnow()
            session.flush()
        return read_models(session, [commitment])[0], changed


def _set_status(commitment: Commitment, status: CommitmentStatus) -> None:
    if status != CommitmentStatus.done:
        commitment.completed_at = None
    elif commitment.status != CommitmentStatus.done:
        commitment.completed_at = utcnow()
    commitment.status = status


def _check_session(session: Session, client_id: uuid.UUID, session_id: uuid.UUID) -> None:
    found = session.scalar(
        select(CoachingSession.id).where(
            CoachingSession.id == session_id, CoachingSession.client_id == client_id
        )
    )
    if found is None:
        raise InvalidInput.field(
            "session_id", f"not found for this client: {session_id}", kind="link_not_found"
        )


# Each id filter, the record it names and how that record is called in a "not found".
_FILTER_RECORDS: tuple[tuple[str, type[Base], str], ...] = (
    ("target_id", Target, "Outcome"),
    ("goal_id", ClientGoal, "Goal"),
    ("sprint_id", Sprint, "Sprint"),
    ("session_id", CoachingSession, "Session"),
)


def _require_filter_records(
    session: Session, client_id: uuid.UUID, filters: CommitmentFilters
) -> None:
    for name, model, what in _FILTER_RECORDS:
        record_id = getattr(filters, name)
        if record_id is None:
            continue
        found = session.scalar(
            select(model.id).where(model.id == record_id, model.client_id == client_id)
        )
        if found is None:
            raise NotFound(what)


def _filtered(
    statement: Select[tuple[Commitment]], filters: CommitmentFilters, today: date
) -> Select[tuple[Commitment]]:
    link = CommitmentTargetLink
    if filters.target_id is not None:
        statement = statement.where(
            Commitment.id.in_(select(link.commitment_id).where(link.target_id == filters.target_id))
        )
    if filters.goal_id is not None:
        statement = statement.where(
            Commitment.id.in_(
                select(link.commitment_id)
                .join(TargetGoalLink, TargetGoalLink.target_id == link.target_id)
                .where(TargetGoalLink.goal_id == filters.goal_id)
            )
        )
    if filters.sprint_id is not None:
        statement = statement.where(
            Commitment.id.in_(
                select(link.commitment_id)
                .join(TargetSprintLink, TargetSprintLink.target_id == link.target_id)
                .where(TargetSprintLink.sprint_id == filters.sprint_id)
            )
        )
    if filters.session_id is not None:
        statement = statement.where(Commitment.session_id == filters.session_id)
    if filters.status is not None:
        statement = statement.where(Commitment.status == filters.status)
    if filters.due_from is not None:
        statement = statement.where(Commitment.due_date >= filters.due_from)
    if filters.due_to is not None:
        statement = statement.where(Commitment.due_date <= filters.due_to)
    if filters.due_after is not None:
        statement = statement.where(Commitment.due_date > filters.due_after)
    if filters.due_before is not None:
        statement = statement.where(Commitment.due_date < filters.due_before)
    if filters.overdue is not None:
        late = due.overdue(today)
        statement = statement.where(late if filters.overdue else ~late)
    return statement
