"""Rows of a client's records as the hierarchy's read models use them, and their display order.

The tree, the graph and the record tabs read with bounded SELECTs (a page, a cap per parent,
counted with window functions), never a whole client: a client with 24,000 links costs the
same statements, and about as many rows, as a client with twenty.
"""

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target


# Plain named tuples rather than SQLAlchemy Rows: the read models touch every field, and a named
# tuple's attribute is many times cheaper than a Row's.
class GoalRow(NamedTuple):
    id: uuid.UUID
    title: str
    status: str
    target_date: date | None


class TargetRow(NamedTuple):
    id: uuid.UUID
    title: str
    status: str
    due_date: date | None


class SprintRow(NamedTuple):
    id: uuid.UUID
    title: str
    status: str
    start_date: date
    end_date: date


class CommitmentRow(NamedTuple):
    id: uuid.UUID
    title: str
    status: str
    due_date: date | None


class LinkRow(NamedTuple):
    """A junction-table row: owner_id is the side the table is named after first (the outcome
    of target_goal_links, the commitment of commitment_target_links)."""

    id: uuid.UUID
    owner_id: uuid.UUID
    linked_id: uuid.UUID


RowT = TypeVar("RowT", bound=tuple)

# Display order of each kind: goals, outcomes and commitments by creation, sprints by start.
GOAL_ORDER = (ClientGoal.created_at, ClientGoal.id)
TARGET_ORDER = (Target.created_at, Target.id)
SPRINT_ORDER = (Sprint.start_date, Sprint.created_at, Sprint.id)
COMMITMENT_ORDER = (Commitment.created_at, Commitment.id)


def columns(row_type: type[tuple], model: Any) -> list[Any]:
    """The model's columns named by the row type's fields, in order."""
    return [getattr(model, name) for name in row_type._fields]  # type: ignore[attr-defined]


def make(row_type: type[RowT], values: Iterable[Any]) -> RowT:
    """A row of the named tuple type from its fields' values, in order."""
    return row_type._make(values)  # type: ignore[attr-defined]


def read(session: Session, row_type: type[RowT], statement: Select[Any]) -> list[RowT]:
    """The statement's rows as row_type, taking its first fields' worth of each row."""
    width = len(row_type._fields)  # type: ignore[attr-defined]
    return [make(row_type, row[:width]) for row in session.execute(statement)]


def numbered(partition: Any, order: tuple[Any, ...]) -> tuple[ColumnElement[int], ...]:
    """Each row's place within its partition (from 1) and the partition's size."""
    return (
        func.row_number().over(partition_by=partition, order_by=order).label("number"),
        func.count().over(partition_by=partition).label("total"),
    )


def first_of_each(ranked: Any, cap: int) -> Select[Any]:
    """The rows of a numbered subquery that come first in their partition, at most cap each."""
    return select(ranked).where(ranked.c.number <= cap).order_by(ranked.c.number)


# Each row type's model and display order.
SOURCES: dict[type[tuple], tuple[Any, tuple[Any, ...]]] = {
    GoalRow: (ClientGoal, GOAL_ORDER),
    TargetRow: (Target, TARGET_ORDER),
    SprintRow: (Sprint, SPRINT_ORDER),
    CommitmentRow: (Commitment, COMMITMENT_ORDER),
}


def client_rows(session: Session, row_type: type[RowT], client_id: uuid.UUID) -> list[RowT]:
    """Every record of the kind of a client the caller has checked is the coach's, in display
    order: the choices of a filter or a picker (one statement, a few columns)."""
    model, order = SOURCES[row_type]
    statement = select(*columns(row_type, model)).where(model.client_id == client_id)
    return read(session, row_type, statement.order_by(*order))
