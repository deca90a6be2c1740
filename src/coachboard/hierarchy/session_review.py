"""A session's review: the client's commitments still open that were made before it, for the
coach to mark done, drop or carry to a new date at the start of the next session.

"Made before it" is: agreed in a session dated before this session's date, or made outside
any session before this session's day began in the coach's time zone. A commitment agreed in
another session of the same day is not "earlier": the two sessions are one day's work.
Read in two statements (the rows with their total, then their first outcomes), whatever the
client holds.
"""

from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from coachboard.accounts.time_zones import day_start_for
from coachboard.commitments import service as commitments
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.schemas import LinkSummary
from coachboard.hierarchy.record_lists import NONE_LINKED, linked_targets
from coachboard.models.accounts import User
from coachboard.models.commitments import Commitment
from coachboard.models.sessions import CoachingSession
from coachboard.progress import due
from coachboard.sessions.schemas import EarlierCommitment, SessionSummary

EARLIER_SHOWN = 20


def open_from_earlier(
    session: Session,
    *,
    coach: User,
    coaching_session: CoachingSession,
    today: date,
    limit: int = EARLIER_SHOWN,
) -> tuple[list[EarlierCommitment], int]:
    """The first `limit` open commitments made before the coach's session (which the caller
    has read through sessions.get, so it is theirs), oldest due first (undated last), each
    with the session it came from and its first outcomes; and how many there are in all."""
    agreed_in = aliased(CoachingSession)
    rows = session.execute(
        select(
            Commitment.id,
            Commitment.title,
            Commitment.status,
            Commitment.due_date,
            agreed_in.id.label("session_id"),
            agreed_in.session_date,
            agreed_in.title.label("session_title"),
            func.count().over().label("total"),
        )
        .outerjoin(agreed_in, agreed_in.id == Commitment.session_id)
        .where(
            Commitment.client_id == coaching_session.client_id,
            Commitment.status == CommitmentStatus.open,
            or_(
                agreed_in.session_date < coaching_session.session_date,
                and_(
                    Commitment.session_id.is_(None),
                    Commitment.created_at < day_start_for(coach, coaching_session.session_date),
                ),
            ),
        )
        .order_by(*commitments.ORDER)
        .limit(limit)
    ).all()
    targets_of = linked_targets(session, [row.id for row in rows])
    items = []
    for row in rows:
        linked = targets_of.get(row.id, NONE_LINKED)
        items.append(
            EarlierCommitment(
                id=row.id,
                title=row.title,
                status=row.status,
                due_date=row.due_date,
                overdue=due.is_overdue(row.status, row.due_date, today),
                session=SessionSummary(
                    id=row.session_id, session_date=row.session_date, title=row.session_title
                )
                if row.session_id is not None
                else None,
                targets=[LinkSummary(id=t.id, title=t.title) for t in linked.first],
                target_count=linked.total,
            )
        )
    return items, rows[0].total if rows else 0
