"""Progress and health of goals, outcomes and sprints, rolled up through the link tables.

Each function reads a whole set of records (ids, or a statement selecting them) in one
statement, grouping over the junction tables in the database: a page of 100 goals costs what
one goal costs, and nothing here runs a query per record. The rules are in progress/schemas.py
(HEALTH_RULE and friends) and in the README's "Progress and health".
"""

import uuid
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Float,
    Select,
    Uuid,
    and_,
    any_,
    case,
    cast,
    distinct,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from coachboard.core.database import dialect_of, one_of
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from coachboard.progress.schemas import Health, Progress, Rollup

# The ids to read: a list, or a statement selecting them (to read a set without loading it).
Ids = Collection[uuid.UUID] | Select[tuple[uuid.UUID]]

# How far behind the elapsed share of time a record may be: within ON_TRACK_MARGIN it is on
# track, within AT_RISK_MARGIN at risk, beyond that off track.
ON_TRACK_MARGIN = 0.10
AT_RISK_MARGIN = 0.25

# Tables rather than mapped classes: these reads build no entities.
_TARGETS, _COMMITMENTS = Target.__table__, Commitment.__table__
_COMMITMENT_TARGETS = CommitmentTargetLink.__table__
_GOALS_KIND, _TARGETS_KIND = 0, 1
_GOAL, _TARGET, _SPRINT = ClientGoal.__table__.c, _TARGETS.c, Sprint.__table__.c
_COMMITMENT, _COMMITMENT_TARGET = _COMMITMENTS.c, _COMMITMENT_TARGETS.c
_TARGET_GOAL, _TARGET_SPRINT = TargetGoalLink.__table__.c, TargetSprintLink.__table__.c


# An outcome's figures, kept on its row by the database's triggers: added to a statement that
# reads outcomes, they give target_progress what it needs with no statement of their own.
OUTCOME_FIGURES = (
    _TARGET.commitments_total.label("figures_total"),
    _TARGET.commitments_done.label("figures_done"),
)
OUTCOME_FIGURE_NAMES = frozenset(column.name for column in OUTCOME_FIGURES)


def outcome_progress(row: Any) -> Progress:
    """The progress of an outcome read with OUTCOME_FIGURES (and its status)."""
    return _progress(row.status, row.figures_total, row.figures_done)


def without_figures(row: Any) -> dict[str, Any]:
    """The row's own fields, OUTCOME_FIGURES left out."""
    return {k: v for k, v in row._mapping.items() if k not in OUTCOME_FIGURE_NAMES}


def goals(session: Session, ids: Ids, *, today: date) -> dict[uuid.UUID, Rollup]:
    """Each goal's progress, outcome counts and health on `today`, by id; one statement."""
    return all_of(session, goal_ids=ids, today=today).goals


def sprints(session: Session, ids: Ids, *, today: date) -> dict[uuid.UUID, Rollup]:
    """Each sprint's progress, outcome counts and health on `today`, by id; one statement."""
    return all_of(session, sprint_ids=ids, today=today).sprints


@dataclass(frozen=True)
class Rollups:
    goals: dict[uuid.UUID, Rollup]
    targets: dict[uuid.UUID, Progress]
    sprints: dict[uuid.UUID, Rollup]


def all_of(
    session: Session,
    *,
    goal_ids: Ids | None = None,
    target_ids: Ids | None = None,
    sprint_ids: Ids | None = None,
    today: date,
) -> Rollups:
    """The goals', outcomes' and sprints' figures together (a tree's or a graph's nodes), in
    one statement: a UNION ALL of each kind's grouped SELECT, its columns aligned. A kind given
    no ids (an empty page) still takes its part, so the statement count never depends on the
    data."""
    found = Rollups({}, {}, {})
    dialect = dialect_of(session)
    parts = [
        statement(ids, today, dialect).add_columns(literal(kind).label("kind"))
        for kind, (ids, statement) in enumerate(
            (
                (goal_ids, _goals_statement),
                (target_ids, _targets_statement),
                (sprint_ids, _sprints_statement),
            )
        )
        if ids is not None
    ]
    if not parts:
        return found
    statement = parts[0] if len(parts) == 1 else union_all(*parts)
    for row in session.execute(statement):
        if row.kind == _GOALS_KIND:
            found.goals[row.id] = goal_rollup(row, today)
        elif row.kind == _TARGETS_KIND:
            found.targets[row.id] = target_progress(row)
        else:
            found.sprints[row.id] = sprint_rollup(row, today)
    return found


@dataclass(frozen=True)
class GoalAtRisk:
    """A goal whose health is at_risk or off_track, with its client."""

    id: uuid.UUID
    title: str
    target_date: date | None
    client_id: uuid.UUID
    client_name: str
    rollup: Rollup


def at_risk_candidates(coach: User, today: date) -> Select[Any]:
    """Every goal of the coach's active clients that can be at risk (active or paused), with
    what its health needs: its outcomes' values and overdue flags, grouped in the database
    (its distinct commitment counts, which health does not need, are left null)."""
    active_clients = select(Client.id).where(Client.coach_id == coach.id, Client.status == "active")
    ids = select(_GOAL.id).where(
        _GOAL.client_id.in_(active_clients), _GOAL.status.in_(("active", "paused"))
    )
    base = _goals_statement(ids, today, None, commitments=False).subquery("rollups")
    return (
        select(base, _GOAL.title, Client.id.label("client_id"), Client.name)
        .join(ClientGoal, ClientGoal.id == base.c.id)
        .join(Client, Client.id == ClientGoal.client_id)
    )


def goals_at_risk(
    session: Session, *, coach: User, today: date, limit: int = 20
) -> tuple[list[GoalAtRisk], int]:
    """The goals at risk or off track of the coach's active clients (off track first, then by
    target date, soonest first), at most `limit`, and how many there are in all; two
    statements, whatever the coach holds.

    Only active and paused goals can be at risk (achieved ones are done, dropped ones have no
    health), so the first statement reads those alone, with only what health needs (their
    outcomes' figures, not their commitments); the second reads the full figures (commitments
    counted once each) of the goals listed.
    """
    found = []
    for row in session.execute(at_risk_candidates(coach, today)):
        rollup = goal_rollup(row, today)
        if rollup.health in (Health.at_risk, Health.off_track):
            found.append(GoalAtRisk(row.id, row.title, row.end, row.client_id, row.name, rollup))
    found.sort(
        key=lambda goal: (
            goal.rollup.health != Health.off_track,
            goal.target_date or date.max,
            goal.client_name,
            goal.title,
            goal.id,
        )
    )
    listed = found[:limit]
    full = goals(session, [goal.id for goal in listed], today=today)
    return [replace(goal, rollup=full[goal.id]) for goal in listed], len(found)


# The rules, on one row of figures each: pure, so tests can pin them without a database.


def target_progress(row: Any) -> Progress:
    """An outcome's progress from its row (status and figures)."""
    return _progress(row.status, row.total, row.done)


def _progress(status: str, total: int | None, done: int | None) -> Progress:
    total, done = total or 0, done or 0
    value = 1.0 if status == "achieved" else (done / total if total else 0.0)
    return Progress(value=_clamped(value), commitments_done=done, commitments_total=total)


def goal_rollup(row: Any, today: date) -> Rollup:
    """A goal's rollup from its row (status, start: its creation, end: target date, figures)."""
    outcomes = row.outcomes_total or 0
    if row.status == "achieved":
        value: float | None = 1.0
    else:
        value = (row.value_sum or 0.0) / outcomes if outcomes else None
    progress = Progress(
        value=_clamped(value),
        commitments_done=row.done or 0,
        commitments_total=row.total or 0,
    )
    return _rollup(row, progress, outcomes, finished="achieved", abandoned="dropped", today=today)


def sprint_rollup(row: Any, today: date) -> Rollup:
    """A sprint's rollup from its row (status, start and end dates, figures)."""
    total, done = row.total or 0, row.done or 0
    progress = Progress(
        value=_clamped(done / total) if total else None,
        commitments_done=done,
        commitments_total=total,
    )
    return _rollup(
        row,
        progress,
        row.outcomes_total or 0,
        finished="completed",
        abandoned="cancelled",
        today=today,
    )


def _rollup(
    row: Any, progress: Progress, outcomes: int, *, finished: str, abandoned: str, today: date
) -> Rollup:
    """A goal's or sprint's rollup: its progress, outcome counts and health, from its row and
    the statuses that finish (achieved, completed) and abandon (dropped, cancelled) it."""
    health = health_of(
        value=progress.value,
        finished=row.status == finished,
        abandoned=row.status == abandoned,
        start=_day(row.start),
        end=_day(row.end),
        overdue=(row.overdue or 0) > 0,
        today=today,
    )
    return Rollup(
        progress=progress,
        outcomes_achieved=row.achieved or 0,
        outcomes_total=outcomes,
        health=health,
    )


def health_of(
    *,
    value: float | None,
    finished: bool,
    abandoned: bool,
    start: date,
    end: date | None,
    overdue: bool,
    today: date,
) -> Health:
    """The health rule (progress.schemas.HEALTH_RULE)."""
    if abandoned:
        return Health.no_data
    if finished:
        return Health.done
    if value is None:
        return Health.no_data
    if value >= 1:
        return Health.done
    expected = elapsed_share(start, end, today)
    if value >= expected - ON_TRACK_MARGIN:
        health = Health.on_track
    elif value >= expected - AT_RISK_MARGIN:
        health = Health.at_risk
    else:
        health = Health.off_track
    if overdue and health == Health.on_track:
        return Health.at_risk
    return health


def elapsed_share(start: date, end: date | None, today: date) -> float:
    """How much of the time from start to end has passed on today, 0..1 (0 with no end)."""
    if end is None or today <= start:
        return 0.0
    if today >= end:
        return 1.0
    return (today - start).days / (end - start).days


# The statements. Each outcome's own figures (commitments_total, commitments_done,
# first_open_due) are columns the database keeps current (migration e2b7c4d9f1a6), so only a
# goal's or sprint's distinct commitments still group over the commitment links.


def _live(status: Any) -> Any:
    return status != "dropped"


def _among(column: Any, ids: Ids, dialect: str | None) -> ColumnElement[bool]:
    """The column among the ids: a subquery's, or a list's bound as core.database.one_of binds
    it (one array on PostgreSQL, however many ids a page holds)."""
    if isinstance(ids, Select):
        return column.in_(ids)
    assert dialect is not None, "a list of ids is bound for a dialect"
    return one_of(column, dialect, values=list(ids))


def _targets_statement(ids: Ids, today: date, dialect: str | None) -> Select[Any]:
    return select(
        _TARGET.id,
        _TARGET.status,
        null().label("start"),
        null().label("end"),
        null().label("outcomes_total"),
        null().label("achieved"),
        null().label("value_sum"),
        null().label("overdue"),
        _TARGET.commitments_total.label("total"),
        _TARGET.commitments_done.label("done"),
    ).where(_among(_TARGET.id, ids, dialect))


def _outcome_counts(owner: Any, ids: Ids, today: date, dialect: str | None) -> Select[Any]:
    """Per owner (a goal's or sprint's column of its outcome link table), over its live
    outcomes: how many, how many achieved, the sum of their values, and how many have an open
    commitment due before today."""
    value = case(
        (_TARGET.status == "achieved", 1.0),
        (_TARGET.commitments_total == 0, 0.0),
        else_=cast(_TARGET.commitments_done, Float) / _TARGET.commitments_total,
    )
    return (
        select(
            owner.label("owner_id"),
            func.count().label("outcomes_total"),
            func.sum(case((_TARGET.status == "achieved", 1), else_=0)).label("achieved"),
            func.sum(value).label("value_sum"),
            func.sum(case((_TARGET.first_open_due < today, 1), else_=0)).label("overdue"),
        )
        .join(_TARGETS, _TARGET.id == owner.table.c.target_id)
        .where(_among(owner, ids, dialect), _live(_TARGET.status))
        .group_by(owner)
    )


def _commitment_counts(owner: Any, record: Any, ids: Ids, dialect: str | None) -> Select[Any]:
    """Per owner (its records in the table `record`): the distinct live commitments of its
    live outcomes, and the done ones (a commitment under two of its outcomes counts once).

    The owners' clients' live commitments are read first, by client, into a CTE (materialized
    on PostgreSQL) and joined to the links by hash. Looked up by id one link at a time, they
    cost four index and heap pages a link: 35,300 buffers for a client's 20 goals and 30
    sprints, where this reads 11,900 (EXPLAIN ANALYZE, bench/morning.py's data)."""
    link = owner.table.c
    live = (
        select(_COMMITMENT.id, _COMMITMENT.status)
        .where(_of_clients(_COMMITMENT.client_id, record, ids, dialect), _live(_COMMITMENT.status))
        .cte(f"{record.name}_live_commitments")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    return (
        select(
            owner.label("owner_id"),
            func.count(distinct(live.c.id)).label("total"),
            func.count(distinct(case((live.c.status == "done", live.c.id)))).label("done"),
        )
        .join(_TARGETS, and_(_TARGET.id == link.target_id, _live(_TARGET.status)))
        .join(_COMMITMENT_TARGETS, _COMMITMENT_TARGET.target_id == link.target_id)
        .join(live, live.c.id == _COMMITMENT_TARGET.commitment_id)
        .where(_among(owner, ids, dialect))
        .group_by(owner)
    )


def _of_clients(client_id: Any, record: Any, ids: Ids, dialect: str | None) -> Any:
    """client_id among the clients of the records with these ids. On PostgreSQL the clients
    are one array, computed once (an InitPlan): as an IN subquery the planner expected a
    client a record, 30,000 commitments for a client's 20 goals, and read the whole table."""
    records = _among(record.c.id, ids, dialect)
    if dialect != "postgresql":
        return client_id.in_(select(record.c.client_id).where(records))
    clients = select(func.array_agg(distinct(record.c.client_id))).where(records)
    # The cast makes it an array: ANY (SELECT …) would compare each row's array whole.
    return client_id == any_(cast(clients.scalar_subquery(), postgresql.ARRAY(Uuid)))


def _owner_statement(
    owner: Any,
    ids: Ids,
    today: date,
    dialect: str | None,
    columns: tuple[Any, ...],
    *,
    commitments: bool,
) -> Select[Any]:
    """A goal's or sprint's row: its own columns (id, status, start, end), its outcomes'
    figures, and its distinct commitments' counts (null unless `commitments`)."""
    record_id = columns[0]
    outcomes = _outcome_counts(owner, ids, today, dialect).subquery("outcomes")
    statement = (
        select(*columns)
        .select_from(record_id.table)
        .outerjoin(outcomes, outcomes.c.owner_id == record_id)
        .add_columns(
            outcomes.c.outcomes_total,
            outcomes.c.achieved,
            outcomes.c.value_sum,
            outcomes.c.overdue,
        )
        .where(_among(record_id, ids, dialect))
    )
    if not commitments:
        return statement.add_columns(null().label("total"), null().label("done"))
    counted = _commitment_counts(owner, record_id.table, ids, dialect).subquery("commitments")
    return statement.outerjoin(counted, counted.c.owner_id == record_id).add_columns(
        counted.c.total, counted.c.done
    )


def _goals_statement(
    ids: Ids, today: date, dialect: str | None, *, commitments: bool = True
) -> Select[Any]:
    columns = (
        _GOAL.id,
        _GOAL.status,
        # func.date: a day on both databases (SQLite's CAST to DATE would make a number).
        func.date(_GOAL.created_at, type_=Date).label("start"),
        _GOAL.target_date.label("end"),
    )
    return _owner_statement(
        _TARGET_GOAL.goal_id, ids, today, dialect, columns, commitments=commitments
    )


def _sprints_statement(ids: Ids, today: date, dialect: str | None) -> Select[Any]:
    columns = (
        _SPRINT.id,
        _SPRINT.status,
        _SPRINT.start_date.label("start"),
        _SPRINT.end_date.label("end"),
    )
    return _owner_statement(
        _TARGET_SPRINT.sprint_id, ids, today, dialect, columns, commitments=True
    )


def _day(value: Any) -> Any:
    # A UNION's column takes its first part's type: a day may come back as a timestamp or text.
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


def _clamped(value: float | None) -> float | None:
    # Floating-point sums of shares can land a hair past 1.
    return None if value is None else min(max(value, 0.0), 1.0)
