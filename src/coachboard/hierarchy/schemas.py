"""The read models that span concepts: a client's tree and graph, ready for JSON or a template."""

import uuid
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from coachboard.commitments.schemas import CommitmentStatus


class ReadModel(BaseModel):
    # Built by the hierarchy services, never parsed from a request; frozen so one outcome's
    # node can sit under each of its goals without being copied.
    model_config = ConfigDict(frozen=True)


class TreeCommitment(ReadModel):
    id: uuid.UUID
    title: str
    status: str
    due_date: date | None


class TreeSprint(ReadModel):
    id: uuid.UUID
    title: str
    status: str
    start_date: date
    end_date: date


class TreeTarget(ReadModel):
    """An outcome with its sprints (by start date) and its commitments (as far as filtered)."""

    id: uuid.UUID
    title: str
    status: str
    due_date: date | None
    sprints: list[TreeSprint]
    commitments: list[TreeCommitment]


class TreeGoal(ReadModel):
    id: uuid.UUID
    title: str
    status: str
    target_date: date | None
    targets: list[TreeTarget]


class TreeUnlinked(ReadModel):
    """What hangs under no goal: outcomes without a goal, commitments without an outcome,
    sprints without an outcome. Nothing of the client is hidden from an unfiltered tree."""

    targets: list[TreeTarget]
    commitments: list[TreeCommitment]
    sprints: list[TreeSprint]


class TreeFilters(ReadModel):
    goal_id: uuid.UUID | None = None
    sprint_id: uuid.UUID | None = None
    commitment_status: CommitmentStatus | None = None


class ClientTree(ReadModel):
    """Goals → outcomes → each outcome's sprints and commitments; an outcome linked to several
    goals appears under each of them."""

    client_id: uuid.UUID
    filters: TreeFilters
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
    id: uuid.UUID
    kind: NodeKind
    label: str
    status: str


class GraphEdge(ReadModel):
    """One link row: `source` is the first record the kind names (the outcome of a
    target_goal edge, the commitment of a commitment_target edge), `id` the link row's id."""

    id: uuid.UUID
    source: uuid.UUID
    target: uuid.UUID
    kind: EdgeKind


class ClientGraph(ReadModel):
    client_id: uuid.UUID
    nodes: list[GraphNode]
    edges: list[GraphEdge]
