"""A client's graph: goals, outcomes, sprints and commitments as nodes, one edge per link row;
or one goal's part of it: the goal, its outcomes, their sprints and commitments.

A drawing holds at most MAX_NODES nodes and MAX_EDGES edges. The graph is drawn in layers
(goals, outcomes, then sprints and commitments); past the bounds, whole layers are kept from
the left while they fit and the answer says it is truncated, with the totals of everything.
Every answer takes the same statements: the totals, then one per kind of node and of edge (a
layer left out is read with no rows).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, select, true
from sqlalchemy.orm import Session

from coachboard.accounts.time_zones import today_for
from coachboard.clients import service as clients
from coachboard.core.database import transaction
from coachboard.core.errors import NotFound
from coachboard.hierarchy.records import (
    COMMITMENT_ORDER,
    GOAL_ORDER,
    SPRINT_ORDER,
    TARGET_ORDER,
    LinkRow,
)
from coachboard.hierarchy.schemas import (
    ClientGraph,
    EdgeKind,
    GraphEdge,
    GraphNode,
    GraphTotals,
    NodeKind,
)
from coachboard.models.accounts import User
from coachboard.models.commitments import Commitment
from coachboard.models.goals import ClientGoal
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink
from coachboard.models.sprints import Sprint
from coachboard.models.targets import Target
from coachboard.progress import due
from coachboard.progress import service as progress

MAX_NODES = 200
MAX_EDGES = 1_000
LAYER_WORDS = ("the goals", "the outcomes", "the sprints and commitments")


@dataclass(frozen=True)
class GraphScope:
    """Which records and links the graph holds, as SQL conditions: the client's, or one
    goal's part of them."""

    client_id: uuid.UUID
    goal_id: uuid.UUID | None

    def goals(self) -> ColumnElement[bool]:
        kept = ClientGoal.client_id == self.client_id
        return kept if self.goal_id is None else kept & (ClientGoal.id == self.goal_id)

    def target_ids(self) -> Select[tuple[uuid.UUID]]:
        if self.goal_id is None:
            return select(Target.id).where(Target.client_id == self.client_id)
        return select(TargetGoalLink.target_id).where(TargetGoalLink.goal_id == self.goal_id)

    def targets(self) -> ColumnElement[bool]:
        return Target.id.in_(self.target_ids())

    def sprints(self) -> ColumnElement[bool]:
        if self.goal_id is None:
            return Sprint.client_id == self.client_id
        linked = select(TargetSprintLink.sprint_id).where(self.target_sprint_links())
        return Sprint.id.in_(linked)

    def commitments(self) -> ColumnElement[bool]:
        if self.goal_id is None:
            return Commitment.client_id == self.client_id
        linked = select(CommitmentTargetLink.commitment_id).where(self.commitment_target_links())
        return Commitment.id.in_(linked)

    def target_goal_links(self) -> ColumnElement[bool]:
        if self.goal_id is None:
            return TargetGoalLink.target_id.in_(self.target_ids())
        return TargetGoalLink.goal_id == self.goal_id

    def target_sprint_links(self) -> ColumnElement[bool]:
        return TargetSprintLink.target_id.in_(self.target_ids())

    def commitment_target_links(self) -> ColumnElement[bool]:
        return CommitmentTargetLink.target_id.in_(self.target_ids())


@dataclass(frozen=True)
class NodeSource:
    """Where a kind of node comes from: its table, the scope's condition on it, its display
    order, and its layer (column) in the drawing."""

    kind: NodeKind
    model: Any
    kept: Callable[[GraphScope], ColumnElement[bool]]
    order: tuple[Any, ...]
    layer: int


@dataclass(frozen=True)
class EdgeSource:
    """Where a kind of edge comes from: its link table and ends, the scope's condition on it,
    and the layer of its right-hand end (an edge is drawn with that layer)."""

    kind: EdgeKind
    link: Any
    source: Any
    linked: Any
    kept: Callable[[GraphScope], ColumnElement[bool]]
    layer: int


NODES = (
    NodeSource(NodeKind.goal, ClientGoal, GraphScope.goals, GOAL_ORDER, 0),
    NodeSource(NodeKind.target, Target, GraphScope.targets, TARGET_ORDER, 1),
    NodeSource(NodeKind.sprint, Sprint, GraphScope.sprints, SPRINT_ORDER, 2),
    NodeSource(NodeKind.commitment, Commitment, GraphScope.commitments, COMMITMENT_ORDER, 2),
)
EDGES = (
    EdgeSource(
        EdgeKind.target_goal,
        TargetGoalLink,
        TargetGoalLink.target_id,
        TargetGoalLink.goal_id,
        GraphScope.target_goal_links,
        1,
    ),
    EdgeSource(
        EdgeKind.target_sprint,
        TargetSprintLink,
        TargetSprintLink.target_id,
        TargetSprintLink.sprint_id,
        GraphScope.target_sprint_links,
        2,
    ),
    EdgeSource(
        EdgeKind.commitment_target,
        CommitmentTargetLink,
        CommitmentTargetLink.commitment_id,
        CommitmentTargetLink.target_id,
        GraphScope.commitment_target_links,
        2,
    ),
)


def build(
    session: Session,
    *,
    coach: User,
    client_id: uuid.UUID,
    goal_id: uuid.UUID | None = None,
    today: date | None = None,
) -> ClientGraph:
    """The coach's client's graph, or one goal's part of it, bounded, with progress and health
    on today (the coach's when None) and commitments due before it marked overdue; NotFound
    for a client or goal that is not theirs."""
    with transaction(session):
        clients.get(session, coach=coach, client_id=client_id)
        return read(session, client_id=client_id, goal_id=goal_id, today=today or today_for(coach))


def read(
    session: Session, *, client_id: uuid.UUID, goal_id: uuid.UUID | None, today: date
) -> ClientGraph:
    """The graph of a client the caller has checked is the coach's; nodes goals first, then
    outcomes, sprints, commitments (each in display order), with progress and health on today
    and commitments due before today marked overdue; edges outcome→goal, outcome→sprint,
    commitment→outcome, each in link order."""
    scope = GraphScope(client_id, goal_id)
    totals, links_per_layer = _totals(session, scope)
    layers = drawn_layers(totals, links_per_layer)
    rows = [
        (node.kind, row)
        for node in NODES
        for row in session.execute(
            select(
                node.model.id,
                node.model.title,
                node.model.status,
                _overdue(node.kind, today).label("overdue"),
            )
            .where(node.kept(scope), _drawn(node.layer, layers))
            .order_by(*node.order)
        )
    ]
    ids = {kind: [row.id for k, row in rows if k == kind] for kind in NodeKind}
    rollups = progress.all_of(
        session,
        goal_ids=ids[NodeKind.goal],
        target_ids=ids[NodeKind.target],
        sprint_ids=ids[NodeKind.sprint],
        today=today,
    )
    figures = {
        **{i: dict(rollup) for i, rollup in rollups.goals.items()},
        **{i: {"progress": found} for i, found in rollups.targets.items()},
        **{i: dict(rollup) for i, rollup in rollups.sprints.items()},
    }
    nodes = [
        GraphNode(
            id=row.id,
            kind=kind,
            label=row.title,
            status=row.status,
            overdue=bool(row.overdue),
            **figures.get(row.id, {}),
        )
        for kind, row in rows
    ]
    edges = [
        GraphEdge(id=row.id, source=row.owner_id, linked=row.linked_id, kind=edge.kind)
        for edge in EDGES
        for row in map(
            LinkRow._make,
            session.execute(
                select(edge.link.id, edge.source, edge.linked)
                .where(edge.kept(scope), _drawn(edge.layer, layers))
                .order_by(edge.link.created_at, edge.link.id)
            ),
        )
    ]
    truncated = layers < len(LAYER_WORDS)
    return ClientGraph(
        client_id=client_id,
        goal_id=goal_id,
        nodes=nodes,
        edges=edges,
        truncated=truncated,
        totals=totals,
        detail=_detail(layers, goal_id) if truncated else None,
    )


def _overdue(kind: NodeKind, today: date) -> ColumnElement[bool]:
    return due.overdue(today) if kind is NodeKind.commitment else false()


def drawn_layers(totals: GraphTotals, links_per_layer: tuple[int, int, int]) -> int:
    """How many layers, from the left, fit in one drawing together."""
    nodes_per_layer = (totals.goals, totals.targets, totals.sprints + totals.commitments)
    nodes = edges = 0
    for layer in range(len(LAYER_WORDS)):
        nodes += nodes_per_layer[layer]
        edges += links_per_layer[layer]
        if nodes > MAX_NODES or edges > MAX_EDGES:
            return layer
    return len(LAYER_WORDS)


def _drawn(layer: int, layers: int) -> ColumnElement[bool]:
    return true() if layer < layers else false()


def _totals(session: Session, scope: GraphScope) -> tuple[GraphTotals, tuple[int, int, int]]:
    """Everything the scope holds, counted in one statement; NotFound for a goal not the
    client's."""

    def count(model: Any, condition: ColumnElement[bool]) -> Any:
        return select(func.count()).select_from(model).where(condition).scalar_subquery()

    counts = session.execute(
        select(
            *(count(node.model, node.kept(scope)) for node in NODES),
            *(count(edge.link, edge.kept(scope)) for edge in EDGES),
        )
    ).one()
    goals, targets, sprints, commitments, goal_links, sprint_links, commitment_links = counts
    if scope.goal_id is not None and not goals:
        raise NotFound("Goal")
    totals = GraphTotals(
        goals=goals,
        targets=targets,
        sprints=sprints,
        commitments=commitments,
        links=goal_links + sprint_links + commitment_links,
    )
    return totals, (0, goal_links, sprint_links + commitment_links)


def _detail(layers: int, goal_id: uuid.UUID | None) -> str:
    what = "This goal's part of the graph" if goal_id else "The graph"
    drawn = f"it holds {' and '.join(LAYER_WORDS[:layers])} only" if layers else "it holds none"
    advice = (
        "GET /clients/{client_id}/tree?goal_id=… lists them"
        if goal_id
        else "ask for one goal's part with goal_id"
    )
    return (
        f"{what} is too large for one answer (more than {MAX_NODES} nodes or {MAX_EDGES:,}"
        f" edges): {drawn}; {' and '.join(LAYER_WORDS[layers:])} are counted in totals,"
        f" not listed; {advice}."
    )
