"""Client goals: the long-term intent (three to twelve months) that outcomes serve."""

import uuid

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from coachboard.accounts.models import User
from coachboard.clients import service as clients
from coachboard.core.database import transaction
from coachboard.core.errors import NotFound
from coachboard.core.pagination import PageParams
from coachboard.goals.models import ClientGoal
from coachboard.goals.schemas import GoalCreate, GoalStatus, GoalUpdate
from coachboard.targets.models import TargetGoalLink


def owned_goals(coach: User) -> Select[tuple[ClientGoal]]:
    """Every read, change and delete of a goal starts here: goals of the coach's clients only."""
    return select(ClientGoal).where(ClientGoal.client_id.in_(clients.owned_client_ids(coach)))


def get(
    session: Session, *, coach: User, goal_id: uuid.UUID, client_id: uuid.UUID | None = None
) -> ClientGoal:
    """The coach's goal (of client_id, when given), or NotFound."""
    statement = owned_goals(coach).where(ClientGoal.id == goal_id)
    if client_id is not None:
        statement = statement.where(ClientGoal.client_id == client_id)
    with transaction(session):
        goal = session.scalar(statement)
    if goal is None:
        raise NotFound("Goal")
    return goal


def get_all(
    session: Session,
    *,
    coach: User,
    client_id: uuid.UUID,
    page: PageParams | None = None,
    status: GoalStatus | None = None,
) -> tuple[list[ClientGoal], int]:
    """The client's goals with that status, oldest first, one page (all when page is None),
    and how many match in all; NotFound when the client is not the coach's."""
    statement = owned_goals(coach).where(ClientGoal.client_id == client_id)
    if status:
        statement = statement.where(ClientGoal.status == status)
    statement = statement.order_by(ClientGoal.created_at, ClientGoal.id)
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
        if page is not None:
            statement = statement.limit(page.limit).offset(page.offset)
        goals = session.scalars(statement).all()
    return list(goals), total


def outcome_counts(session: Session, *, coach: User, client_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """For each of the coach's client's goals, how many outcomes link to it (0 too); one statement."""
    statement = (
        select(ClientGoal.id, func.count(TargetGoalLink.id))
        .outerjoin(TargetGoalLink, TargetGoalLink.goal_id == ClientGoal.id)
        .where(
            ClientGoal.client_id == client_id,
            ClientGoal.client_id.in_(clients.owned_client_ids(coach)),
        )
        .group_by(ClientGoal.id)
    )
    with transaction(session):
        return {goal_id: count for goal_id, count in session.execute(statement)}


def create(
    session: Session, *, coach: User, client_id: uuid.UUID, fields: GoalCreate
) -> ClientGoal:
    """A new goal of the coach's client."""
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        goal = ClientGoal(client_id=client_id, **fields.model_dump())
        session.add(goal)
        session.flush()  # the id exists for a caller that goes on in the same transaction
    return goal


def update(session: Session, *, coach: User, goal_id: uuid.UUID, fields: GoalUpdate) -> ClientGoal:
    """Change the fields given; target_date=None clears the date."""
    with transaction(session):
        goal = get(session, coach=coach, goal_id=goal_id)
        for name, value in fields.changes(clearable=frozenset({"target_date"})).items():
            setattr(goal, name, value)
    return goal


def delete_goal(session: Session, *, coach: User, goal_id: uuid.UUID) -> None:
    """Delete the goal; the database drops its outcome links, the outcomes themselves stay."""
    with transaction(session):
        get(session, coach=coach, goal_id=goal_id)
        session.execute(delete(ClientGoal).where(ClientGoal.id == goal_id))
