"""Outcomes (targets): short-term wins, linked many-to-many to goals and to sprints."""

import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session, selectinload

from coachboard.accounts.models import User
from coachboard.clients import service as clients
from coachboard.core.database import transaction
from coachboard.core.errors import FieldProblem, InvalidInput, NotFound
from coachboard.core.links import LinkKind, add_links, check_same_client, replace_links
from coachboard.core.models import utcnow
from coachboard.core.pagination import PageParams
from coachboard.goals import service as goals
from coachboard.goals.models import ClientGoal
from coachboard.sprints import service as sprints
from coachboard.sprints.models import Sprint
from coachboard.targets.models import Target, TargetGoalLink, TargetSprintLink
from coachboard.targets.schemas import TargetCreate, TargetStatus, TargetUpdate

# The two junction tables, seen from the outcome: an outcome's goals and its sprints.
TARGET_GOALS = LinkKind(
    link_model=TargetGoalLink,
    owner_column=TargetGoalLink.target_id,
    linked_column=TargetGoalLink.goal_id,
    linked_model=ClientGoal,
    field="goal_ids",
)
TARGET_SPRINTS = LinkKind(
    link_model=TargetSprintLink,
    owner_column=TargetSprintLink.target_id,
    linked_column=TargetSprintLink.sprint_id,
    linked_model=Sprint,
    field="sprint_ids",
)
# The outcome↔sprint table seen from the sprint: links a sprint to outcomes (legacy review).
SPRINT_TARGETS = LinkKind(
    link_model=TargetSprintLink,
    owner_column=TargetSprintLink.sprint_id,
    linked_column=TargetSprintLink.target_id,
    linked_model=Target,
    field="target_ids",
)

# What TargetRead needs, in link order: one statement per kind however many outcomes are loaded.
WITH_LINKS = (
    selectinload(Target.goal_links).joinedload(TargetGoalLink.goal),
    selectinload(Target.sprint_links).joinedload(TargetSprintLink.sprint),
)


def with_links(statement: Select[tuple[Target]]) -> Select[tuple[Target]]:
    """The statement, loading each outcome's links afresh: links are written with plain
    INSERT/DELETE statements, so collections already in the session may be stale."""
    return statement.options(*WITH_LINKS).execution_options(populate_existing=True)


def owned_targets(coach: User) -> Select[tuple[Target]]:
    """Every read, change and delete of an outcome starts here: the coach's clients' only."""
    return select(Target).where(Target.client_id.in_(clients.owned_client_ids(coach)))


def get(
    session: Session, *, coach: User, target_id: uuid.UUID, client_id: uuid.UUID | None = None
) -> Target:
    """The coach's outcome (of client_id, when given) with goals and sprints loaded, or NotFound."""
    statement = with_links(owned_targets(coach).where(Target.id == target_id))
    if client_id is not None:
        statement = statement.where(Target.client_id == client_id)
    with transaction(session):
        target = session.scalar(statement)
    if target is None:
        raise NotFound("Outcome")
    return target


def get_all(
    session: Session,
    *,
    coach: User,
    client_id: uuid.UUID,
    page: PageParams | None = None,
    status: TargetStatus | None = None,
    goal_id: uuid.UUID | None = None,
    sprint_id: uuid.UUID | None = None,
) -> tuple[list[Target], int]:
    """The client's outcomes with that status, linked to goal_id and sprint_id when given, oldest
    first, one page (all when page is None), links loaded, and how many match in all.

    NotFound when the client, or the goal or sprint as one of that client, is not the coach's.
    """
    statement = owned_targets(coach).where(Target.client_id == client_id)
    if status:
        statement = statement.where(Target.status == status)
    if goal_id is not None:
        linked = select(TargetGoalLink.target_id).where(TargetGoalLink.goal_id == goal_id)
        statement = statement.where(Target.id.in_(linked))
    if sprint_id is not None:
        linked = select(TargetSprintLink.target_id).where(TargetSprintLink.sprint_id == sprint_id)
        statement = statement.where(Target.id.in_(linked))
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        if goal_id is not None:
            goals.get(session, coach=coach, goal_id=goal_id, client_id=client_id)
        if sprint_id is not None:
            sprints.get(session, coach=coach, sprint_id=sprint_id, client_id=client_id)
        total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
        statement = statement.order_by(Target.created_at, Target.id)
        if page is not None:
            statement = statement.limit(page.limit).offset(page.offset)
        targets = session.scalars(with_links(statement)).all()
    return list(targets), total


def create(session: Session, *, coach: User, client_id: uuid.UUID, fields: TargetCreate) -> Target:
    """A new outcome of the coach's client, linked to the goals and sprints given, in that order.

    Every linked id must be a goal or sprint of the same client (422 naming the field and ids).
    """
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        links = checked_links(
            session,
            client_id=client_id,
            wanted={TARGET_GOALS: fields.goal_ids, TARGET_SPRINTS: fields.sprint_ids},
        )
        target = Target(
            client_id=client_id, **fields.model_dump(exclude={"goal_ids", "sprint_ids"})
        )
        session.add(target)
        session.flush()
        for kind, linked_ids in links.items():
            add_links(session, kind, target.id, linked_ids)
        return _reloaded(session, target)


def update(session: Session, *, coach: User, target_id: uuid.UUID, fields: TargetUpdate) -> Target:
    """Change the fields given; goal_ids / sprint_ids, when given, replace that set of links."""
    changes = fields.changes(clearable=frozenset({"due_date"}))
    wanted = {
        kind: changes.pop(kind.field)
        for kind in (TARGET_GOALS, TARGET_SPRINTS)
        if kind.field in changes
    }
    with transaction(session):
        target = get(session, coach=coach, target_id=target_id)
        links = checked_links(session, client_id=target.client_id, wanted=wanted)
        for name, value in changes.items():
            setattr(target, name, value)
        for kind, linked_ids in links.items():
            replace_links(session, kind, target.id, linked_ids)
        if links:
            target.updated_at = utcnow()  # a change of links is a change of the outcome
        session.flush()
        return _reloaded(session, target)


def delete_target(session: Session, *, coach: User, target_id: uuid.UUID) -> None:
    """Delete the outcome; the database drops all its links, the linked records stay."""
    with transaction(session):
        get(session, coach=coach, target_id=target_id)
        session.execute(delete(Target).where(Target.id == target_id))


def checked_links(
    session: Session, *, client_id: uuid.UUID, wanted: Mapping[LinkKind, Sequence[uuid.UUID]]
) -> dict[LinkKind, list[uuid.UUID]]:
    """Each kind's ids, deduplicated, once all name records of the client; else one 422 naming
    every offending field and id."""
    checked: dict[LinkKind, list[uuid.UUID]] = {}
    problems: list[FieldProblem] = []
    for kind, linked_ids in wanted.items():
        try:
            checked[kind] = check_same_client(session, kind, client_id, linked_ids)
        except InvalidInput as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidInput(problems)
    return checked


def _reloaded(session: Session, target: Target) -> Target:
    return session.scalars(with_links(select(Target).where(Target.id == target.id))).one()
