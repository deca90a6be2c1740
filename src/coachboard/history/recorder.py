"""Writing history with the change, in the same transaction, one statement per change set.

- Records made or changed through the ORM are seen after each flush (their attributes' history
  still holds the old values then), and written as one INSERT for the whole flush.
- Deletions (one DELETE … RETURNING per request, clients/ownership.py) and links made or
  removed (links/service.py) are written by the code that makes them, one INSERT each.
Being rows of the same transaction, entries of a change that is rolled back, whole or to a
savepoint, go with it.

A model takes part by mixing in HistoryTracked (core.models): its kind and its title. The
flush listener is installed by the composition roots (install()), never by an import.
"""

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    DateTime,
    Insert,
    String,
    Table,
    Uuid,
    bindparam,
    event,
    insert,
    inspect,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session, UOWTransaction

from coachboard.core.actor import actor_of
from coachboard.core.models import Base, HistoryTracked, utcnow
from coachboard.models.history import HistoryEntry

entries = HistoryEntry.__table__

# Columns that are bookkeeping, kept by the database or derived, not something anyone changed.
UNRECORDED = frozenset(
    {
        "id",
        "client_id",
        "coach_id",
        "created_at",
        "updated_at",
        "sequence",
        "commitments_total",
        "commitments_done",
        "first_open_due",
        "status_changed_by_client_at",
    }
)


def plain(value: Any) -> Any:
    """A column's value as JSON keeps it."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _entry(
    session: Session,
    at: datetime,
    action: str,
    *,
    kind: str,
    record_id: uuid.UUID,
    title: str,
    client_id: uuid.UUID,
    changes: dict[str, Any] | None = None,
    other: tuple[str, uuid.UUID, str] | None = None,
) -> dict[str, Any]:
    """An entry's row, by the unit of work's actor."""
    actor = actor_of(session)
    other_kind, other_id, other_title = other or (None, None, None)
    return {
        "id": uuid.uuid4(),
        "client_id": client_id,
        "at": at,
        "actor_id": actor.id,
        "actor_name": actor.name[:200],
        "actor_kind": actor.kind,
        "action": action,
        "record_kind": kind,
        "record_id": record_id,
        "record_title": title[:200],
        "changes": changes or {},
        "other_kind": other_kind,
        "other_id": other_id,
        "other_title": other_title if other_title is None else other_title[:200],
    }


def _record_entry(
    session: Session,
    record: HistoryTracked,
    action: str,
    at: datetime,
    changes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return _entry(
        session,
        at,
        action,
        kind=record.history_kind,
        record_id=record.id,  # type: ignore[attr-defined]
        title=record.history_title(),
        client_id=record.history_client_id(),
        changes=changes,
    )


def _recorded_columns(record: HistoryTracked) -> Iterable[str]:
    return (
        attribute.key
        for attribute in inspect(type(record)).column_attrs
        if attribute.key not in UNRECORDED
    )


def created_fields(record: HistoryTracked) -> dict[str, Any]:
    """What a record was made with: every recorded field that is not empty."""
    values = {key: plain(getattr(record, key)) for key in _recorded_columns(record)}
    return {key: [None, value] for key, value in values.items() if value not in (None, "", {})}


def changed_fields(record: HistoryTracked) -> dict[str, Any]:
    """Field → [old, new] for every recorded field this flush changes."""
    state = inspect(record)
    changes = {}
    for key in _recorded_columns(record):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = plain(history.deleted[0]) if history.deleted else None
        new = plain(history.added[0]) if history.added else None
        if old != new:
            changes[key] = [old, new]
    return changes


def install() -> None:
    """Record every flush of every session from now on (the composition roots call it: main's
    create_app, the CLI). Installing twice installs once."""
    if not event.contains(Session, "after_flush", record_flush):
        event.listen(Session, "after_flush", record_flush)


def record_flush(session: Session, _flush: UOWTransaction) -> None:
    """The entries of the records a flush made, changed or deleted, in one INSERT."""
    at = utcnow()
    rows = [
        _record_entry(session, record, "created", at, created_fields(record))
        for record in session.new
        if isinstance(record, HistoryTracked)
    ]
    for record in session.dirty:
        if isinstance(record, HistoryTracked) and (changes := changed_fields(record)):
            rows.append(_record_entry(session, record, "updated", at, changes))
    # A deleted client takes its history with it: there is nothing to write that would stay.
    rows += [
        _record_entry(session, record, "deleted", at)
        for record in session.deleted
        if isinstance(record, HistoryTracked) and record.history_kind != "client"
    ]
    if rows:
        session.connection().execute(insert(entries), _one_after_another(rows))


def _one_after_another(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries of one change set a microsecond apart: newest first stays one order for good
    (an export, an import), never a tie broken by random ids."""
    for position, row in enumerate(rows):
        row["at"] += timedelta(microseconds=position)
    return rows


@cache
def tracked_tables() -> dict[str, Table]:
    """Each history kind's table ("target" → targets)."""
    return {
        mapper.class_.history_kind: mapper.local_table  # type: ignore[misc]
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, HistoryTracked)
    }


def kind_of(table: Table) -> str:
    """The history kind of a tracked record's table ("targets" → "target")."""
    return next(kind for kind, tracked in tracked_tables().items() if tracked is table)


def record_deleted(session: Session, records: Sequence[HistoryTracked]) -> None:
    """Deleted records (read back by DELETE … RETURNING): their last title, kept."""
    at = utcnow()
    rows = [_record_entry(session, record, "deleted", at) for record in records]
    if rows:
        session.execute(insert(entries), _one_after_another(rows))


def record_links(
    session: Session,
    *,
    owner_table: Table,
    linked_table: Table,
    changes: Sequence[tuple[uuid.UUID, uuid.UUID, str]],
) -> None:
    """Links of one junction table made ("linked") or removed ("unlinked"), each as (owner
    id, linked id, action): one INSERT … SELECT writes them all, reading the titles at both
    ends as it goes (before a removed link's records are deleted, if they are)."""
    if not changes:
        return
    start = utcnow()
    actor = actor_of(session)
    parameters: dict[str, Any] = {
        "actor_id": actor.id,
        "actor_name": actor.name[:200],
        "actor_kind": actor.kind,
    }
    for position, (owner_id, linked_id, action) in enumerate(changes):
        parameters |= {
            f"id_{position}": uuid.uuid4(),
            # Distinct moments keep the entries in the order of the changes, for good.
            f"at_{position}": start + timedelta(microseconds=position),
            f"owner_{position}": owner_id,
            f"linked_{position}": linked_id,
            f"action_{position}": action,
        }
    statement = _link_entries_statement(owner_table, linked_table, len(changes))
    session.execute(statement, parameters)


@lru_cache(maxsize=256)
def _link_entries_statement(owner_table: Table, linked_table: Table, count: int) -> Insert:
    """The INSERT … SELECT of `count` link entries, built once per shape: building it, and
    its cache key, cost a relink more than running it does."""
    changed = union_all(
        *(
            select(
                bindparam(f"id_{position}", type_=Uuid).label("id"),
                bindparam(f"at_{position}", type_=DateTime).label("at"),
                bindparam(f"owner_{position}", type_=Uuid).label("owner_id"),
                bindparam(f"linked_{position}", type_=Uuid).label("linked_id"),
                bindparam(f"action_{position}", type_=String).label("action"),
            )
            for position in range(count)
        )
    ).subquery("changed")
    owner, linked = owner_table.alias("owner"), linked_table.alias("linked")
    values = {
        "id": changed.c.id,
        "client_id": owner.c.client_id,
        "at": changed.c.at,
        "actor_id": bindparam("actor_id", type_=Uuid),
        "actor_name": bindparam("actor_name", type_=String),
        "actor_kind": bindparam("actor_kind", type_=String),
        "action": changed.c.action,
        "record_kind": literal(kind_of(owner_table)),
        "record_id": owner.c.id,
        "record_title": owner.c.title,
        "other_kind": literal(kind_of(linked_table)),
        "other_id": linked.c.id,
        "other_title": linked.c.title,
    }
    rows = select(*values.values()).select_from(
        changed.join(owner, owner.c.id == changed.c.owner_id).join(
            linked, linked.c.id == changed.c.linked_id
        )
    )
    return insert(entries).from_select(list(values), rows)
