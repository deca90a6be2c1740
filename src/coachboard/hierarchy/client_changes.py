"""What the client changed since their last session, for the coach's overview of the client:
how many commitments they marked done, how many reflections they wrote, and when the latest
of those was. Two statements whatever the client holds (its last session's day, then both
counts)."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.database import transaction
from coachboard.models.accounts import User
from coachboard.models.commitments import Commitment
from coachboard.models.reflections import CommitmentReflection


@dataclass(frozen=True)
class ChangesSinceSession:
    since: datetime | None  # None: no session yet, so every change the client made counts
    marked_done: int
    reflections: int
    latest: datetime | None

    @property
    def any(self) -> bool:
        return bool(self.marked_done or self.reflections)


def since_last_session(
    session: Session, *, coach: User, client_id: uuid.UUID, today: date
) -> ChangesSinceSession:
    """The client's changes since the day of their latest session up to today (the coach's
    client, which the caller has read)."""
    since = commitments.last_session_began(session, coach=coach, client_id=client_id, today=today)
    done = select(
        func.count().label("done"),
        func.max(Commitment.status_changed_by_client_at).label("done_latest"),
    ).where(
        Commitment.client_id == client_id,
        Commitment.status == CommitmentStatus.done,
        Commitment.status_changed_by_client_at >= since
        if since is not None
        else Commitment.status_changed_by_client_at.is_not(None),
    )
    written = select(
        func.count().label("written"),
        func.max(CommitmentReflection.created_at).label("written_latest"),
    ).where(
        CommitmentReflection.client_id == client_id,
        *([CommitmentReflection.created_at >= since] if since is not None else []),
    )
    with transaction(session):
        # Each subquery is one row: their product is one row, read in one statement.
        done_row, written_row = done.subquery(), written.subquery()
        row = session.execute(
            select(done_row, written_row).select_from(done_row.join(written_row, true()))
        ).one()
    moments = [moment for moment in (row.done_latest, row.written_latest) if moment is not None]
    return ChangesSinceSession(
        since=since,
        marked_done=row.done,
        reflections=row.written,
        latest=max(moments) if moments else None,
    )
