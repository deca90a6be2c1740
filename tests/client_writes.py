"""What a client writes through the portal's service calls, for the tests of what the coach
sees of it: agenda topics, status changes and reflections. `added_at` and `at` stand in for the
clock, the one thing the services stamp that a test must choose."""

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.database import transaction
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.reflections import CommitmentReflection
from coachboard.models.topics import AgendaTopic
from coachboard.reflections import service as reflections
from coachboard.topics import service as topics
from coachboard.topics.schemas import TopicPriority


class Topics:
    """A client's agenda topics, added through the service the portal will call."""

    def __init__(self, db: Session, client: Client) -> None:
        self.db = db
        self.client = client

    def add(
        self, text: str, added_at: datetime | None = None, priority: str = "medium"
    ) -> AgendaTopic:
        """A topic; `added_at` (naive UTC) stands in for the clock, the one field the service
        stamps that a test must choose."""
        topic = topics.add(
            self.db,
            client_id=self.client.id,
            text=text,
            priority=TopicPriority(priority),
            author=None,
        )
        if added_at is not None:
            with transaction(self.db):
                self.db.get_one(AgendaTopic, topic.id).created_at = added_at
        return topic


def marked_by_client(
    db: Session, client: Client, commitment: Any, status: str, at: datetime | None = None
) -> None:
    """The portal's call; `at` stands in for the clock."""
    commitments.set_status_by_client(
        db, client_id=client.id, commitment_id=commitment.id, status=CommitmentStatus(status)
    )
    if at is not None:
        with transaction(db):
            db.get_one(Commitment, commitment.id).status_changed_by_client_at = at


def reflected(db: Session, commitment: Any, text: str, at: datetime | None = None) -> None:
    reflection = reflections.add(db, commitment=commitment, text=text, author=None)
    if at is not None:
        with transaction(db):
            db.get_one(CommitmentReflection, reflection.id).created_at = at
