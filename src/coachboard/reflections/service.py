"""Reflections: what a client writes about one of their commitments, which the coach reads on
the commitment's pages.

`add` is the portal's call: it takes a commitment the portal has read as the signed-in
client's. `for_commitments` is the coach's read, given ids the coach's own read returned.
"""

import uuid
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coachboard.core.database import transaction
from coachboard.core.errors import InvalidInput
from coachboard.core.pagination import Page
from coachboard.models.accounts import User
from coachboard.models.reflections import CommitmentReflection
from coachboard.reflections.schemas import TEXT_LENGTH, ReflectionRead

# A commitment's page shows this many of its latest reflections.
SHOWN = 50


class OfClient(Protocol):
    """A commitment as any of its reads has it (entity or read model)."""

    id: uuid.UUID
    client_id: uuid.UUID


def add(
    session: Session, *, commitment: OfClient, text: str, author: User | None
) -> CommitmentReflection:
    """A new reflection on the commitment, by its author; InvalidInput naming `text` when it
    is blank or longer than 2,000 characters."""
    text = text.strip()
    if not 1 <= len(text) <= TEXT_LENGTH:
        raise InvalidInput.field("text", f"must be 1 to {TEXT_LENGTH} characters")
    with transaction(session):
        reflection = CommitmentReflection(
            commitment_id=commitment.id,
            client_id=commitment.client_id,
            text=text,
            author_user_id=author.id if author is not None else None,
        )
        session.add(reflection)
        session.flush()
    return reflection


def for_commitments(
    session: Session, commitment_ids: Sequence[uuid.UUID], *, limit: int = SHOWN
) -> dict[uuid.UUID, Page[ReflectionRead]]:
    """Each commitment's latest `limit` reflections, newest first, and how many it has in all,
    in one statement; an empty page for one without."""
    found: dict[uuid.UUID, Page[ReflectionRead]] = {
        i: Page(items=[], total=0) for i in commitment_ids
    }
    if not found:
        return found
    newest_first = (CommitmentReflection.created_at.desc(), CommitmentReflection.id)
    of_commitment = CommitmentReflection.commitment_id
    ranked = (
        select(
            CommitmentReflection.id,
            of_commitment,
            CommitmentReflection.text,
            CommitmentReflection.created_at,
            func.row_number().over(partition_by=of_commitment, order_by=newest_first).label("rank"),
            func.count().over(partition_by=of_commitment).label("total"),
        )
        .where(of_commitment.in_(list(found)))
        .subquery()
    )
    with transaction(session):
        rows = session.execute(
            select(ranked)
            .where(ranked.c.rank <= limit)
            .order_by(ranked.c.commitment_id, ranked.c.rank)
        )
        for row in rows:
            page = found[row.commitment_id]
            page.items.append(ReflectionRead.model_validate(row._mapping))
            page.total = row.total
    return found
