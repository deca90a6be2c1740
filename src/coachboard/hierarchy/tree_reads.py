"""The rows of one page of a client's tree, in a fixed number of bounded SELECTs.

A page holds `limit` goals; under each goal its first outcomes (TreeBounds.targets_per_goal);
under each outcome its first sprints and commitments (leaves_per_target); and the first few
records that hang under no goal. Window functions number and count each group in the
database, so a statement returns at most its caps' worth of rows whatever the client holds,
and each group still says how many it has in all.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

from sqlalchemy import ColumnElement, Select, exists, func, literal, select, true
from sqlalchemy.orm import Session

from coachboard.core.database import dialect_of, one_of
from coachboard.core.errors import NotFound
from coachboard.core.pagination import PageParams
from coachboard.hierarchy.records import (
    COMMITMENT_ORDER,
    GOAL_ORDER,
    SPRINT_ORDER,
    TARGET_ORDER,
    CommitmentRow,
    GoalRow,
    SprintRow,
    TargetRow,
    columns,
    first_of_each,
    make,
    numbered,
    read,
)
from coachboard.hierarchy.schemas import TreeFilters
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target

RowT = TypeVar("RowT", bound=tuple)


@dataclass(frozen=True)
class TreeBounds:
    """How much of a tree one answer holds, beyond its page of goals."""

    targets_per_goal: int = 20
    leaves_per_target: int = 10  # sprints, and commitments, under an outcome shown in full
    unlinked_per_group: int = 25


class Placement(NamedTuple):
    """An outcome under a goal; shown in full there when that goal is its first place."""

    goal_id: uuid.UUID
    target: TargetRow
    first_goal_id: uuid.UUID
    first_goal_index: int  # the first place's goal among the tree's goals, from 0

    @property
    def full(self) -> bool:
        return self.goal_id == self.first_goal_id


@dataclass(frozen=True)
class Group(Generic[RowT]):
    """The first rows of a group, and how many the group has in all."""

    rows: list[RowT]
    total: int


@dataclass(frozen=True)
class TreeRows:
    goal_total: int
    goals: list[GoalRow]
    placements: list[Placement]
    targets_of_goal: dict[uuid.UUID, int]  # how many outcomes each goal has, shown or not
    sprints_of: dict[uuid.UUID, Group[SprintRow]]
    commitments_of: dict[uuid.UUID, Group[CommitmentRow]]
    unlinked_targets: Group[TargetRow]
    unlinked_commitments: Group[CommitmentRow]
    unlinked_sprints: Group[SprintRow]


@dataclass(frozen=True)
class Scope:
    """The tree's filters as SQL conditions on one client's records."""

    client_id: uuid.UUID
    filters: TreeFilters

    def targets(self) -> Select[tuple[uuid.UUID]]:
        """The outcomes the filters keep: in the sprint, with a commitment of the status."""
        kept = select(Target.id).where(Target.client_id == self.client_id)
        if self.filters.sprint_id is not None:
            in_sprint = select(TargetSprintLink.target_id).where(
                TargetSprintLink.sprint_id == self.filters.sprint_id
            )
            kept = kept.where(Target.id.in_(in_sprint))
        if self.filters.commitment_status is not None:
            with_status = (
                select(CommitmentTargetLink.target_id)
                .join(Commitment, Commitment.id == CommitmentTargetLink.commitment_id)
                .where(Commitment.status == self.filters.commitment_status)
            )
            kept = kept.where(Target.id.in_(with_status))
        return kept

    def goals(self) -> ColumnElement[bool]:
        """The goals the tree shows: the asked one, or under a sprint or status filter only
        those above a kept outcome."""
        kept = ClientGoal.client_id == self.client_id
        if self.filters.goal_id is not None:
            kept &= ClientGoal.id == self.filters.goal_id
        if self.filters.sprint_id is not None or self.filters.commitment_status is not None:
            above = select(TargetGoalLink.goal_id).where(
                TargetGoalLink.target_id.in_(self.targets())
            )
            kept &= ClientGoal.id.in_(above)
        return kept

    def commitments(self) -> ColumnElement[bool]:
        if self.filters.commitment_status is None:
            return true()
        return Commitment.status == self.filters.commitment_status


def read_page(session: Session, scope: Scope, page: PageParams, bounds: TreeBounds) -> TreeRows:
    """One page of the tree; NotFound when a filter names no goal or sprint of the client."""
    goal_total = _goal_total(session, scope)
    goals = read(
        session,
        GoalRow,
        select(*columns(GoalRow, ClientGoal))
        .where(scope.goals())
        .order_by(*GOAL_ORDER)
        .limit(page.limit)
        .offset(page.offset),
    )
    placements, targets_of_goal = _placements(session, scope, [g.id for g in goals], bounds)
    unlinked_targets = _unlinked_targets(session, scope, bounds.unlinked_per_group)
    shown = [p.target.id for p in placements] + [row.id for row in unlinked_targets.rows]
    cap = bounds.leaves_per_target
    return TreeRows(
        goal_total=goal_total,
        goals=goals,
        placements=placements,
        targets_of_goal=targets_of_goal,
        sprints_of=_sprints_of(session, shown, cap),
        commitments_of=_commitments_of(session, scope, shown, cap),
        unlinked_targets=unlinked_targets,
        unlinked_commitments=_unlinked_commitments(session, scope, bounds.unlinked_per_group),
        unlinked_sprints=_unlinked_sprints(session, scope, bounds.unlinked_per_group),
    )


def _goal_total(session: Session, scope: Scope) -> int:
    """How many goals the filtered tree has, checking in the same statement that the goal and
    sprint filters name records of the client."""
    filters = scope.filters
    total = select(func.count()).select_from(ClientGoal).where(scope.goals()).scalar_subquery()
    goal_found = (
        exists().where(ClientGoal.id == filters.goal_id, ClientGoal.client_id == scope.client_id)
        if filters.goal_id is not None
        else literal(True)
    )
    sprint_found = (
        exists().where(Sprint.id == filters.sprint_id, Sprint.client_id == scope.client_id)
        if filters.sprint_id is not None
        else literal(True)
    )
    count, has_goal, has_sprint = session.execute(select(total, goal_found, sprint_found)).one()
    if not has_goal:
        raise NotFound("Goal")
    if not has_sprint:
        raise NotFound("Sprint")
    return count


def _placements(
    session: Session, scope: Scope, goal_ids: list[uuid.UUID], bounds: TreeBounds
) -> tuple[list[Placement], dict[uuid.UUID, int]]:
    """The first outcomes of each goal of the page, each with its first place in the whole
    tree (so a page shows in full only what no earlier goal shows), and each goal's count."""
    goal_index = (
        select(
            ClientGoal.id.label("goal_id"),
            (func.row_number().over(order_by=GOAL_ORDER) - 1).label("goal_index"),
        )
        .where(scope.goals())
        .subquery("goal_index")
    )
    link = TargetGoalLink
    placed = (
        select(
            link.goal_id,
            goal_index.c.goal_index,
            *columns(TargetRow, Target),
            *numbered(link.goal_id, TARGET_ORDER),
        )
        .join(Target, Target.id == link.target_id)
        .join(goal_index, goal_index.c.goal_id == link.goal_id)
        .where(Target.id.in_(scope.targets()))
        .subquery("placed")
    )
    first = {"partition_by": placed.c.id, "order_by": placed.c.goal_index}
    shown = (
        select(
            placed,
            func.first_value(placed.c.goal_id, type_=placed.c.goal_id.type)
            .over(**first)
            .label("first_goal_id"),
            func.first_value(placed.c.goal_index).over(**first).label("first_goal_index"),
        )
        .where(placed.c.number <= bounds.targets_per_goal)
        .subquery("shown")
    )
    rows = session.execute(
        select(shown)
        .where(one_of(shown.c.goal_id, dialect_of(session), values=goal_ids))
        .order_by(shown.c.goal_index, shown.c.number)
    ).all()
    placements = [
        Placement(
            goal_id=row.goal_id,
            target=TargetRow(row.id, row.title, row.status, row.due_date),
            first_goal_id=row.first_goal_id,
            first_goal_index=row.first_goal_index,
        )
        for row in rows
    ]
    return placements, {row.goal_id: row.total for row in rows}


def _sprints_of(
    session: Session, target_ids: list[uuid.UUID], cap: int
) -> dict[uuid.UUID, Group[SprintRow]]:
    link = TargetSprintLink
    ranked = (
        select(link.target_id.label("owner_id"), *columns(SprintRow, Sprint))
        .add_columns(*numbered(link.target_id, SPRINT_ORDER))
        .join(Sprint, Sprint.id == link.sprint_id)
        .where(one_of(link.target_id, dialect_of(session), values=target_ids))
        .subquery()
    )
    return _groups(session, ranked, SprintRow, cap)


def _commitments_of(
    session: Session, scope: Scope, target_ids: list[uuid.UUID], cap: int
) -> dict[uuid.UUID, Group[CommitmentRow]]:
    link = CommitmentTargetLink
    ranked = (
        select(link.target_id.label("owner_id"), *columns(CommitmentRow, Commitment))
        .add_columns(*numbered(link.target_id, COMMITMENT_ORDER))
        .join(Commitment, Commitment.id == link.commitment_id)
        .where(one_of(link.target_id, dialect_of(session), values=target_ids), scope.commitments())
        .subquery()
    )
    return _groups(session, ranked, CommitmentRow, cap)


def _groups(
    session: Session, ranked: Any, row_type: type[RowT], cap: int
) -> dict[uuid.UUID, Group[RowT]]:
    """Rows of a numbered subquery (owner_id, the row's fields, number, total) by owner."""
    rows: dict[uuid.UUID, list[RowT]] = defaultdict(list)
    totals: dict[uuid.UUID, int] = {}
    fields = row_type._fields  # type: ignore[attr-defined]
    for row in session.execute(first_of_each(ranked, cap)):
        rows[row.owner_id].append(make(row_type, (getattr(row, name) for name in fields)))
        totals[row.owner_id] = row.total
    return {owner: Group(rows[owner], totals[owner]) for owner in totals}


def _unlinked_targets(session: Session, scope: Scope, cap: int) -> Group[TargetRow]:
    if scope.filters.goal_id is not None:
        return Group([], 0)
    without_goal = ~exists().where(TargetGoalLink.target_id == Target.id)
    statement = select(*columns(TargetRow, Target)).where(
        Target.id.in_(scope.targets()), without_goal
    )
    return _first(session, TargetRow, statement, TARGET_ORDER, cap)


def _unlinked_commitments(session: Session, scope: Scope, cap: int) -> Group[CommitmentRow]:
    filters = scope.filters
    if filters.goal_id is not None or filters.sprint_id is not None:
        return Group([], 0)
    without_target = ~exists().where(CommitmentTargetLink.commitment_id == Commitment.id)
    statement = select(*columns(CommitmentRow, Commitment)).where(
        Commitment.client_id == scope.client_id, scope.commitments(), without_target
    )
    return _first(session, CommitmentRow, statement, COMMITMENT_ORDER, cap)


def _unlinked_sprints(session: Session, scope: Scope, cap: int) -> Group[SprintRow]:
    filters = scope.filters
    if filters.goal_id is not None or filters.commitment_status is not None:
        return Group([], 0)
    without_target = ~exists().where(TargetSprintLink.sprint_id == Sprint.id)
    statement = select(*columns(SprintRow, Sprint)).where(
        Sprint.client_id == scope.client_id, without_target
    )
    if filters.sprint_id is not None:
        statement = statement.where(Sprint.id == filters.sprint_id)
    return _first(session, SprintRow, statement, SPRINT_ORDER, cap)


def _first(
    session: Session,
    row_type: type[RowT],
    statement: Select[Any],
    order: Iterable[Any],
    cap: int,
) -> Group[RowT]:
    """The statement's first rows in order, at most cap, and how many it has in all."""
    counted = statement.add_columns(func.count().over().label("total"))
    rows = session.execute(counted.order_by(*order).limit(cap)).all()
    return Group([make(row_type, row[:-1]) for row in rows], rows[0].total if rows else 0)
