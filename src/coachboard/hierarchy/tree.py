"""A client's tree: goals → outcomes → each outcome's sprints and commitments, a page at a time.

Filters narrow the tree and keep the hierarchy above what matches:
- `goal_id` keeps that goal only (shown even when it has no outcome yet);
- `sprint_id` keeps the outcomes linked to that sprint, and the goals above them;
- `commitment_status` keeps the commitments of that status, the outcomes that have at least
  one of them and the goals above those outcomes: an outcome without a matching commitment
  is left out, so the filtered tree answers "where are the open commitments?".
Under a sprint or commitment-status filter a goal with no remaining outcome is left out.
Filters combine (all must hold). An outcome always lists its sprints, whatever the filters.

The `unlinked` part follows the same filters: outcomes without a goal (unless a goal is
asked for), commitments without an outcome (unless a goal or a sprint is asked for) and
sprints without an outcome (unless a goal or a commitment status is asked for).

Every answer is bounded (tree_reads.TreeBounds): a page of goals, the first outcomes of each,
the first sprints and commitments of each outcome, with counts of everything. An outcome under
several goals is shown in full at its first place only; elsewhere it is a reference to it.
"""

import uuid
from datetime import date

from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import today_for
from coachboard.clients import service as clients
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.database import transaction
from coachboard.core.errors import InvalidInput
from coachboard.core.pagination import PageParams
from coachboard.hierarchy.records import CommitmentRow, SprintRow, TargetRow
from coachboard.hierarchy.schemas import (
    ClientTree,
    GoalPage,
    TreeCommitment,
    TreeFilters,
    TreeGoal,
    TreeSprint,
    TreeTarget,
    TreeUnlinked,
)
from coachboard.hierarchy.tree_reads import (
    Group,
    Placement,
    Scope,
    TreeBounds,
    TreeRows,
    read_page,
)
from coachboard.models.accounts import User
from coachboard.progress import due
from coachboard.progress import service as progress
from coachboard.progress.service import Rollups

API_BOUNDS = TreeBounds()
# A page of 20 goals, each with at most 20 outcomes of at most 10 sprints and 10 commitments,
# stays well under 2 MB of JSON: also the most an API answer holds.
GOALS_PER_ANSWER = 20


def build(
    session: Session,
    *,
    coach: User,
    client_id: uuid.UUID,
    goal_id: uuid.UUID | None = None,
    sprint_id: uuid.UUID | None = None,
    commitment_status: CommitmentStatus | str | None = None,
    page: PageParams | None = None,
    bounds: TreeBounds = API_BOUNDS,
    today: date | None = None,
) -> ClientTree:
    """One page of goals (the first 20 when page is None) of the coach's client's tree,
    filtered, with progress and health on today (the coach's when None) and its commitments
    marked overdue from it; NotFound for a client, goal or sprint not theirs, InvalidInput for
    a commitment status that does not exist."""
    if commitment_status is not None:
        try:
            commitment_status = CommitmentStatus(commitment_status)
        except ValueError:
            allowed = ", ".join(CommitmentStatus)
            raise InvalidInput.field("commitment_status", f"must be one of {allowed}") from None
    filters = TreeFilters(goal_id=goal_id, sprint_id=sprint_id, commitment_status=commitment_status)
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        return read(
            session,
            client_id=client_id,
            filters=filters,
            today=today or today_for(coach),
            page=page,
            bounds=bounds,
        )


def read(
    session: Session,
    *,
    client_id: uuid.UUID,
    filters: TreeFilters,
    today: date,
    page: PageParams | None = None,
    bounds: TreeBounds = API_BOUNDS,
) -> ClientTree:
    """The tree of a client the caller has checked is the coach's, with progress and health
    on today and commitments due before today marked overdue; a filter id that is not one of
    the client's is NotFound."""
    page = page or PageParams(limit=GOALS_PER_ANSWER)
    rows = read_page(session, Scope(client_id, filters), page, bounds)
    return assemble(
        rows,
        _rollups(session, rows, today),
        client_id=client_id,
        filters=filters,
        page=page,
        today=today,
    )


def _rollups(session: Session, rows: TreeRows, today: date) -> Rollups:
    """The figures of every goal, outcome and sprint the page shows: one statement."""
    shown_targets = [p.target for p in rows.placements] + rows.unlinked_targets.rows
    shown_sprints = [s for group in rows.sprints_of.values() for s in group.rows]
    return progress.all_of(
        session,
        goal_ids=[goal.id for goal in rows.goals],
        target_ids=list({target.id: None for target in shown_targets}),
        sprint_ids=list({s.id: None for s in shown_sprints + rows.unlinked_sprints.rows}),
        today=today,
    )


def assemble(
    rows: TreeRows,
    rollups: Rollups,
    *,
    client_id: uuid.UUID,
    filters: TreeFilters,
    page: PageParams,
    today: date,
) -> ClientTree:
    targets_under: dict[uuid.UUID, list[TreeTarget]] = {goal.id: [] for goal in rows.goals}
    for placement in rows.placements:
        targets_under[placement.goal_id].append(_placed(placement, rows, rollups, today))
    goals = [
        TreeGoal(
            id=goal.id,
            title=goal.title,
            status=goal.status,
            target_date=goal.target_date,
            **dict(rollups.goals[goal.id]),
            targets=targets_under[goal.id],
            target_count=rows.targets_of_goal.get(goal.id, 0),
        )
        for goal in rows.goals
    ]
    return ClientTree(
        client_id=client_id,
        filters=filters,
        goal_page=GoalPage(limit=page.limit, offset=page.offset, total=rows.goal_total),
        goals=goals,
        unlinked=TreeUnlinked(
            targets=[_target(row, rows, rollups, today) for row in rows.unlinked_targets.rows],
            commitments=[_commitment(row, today) for row in rows.unlinked_commitments.rows],
            sprints=[_sprint(row, rollups) for row in rows.unlinked_sprints.rows],
            target_count=rows.unlinked_targets.total,
            commitment_count=rows.unlinked_commitments.total,
            sprint_count=rows.unlinked_sprints.total,
        ),
    )


def _placed(placement: Placement, rows: TreeRows, rollups: Rollups, today: date) -> TreeTarget:
    if placement.full:
        return _target(placement.target, rows, rollups, today)
    return _target(
        placement.target,
        rows,
        rollups,
        today,
        ref=True,
        first_goal_id=placement.first_goal_id,
        first_goal_index=placement.first_goal_index,
    )


def _target(
    row: TargetRow,
    rows: TreeRows,
    rollups: Rollups,
    today: date,
    *,
    ref: bool = False,
    first_goal_id: uuid.UUID | None = None,
    first_goal_index: int | None = None,
) -> TreeTarget:
    sprints = rows.sprints_of.get(row.id, Group([], 0))
    commitments = rows.commitments_of.get(row.id, Group([], 0))
    return TreeTarget(
        id=row.id,
        title=row.title,
        status=row.status,
        due_date=row.due_date,
        progress=rollups.targets[row.id],
        sprints=[] if ref else [_sprint(sprint, rollups) for sprint in sprints.rows],
        commitments=[] if ref else [_commitment(c, today) for c in commitments.rows],
        sprint_count=sprints.total,
        commitment_count=commitments.total,
        ref=ref,
        first_goal_id=first_goal_id,
        first_goal_index=first_goal_index,
    )


def _sprint(row: SprintRow, rollups: Rollups) -> TreeSprint:
    return TreeSprint(
        id=row.id,
        title=row.title,
        status=row.status,
        start_date=row.start_date,
        end_date=row.end_date,
        **dict(rollups.sprints[row.id]),
    )


def _commitment(row: CommitmentRow, today: date) -> TreeCommitment:
    return TreeCommitment(
        id=row.id,
        title=row.title,
        status=row.status,
        due_date=row.due_date,
        overdue=due.is_overdue(row.status, row.due_date, today),
    )
