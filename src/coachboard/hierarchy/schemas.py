"""The read models that span concepts: a client's tree and graph, ready for JSON or a template."""

import uuid
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from coachboard.commitments.schemas import CommitmentStatus
from coachboard.progress.schemas import (
    HealthField,
    OutcomesAchieved,
    OutcomesTotal,
    Progress,
)


class ReadModel(BaseModel):
    # Built by the hierarchy services, never parsed from a request; frozen so one outcome's
    # node can sit under each of its goals without being copied.
    model_config = ConfigDict(frozen=True)


class TreeCommitment(ReadModel):
    id: uuid.UUID
    title: str
    status: str
    due_date: date | None
    overdue: bool = Field(
        default=False, description="Open and due before today, in the coach's time zone."
    )


class TreeSprint(ReadModel):
    id: uuid.UUID
    title: str
    status: str
    start_date: date
    end_date: date
    progress: Progress
    outcomes_achieved: OutcomesAchieved
    outcomes_total: OutcomesTotal
    health: HealthField


class TreeTarget(ReadModel):
    """An outcome with its first sprints (by start date) and its first commitments (by creation,
    as far as filtered), and how many it has of each in all.

    An outcome under several goals is shown in full once, at its first place: under the first
    goal (in goal order) that shows it. Everywhere else it is a reference: `ref` is true,
    `first_goal_id` names that goal and `first_goal_index` its position among the tree's goals
    (the page of goals holding it starts at goal_offset = index - index % goal_limit), and its
    `sprints` and `commitments` are empty; the counts are still given.
    """

    id: uuid.UUID
    title: str
    status: str
    due_date: date | None
    progress: Progress
    sprints: list[TreeSprint]
    commitments: list[TreeCommitment]
    sprint_count: int = Field(description="Its sprints in all; `sprints` holds the first ones.")
    commitment_count: int = Field(
        description="Its commitments in all (as far as filtered); `commitments` holds the first."
    )
    ref: bool = Field(
        default=False, description="Shown in full under another goal: see first_goal_id."
    )
    first_goal_id: uuid.UUID | None = None
    first_goal_index: int | None = None


class TreeGoal(ReadModel):
    """A goal with its first outcomes (by creation); `target_count` says how many it has in all
    (as far as filtered): the rest are listed by GET /clients/{id}/targets?goal_id=…"""

    id: uuid.UUID
    title: str
    status: str
    target_date: date | None
    progress: Progress
    outcomes_achieved: OutcomesAchieved
    outcomes_total: OutcomesTotal
    health: HealthField
    targets: list[TreeTarget]
    target_count: int


class TreeUnlinked(ReadModel):
    """What hangs under no goal: outcomes without a goal, commitments without an outcome,
    sprints without an outcome, the first few of each and how many in all. Nothing of the
    client is hidden from an unfiltered tree: what is not listed is counted."""

    targets: list[TreeTarget]
    commitments: list[TreeCommitment]
    sprints: list[TreeSprint]
    target_count: int
    commitment_count: int
    sprint_count: int


class TreeFilters(ReadModel):
    goal_id: uuid.UUID | None = None
    sprint_id: uuid.UUID | None = None
    commitment_status: CommitmentStatus | None = None


class GoalPage(ReadModel):
    """Which goals of the (filtered) tree an answer holds: `total` goals in all."""

    limit: int
    offset: int
    total: int


class ClientTree(ReadModel):
    """Goals → outcomes → each outcome's sprints and commitments, a page of goals at a time; an
    outcome linked to several goals appears under each of them, in full only at its first."""

    client_id: uuid.UUID
    filters: TreeFilters
    goal_page: GoalPage
    goals: list[TreeGoal]
    unlinked: TreeUnlinked


class NodeKind(StrEnum):
    goal = "goal"
    target = "target"
    sprint = "sprint"
    commitment = "commitment"


class EdgeKind(StrEnum):
    target_goal = "target_goal"
    target_sprint = "target_sprint"
    commitment_target = "commitment_target"


class GraphNode(ReadModel):
    """A record; goals, outcomes and sprints carry their progress, goals and sprints their
    outcome counts and health too (null on the kinds without them)."""

    id: uuid.UUID
    kind: NodeKind
    label: str = Field(description="The record's whole title, never shortened: a drawing wraps it.")
    status: str
    progress: Progress | None = None
    outcomes_achieved: OutcomesAchieved | None = None
    outcomes_total: OutcomesTotal | None = None
    health: HealthField | None = None
    overdue: bool = Field(
        default=False,
        description="A commitment open and due before today, in the coach's time zone.",
    )


class GraphEdge(ReadModel):
    """One link row: `source` is the first record the kind names (the outcome of a
    target_goal edge, the commitment of a commitment_target edge), `linked` the record it
    links to, `id` the link row's id."""

    id: uuid.UUID
    source: uuid.UUID
    linked: uuid.UUID
    kind: EdgeKind


class GraphTotals(ReadModel):
    """What the whole graph (or the goal's part of it) holds, drawn or not."""

    goals: int
    targets: int
    sprints: int
    commitments: int
    links: int


class ClientGraph(ReadModel):
    """Nodes and edges of the client's graph, or of one goal's part of it (`goal_id`).

    A drawing holds at most 200 nodes and 1,000 edges. Past that the answer keeps whole layers
    from the left while they fit (the goals, then their outcomes); `truncated` is then true,
    `totals` says what was left out and `detail` how to see it.
    """

    client_id: uuid.UUID
    goal_id: uuid.UUID | None = None
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = False
    totals: GraphTotals
    detail: str | None = None
