"""Export: a client's records, or every client of a coach, as documents (transfer/schemas.py).

One statement per table whatever the number of clients and records: each reads the rows of
every exported client at once, and the rows are sorted into documents in Python.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Select, Table, select
from sqlalchemy.orm import Session

from coachboard.core.database import transaction
from coachboard.core.errors import NotFound
from coachboard.core.models import utcnow
from coachboard.core.schemas import STORED
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.history import HistoryEntry
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.mail import EmailOptOut
from coachboard.models.reflections import CommitmentReflection
from coachboard.models.sessions import CoachingSession
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from coachboard.models.topics import AgendaTopic
from coachboard.transfer.schemas import (
    ACCOUNT_FORMAT,
    CLIENT_FORMAT,
    VERSION,
    AccountDocument,
    ClientDocument,
    ClientFields,
    CoachFields,
)


def table_of(model: Any) -> Table:
    return model.__table__


@dataclass(frozen=True)
class Part:
    """One list of the document: the table it comes from, the columns it shows (by the name
    the document gives each), and how the client's rows are reached and ordered."""

    key: str
    table: Table
    fields: dict[str, str]  # document name → column name
    ordered_by: str = "created_at"
    # For a link table, the record table whose client_id owns the link, and the column joining it.
    owner: tuple[Table, str] | None = None

    def statement(self, client_ids: Select[Any]) -> Select[Any]:
        columns: list[Column[Any]] = [self.table.c[name] for name in self.fields.values()]
        if self.owner is None:
            client_id = self.table.c.client_id
            statement = select(client_id.label("of_client"), *columns)
        else:
            owner, joined_by = self.owner
            client_id = owner.c.client_id
            statement = select(client_id.label("of_client"), *columns).join(
                owner, owner.c.id == self.table.c[joined_by]
            )
        # Link order is creation order (LinkMixin); records come oldest first, the id breaking
        # ties so that the same data always gives the same document.
        order = [self.table.c[self.ordered_by]]
        if "id" in self.table.c:
            order.append(self.table.c.id)
        elif "kind" in self.table.c:
            order.append(self.table.c.kind)
        return statement.where(client_id.in_(client_ids)).order_by(*order)


def fields(*names: str, metadata: bool = False) -> dict[str, str]:
    shown = {name: name for name in names}
    if metadata:
        shown["metadata"] = "metadata"
    return shown


TIMES = ("created_at", "updated_at")

RECORD_PARTS = (
    Part(
        "goals",
        table_of(ClientGoal),
        fields("id", "title", "description", "status", "target_date", *TIMES),
    ),
    Part(
        "targets",
        table_of(Target),
        fields("id", "title", "description", "status", "due_date", *TIMES, metadata=True),
    ),
    Part(
        "sprints",
        table_of(Sprint),
        fields(
            "id", "title", "description", "status", "start_date", "end_date", *TIMES, metadata=True
        ),
    ),
    Part(
        "sessions",
        table_of(CoachingSession),
        fields(
            "id",
            "session_date",
            "title",
            "notes",
            "shared_notes",
            "start_time",
            "time_zone",
            "duration_minutes",
            "meeting_url",
            *TIMES,
        ),
    ),
    Part(
        "commitments",
        table_of(Commitment),
        fields(
            "id",
            "session_id",
            "title",
            "description",
            "status",
            "due_date",
            "completed_at",
            "status_changed_by_client_at",
            *TIMES,
            metadata=True,
        ),
    ),
    Part(
        "agenda_topics",
        table_of(AgendaTopic),
        fields(
            "id",
            "text",
            "priority",
            "position",
            "status",
            "session_id",
            "deferred_from_session_id",
            *TIMES,
        ),
    ),
    Part(
        "reflections",
        table_of(CommitmentReflection),
        fields("id", "commitment_id", "text", "created_at"),
    ),
    Part("email_opt_outs", table_of(EmailOptOut), fields("kind", "created_at")),
    Part(
        "history",
        table_of(HistoryEntry),
        fields(
            "at",
            "actor_name",
            "actor_kind",
            "action",
            "record_kind",
            "record_id",
            "record_title",
            "changes",
            "other_kind",
            "other_id",
            "other_title",
        ),
        ordered_by="at",
    ),
)

LINK_PARTS = (
    Part(
        "target_goals",
        table_of(TargetGoalLink),
        fields("target_id", "goal_id", "created_at"),
        owner=(table_of(Target), "target_id"),
    ),
    Part(
        "target_sprints",
        table_of(TargetSprintLink),
        fields("target_id", "sprint_id", "created_at"),
        owner=(table_of(Target), "target_id"),
    ),
    Part(
        "commitment_targets",
        table_of(CommitmentTargetLink),
        fields("commitment_id", "target_id", "created_at"),
        owner=(table_of(Commitment), "commitment_id"),
    ),
)

CLIENT_FIELDS = tuple(ClientFields.model_fields)


def client_document(session: Session, *, coach: User, client_id: uuid.UUID) -> ClientDocument:
    """The coach's client and everything recorded for them; NotFound for anyone else's."""
    chosen = select(Client.id).where(Client.id == client_id, Client.coach_id == coach.id)
    with transaction(session):
        documents = documents_of(session, chosen)
    if not documents:
        raise NotFound("Client")
    return documents[0]


def account_document(session: Session, *, coach: User) -> AccountDocument:
    """Every client of the coach, by name, each as its client document."""
    chosen = select(Client.id).where(Client.coach_id == coach.id)
    with transaction(session):
        documents = documents_of(session, chosen)
    return AccountDocument(
        format=ACCOUNT_FORMAT,
        version=VERSION,
        exported_at=utcnow(),
        coach=CoachFields(name=coach.name, email=coach.email, time_zone=coach.time_zone),
        clients=documents,
    )


def documents_of(session: Session, client_ids: Select[Any]) -> list[ClientDocument]:
    """The documents of the chosen clients, by name: one statement per table in all."""
    clients = table_of(Client)
    client_rows = session.execute(
        select(*(clients.c[name] for name in CLIENT_FIELDS))
        .where(clients.c.id.in_(client_ids))
        .order_by(clients.c.name, clients.c.id)
    ).all()
    if not client_rows:
        return []
    found = {
        part.key: grouped(session.execute(part.statement(client_ids)).all(), part)
        for part in (*RECORD_PARTS, *LINK_PARTS)
    }
    exported_at = utcnow()
    documents = []
    for row in client_rows:
        of = row.id

        def listed(key: str, of: uuid.UUID = of) -> list[dict[str, Any]]:
            return found[key].get(of, [])

        documents.append(
            ClientDocument.model_validate(
                {
                    "format": CLIENT_FORMAT,
                    "version": VERSION,
                    "exported_at": exported_at,
                    "client": row._asdict(),
                    **{part.key: listed(part.key) for part in RECORD_PARTS},
                    "links": {part.key: listed(part.key) for part in LINK_PARTS},
                },
                context=STORED,  # rows kept before today's input rules are exported as kept
            )
        )
    return documents


def grouped(rows: Iterable[Any], part: Part) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """Rows by the client they belong to, each as the document names its fields."""
    by_client: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        values = row._mapping
        by_client[values["of_client"]].append(
            {name: values[column] for name, column in part.fields.items()}
        )
    return by_client
