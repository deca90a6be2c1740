"""One client's records and link rows, read in a fixed number of set-based SELECTs.

The tree and the graph both start here. Each SELECT reads one table for the whole client
(link tables through their owner's client_id), so a client with 5,000 commitments costs the
same seven statements as a client with five: no per-record loading, no IN-list batching.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from coachboard.commitments.models import Commitment, CommitmentTargetLink
from coachboard.goals.models import ClientGoal
from coachboard.sprints.models import Sprint
from coachboard.targets.models import Target, TargetGoalLink, TargetSprintLink


@dataclass(frozen=True)
class ClientRecords:
    """Rows in display order: goals, outcomes, commitments by creation; sprints by start date;
    link rows by link order (creation time, then id)."""

    goals: list[Row[Any]]
    targets: list[Row[Any]]
    sprints: list[Row[Any]]
    commitments: list[Row[Any]]
    target_goal_links: list[Row[Any]]
    target_sprint_links: list[Row[Any]]
    commitment_target_links: list[Row[Any]]


def load(
    session: Session, *, client_id: uuid.UUID, commitment_status: str | None = None
) -> ClientRecords:
    """Every goal, outcome, sprint, commitment (of commitment_status, if given) and link row
    of the client. The caller has checked that the client is the coach's."""
    commitments = select(
        Commitment.id, Commitment.title, Commitment.status, Commitment.due_date
    ).where(Commitment.client_id == client_id)
    commitment_links = _links_of(
        CommitmentTargetLink,
        CommitmentTargetLink.commitment_id,
        CommitmentTargetLink.target_id,
        Commitment,
        client_id,
    )
    if commitment_status is not None:
        commitments = commitments.where(Commitment.status == commitment_status)
        commitment_links = commitment_links.where(Commitment.status == commitment_status)

    def rows(statement: Select[Any]) -> list[Row[Any]]:
        return list(session.execute(statement).all())

    return ClientRecords(
        goals=rows(
            select(ClientGoal.id, ClientGoal.title, ClientGoal.status, ClientGoal.target_date)
            .where(ClientGoal.client_id == client_id)
            .order_by(ClientGoal.created_at, ClientGoal.id)
        ),
        targets=rows(
            select(Target.id, Target.title, Target.status, Target.due_date)
            .where(Target.client_id == client_id)
            .order_by(Target.created_at, Target.id)
        ),
        sprints=rows(
            select(Sprint.id, Sprint.title, Sprint.status, Sprint.start_date, Sprint.end_date)
            .where(Sprint.client_id == client_id)
            .order_by(Sprint.start_date, Sprint.created_at, Sprint.id)
        ),
        commitments=rows(commitments.order_by(Commitment.created_at, Commitment.id)),
        target_goal_links=rows(
            _links_of(
                TargetGoalLink, TargetGoalLink.target_id, TargetGoalLink.goal_id, Target, client_id
            )
        ),
        target_sprint_links=rows(
            _links_of(
                TargetSprintLink,
                TargetSprintLink.target_id,
                TargetSprintLink.sprint_id,
                Target,
                client_id,
            )
        ),
        commitment_target_links=rows(commitment_links),
    )


def _links_of(link: Any, owner_column: Any, linked_column: Any, owner: Any, client_id: uuid.UUID):
    """(id, owner id, linked id) of every link row whose owner belongs to the client.

    Both ends of a link belong to the same client (the services refuse anything else), so
    filtering on the owner's side is enough.
    """
    return (
        select(link.id, owner_column.label("owner_id"), linked_column.label("linked_id"))
        .join(owner, owner.id == owner_column)
        .where(owner.client_id == client_id)
        .order_by(link.created_at, link.id)
    )
