"""Outcomes (targets): short-term wins, linked many-to-many to goals and to sprints."""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.ownership import ClientOwned
from coachboard.core.database import plain_rows, transaction
from coachboard.core.errors import FieldProblem, InvalidInput
from coachboard.core.models import utcnow
from coachboard.core.pagination import PageParams, paged
from coachboard.goals import service as goals
from coachboard.links.kinds import TARGET_GOALS, TARGET_SPRINTS
from coachboard.links.service import (
    LinkKind,
    add_links,
    check_same_client,
    linked_titles,
    replace_links,
)
from coachboard.models.accounts import User
from coachboard.models.links import TargetGoalLink, TargetSprintLink
from coachboard.models.targets import Target
from coachboard.progress import service as progress
from coachboard.sprints import service as sprints
from coachboard.targets.schemas import (
    TargetCreate,
    TargetRead,
    TargetStatus,
    TargetUpdate,
)

OWNED = ClientOwned.of(Target, TargetRead, "Outcome")


SelectT = TypeVar("SelectT", bound=Select[Any])


def load(session: Session, statement: Select, params: dict | None = None) -> list[TargetRead]:
    """The outcomes the statement selects (OWNED's columns, in its order) as read models
    with their goals and sprints in link order and their progress (read with each row): two
    statements, whatever else the session holds."""
    rows = plain_rows(session, statement.add_columns(*progress.OUTCOME_FIGURES), params).all()
    target_ids = [row.id for row in rows]
    links = linked_titles(session, (TARGET_GOALS, TARGET_SPRINTS), target_ids)
    goals_of, sprints_of = links[TARGET_GOALS], links[TARGET_SPRINTS]
    return [
        TargetRead(
            **progress.without_figures(row),
            goals=goals_of.get(row.id, []),
            sprints=sprints_of.get(row.id, []),
            progress=progress.outcome_progress(row),
        )
        for row in rows
    ]


def get(
    session: Session, *, coach: User, target_id: uuid.UUID, client_id: uuid.UUID | None = None
) -> TargetRead:
    """The coach's outcome (of client_id, when given) with its goals and sprints, or NotFound."""
    return OWNED.one(session, load, coach, target_id, client_id)


def linked_to(
    statement: SelectT, *, goal_id: uuid.UUID | None, sprint_id: uuid.UUID | None
) -> SelectT:
    """The statement's outcomes narrowed to those linked to goal_id, and to sprint_id, when
    given (the API's filters and the outcomes tab's)."""
    if goal_id is not None:
        linked = select(TargetGoalLink.target_id).where(TargetGoalLink.goal_id == goal_id)
        statement = statement.where(Target.id.in_(linked))
    if sprint_id is not None:
        linked = select(TargetSprintLink.target_id).where(TargetSprintLink.sprint_id == sprint_id)
        statement = statement.where(Target.id.in_(linked))
    return statement


def get_all(
    session: Session,
    *,
    coach: User,
    client_id: uuid.UUID,
    page: PageParams | None = None,
    status: TargetStatus | None = None,
    goal_id: uuid.UUID | None = None,
    sprint_id: uuid.UUID | None = None,
) -> tuple[list[TargetRead], int]:
    """The client's outcomes with that status, linked to goal_id and sprint_id when given, oldest
    first, one page (all when page is None), with their links, and how many match in all.

    NotFound when the client, or the goal or sprint as one of that client, is not the coach's.
    """
    statement = OWNED.rows(coach, client_id)
    if status:
        statement = statement.where(Target.status == status)
    statement = linked_to(statement, goal_id=goal_id, sprint_id=sprint_id)
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        if goal_id is not None:
            goals.get(session, coach=coach, goal_id=goal_id, client_id=client_id)
        if sprint_id is not None:
            sprints.get(session, coach=coach, sprint_id=sprint_id, client_id=client_id)
        order = (Target.created_at, Target.id)
        statement, total = paged(session, statement, order_by=order, page=page)
        return load(session, statement), total


def create(
    session: Session, *, coach: User, client_id: uuid.UUID, fields: TargetCreate
) -> TargetRead:
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
        return get(session, coach=coach, target_id=target.id)


def update(
    session: Session, *, coach: User, target_id: uuid.UUID, fields: TargetUpdate
) -> TargetRead:
    """Change the fields given; goal_ids / sprint_ids, when given, replace that set of links."""
    changes = fields.changes(clearable=frozenset({"due_date"}))
    wanted = {
        kind: changes.pop(kind.field)
        for kind in (TARGET_GOALS, TARGET_SPRINTS)
        if kind.field in changes
    }
    with transaction(session):
        target = OWNED.entity(session, coach, target_id)
        links = checked_links(session, client_id=target.client_id, wanted=wanted)
        for name, value in changes.items():
            setattr(target, name, value)
        for kind, linked_ids in links.items():
            replace_links(session, kind, target.id, linked_ids)
        if links:
            target.updated_at = utcnow()  # a change of links is a change of the outcome
        session.flush()
        return get(session, coach=coach, target_id=target.id)


def delete(session: Session, *, coach: User, target_id: uuid.UUID) -> None:
    """Delete the outcome; the database drops all its links, the linked records stay."""
    with transaction(session):
        OWNED.delete(session, coach, target_id)


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
