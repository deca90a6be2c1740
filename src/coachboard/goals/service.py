"""Client goals: the long-term intent (three to twelve months) that outcomes serve."""

import uuid
from datetime import date
from functools import partial

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import today_for
from coachboard.clients import service as clients
from coachboard.clients.ownership import ClientOwned, owned_client_ids
from coachboard.core.database import transaction
from coachboard.core.pagination import PageParams, paged
from coachboard.goals.schemas import GoalCreate, GoalRead, GoalStatus, GoalUpdate
from coachboard.models.accounts import User
from coachboard.models.goals import ClientGoal
from coachboard.models.links import TargetGoalLink
from coachboard.progress import service as progress

OWNED = ClientOwned.of(ClientGoal, GoalRead, "Goal")


def load(
    session: Session, statement: Select, params: dict | None = None, *, today: date
) -> list[GoalRead]:
    """The goals the statement selects (OWNED's columns, in its order) as read models with
    their progress and health on today: two statements."""
    rows = session.execute(statement, params).all()
    rollups = progress.goals(session, [row.id for row in rows], today=today)
    return [GoalRead(**row._mapping, **dict(rollups[row.id])) for row in rows]


def get(
    session: Session,
    *,
    coach: User,
    goal_id: uuid.UUID,
    client_id: uuid.UUID | None = None,
    today: date | None = None,
) -> GoalRead:
    """The coach's goal (of client_id, when given) with its health on today (the coach's
    today when None), or NotFound."""
    reader = partial(load, today=today or today_for(coach))
    return OWNED.one(session, reader, coach, goal_id, client_id)


def get_all(
    session: Session,
    *,
    coach: User,
    client_id: uuid.UUID,
    page: PageParams | None = None,
    status: GoalStatus | None = None,
    today: date | None = None,
) -> tuple[list[GoalRead], int]:
    """The client's goals with that status, oldest first, one page (all when page is None),
    with their health on today (the coach's today when None), and how many match in all;
    NotFound when the client is not the coach's."""
    statement = OWNED.rows(coach, client_id)
    if status:
        statement = statement.where(ClientGoal.status == status)
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        order = (ClientGoal.created_at, ClientGoal.id)
        statement, total = paged(session, statement, order_by=order, page=page)
        return load(session, statement, today=today or today_for(coach)), total


def target_counts(session: Session, *, coach: User, client_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """For each of the coach's client's goals, how many outcomes link to it (0 too); one statement."""
    statement = (
        select(ClientGoal.id, func.count(TargetGoalLink.id))
        .outerjoin(TargetGoalLink, TargetGoalLink.goal_id == ClientGoal.id)
        .where(
            ClientGoal.client_id == client_id,
            ClientGoal.client_id.in_(owned_client_ids(coach)),
        )
        .group_by(ClientGoal.id)
    )
    with transaction(session):
        return {goal_id: count for goal_id, count in session.execute(statement)}


def create(session: Session, *, coach: User, client_id: uuid.UUID, fields: GoalCreate) -> GoalRead:
    """A new goal of the coach's client."""
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        goal = ClientGoal(client_id=client_id, **fields.model_dump())
        session.add(goal)
        session.flush()
        return get(session, coach=coach, goal_id=goal.id)


def update(session: Session, *, coach: User, goal_id: uuid.UUID, fields: GoalUpdate) -> GoalRead:
    """Change the fields given; target_date=None clears the date."""
    with transaction(session):
        goal = OWNED.entity(session, coach, goal_id)
        for name, value in fields.changes(clearable=frozenset({"target_date"})).items():
            setattr(goal, name, value)
        session.flush()
        return get(session, coach=coach, goal_id=goal.id)


def delete(session: Session, *, coach: User, goal_id: uuid.UUID) -> None:
    """Delete the goal; the database drops its outcome links, the outcomes themselves stay."""
    with transaction(session):
        OWNED.delete(session, coach, goal_id)
