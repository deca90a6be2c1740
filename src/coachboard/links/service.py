"""Many-to-many links, written once for outcomes↔goals, outcomes↔sprints, commitments↔outcomes.

A link joins two records of the same client. Inserts use ON CONFLICT DO NOTHING, so two
requests adding the same link at once both succeed and leave one row.
"""

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from itertools import chain
from typing import Any, Protocol

from sqlalchemy import (
    Column,
    CompoundSelect,
    Select,
    Table,
    delete,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from coachboard.core.database import dialect_of, one_of, plain_rows, upsert
from coachboard.core.errors import InvalidInput
from coachboard.core.models import utcnow
from coachboard.history import recorder as history


class Titled(Protocol):
    """A linked record as linked_titles reads it: what a LinkSummary is validated from."""

    id: uuid.UUID
    title: str


@dataclass(frozen=True)
class LinkKind:
    """One junction table seen from one side: which column is the owner, which the linked
    record. The linked record's table is the one the linked column's foreign key names."""

    table: Table
    owner_key: str
    linked_key: str
    field: str  # the request field that carries the linked ids, e.g. "goal_ids"

    @property
    def owner(self) -> Column[uuid.UUID]:
        return self.table.c[self.owner_key]

    @property
    def linked(self) -> Column[uuid.UUID]:
        return self.table.c[self.linked_key]

    @property
    def linked_table(self) -> Table:
        (foreign_key,) = self.linked.foreign_keys
        return foreign_key.column.table  # type: ignore[return-value]

    @property
    def owner_table(self) -> Table:
        (foreign_key,) = self.owner.foreign_keys
        return foreign_key.column.table  # type: ignore[return-value]


def unique_in_order(ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    """The ids without repeats, first occurrence kept: duplicates in a request count once."""
    return list(dict.fromkeys(ids))


def check_same_client(
    session: Session, kind: LinkKind, client_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    """The ids, deduplicated, after checking each names a record of the client; else 422."""
    wanted = unique_in_order(ids)
    if not wanted:
        return wanted
    linked = kind.linked_table.c
    found = set(
        session.scalars(
            select(linked.id).where(linked.id.in_(wanted), linked.client_id == client_id)
        )
    )
    offending = [str(linked_id) for linked_id in wanted if linked_id not in found]
    if offending:
        raise InvalidInput.field(
            kind.field,
            f"not found for this client: {', '.join(offending)}",
            kind="link_not_found",
        )
    return wanted


def add_links(
    session: Session, kind: LinkKind, owner_id: uuid.UUID, linked_ids: Sequence[uuid.UUID]
) -> None:
    """Link owner to each id not yet linked; the ids' order becomes the links' order."""
    added = _insert_links(session, kind, owner_id, linked_ids)
    _record(session, kind, owner_id, added=added)


def _insert_links(
    session: Session, kind: LinkKind, owner_id: uuid.UUID, linked_ids: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    """The ids newly linked (one already linked is left as it is)."""
    if not linked_ids:
        return []
    # Distinct creation times keep the order the caller gave within one request.
    start = utcnow()
    rows = [
        {
            "id": uuid.uuid4(),
            kind.owner_key: owner_id,
            kind.linked_key: linked_id,
            "created_at": start + timedelta(microseconds=position),
        }
        for position, linked_id in enumerate(linked_ids)
    ]
    statement = upsert(session, kind.table).values(rows)
    return list(
        session.scalars(
            statement.on_conflict_do_nothing(index_elements=[kind.owner, kind.linked]).returning(
                kind.linked
            )
        )
    )


def remove_links(
    session: Session, kind: LinkKind, owner_id: uuid.UUID, linked_ids: Sequence[uuid.UUID]
) -> None:
    if not linked_ids:
        return
    removed = session.scalars(
        delete(kind.table)
        .where(kind.owner == owner_id, kind.linked.in_(linked_ids))
        .returning(kind.linked)
    )
    _record(session, kind, owner_id, removed=list(removed))


def unlink_all(
    session: Session, junctions: Sequence[LinkKind], table: Table, records: Select[Any]
) -> None:
    """Remove, and record, every link of the records `records` selects (ids of `table`),
    before they are deleted: their deletion would cascade to the links unrecorded. One
    DELETE … RETURNING per junction table the records sit at an end of."""
    for kind in junctions:
        if table not in (kind.owner_table, kind.linked_table):
            continue
        end = kind.owner if kind.owner_table is table else kind.linked
        removed = session.execute(
            delete(kind.table).where(end.in_(records)).returning(kind.owner, kind.linked)
        )
        history.record_links(
            session,
            owner_table=kind.owner_table,
            linked_table=kind.linked_table,
            changes=[(owner, linked, "unlinked") for owner, linked in removed],
        )


def replace_links(
    session: Session, kind: LinkKind, owner_id: uuid.UUID, linked_ids: Sequence[uuid.UUID]
) -> None:
    """Make owner's links exactly linked_ids: kept links keep their place, new ones follow."""
    removed = session.scalars(
        delete(kind.table)
        .where(kind.owner == owner_id, kind.linked.not_in(linked_ids))
        .returning(kind.linked)
    )
    removed_ids = list(removed)
    added = _insert_links(session, kind, owner_id, linked_ids)
    _record(session, kind, owner_id, removed=removed_ids, added=added)


def _record(
    session: Session,
    kind: LinkKind,
    owner_id: uuid.UUID,
    *,
    removed: Sequence[uuid.UUID] = (),
    added: Sequence[uuid.UUID] = (),
) -> None:
    history.record_links(
        session,
        owner_table=kind.owner_table,
        linked_table=kind.linked_table,
        changes=[(owner_id, linked_id, "unlinked") for linked_id in removed]
        + [(owner_id, linked_id, "linked") for linked_id in added],
    )


def linked_titles(
    session: Session, kinds: Sequence[LinkKind], owner_ids: Sequence[uuid.UUID]
) -> dict[LinkKind, dict[uuid.UUID, list[Titled]]]:
    """Each kind's linked records of these owners, by owner, with their id and title in link
    order (creation time, then id): one statement for all kinds and owners together.

    Each is the row as read: a read model's LinkSummary fields validate from its attributes,
    all at once when the read model is built, where a LinkSummary made here, one at a time,
    cost more than the rest of a page of outcomes."""
    found: dict[LinkKind, dict[uuid.UUID, list[Titled]]] = {kind: {} for kind in kinds}
    if not owner_ids or not kinds:
        return found
    statement = _linked_titles_statement(tuple(kinds), dialect_of(session))
    for row in plain_rows(session, statement, {"owner_ids": list(owner_ids)}).all():
        found[kinds[row.kind]].setdefault(row.owner_id, []).append(row)
    return found


def reached_through(
    session: Session,
    via_links: Mapping[uuid.UUID, Sequence[uuid.UUID]],
    onward: Sequence[LinkKind],
) -> dict[LinkKind, dict[uuid.UUID, list[uuid.UUID]]]:
    """For each onward kind, what each owner reaches through the records it links to (a
    sprint's goals through its outcomes, say), once each: in the owner's link order, then each
    record's. via_links: owner → the ids it links to, in link order. Derived, never stored;
    one statement for the onward links of all the records in between."""
    between = unique_in_order(chain.from_iterable(via_links.values()))
    onward_of: dict[LinkKind, dict[uuid.UUID, list[uuid.UUID]]] = {kind: {} for kind in onward}
    if between and onward:
        statement = _linked_ids_statement(tuple(onward), dialect_of(session))
        for row in plain_rows(session, statement, {"owner_ids": between}).all():
            onward_of[onward[row.kind]].setdefault(row.owner_id, []).append(row.linked_id)
    return {
        kind: {
            owner: unique_in_order(
                chain.from_iterable(onward_of[kind].get(linked, ()) for linked in linked_ids)
            )
            for owner, linked_ids in via_links.items()
        }
        for kind in onward
    }


# The read statements are built once per combination of kinds, on the tables rather than the
# mapped classes: a request then pays neither for building a statement nor for the ORM.


@cache
def _linked_titles_statement(kinds: tuple[LinkKind, ...], dialect: str) -> CompoundSelect:
    parts = [
        select(
            literal(position).label("kind"),
            kind.owner.label("owner_id"),
            kind.linked_table.c.id.label("id"),
            kind.linked_table.c.title.label("title"),
            kind.table.c.created_at.label("linked_at"),
            kind.table.c.id.label("link_id"),
        )
        .join(kind.linked_table, kind.linked_table.c.id == kind.linked)
        .where(one_of(kind.owner, dialect, name="owner_ids"))
        for position, kind in enumerate(kinds)
    ]
    return union_all(*parts).order_by("kind", "linked_at", "link_id")


@cache
def _linked_ids_statement(kinds: tuple[LinkKind, ...], dialect: str) -> CompoundSelect:
    parts = [
        select(
            literal(position).label("kind"),
            kind.owner.label("owner_id"),
            kind.linked.label("linked_id"),
            kind.table.c.created_at.label("linked_at"),
            kind.table.c.id.label("link_id"),
        ).where(one_of(kind.owner, dialect, name="owner_ids"))
        for position, kind in enumerate(kinds)
    ]
    return union_all(*parts).order_by("kind", "linked_at", "link_id")
