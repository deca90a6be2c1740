"""When a commitment needs attention: overdue (open, due before today) and due this week (open,
due from today through Sunday). One rule, in SQL for lists and counts and in Python for rows
already read, so the client list's counts, the filters and every mark agree.

"Today" is always the coach's (accounts.time_zones.today_for), passed in by the caller.
"""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, FromClause, and_

from coachboard.models.commitments import Commitment, CommitmentStatus


def week_end(today: date) -> date:
    """The Sunday that ends today's week (today itself on a Sunday)."""
    return today + timedelta(days=6 - today.weekday())


def is_overdue(status: str, due_date: date | None, today: date) -> bool:
    """Open and due before today."""
    return status == CommitmentStatus.open and due_date is not None and due_date < today


def overdue(
    today: date | ColumnElement[Any], commitments: FromClause = Commitment.__table__
) -> ColumnElement[bool]:
    """SQL for is_overdue: never NULL, so its negation holds for undated commitments too.
    `today` may be a bind parameter (a statement compiled once), and `commitments` an alias."""
    return and_(
        commitments.c.status == CommitmentStatus.open,
        commitments.c.due_date.is_not(None),
        commitments.c.due_date < today,
    )


def due_this_week(today: date) -> ColumnElement[bool]:
    """SQL: open and due from today through Sunday."""
    return and_(
        Commitment.status == CommitmentStatus.open,
        Commitment.due_date.between(today, week_end(today)),
    )
