"""What the Graph tab shows, prepared from the graph and its layout so that the template only
draws: the columns and their boxes, each linking to its record and listing the boxes it is
linked to, the edges as SVG, the links as text, a legend, the goal picker, and what a drawing
too large to show whole has left out.

The drawing is one SVG as wide as the page: each box a foreignObject placed down by the
layout's pixels and across by its share of the width (SVG takes percentages there, and the
page's Content-Security-Policy allows no inline style), so the columns share whatever width
there is; inside it, HTML whose title the browser wraps to two lines (CSS line-clamp: real
glyph widths in every script, "…" past the second line, the whole title still the link's
text for screen readers and find-in-page). The edges are a nested SVG in the layout's units,
stretched to the same width. On a phone the drawing is three screens wide and scrolls
sideways a column at a time (scroll snap), with a switcher naming the columns; the edges
leaving a column's boxes show where their links go."""

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from coachboard.hierarchy.graph import MAX_EDGES, MAX_NODES
from coachboard.hierarchy.layout import (
    LAYER_GAP,
    MARGIN,
    NODE_WIDTH,
    GraphLayout,
)
from coachboard.hierarchy.records import GoalRow
from coachboard.hierarchy.schemas import ClientGraph, EdgeKind, GraphNode, NodeKind
from coachboard.web.workspace.views import (
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
HEADING_BASELINE = 22.0
COLUMNS = (
    ("graph-goals", "Goals"),
    ("graph-outcomes", "Outcomes"),
    ("graph-sprints", "Sprints and commitments"),
)
HEALTH_WORDS = {
    "on_track": "on track",
    "at_risk": "at risk",
    "off_track": "off track",
    "done": "done",
    "no_data": "no data",
}
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
    label: str  # the whole title; the page shows two lines of it
    tooltip: str  # the whole title, its kind and status
    settled: bool
    overdue: bool  # a commitment open past its due date: marked with a word, not colour alone
    layer: int
    x: str  # a percentage of the drawing's width
    y: float  # px, from the top of the drawing, headings included
    width: str  # a percentage of the drawing's width
    height: float
    id: uuid.UUID
    progress: "DrawnProgress | None" = None


@dataclass(frozen=True)
class DrawnProgress:
    """A box's progress line under its title: a thin bar, and the share and health in words."""

    value: float | None
    words: str  # "40% · at risk"
    health: str | None


@dataclass(frozen=True)
class DrawnColumn:
    anchor: str  # where the phone's switcher scrolls to
    heading: str
    x: str  # a percentage of the drawing's width
    count: int  # boxes drawn in it


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
    height: float  # px, headings included
    view_box: str  # of the edges' SVG, stretched across the drawing's width
    heading_y: float  # px, the baseline of the column headings
    columns: list[DrawnColumn]
    nodes: list[DrawnNode]  # each column's, top to bottom, one column after the other
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
    """The layout as boxes that link to their records, placed across by shares of the width,
    the edges as SVG paths, the links as text, and the goal picker's choices (every goal of
    the client)."""
    shown = {node.id: node for node in graph.nodes}
    overdue = {node.id for node in graph.nodes if node.overdue}
    nodes = [
        DrawnNode(
            kind=node.kind.value,
            href=links.url(node.kind, node.id),
            label=node.label,
            tooltip=f"{KIND_WORDS[node.kind][0].capitalize()}: {node.label} "
            f"({status_words(node.status).lower()}{', overdue' if node.id in overdue else ''})",
            settled=node.status in SETTLED,
            overdue=node.id in overdue,
            layer=node.layer,
            x=_share(node.x, drawing.width),
            y=HEADER + node.y,
            width=_share(node.width, drawing.width),
            height=node.height,
            id=node.id,
            progress=_progress_line(shown.get(node.id)),
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
        height=drawing.height + HEADER,
        view_box=f"0 {-HEADER:g} {drawing.width:g} {drawing.height + HEADER:g}",
        heading_y=HEADING_BASELINE,
        columns=[
            DrawnColumn(
                anchor=anchor,
                heading=heading,
                x=_share(MARGIN + layer * (NODE_WIDTH + LAYER_GAP), drawing.width),
                count=sum(node.layer == layer for node in drawing.nodes),
            )
            for layer, (anchor, heading) in enumerate(COLUMNS)
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


def _share(length: float, whole: float) -> str:
    return f"{100 * length / whole:.3f}%"


def _progress_line(node: GraphNode | None) -> DrawnProgress | None:
    """The progress line of a goal's, outcome's or sprint's box; None for a commitment's."""
    if node is None or node.progress is None:
        return None
    value = node.progress.value
    words = ["no progress yet" if value is None else f"{round(value * 100)}%"]
    if node.health is not None:
        words.append(HEALTH_WORDS[node.health])
    return DrawnProgress(value=value, words=" · ".join(words), health=node.health)


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
