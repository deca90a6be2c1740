"""A small builder of a client's hierarchy for the tree, graph and layout tests.

It writes through the ORM models and the shared link code until the outcome and commitment
services land; each call is one transaction, as a service call would be.
"""

import uuid
from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from coachboard.accounts.models import User
from coachboard.clients import service as clients
from coachboard.clients.models import Client
from coachboard.clients.schemas import ClientCreate
from coachboard.commitments.models import Commitment, CommitmentTargetLink
from coachboard.core.database import transaction
from coachboard.goals.models import ClientGoal
from coachboard.sprints.models import Sprint
from coachboard.targets.models import Target, TargetGoalLink, TargetSprintLink


class HierarchyBuilder:
    def __init__(self, db: Session, coach: User) -> None:
        self.db = db
        self.coach = coach

    def client(self, name: str = "Dana Doe") -> Client:
        return clients.create(self.db, coach=self.coach, fields=ClientCreate(name=name))

    def goal(self, client: Client, title: str, status: str = "active") -> ClientGoal:
        return self._add(ClientGoal(client_id=client.id, title=title, status=status))

    def sprint(self, client: Client, title: str, *, start: date | None = None) -> Sprint:
        start = start or date(2026, 1, 5)
        sprint = Sprint(
            client_id=client.id, title=title, start_date=start, end_date=start + timedelta(42)
        )
        return self._add(sprint)

    def target(
        self,
        client: Client,
        title: str,
        *,
        goals: Sequence[ClientGoal] = (),
        sprints: Sequence[Sprint] = (),
        status: str = "not_started",
    ) -> Target:
        target = Target(id=uuid.uuid4(), client_id=client.id, title=title, status=status)
        links = [TargetGoalLink(target_id=target.id, goal_id=g.id) for g in goals]
        links += [TargetSprintLink(target_id=target.id, sprint_id=s.id) for s in sprints]
        return self._add(target, *links)

    def commitment(
        self,
        client: Client,
        title: str,
        *,
        targets: Sequence[Target] = (),
        status: str = "open",
    ) -> Commitment:
        commitment = Commitment(id=uuid.uuid4(), client_id=client.id, title=title, status=status)
        links = [CommitmentTargetLink(commitment_id=commitment.id, target_id=t.id) for t in targets]
        return self._add(commitment, *links)

    def _add(self, record, *links):
        with transaction(self.db):
            self.db.add(record)
            self.db.flush()
            self.db.add_all(links)
        return record


@pytest.fixture
def build(db: Session, coach: User) -> HierarchyBuilder:
    return HierarchyBuilder(db, coach)


@pytest.fixture
def build_other(db: Session, other_coach: User) -> HierarchyBuilder:
    return HierarchyBuilder(db, other_coach)
