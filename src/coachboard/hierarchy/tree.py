"""A client's tree: goals → outcomes → each outcome's sprints and commitments.

Filters narrow the tree and keep the hierarchy above what matches:
- `goal_id` keeps that goal only (shown even when it has no outcome yet);
- `sprint_id` keeps the outcomes linked to that sprint, and the goals above them;
- `commitment_status` keeps the commitments of that status, the outcomes that have at least
  one of them and the goals above those outcomes: an outcome without a matching commitment
  is left out, so the filtered tree answers "where are the open commitments?".
Under a sprint or commitment-status filter a goal with no remaining outcome is left out.
Filters combine (all must hold). An outcome always lists all its sprints.

The `unlinked` part follows the same filters: outcomes without a goal (unless a goal is
asked for), commitments without an outcome (unless a goal or a sprint is asked for) and
sprints without an outcome (unless a goal or a commitment status is asked for).
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy.orm import Session

from coachboard.accounts.models import User
from coachboard.clients import service as clients
from coachboard.commitments.schemas import CommitmentStatus
from coachboard.core.database import transaction
from coachboard.core.errors import InvalidInput, NotFound
from coachboard.hierarchy import records as client_records
from coachboard.hierarchy.records import ClientRecords, LinkRow
from coachboard.hierarchy.schemas import (
    ClientTree,
    TreeCommitment,
    TreeFilters,
    TreeGoal,
    TreeSprint,
    TreeTarget,
    TreeUnlinked,
)


def build(
    session: Session,
    *,
    coach: User,
    client_id: uuid.UUID,
    goal_id: uuid.UUID | None = None,
    sprint_id: uuid.UUID | None = None,
    commitment_status: CommitmentStatus | str | None = None,
) -> ClientTree:
    """The coach's client's tree, filtered; NotFound for a client, goal or sprint not theirs,
    InvalidInput for a commitment status that does not exist."""
    if commitment_status is not None:
        try:
            commitment_status = CommitmentStatus(commitment_status)
        except ValueError:
            allowed = ", ".join(CommitmentStatus)
            raise InvalidInput.field("commitment_status", f"must be one of {allowed}") from None
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        records = client_records.load(
            session, client_id=client_id, commitment_status=commitment_status
        )
    filters = TreeFilters(goal_id=goal_id, sprint_id=sprint_id, commitment_status=commitment_status)
    return assemble(records, client_id=client_id, filters=filters)


def assemble(records: ClientRecords, *, client_id: uuid.UUID, filters: TreeFilters) -> ClientTree:
    """The tree of the records; a filter id that is not one of the client's is NotFound."""
    goal_ids = [row.id for row in records.goals]
    if filters.goal_id is not None and filters.goal_id not in goal_ids:
        raise NotFound("Goal")
    sprints = {
        row.id: TreeSprint(
            id=row.id,
            title=row.title,
            status=row.status,
            start_date=row.start_date,
            end_date=row.end_date,
        )
        for row in records.sprints
    }
    if filters.sprint_id is not None and filters.sprint_id not in sprints:
        raise NotFound("Sprint")
    commitments = {
        row.id: TreeCommitment(id=row.id, title=row.title, status=row.status, due_date=row.due_date)
        for row in records.commitments
    }

    sprint_ids_of = _grouped(records.target_sprint_links, order=list(sprints))
    commitment_ids_of = _grouped(records.commitment_target_links, by_linked=True, order=commitments)
    goal_ids_of = _grouped(records.target_goal_links, order=goal_ids)

    targets: dict[uuid.UUID, TreeTarget] = {}
    for row in records.targets:
        target_sprints = sprint_ids_of.get(row.id, [])
        target_commitments = commitment_ids_of.get(row.id, [])
        if filters.sprint_id is not None and filters.sprint_id not in target_sprints:
            continue
        if filters.commitment_status is not None and not target_commitments:
            continue
        targets[row.id] = TreeTarget(
            id=row.id,
            title=row.title,
            status=row.status,
            due_date=row.due_date,
            sprints=[sprints[sprint_id] for sprint_id in target_sprints],
            commitments=[commitments[commitment_id] for commitment_id in target_commitments],
        )

    targets_of_goal: dict[uuid.UUID, list[TreeTarget]] = defaultdict(list)
    for target_id, target in targets.items():
        for goal_id in goal_ids_of.get(target_id, []):
            targets_of_goal[goal_id].append(target)

    narrowed = filters.sprint_id is not None or filters.commitment_status is not None
    goals = [
        TreeGoal(
            id=row.id,
            title=row.title,
            status=row.status,
            target_date=row.target_date,
            targets=targets_of_goal.get(row.id, []),
        )
        for row in records.goals
        if (filters.goal_id is None or row.id == filters.goal_id)
        and (not narrowed or row.id in targets_of_goal)
    ]
    return ClientTree(
        client_id=client_id,
        filters=filters,
        goals=goals,
        unlinked=_unlinked(records, filters, targets, goal_ids_of, commitments, sprints),
    )


def _unlinked(
    records: ClientRecords,
    filters: TreeFilters,
    targets: dict[uuid.UUID, TreeTarget],
    goal_ids_of: dict[uuid.UUID, list[uuid.UUID]],
    commitments: dict[uuid.UUID, TreeCommitment],
    sprints: dict[uuid.UUID, TreeSprint],
) -> TreeUnlinked:
    if filters.goal_id is not None:
        return TreeUnlinked(targets=[], commitments=[], sprints=[])
    linked_commitments = {row.owner_id for row in records.commitment_target_links}
    linked_sprints = {row.linked_id for row in records.target_sprint_links}
    return TreeUnlinked(
        targets=[target for target_id, target in targets.items() if target_id not in goal_ids_of],
        commitments=[]
        if filters.sprint_id is not None
        else [c for c_id, c in commitments.items() if c_id not in linked_commitments],
        sprints=[]
        if filters.commitment_status is not None
        else [
            sprint
            for sprint_id, sprint in sprints.items()
            if sprint_id not in linked_sprints
            and (filters.sprint_id is None or sprint_id == filters.sprint_id)
        ],
    )


def _grouped(
    links: Iterable[LinkRow], *, order: Iterable[uuid.UUID], by_linked: bool = False
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """Link rows grouped by one end, each group in `order` (the display order of the other end).

    Link rows are (id, owner_id, linked_id); grouped by owner unless by_linked.
    """
    rank = {record_id: position for position, record_id in enumerate(order)}
    groups: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for row in links:
        key, member = (row.linked_id, row.owner_id) if by_linked else (row.owner_id, row.linked_id)
        groups[key].append(member)
    for members in groups.values():
        members.sort(key=rank.__getitem__)
    return dict(groups)
