"""The coach's week across their active clients, read in seven statements whatever they hold:
overdue commitments, commitments due in the window, the first outcomes of both, sessions in the
window, the clients gone quiet, and the goals at risk (two, from the progress package). Each
list is cut to `limit` items and says its total."""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, FromClause, Select, Table, bindparam, exists, func, select
from sqlalchemy.orm import Session

from coachboard.core.database import dialect_of, one_of, transaction
from coachboard.core.pagination import MAX_LIMIT, Page
from coachboard.core.schemas import LinkSummary
from coachboard.dashboard.schemas import (
    ClientRef,
    Dashboard,
    DashboardCommitment,
    DashboardSession,
    GoalAtRisk,
    QuietClient,
)
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.links import CommitmentTargetLink
from coachboard.models.sessions import CoachingSession
from coachboard.models.targets import Target
from coachboard.progress import due
from coachboard.progress import service as progress

DEFAULT_DAYS = 7
MAX_DAYS = 31
# A client with no session in this many days before the window's start, and none after, is quiet.
QUIET_DAYS = 30
# The outcomes shown per commitment; targets_total says how many there are beyond.
TARGETS_SHOWN = 5

PageT = TypeVar("PageT", bound=Page[Any])

_clients: Table = Client.__table__  # type: ignore[assignment]
_commitments: Table = Commitment.__table__  # type: ignore[assignment]
_sessions: Table = CoachingSession.__table__  # type: ignore[assignment]
_links: Table = CommitmentTargetLink.__table__  # type: ignore[assignment]
_targets: Table = Target.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class Window:
    """[start, end) of the dashboard; end is None past the last date the calendar holds."""

    start: date
    days: int

    @property
    def end(self) -> date | None:
        return shifted(self.start, self.days)

    @property
    def quiet_since(self) -> date:
        return shifted(self.start, -QUIET_DAYS) or date.min


def shifted(day: date, days: int) -> date | None:
    """day + days, or None (no bound) beyond the calendar's ends: any valid date is a valid
    start, the first and last ones too."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def get(
    session: Session,
    *,
    coach: User,
    start: date,
    days: int = DEFAULT_DAYS,
    limit: int = MAX_LIMIT,
) -> Dashboard:
    """The coach's week from start over their active clients: each list at most `limit`
    items with its total, in a fixed number of statements."""
    window = Window(start, days)
    params = {
        "coach_id": coach.id,
        "limit": limit,
        "start": start,
        # The calendar's last day stands in for "no end": the bound stays one parameter.
        "end": window.end or date.max,
        "quiet_since": window.quiet_since,
    }
    with transaction(session):
        overdue = list(session.execute(_OVERDUE, params))
        due = list(session.execute(_DUE, params))
        targets = _first_targets(session, [row.id for row in (*overdue, *due)])
        sessions = list(session.execute(_SESSIONS_IN, params))
        quiet = list(session.execute(_QUIET_CLIENTS, params))
        at_risk, at_risk_total = progress.goals_at_risk(
            session, coach=coach, today=start, limit=limit
        )
    return Dashboard(
        date=start,
        days=days,
        overdue=_page(Page[DashboardCommitment], overdue, lambda row: _commitment(row, targets)),
        due=_page(Page[DashboardCommitment], due, lambda row: _commitment(row, targets)),
        sessions=_page(Page[DashboardSession], sessions, _session),
        goals_at_risk=Page[GoalAtRisk](
            items=[_goal_at_risk(goal) for goal in at_risk], total=at_risk_total
        ),
        quiet_clients=_page(Page[QuietClient], quiet, _quiet_client),
    )


def _of_active_clients(clients: FromClause) -> list[ColumnElement[bool]]:
    """The rows of the coach's (:coach_id) active clients only: archived clients drop out of
    the week, and another coach's never enter it."""
    return [clients.c.coach_id == bindparam("coach_id"), clients.c.status == "active"]


Conditions = Callable[[FromClause], list[ColumnElement[bool]]]
Order = Callable[[FromClause], list[ColumnElement[Any]]]


def _capped(
    table: Table, columns: Sequence[str], conditions: Conditions, order_by: Order
) -> Select[Any]:
    """The first :limit rows of table matching conditions, in order, each with its client's
    name and the total: a COUNT in a subquery, which reads an index only, where a window
    count would read and sort every matching row before the limit."""
    counted, owners = table.alias(), _clients.alias()
    total = (
        select(func.count())
        .select_from(counted)
        .join(owners, owners.c.id == counted.c.client_id)
        .where(*_of_active_clients(owners), *conditions(counted))
        .scalar_subquery()
    )
    return (
        select(
            *(table.c[name] for name in columns),
            _clients.c.name.label("client_name"),
            total.label("total"),
        )
        .select_from(table)
        .join(_clients, _clients.c.id == table.c.client_id)
        .where(*_of_active_clients(_clients), *conditions(table))
        .order_by(*order_by(table))
        .limit(bindparam("limit"))
    )


COMMITMENT_COLUMNS = ("id", "title", "due_date", "session_id", "client_id")


def _commitment_order(t: FromClause) -> list[ColumnElement[Any]]:
    return [t.c.due_date, t.c.created_at, t.c.id]


_OVERDUE = _capped(
    _commitments,
    COMMITMENT_COLUMNS,
    lambda t: [due.overdue(bindparam("start"), t)],
    _commitment_order,
)
_DUE = _capped(
    _commitments,
    COMMITMENT_COLUMNS,
    lambda t: [
        t.c.status == "open",
        t.c.due_date >= bindparam("start"),
        t.c.due_date < bindparam("end"),
    ],
    _commitment_order,
)
_SESSIONS_IN = _capped(
    _sessions,
    (
        "id",
        "session_date",
        "title",
        "client_id",
        "start_time",
        "time_zone",
        "duration_minutes",
        "meeting_url",
    ),
    lambda t: [t.c.session_date >= bindparam("start"), t.c.session_date < bindparam("end")],
    # A day's all-day sessions first (false sorts first on both databases, where NULLs would
    # not), then by start time on each session's own clock.
    lambda t: [
        t.c.session_date,
        t.c.start_time.is_not(None),
        t.c.start_time,
        t.c.created_at,
        t.c.id,
    ],
)

_LAST_SESSION = (
    select(func.max(_sessions.c.session_date))
    .where(_sessions.c.client_id == _clients.c.id)
    .correlate(_clients)
    .scalar_subquery()
)
_QUIET_CLIENTS = (
    select(
        _clients.c.id.label("client_id"),
        _clients.c.name.label("client_name"),
        _LAST_SESSION.label("last_session_date"),
        # A coach's clients are few: a window count over them is cheap.
        func.count().over().label("total"),
    )
    .where(
        *_of_active_clients(_clients),
        ~exists().where(
            _sessions.c.client_id == _clients.c.id,
            _sessions.c.session_date >= bindparam("quiet_since"),
        ),
    )
    .order_by(_LAST_SESSION.asc().nulls_first(), func.lower(_clients.c.name), _clients.c.id)
    .limit(bindparam("limit"))
)


@cache
def _first_targets_statement(dialect: str) -> Select[Any]:
    """Each commitment's first TARGETS_SHOWN outcomes in link order, and how many it has in
    all: a commitment linked to hundreds of outcomes still answers small."""
    ranked = (
        select(
            _links.c.commitment_id,
            _targets.c.id,
            _targets.c.title,
            func.row_number()
            .over(partition_by=_links.c.commitment_id, order_by=(_links.c.created_at, _links.c.id))
            .label("position"),
            func.count().over(partition_by=_links.c.commitment_id).label("total"),
        )
        .join(_targets, _targets.c.id == _links.c.target_id)
        .where(one_of(_links.c.commitment_id, dialect, name="commitment_ids"))
        .subquery()
    )
    return (
        select(ranked)
        .where(ranked.c.position <= TARGETS_SHOWN)
        .order_by(ranked.c.commitment_id, ranked.c.position)
    )


@dataclass(frozen=True)
class FirstTargets:
    shown: dict[uuid.UUID, list[LinkSummary]]
    totals: dict[uuid.UUID, int]


def _first_targets(session: Session, commitment_ids: Sequence[uuid.UUID]) -> FirstTargets:
    found = FirstTargets(shown={}, totals={})
    if not commitment_ids:
        return found
    statement = _first_targets_statement(dialect_of(session))
    rows = session.execute(statement, {"commitment_ids": list(commitment_ids)})
    for row in rows:
        found.shown.setdefault(row.commitment_id, []).append(
            LinkSummary(id=row.id, title=row.title)
        )
        found.totals[row.commitment_id] = row.total
    return found


def _page(page: type[PageT], rows: list[Any], item: Callable[[Any], Any]) -> PageT:
    """The rows as one list's page; each row carries the list's total."""
    return page(items=[item(row) for row in rows], total=rows[0].total if rows else 0)


def _client(row: Any) -> ClientRef:
    return ClientRef(id=row.client_id, name=row.client_name)


def _commitment(row: Any, targets: FirstTargets) -> DashboardCommitment:
    return DashboardCommitment(
        id=row.id,
        title=row.title,
        due_date=row.due_date,
        client=_client(row),
        session_id=row.session_id,
        targets=targets.shown.get(row.id, []),
        targets_total=targets.totals.get(row.id, 0),
    )


def _session(row: Any) -> DashboardSession:
    return DashboardSession(
        id=row.id,
        session_date=row.session_date,
        title=row.title,
        client=_client(row),
        start_time=row.start_time,
        time_zone=row.time_zone,
        duration_minutes=row.duration_minutes,
        meeting_url=row.meeting_url,
    )


def _goal_at_risk(goal: progress.GoalAtRisk) -> GoalAtRisk:
    return GoalAtRisk(
        goal=LinkSummary(id=goal.id, title=goal.title),
        client=ClientRef(id=goal.client_id, name=goal.client_name),
        target_date=goal.target_date,
        **dict(goal.rollup),
    )


def _quiet_client(row: Any) -> QuietClient:
    return QuietClient(client=_client(row), last_session_date=row.last_session_date)
