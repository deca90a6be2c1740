"""A client's agenda topics, for the topic tests and the API estate."""

from datetime import datetime

from sqlalchemy.orm import Session

from coachboard.clients.models import Client
from coachboard.core.database import transaction
from coachboard.topics import service as topics
from coachboard.topics.models import AgendaTopic
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
