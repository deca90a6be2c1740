"""Sprints: six-to-eight week timeboxes; they reach goals only through their outcomes."""

import uuid
from datetime import date

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session, selectinload

from coachboard.accounts.models import User
from coachboard.clients import service as clients
from coachboard.core.database import transaction
from coachboard.core.errors import InvalidInput, NotFound
from coachboard.core.pagination import PageParams
from coachboard.goals import service as goals
from coachboard.sprints.models import Sprint
from coachboard.sprints.schemas import SprintCreate, SprintStatus, SprintUpdate
from coachboard.targets.models import Target, TargetGoalLink, TargetSprintLink

# What SprintRead needs: the outcome links and, through each outcome, its goal links.
# Two statements however many sprints are loaded.
WITH_OUTCOMES = (
    selectinload(Sprint.target_links)
    .joinedload(TargetSprintLink.target)
    .selectinload(Target.goal_links)
)


def with_outcomes(statement: Select[tuple[Sprint]]) -> Select[tuple[Sprint]]:
    """The statement, loading each sprint's outcome links afresh: links are written with plain
    INSERT/DELETE statements, so collections already in the session may be stale."""
    return statement.options(WITH_OUTCOMES).execution_options(populate_existing=True)


def owned_sprints(coach: User) -> Select[tuple[Sprint]]:
    """Every read, change and delete of a sprint starts here: sprints of the coach's clients."""
    return select(Sprint).where(Sprint.client_id.in_(clients.owned_client_ids(coach)))


def get(
    session: Session, *, coach: User, sprint_id: uuid.UUID, client_id: uuid.UUID | None = None
) -> Sprint:
    """The coach's sprint (of client_id, when given) with its outcome links loaded, or NotFound."""
    statement = with_outcomes(owned_sprints(coach).where(Sprint.id == sprint_id))
    if client_id is not None:
        statement = statement.where(Sprint.client_id == client_id)
    with transaction(session):
        sprint = session.scalar(statement)
    if sprint is None:
        raise NotFound("Sprint")
    return sprint


def get_all(
    session: Session,
    *,
    coach: User,
    client_id: uuid.UUID,
    page: PageParams | None = None,
    status: SprintStatus | None = None,
    goal_id: uuid.UUID | None = None,
) -> tuple[list[Sprint], int]:
    """The client's sprints with that status (and reaching goal_id through an outcome), by start
    date, one page (all when page is None), links loaded, and how many match in all.

    NotFound when the client, or the goal as a goal of that client, is not the coach's.
    """
    statement = owned_sprints(coach).where(Sprint.client_id == client_id)
    if status:
        statement = statement.where(Sprint.status == status)
    if goal_id is not None:
        through_outcomes = (
            select(TargetSprintLink.sprint_id)
            .join(TargetGoalLink, TargetGoalLink.target_id == TargetSprintLink.target_id)
            .where(TargetGoalLink.goal_id == goal_id)
        )
        statement = statement.where(Sprint.id.in_(through_outcomes))
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        if goal_id is not None:
            goals.get(session, coach=coach, goal_id=goal_id, client_id=client_id)
        total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
        statement = statement.order_by(Sprint.start_date, Sprint.created_at, Sprint.id)
        if page is not None:
            statement = statement.limit(page.limit).offset(page.offset)
        sprints = session.scalars(with_outcomes(statement)).all()
    return list(sprints), total


def create(session: Session, *, coach: User, client_id: uuid.UUID, fields: SprintCreate) -> Sprint:
    """A new sprint of the coach's client; end_date must be after start_date (422)."""
    _check_dates(fields.start_date, fields.end_date, blame="end_date")
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        sprint = Sprint(client_id=client_id, target_links=[], **fields.model_dump())
        session.add(sprint)
        session.flush()  # the id exists for a caller that goes on in the same transaction
    return sprint


def update(session: Session, *, coach: User, sprint_id: uuid.UUID, fields: SprintUpdate) -> Sprint:
    """Change the fields given; a new date is checked against the other, stored or sent (422)."""
    changes = fields.changes()
    with transaction(session):
        sprint = get(session, coach=coach, sprint_id=sprint_id)
        if "start_date" in changes or "end_date" in changes:
            _check_dates(
                changes.get("start_date", sprint.start_date),
                changes.get("end_date", sprint.end_date),
                blame="end_date" if "end_date" in changes else "start_date",
            )
        for name, value in changes.items():
            setattr(sprint, name, value)
    return sprint


def delete_sprint(session: Session, *, coach: User, sprint_id: uuid.UUID) -> None:
    """Delete the sprint; the database drops its outcome links, the outcomes themselves stay."""
    with transaction(session):
        get(session, coach=coach, sprint_id=sprint_id)
        session.execute(delete(Sprint).where(Sprint.id == sprint_id))


def _check_dates(start_date: date, end_date: date, *, blame: str) -> None:
    """422 on the blamed field (the one the caller sent) unless the sprint ends after it starts."""
    if end_date > start_date:
        return
    message = "must be after start_date" if blame == "end_date" else "must be before end_date"
    raise InvalidInput.field(blame, message, kind="date_order")
