"""Sprints: six-to-eight week timeboxes; they reach goals only through their outcomes."""

import uuid
from datetime import date, timedelta
from functools import partial

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import today_for
from coachboard.clients import service as clients
from coachboard.clients.ownership import ClientOwned
from coachboard.core.database import transaction
from coachboard.core.errors import InvalidInput
from coachboard.core.models import utcnow
from coachboard.core.pagination import PageParams, paged
from coachboard.goals import service as goals
from coachboard.links.kinds import SPRINT_TARGETS, TARGET_GOALS
from coachboard.links.service import (
    add_links,
    check_same_client,
    linked_titles,
    reached_through,
    replace_links,
)
from coachboard.models.accounts import User
from coachboard.models.links import TargetGoalLink, TargetSprintLink
from coachboard.models.sprints import Sprint
from coachboard.progress import service as progress
from coachboard.sprints.schemas import SprintCreate, SprintRead, SprintStatus, SprintUpdate

OWNED = ClientOwned.of(Sprint, SprintRead, "Sprint")

SPRINT_WEEKS = 6


def default_dates(today: date) -> tuple[date, date]:
    """A new sprint's dates: from the Monday after today (a Monday gives the next week's: a
    sprint is planned ahead, not started mid-session) to the Sunday ending its sixth week, so
    the next sprint can start the Monday after without overlapping."""
    start = today + timedelta(days=7 - today.weekday())
    return start, start + timedelta(weeks=SPRINT_WEEKS, days=-1)


def load(
    session: Session, statement: Select, params: dict | None = None, *, today: date
) -> list[SprintRead]:
    """The sprints the statement selects (OWNED's columns, in its order) as read models with
    their outcomes in link order, the goals reached through them and their progress and health
    on today: four statements, whatever else the session holds."""
    rows = session.execute(statement, params).all()
    sprint_ids = [row.id for row in rows]
    rollups = progress.sprints(session, sprint_ids, today=today)
    targets_of = linked_titles(session, [SPRINT_TARGETS], sprint_ids)[SPRINT_TARGETS]
    target_ids = {sprint_id: [t.id for t in found] for sprint_id, found in targets_of.items()}
    goals_of = reached_through(session, target_ids, [TARGET_GOALS])[TARGET_GOALS]
    return [
        SprintRead(
            **row._mapping,
            targets=targets_of.get(row.id, []),
            goal_ids=goals_of.get(row.id, []),
            **dict(rollups[row.id]),
        )
        for row in rows
    ]


def get(
    session: Session,
    *,
    coach: User,
    sprint_id: uuid.UUID,
    client_id: uuid.UUID | None = None,
    today: date | None = None,
) -> SprintRead:
    """The coach's sprint (of client_id, when given) with its outcomes and its health on today
    (the coach's today when None), or NotFound."""
    reader = partial(load, today=today or today_for(coach))
    return OWNED.one(session, reader, coach, sprint_id, client_id)


def get_all(
    session: Session,
    *,
    coach: User,
    client_id: uuid.UUID,
    page: PageParams | None = None,
    status: SprintStatus | None = None,
    goal_id: uuid.UUID | None = None,
    today: date | None = None,
) -> tuple[list[SprintRead], int]:
    """The client's sprints with that status (and reaching goal_id through an outcome), by start
    date, one page (all when page is None), with their outcomes and health on today (the
    coach's when None), and how many match in all.

    NotFound when the client, or the goal as a goal of that client, is not the coach's.
    """
    statement = OWNED.rows(coach, client_id)
    if status:
        statement = statement.where(Sprint.status == status)
    if goal_id is not None:
        through_targets = (
            select(TargetSprintLink.sprint_id)
            .join(TargetGoalLink, TargetGoalLink.target_id == TargetSprintLink.target_id)
            .where(TargetGoalLink.goal_id == goal_id)
        )
        statement = statement.where(Sprint.id.in_(through_targets))
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        if goal_id is not None:
            goals.get(session, coach=coach, goal_id=goal_id, client_id=client_id)
        order = (Sprint.start_date, Sprint.created_at, Sprint.id)
        statement, total = paged(session, statement, order_by=order, page=page)
        return load(session, statement, today=today or today_for(coach)), total


def create(
    session: Session, *, coach: User, client_id: uuid.UUID, fields: SprintCreate
) -> SprintRead:
    """A new sprint of the coach's client, linked to the outcomes given, in that order; end_date
    must be after start_date, and every outcome one of the same client (422 naming the field)."""
    _check_dates(fields.start_date, fields.end_date, blame="end_date")
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        target_ids = check_same_client(session, SPRINT_TARGETS, client_id, fields.target_ids)
        sprint = Sprint(client_id=client_id, **fields.model_dump(exclude={"target_ids"}))
        session.add(sprint)
        session.flush()
        add_links(session, SPRINT_TARGETS, sprint.id, target_ids)
        return get(session, coach=coach, sprint_id=sprint.id)


def update(
    session: Session, *, coach: User, sprint_id: uuid.UUID, fields: SprintUpdate
) -> SprintRead:
    """Change the fields given; a new date is checked against the other, stored or sent (422);
    target_ids, when given, replaces the linked outcomes (kept links keep their place)."""
    changes = fields.changes()
    wanted = changes.pop(SPRINT_TARGETS.field, None)
    with transaction(session):
        sprint = OWNED.entity(session, coach, sprint_id)
        if "start_date" in changes or "end_date" in changes:
            _check_dates(
                changes.get("start_date", sprint.start_date),
                changes.get("end_date", sprint.end_date),
                blame="end_date" if "end_date" in changes else "start_date",
            )
        for name, value in changes.items():
            setattr(sprint, name, value)
        if wanted is not None:
            target_ids = check_same_client(session, SPRINT_TARGETS, sprint.client_id, wanted)
            replace_links(session, SPRINT_TARGETS, sprint.id, target_ids)
            sprint.updated_at = utcnow()  # a change of links is a change of the sprint
        session.flush()
        return get(session, coach=coach, sprint_id=sprint.id)


def delete(session: Session, *, coach: User, sprint_id: uuid.UUID) -> None:
    """Delete the sprint; the database drops its outcome links, the outcomes themselves stay."""
    with transaction(session):
        OWNED.delete(session, coach, sprint_id)


def _check_dates(start_date: date, end_date: date, *, blame: str) -> None:
    """422 on the blamed field (the one the caller sent) unless the sprint ends after it starts."""
    if end_date > start_date:
        return
    message = "must be after start_date" if blame == "end_date" else "must be before end_date"
    raise InvalidInput.field(blame, message, kind="date_order")
