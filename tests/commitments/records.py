"""Builds a client's records through the services, for the session, commitment and legacy tests."""

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentCreate
from coachboard.core.database import transaction
from coachboard.goals import service as goals
from coachboard.goals.schemas import GoalCreate
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.sessions import CoachingSession
from coachboard.models.sprints import Sprint
from coachboard.sessions import service as sessions
from coachboard.sessions.schemas import SessionCreate
from coachboard.sprints import service as sprints
from coachboard.sprints.schemas import SprintCreate, SprintRead
from coachboard.targets import service as targets
from coachboard.targets.schemas import TargetCreate, TargetRead


class Records:
    """One coach's records, each made by the service a coach's request would call."""

    def __init__(self, db: Session, coach: User) -> None:
        self.db = db
        self.coach = coach

    def client(self, name: str = "Dana Doe") -> Client:
        return clients.create(self.db, coach=self.coach, fields=ClientCreate(name=name))

    def goal(self, client: Client, title: str = "Run a marathon") -> ClientGoal:
        fields = GoalCreate(title=title)
        return goals.create(self.db, coach=self.coach, client_id=client.id, fields=fields)

    def sprint(self, client: Client, title: str = "Base weeks") -> SprintRead:
        start = date(2026, 1, 5)
        fields = SprintCreate(title=title, start_date=start, end_date=start + timedelta(weeks=6))
        return sprints.create(self.db, coach=self.coach, client_id=client.id, fields=fields)

    def target(
        self,
        client: Client,
        title: str = "Run 10 km",
        *,
        goals: Sequence[ClientGoal] = (),
        sprints: Sequence[SprintRead] = (),
    ) -> TargetRead:
        fields = TargetCreate(
            title=title, goal_ids=[g.id for g in goals], sprint_ids=[s.id for s in sprints]
        )
        return targets.create(self.db, coach=self.coach, client_id=client.id, fields=fields)

    def session(
        self, client: Client, day: date = date(2026, 2, 2), title: str = ""
    ) -> CoachingSession:
        fields = SessionCreate(session_date=day, title=title)
        return sessions.create(self.db, coach=self.coach, client_id=client.id, fields=fields)

    def commitment(
        self,
        client: Client,
        title: str = "Book a physio",
        *,
        targets: Sequence[TargetRead] = (),
        **fields: Any,
    ) -> Commitment:
        body = CommitmentCreate(title=title, target_ids=[t.id for t in targets], **fields)
        return commitments.create(self.db, coach=self.coach, client_id=client.id, fields=body)

    def legacy_meta(self, record: Any, **meta: Any) -> None:
        """Give the commitment or sprint the metadata migration f06135d685df leaves: legacy
        keys (and others).

        No service writes legacy keys, so this one step goes through the ORM directly.
        """
        with transaction(self.db):
            stored(self.db, record).meta = dict(meta)


def stored(db: Session, record: Any) -> Commitment | Sprint:
    """The stored commitment or sprint behind a read model, as it is now in the database."""
    entity = db.get(Commitment, record.id) or db.get(Sprint, record.id)
    assert entity is not None
    db.refresh(entity)
    return entity


def ids(records: Sequence[Any]) -> list[str]:
    """The records' ids as the JSON API writes them."""
    return [str(record.id) for record in records]


def uuid_str() -> str:
    return str(uuid.uuid4())
