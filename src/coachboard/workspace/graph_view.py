"""What the Graph tab shows, prepared from the graph and its layout so that the template only
draws: the SVG's shapes, each linking to its record, the links as text, a legend, the goal
picker, and what a drawing too large to show whole has left out."""

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from coachboard.hierarchy.graph import MAX_EDGES, MAX_NODES
from coachboard.hierarchy.layout import LAYER_GAP, MARGIN, NODE_WIDTH, GraphLayout
from coachboard.hierarchy.records import GoalRow
from coachboard.hierarchy.schemas import ClientGraph, EdgeKind, NodeKind
from coachboard.workspace.views import (
    KIND_WORDS,
    Choice,
    RecordLinks,
    choices,
    plural,
    status_words,
)

# Statuses after which a record needs no more attention: drawn faded in the graph.
SETTLED = frozenset({"achieved", "dropped", "done", "completed", "cancelled"})
HEADER = 32.0  # room above the drawing for the column headings
TEXT_INSET = (10.0, 19.5)  # a label's baseline from its box's top-left corner, at 12 px
# What a drawing shows when it stops before a layer: the goals (0), outcomes (1), or sprints
# and commitments (2).
CUTS = (
    "even the goals alone are too many",
    "it shows the goals only, not their outcomes, sprints and commitments",
    "it shows goals and outcomes only, not the outcomes' sprints and commitments",
)


@dataclass(frozen=True)
class DrawnNode:
    kind: str
    href: str
    label: str  # cut to the box
    tooltip: str  # the full label, its kind and status
    settled: bool
    overdue: bool  # a commitment open past its due date: marked with a word, not colour alone
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    id: uuid.UUID


@dataclass(frozen=True)
class DrawnEdge:
    kind: str
    path: str
    source: uuid.UUID
    linked: uuid.UUID


@dataclass(frozen=True)
class LinkLine:
    """One link as text, from its record in the left column to the one in the right."""

    left: tuple[str, str]  # (label, href)
    right: tuple[str, str]


@dataclass(frozen=True)
class LinkGroup:
    title: str
    lines: list[LinkLine]


@dataclass(frozen=True)
class LegendEntry:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class GraphDrawing:
    width: float
    height: float
    view_box: str
    columns: list[tuple[float, str]]  # (x, heading)
    nodes: list[DrawnNode]
    edges: list[DrawnEdge]
    summary: str  # what the graph (or the goal's part) holds, drawn or not
    legend: list[LegendEntry]
    link_groups: list[LinkGroup]
    left_out: str | None  # what a drawing too large to show whole leaves out, in words
    goal_choices: list[Choice]
    goal_id: uuid.UUID | None  # the goal whose part is drawn
    goal_title: str | None

    @property
    def empty(self) -> bool:
        return not self.nodes and self.left_out is None


EDGE_GROUPS = {
    EdgeKind.target_goal: "Goal → outcome",
    EdgeKind.target_sprint: "Outcome → sprint",
    EdgeKind.commitment_target: "Outcome → commitment",
}


def draw_graph(
    graph: ClientGraph, drawing: GraphLayout, goals: Sequence[GoalRow], *, links: RecordLinks
) -> GraphDrawing:
    """The layout as SVG shapes that link to their records, the links as text, and the goal
    picker's choices (every goal of the client)."""
    overdue = {node.id for node in graph.nodes if node.overdue}
    nodes = [
        DrawnNode(
            kind=node.kind.value,
            href=links.url(node.kind, node.id),
            label=node.label,
            tooltip=f"{KIND_WORDS[node.kind][0].capitalize()}: {node.full_label} "
            f"({status_words(node.status).lower()}{', overdue' if node.id in overdue else ''})",
            settled=node.status in SETTLED,
            overdue=node.id in overdue,
            x=node.x,
            y=node.y,
            width=node.width,
            height=node.height,
            text_x=node.x + TEXT_INSET[0],
            text_y=node.y + TEXT_INSET[1],
            id=node.id,
        )
        for node in drawing.nodes
    ]
    edges = [
        DrawnEdge(kind=edge.kind.value, path=edge.path, source=edge.source, linked=edge.linked)
        for edge in drawing.edges
    ]
    counts = Counter(node.kind for node in graph.nodes)
    legend = [
        LegendEntry(kind.value, KIND_WORDS[kind][1].capitalize(), counts[kind]) for kind in NodeKind
    ]
    totals = graph.totals
    described = [
        plural(count, kind)
        for count, kind in (
            (totals.goals, NodeKind.goal),
            (totals.targets, NodeKind.target),
            (totals.sprints, NodeKind.sprint),
            (totals.commitments, NodeKind.commitment),
        )
    ]
    summary = (
        f"{', '.join(described[:-1])} and {described[-1]}, "
        f"joined by {totals.links:,} {'link' if totals.links == 1 else 'links'}"
    )
    goal_titles = {row.id: row.title for row in goals}
    return GraphDrawing(
        width=drawing.width,
        height=drawing.height + HEADER,
        view_box=f"0 {-HEADER:g} {drawing.width:g} {drawing.height + HEADER:g}",
        columns=[
            (MARGIN + layer * (NODE_WIDTH + LAYER_GAP), heading)
            for layer, heading in enumerate(("Goals", "Outcomes", "Sprints and commitments"))
        ],
        nodes=nodes,
        edges=edges,
        summary=summary,
        legend=legend,
        link_groups=_link_groups(graph, links),
        left_out=_left_out(graph, counts) if graph.truncated else None,
        goal_choices=choices(goal_titles.items(), graph.goal_id),
        goal_id=graph.goal_id,
        goal_title=goal_titles.get(graph.goal_id) if graph.goal_id else None,
    )


def _left_out(graph: ClientGraph, drawn: Counter[NodeKind]) -> str:
    """What a drawing too large to show whole leaves out: the layers from the first one not
    drawn in full."""
    totals = graph.totals
    layers = (
        (drawn[NodeKind.goal], totals.goals),
        (drawn[NodeKind.target], totals.targets),
        (drawn[NodeKind.sprint] + drawn[NodeKind.commitment], totals.sprints + totals.commitments),
    )
    kept = next((layer for layer, (shown, total) in enumerate(layers) if shown < total), 0)
    too_many = f"more than {MAX_NODES} boxes or {MAX_EDGES:,} links"
    return f"Too many to draw at once ({too_many}): {CUTS[kept]}."


def _link_groups(graph: ClientGraph, links: RecordLinks) -> list[LinkGroup]:
    labels = {node.id: (node.label, links.url(node.kind, node.id)) for node in graph.nodes}
    groups: dict[EdgeKind, list[LinkLine]] = {kind: [] for kind in EDGE_GROUPS}
    for edge in graph.edges:
        # Read left to right, as drawn: the goal before its outcome, the outcome before its
        # commitment; the edge names the outcome first except for commitments.
        if edge.kind is EdgeKind.target_sprint:
            left, right = edge.source, edge.linked
        else:
            left, right = edge.linked, edge.source
        groups[edge.kind].append(LinkLine(labels[left], labels[right]))
    return [
        LinkGroup(f"{title} ({len(groups[kind])})", groups[kind])
        for kind, title in EDGE_GROUPS.items()
        if groups[kind]
    ]
