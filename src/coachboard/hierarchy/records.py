"""One client's records and link rows, read in a fixed number of set-based SELECTs.

The tree and the graph both start here. Each SELECT reads one table for the whole client
(link tables through their owner's client_id), so a client with 5,000 commitments costs the
same seven statements as a client with five: no per-record loading, no IN-list batching.
"""

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachboard.commitments.models import Commitment, CommitmentTargetLink
from coachboard.goals.models import ClientGoal
from coachboard.sprints.models import Sprint
from coachboard.targets.models import Target, TargetGoalLink, TargetSprintLink


# Plain named tuples rather than SQLAlchemy Rows: the read models touch every field of
# thousands of rows, and a named tuple's attribute is many times cheaper than a Row's.
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


@dataclass(frozen=True)
class ClientRecords:
    """Rows in display order: goals, outcomes, commitments by creation; sprints by start date;
    link rows by link order (creation time, then id)."""

    goals: list[GoalRow]
    targets: list[TargetRow]
    sprints: list[SprintRow]
    commitments: list[CommitmentRow]
    target_goal_links: list[LinkRow]
    target_sprint_links: list[LinkRow]
    commitment_target_links: list[LinkRow]


def load(
    session: Session, *, client_id: uuid.UUID, commitment_status: str | None = None
) -> ClientRecords:
    """Every goal, outcome, sprint, commitment (of commitment_status, if given) and link row
    of the client. The caller has checked that the client is the coach's."""
    commitments_kept = Commitment.client_id == client_id
    if commitment_status is not None:
        commitments_kept &= Commitment.status == commitment_status

    def records(row_type: type[RowT], model: Any, kept: Any, *order: Any) -> list[RowT]:
        columns = [getattr(model, field) for field in row_type._fields]
        statement = select(*columns).where(kept).order_by(*order)
        return [row_type._make(row) for row in session.execute(statement)]  # type: ignore[attr-defined]

    def links(link: Any, owner_column: Any, linked_column: Any, owner: Any, kept: Any):
        # Both ends of a link belong to one client (the services refuse anything else), so
        # the owner's side decides which rows are the client's.
        statement = (
            select(link.id, owner_column, linked_column)
            .join(owner, owner.id == owner_column)
            .where(kept)
            .order_by(link.created_at, link.id)
        )
        return [LinkRow._make(row) for row in session.execute(statement)]

    targets_kept = Target.client_id == client_id
    return ClientRecords(
        goals=records(
            GoalRow,
            ClientGoal,
            ClientGoal.client_id == client_id,
            ClientGoal.created_at,
            ClientGoal.id,
        ),
        targets=records(TargetRow, Target, targets_kept, Target.created_at, Target.id),
        sprints=records(
            SprintRow,
            Sprint,
            Sprint.client_id == client_id,
            Sprint.start_date,
            Sprint.created_at,
            Sprint.id,
        ),
        commitments=records(
            CommitmentRow, Commitment, commitments_kept, Commitment.created_at, Commitment.id
        ),
        target_goal_links=links(
            TargetGoalLink, TargetGoalLink.target_id, TargetGoalLink.goal_id, Target, targets_kept
        ),
        target_sprint_links=links(
            TargetSprintLink,
            TargetSprintLink.target_id,
            TargetSprintLink.sprint_id,
            Target,
            targets_kept,
        ),
        commitment_target_links=links(
            CommitmentTargetLink,
            CommitmentTargetLink.commitment_id,
            CommitmentTargetLink.target_id,
            Commitment,
            commitments_kept,
        ),
    )
