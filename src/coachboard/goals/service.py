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
from coachboard.goals.schemas import GoalCreate, GoalRead, GoalStatus, GoalUpdate
from coachboard.links.models import TargetGoalLink


def owned_goals(coach: User) -> Select[tuple[ClientGoal]]:
    """Every read, change and delete of a goal starts here: goals of the coach's clients only."""
    return select(ClientGoal).where(ClientGoal.client_id.in_(clients.owned_client_ids(coach)))


READ = clients.ReadStatements.of(ClientGoal, GoalRead)


def load(session: Session, statement: Select, params: dict | None = None) -> list[GoalRead]:
    """The goals the statement selects (READ's columns, in its order) as read models."""
    return [GoalRead(**row._mapping) for row in session.execute(statement, params)]


def get(
    session: Session, *, coach: User, goal_id: uuid.UUID, client_id: uuid.UUID | None = None
) -> GoalRead:
    """The coach's goal (of client_id, when given), or NotFound."""
    with transaction(session):
        found = load(session, READ.by_id, {"record_id": goal_id, "coach_id": coach.id})
    return clients.only_record(found, client_id, "Goal")


def get_all(
    session: Session,
    *,
    coach: User,
    client_id: uuid.UUID,
    page: PageParams | None = None,
    status: GoalStatus | None = None,
) -> tuple[list[GoalRead], int]:
    """The client's goals with that status, oldest first, one page (all when page is None),
    and how many match in all; NotFound when the client is not the coach's."""
    statement = select(*READ.columns).where(
        ClientGoal.client_id == client_id,
        ClientGoal.client_id.in_(clients.owned_client_ids(coach)),
    )
    if status:
        statement = statement.where(ClientGoal.status == status)
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
        statement = statement.order_by(ClientGoal.created_at, ClientGoal.id)
        if page is not None:
            statement = statement.limit(page.limit).offset(page.offset)
        return load(session, statement), total


def _owned(session: Session, coach: User, goal_id: uuid.UUID) -> ClientGoal:
    """The coach's goal as an entity to change, or NotFound."""
    goal = session.scalar(owned_goals(coach).where(ClientGoal.id == goal_id))
    if goal is None:
        raise NotFound("Goal")
    return goal


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
        goal = _owned(session, coach, goal_id)
        for name, value in fields.changes(clearable=frozenset({"target_date"})).items():
            setattr(goal, name, value)
        session.flush()
        return get(session, coach=coach, goal_id=goal.id)


def delete_goal(session: Session, *, coach: User, goal_id: uuid.UUID) -> None:
    """Delete the goal; the database drops its outcome links, the outcomes themselves stay."""
    with transaction(session):
        _owned(session, coach, goal_id)
        session.execute(delete(ClientGoal).where(ClientGoal.id == goal_id))
