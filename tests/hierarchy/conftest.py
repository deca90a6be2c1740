"""A small builder of a client's hierarchy for the tree, graph and layout tests, through the
services, so test data obeys the same rules as a coach's."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentCreate
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalCreate
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from coachboard.sprints import service as sprints
from coachboard.sprints.schemas import SprintCreate
from coachboard.targets import service as targets
from coachboard.targets.schemas import TargetCreate


class HierarchyBuilder:
    def __init__(self, db: Session, coach: User) -> None:
        self.db = db
        self.coach = coach

    def client(self, name: str = "Dana Doe") -> Client:
        return clients.create(self.db, coach=self.coach, fields=ClientCreate(name=name))

    def goal(self, client: Client, title: str, status: str = "active") -> ClientGoal:
        fields = GoalCreate(title=title, status=status)
        return goals.create(self.db, coach=self.coach, client_id=client.id, fields=fields)

    def sprint(self, client: Client, title: str, *, start: date = date(2026, 1, 5)) -> Sprint:
        fields = SprintCreate(title=title, start_date=start, end_date=start + timedelta(42))
        return sprints.create(self.db, coach=self.coach, client_id=client.id, fields=fields)

    def target(
        self,
        client: Client,
        title: str,
        *,
        goals: Sequence[ClientGoal] = (),
        sprints: Sequence[Sprint] = (),
        status: str = "not_started",
    ) -> Target:
        fields = TargetCreate(
            title=title,
            status=status,
            goal_ids=[goal.id for goal in goals],
            sprint_ids=[sprint.id for sprint in sprints],
        )
        return targets.create(self.db, coach=self.coach, client_id=client.id, fields=fields)

    def commitment(
        self,
        client: Client,
        title: str,
        *,
        targets: Sequence[Target] = (),
        status: str = "open",
    ) -> Commitment:
        fields = CommitmentCreate(
            title=title, status=status, target_ids=[target.id for target in targets]
        )
        return commitments.create(self.db, coach=self.coach, client_id=client.id, fields=fields)


@pytest.fixture
def build(db: Session, coach: User) -> HierarchyBuilder:
    return HierarchyBuilder(db, coach)


@pytest.fixture
def build_other(db: Session, other_coach: User) -> HierarchyBuilder:
    return HierarchyBuilder(db, other_coach)


@dataclass
class Example:
    client: Client
    fitness: ClientGoal
    marathon: ClientGoal
    january: Sprint
    february: Sprint
    idle_sprint: Sprint
    run_10k: Target
    join_club: Target
    stretch: Target
    run_weekly: Commitment
    buy_shoes: Commitment
    email_club: Commitment
    read_book: Commitment


@pytest.fixture
def example(build: HierarchyBuilder) -> Example:
    """Two goals sharing an outcome, an outcome and a commitment and a sprint without links."""
    client = build.client()
    fitness = build.goal(client, "Get fit")
    marathon = build.goal(client, "Run a marathon")
    january = build.sprint(client, "January block", start=date(2026, 1, 5))
    february = build.sprint(client, "February block", start=date(2026, 2, 16))
    idle_sprint = build.sprint(client, "Idle sprint", start=date(2026, 4, 6))
    run_10k = build.target(client, "Run 10k", goals=[fitness, marathon], sprints=[january])
    join_club = build.target(client, "Join a club", goals=[marathon], sprints=[february])
    stretch = build.target(client, "Stretch daily", sprints=[january])
    return Example(
        client=client,
        fitness=fitness,
        marathon=marathon,
        january=january,
        february=february,
        idle_sprint=idle_sprint,
        run_10k=run_10k,
        join_club=join_club,
        stretch=stretch,
        run_weekly=build.commitment(client, "Run 3x a week", targets=[run_10k]),
        buy_shoes=build.commitment(
            client, "Buy shoes", targets=[run_10k, join_club], status="done"
        ),
        email_club=build.commitment(client, "Email the club", targets=[join_club]),
        read_book=build.commitment(client, "Read a running book"),
    )
