"""Many-to-many links, written once for outcomes↔goals, outcomes↔sprints, commitments↔outcomes.

A link joins two records of the same client. Inserts use ON CONFLICT DO NOTHING, so two
requests adding the same link at once both succeed and leave one row.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session

from coachboard.core.errors import InvalidInput
from coachboard.core.models import Base, utcnow


@dataclass(frozen=True)
class LinkKind:
    """One junction table: which column is the owner, which the linked record."""

    link_model: type[Base]
    owner_column: InstrumentedAttribute[uuid.UUID]
    linked_column: InstrumentedAttribute[uuid.UUID]
    linked_model: type[Base]
    field: str  # the request field that carries the linked ids, e.g. "goal_ids"


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
    linked = kind.linked_model
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
    if not linked_ids:
        return
    # Distinct creation times keep the order the caller gave within one request.
    start = utcnow()
    rows = [
        {
            "id": uuid.uuid4(),
            kind.owner_column.key: owner_id,
            kind.linked_column.key: linked_id,
            "created_at": start + timedelta(microseconds=position),
        }
        for position, linked_id in enumerate(linked_ids)
    ]
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(kind.link_model).values(rows)
    session.execute(
        statement.on_conflict_do_nothing(index_elements=[kind.owner_column, kind.linked_column])
    )


def remove_links(
    session: Session, kind: LinkKind, owner_id: uuid.UUID, linked_ids: Sequence[uuid.UUID]
) -> None:
    if not linked_ids:
        return
    session.execute(
        delete(kind.link_model).where(
            kind.owner_column == owner_id, kind.linked_column.in_(linked_ids)
        )
    )


def replace_links(
    session: Session, kind: LinkKind, owner_id: uuid.UUID, linked_ids: Sequence[uuid.UUID]
) -> None:
    """Make owner's links exactly linked_ids: kept links keep their place, new ones follow."""
    session.execute(
        delete(kind.link_model).where(
            kind.owner_column == owner_id, kind.linked_column.not_in(linked_ids)
        )
    )
    add_links(session, kind, owner_id, linked_ids)
