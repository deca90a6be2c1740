"""A client whose records are linked densely, written set-based (as bench/api.py's fill() does)
because building 24,000 links through the services would take the test minutes.

BIG is the client of issue 8: 60 goals, 60 sprints, 150 outcomes and 300 commitments, each
outcome linked to 40 goals and 40 sprints and each commitment to 40 outcomes. Links are spread
deterministically, so every goal, sprint and outcome is reached.
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.core.database import transaction
from coachboard.core.models import utcnow
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target


@dataclass(frozen=True)
class Shape:
    goals: int
    targets: int
    sprints: int
    commitments: int
    goals_per_target: int
    sprints_per_target: int
    targets_per_commitment: int


BIG = Shape(60, 150, 60, 300, 40, 40, 40)
# Few links, but as many pages of goals on the Tree tab (two) as BIG has.
SMALL = Shape(12, 4, 3, 5, 2, 1, 2)


@dataclass(frozen=True)
class DenseClient:
    client: Client
    goal_ids: list[uuid.UUID]
    target_ids: list[uuid.UUID]
    sprint_ids: list[uuid.UUID]
    commitment_ids: list[uuid.UUID]


def dense_client(db: Session, coach: User, name: str, shape: Shape) -> DenseClient:
    """A client of the coach with the shape's records and links."""
    client = clients.create(db, coach=coach, fields=ClientCreate(name=name))
    start = utcnow()
    created = iter(start + timedelta(microseconds=n) for n in range(10**9))

    def records(count: int, title: str, statuses: tuple[str, ...], **fields: Any) -> list[dict]:
        return [
            {
                "id": uuid.uuid4(),
                "client_id": client.id,
                "title": f"{title} {n + 1}",
                "status": statuses[n % len(statuses)],
                "created_at": next(created),
                "updated_at": start,
                **{field: value(n) for field, value in fields.items()},
            }
            for n in range(count)
        ]

    first_day = date(2026, 1, 5)
    goals = records(shape.goals, "Goal", ("active", "achieved"))
    sprints = records(
        shape.sprints,
        "Sprint",
        ("planned", "active", "completed"),
        start_date=lambda n: first_day + timedelta(weeks=6 * n),
        end_date=lambda n: first_day + timedelta(weeks=6 * n + 6),
    )
    targets = records(shape.targets, "Outcome", ("not_started", "in_progress", "achieved"))
    commitments = records(
        shape.commitments,
        "Commitment",
        ("open", "done", "open", "dropped"),
        due_date=lambda n: first_day + timedelta(days=n % 90),
    )

    def links(owners: list[dict], linked: list[dict], per_owner: int, keys: tuple[str, str]):
        return [
            {
                "id": uuid.uuid4(),
                keys[0]: owner["id"],
                keys[1]: linked[(n + k) % len(linked)]["id"],
                "created_at": next(created),
            }
            for n, owner in enumerate(owners)
            for k in range(per_owner)
        ]

    with transaction(db):
        for model, rows in (
            (ClientGoal, goals),
            (Sprint, sprints),
            (Target, targets),
            (Commitment, commitments),
            (
                TargetGoalLink,
                links(targets, goals, shape.goals_per_target, ("target_id", "goal_id")),
            ),
            (
                TargetSprintLink,
                links(targets, sprints, shape.sprints_per_target, ("target_id", "sprint_id")),
            ),
            (
                CommitmentTargetLink,
                links(
                    commitments,
                    targets,
                    shape.targets_per_commitment,
                    ("commitment_id", "target_id"),
                ),
            ),
        ):
            if rows:
                db.execute(insert(model), rows)
    return DenseClient(
        client=client,
        goal_ids=[row["id"] for row in goals],
        target_ids=[row["id"] for row in targets],
        sprint_ids=[row["id"] for row in sprints],
        commitment_ids=[row["id"] for row in commitments],
    )
