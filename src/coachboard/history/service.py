"""Reading history: a record's changes (its own, and links made or removed at either end),
and a client's whole activity, deleted records included; newest first, a page at a time,
in at most three statements, and only the coach's own."""

import uuid

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import Session

from coachboard.core.errors import NotFound
from coachboard.core.pagination import Page, PageParams, paged
from coachboard.history.recorder import tracked_tables
from coachboard.history.schemas import HistoryActor, HistoryItem, HistoryRecord
from coachboard.history.sentences import NOUNS, sentence
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.history import HistoryEntry

NEWEST_FIRST = (HistoryEntry.at.desc(), HistoryEntry.id.desc())
# A kind of record → its collection in the API's paths.
COLLECTIONS = {
    "client": "clients",
    "goal": "goals",
    "target": "targets",
    "sprint": "sprints",
    "session": "sessions",
    "commitment": "commitments",
}
KINDS = {collection: kind for kind, collection in COLLECTIONS.items()}
SHOWN = 10  # the latest changes a record's page shows; its history page has them all


def page_url(kind: str, client_id: uuid.UUID, record_id: uuid.UUID) -> str:
    """Where a coach reads the whole history of a record of the client."""
    return f"/clients/{client_id}/{COLLECTIONS[kind]}/{record_id}/history"


def activity_url(client_id: uuid.UUID) -> str:
    """Where a coach reads everything that happened to a client's records."""
    return f"/clients/{client_id}/activity"


def title_in(page: Page[HistoryItem], record_id: uuid.UUID) -> str | None:
    """The record's title in the newest of these entries that names it."""
    for entry in page.items:
        for end in (entry.record, entry.other):
            if end is not None and end.id == record_id:
                return end.title
    return None


def latest(session: Session, *, coach: User, kind: str, record_id: uuid.UUID) -> Page[HistoryItem]:
    """What a record's page shows: its SHOWN latest changes, and how many there are."""
    return of_record(
        session, coach=coach, kind=kind, record_id=record_id, page=PageParams(limit=SHOWN)
    )


def item(entry: HistoryEntry) -> HistoryItem:
    other = (
        HistoryRecord(kind=entry.other_kind, id=entry.other_id, title=entry.other_title or "")
        if entry.other_kind is not None and entry.other_id is not None
        else None
    )
    return HistoryItem(
        id=entry.id,
        at=entry.at,
        actor=HistoryActor(id=entry.actor_id, name=entry.actor_name, kind=entry.actor_kind),
        action=entry.action,
        record=HistoryRecord(kind=entry.record_kind, id=entry.record_id, title=entry.record_title),
        changes=entry.changes,
        other=other,
        sentence=sentence(entry),
    )


def _page(session: Session, statement: Select, page: PageParams) -> Page[HistoryItem]:
    statement, total = paged(session, statement, order_by=NEWEST_FIRST, page=page)
    return Page(items=[item(entry) for entry in session.scalars(statement)], total=total)


def _record_exists(session: Session, kind: str, record_id: uuid.UUID, clients: Select) -> bool:
    """Whether a record of that kind and id sits under one of these clients."""
    table = tracked_tables()[kind]
    owner = table.c.id.in_(clients) if kind == "client" else table.c.client_id.in_(clients)
    return bool(session.scalar(select(exists().where(table.c.id == record_id, owner))))


def of_record(
    session: Session,
    *,
    coach: User,
    kind: str,
    record_id: uuid.UUID,
    page: PageParams,
    client_id: uuid.UUID | None = None,
) -> Page[HistoryItem]:
    """A record's history, deleted or not: its own changes and links at either end; only of
    that client's records when client_id is given. NotFound when the coach has neither the
    record nor any history of it."""
    clients = _client_ids_of(coach)
    if client_id is not None:
        clients = clients.where(Client.id == client_id)
    about = or_(
        and_(HistoryEntry.record_id == record_id, HistoryEntry.record_kind == kind),
        and_(HistoryEntry.other_id == record_id, HistoryEntry.other_kind == kind),
    )
    statement = select(HistoryEntry).where(about, HistoryEntry.client_id.in_(clients))
    found = _page(session, statement, page)
    if found.total == 0 and not _record_exists(session, kind, record_id, clients):
        raise NotFound(NOUNS[kind])
    return found


def of_client(
    session: Session, *, coach: User, client_id: uuid.UUID, page: PageParams
) -> Page[HistoryItem]:
    """Everything that happened to a client's records, deleted ones included."""
    clients = _client_ids_of(coach)
    statement = select(HistoryEntry).where(
        HistoryEntry.client_id == client_id, HistoryEntry.client_id.in_(clients)
    )
    found = _page(session, statement, page)
    if found.total == 0 and not _record_exists(session, "client", client_id, clients):
        raise NotFound("client")
    return found


def _client_ids_of(coach: User) -> Select[tuple[uuid.UUID]]:
    """The coach's clients: history is kept below the concepts (their services record into it),
    so it states its tenancy from the tables, as clients.ownership does for the concepts."""
    return select(Client.id).where(Client.coach_id == coach.id)
