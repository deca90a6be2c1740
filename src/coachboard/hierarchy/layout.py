"""A layered drawing of a client's graph, computed on the server and drawn by a page: boxes
as HTML placed by these coordinates, edges as SVG.

Layers are columns, read left to right: goals (0), outcomes (1), then sprints and commitments
together (2), so every edge joins neighbouring columns and none passes behind a box. A long
layer grows downwards, where a page scrolls, instead of sideways or wrapping into rows that
edges would have to cross: the drawing is as tall as its longest layer needs (64 px a node:
200 outcomes take 12,800 px), every title at the same size.

Heights are pixels; widths are units of a drawing WIDTH wide, which a page stretches to the
space it has (boxes at x / WIDTH of it, the edges' SVG with preserveAspectRatio="none"), so
the columns share whatever width there is and the edges still meet the boxes. A box holds
TITLE_LINES lines of title; the page wraps them (the browser measures the real glyphs, which
no estimate of a character's width does for every script) and ends a longer title with "…".

1. Order within layers (Sugiyama's second step, ordering.py): barycenter sweeps, down and up,
   from two starts (the graph's order, and a breadth-first order), keeping the order with the
   fewest crossings seen, then adjacent swaps while they remove crossings; nodes without any
   edge wait at the end of their layer.
2. Place (third step): the largest layer is packed; every other layer, outwards from it, puts
   each node at the mean height of its neighbours, then the least-squares shift that keeps
   the order and the spacing (isotonic regression, pool-adjacent-violators) separates them.
3. Draw: boxes of one size, and each edge a cubic Bézier from the right side of one box to
   the left of the next column's.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from coachboard.hierarchy.ordering import Order, Pair, order_layers, total_crossings
from coachboard.hierarchy.schemas import ClientGraph, EdgeKind, NodeKind

LAYER_OF = {NodeKind.goal: 0, NodeKind.target: 1, NodeKind.sprint: 2, NodeKind.commitment: 2}
LAYER_COUNT = 3
# Across: a drawing WIDTH units wide, about the pixels of a wide screen's content column.
NODE_WIDTH = 270.0
LAYER_GAP = 110.0
MARGIN = 16.0
WIDTH = 2 * MARGIN + LAYER_COUNT * NODE_WIDTH + (LAYER_COUNT - 1) * LAYER_GAP
# Down, in pixels. A page draws a box's lines LINE_HEIGHT apart; a line added to every box
# under its title (a mark, a progress bar) adds one to LINES_UNDER_TITLE.
TITLE_LINES = 2
LINES_UNDER_TITLE = 1  # the progress line of goals, outcomes and sprints
LINE_HEIGHT = 18.0
NODE_PADDING = 8.0  # above and below the lines, the box's border included
NODE_HEIGHT = 2 * NODE_PADDING + (TITLE_LINES + LINES_UNDER_TITLE) * LINE_HEIGHT
ROW_GAP = 12.0
MAX_SWEEPS = 32


@dataclass(frozen=True)
class PlacedNode:
    id: uuid.UUID
    kind: NodeKind
    label: str  # the whole title: the page wraps it to TITLE_LINES lines
    status: str
    layer: int
    x: float
    y: float
    width: float
    height: float

    @property
    def center_y(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class PlacedEdge:
    id: uuid.UUID
    source: uuid.UUID
    linked: uuid.UUID
    kind: EdgeKind
    path: str  # SVG path data, from the left column's box to the right column's


@dataclass(frozen=True)
class GraphLayout:
    nodes: list[PlacedNode]
    edges: list[PlacedEdge]
    width: float
    height: float


def layout(graph: ClientGraph, *, max_sweeps: int = MAX_SWEEPS) -> GraphLayout:
    """Positions for every node and a path for every edge; `max_sweeps=0` keeps the graph's
    order within each layer (nodes without edges last)."""
    index = {node.id: number for number, node in enumerate(graph.nodes)}
    layer_of = [LAYER_OF[node.kind] for node in graph.nodes]
    pairs = [_left_right(edge.source, edge.linked, index, layer_of) for edge in graph.edges]
    order = order_layers(layer_of, LAYER_COUNT, pairs, max_sweeps)
    tops = _place(order, pairs, len(graph.nodes))
    placed = [
        PlacedNode(
            id=node.id,
            kind=node.kind,
            label=node.label,
            status=node.status,
            layer=layer_of[number],
            x=MARGIN + layer_of[number] * (NODE_WIDTH + LAYER_GAP),
            y=round(MARGIN + tops[number], 1),  # tidy SVG; rows stay 10 px apart
            width=NODE_WIDTH,
            height=NODE_HEIGHT,
        )
        for number, node in enumerate(graph.nodes)
    ]
    edges = [
        PlacedEdge(
            id=edge.id,
            source=edge.source,
            linked=edge.linked,
            kind=edge.kind,
            path=_curve(placed[left], placed[right]),
        )
        for edge, (left, right) in zip(graph.edges, pairs, strict=True)
    ]
    bottom = max((node.y + node.height for node in placed), default=MARGIN)
    return GraphLayout(
        nodes=[placed[number] for layer in order for number in layer],
        edges=edges,
        width=WIDTH,
        height=bottom + MARGIN,
    )


def count_crossings(drawing: GraphLayout) -> int:
    """How many pairs of edges cross in the drawing: two edges between the same two columns
    cross when their ends are in opposite vertical order (edges sharing an end never cross)."""
    index = {node.id: number for number, node in enumerate(drawing.nodes)}
    layer_of = [node.layer for node in drawing.nodes]
    order: Order = [[] for _ in range(LAYER_COUNT)]
    for number in sorted(range(len(drawing.nodes)), key=lambda number: drawing.nodes[number].y):
        order[layer_of[number]].append(number)
    pairs = [_left_right(edge.source, edge.linked, index, layer_of) for edge in drawing.edges]
    return total_crossings(order, pairs)


def _left_right(
    source: uuid.UUID, target: uuid.UUID, index: dict[uuid.UUID, int], layer_of: Sequence[int]
) -> Pair:
    """The edge's ends as (node in the left column, node in the next column)."""
    if source not in index or target not in index:
        raise ValueError(f"edge {source} -> {target} names a node the graph does not have")
    ends = index[source], index[target]
    if abs(layer_of[ends[0]] - layer_of[ends[1]]) != 1:
        raise ValueError(f"edge {source} -> {target} does not join neighbouring layers")
    return ends if layer_of[ends[0]] < layer_of[ends[1]] else (ends[1], ends[0])


def _place(order: Order, pairs: Sequence[Pair], node_count: int) -> list[float]:
    """Top of each node's box, below the drawing's top margin."""
    pitch = NODE_HEIGHT + ROW_GAP
    neighbours: list[list[int]] = [[] for _ in range(node_count)]
    for left, right in pairs:
        neighbours[left].append(right)
        neighbours[right].append(left)

    tops: list[float | None] = [None] * node_count
    anchor = max(range(LAYER_COUNT), key=lambda layer: len(order[layer]))
    for row, node in enumerate(order[anchor]):
        tops[node] = row * pitch
    for layer in sorted(range(LAYER_COUNT), key=lambda layer: abs(layer - anchor))[1:]:
        wanted: list[float] = []
        for node in order[layer]:
            placed = [top for n in neighbours[node] if (top := tops[n]) is not None]
            # A node linked to nothing placed yet follows the node above it.
            wanted.append(sum(placed) / len(placed) if placed else (wanted or [-pitch])[-1] + pitch)
        for node, top in zip(order[layer], _spaced(wanted, pitch), strict=True):
            tops[node] = top
    return [top or 0.0 for top in tops]


def _spaced(wanted: list[float], pitch: float) -> list[float]:
    """The positions nearest to `wanted` (least squares) that keep their order, stay at least
    `pitch` apart and start at 0 or below: pool adjacent violators on y_i - i * pitch."""
    blocks: list[list[float]] = []  # [sum, count] of pooled targets
    for i, value in enumerate(wanted):
        blocks.append([value - i * pitch, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    shifted = [max(total / count, 0.0) for total, count in blocks for _ in range(int(count))]
    return [value + i * pitch for i, value in enumerate(shifted)]


def _curve(left: PlacedNode, right: PlacedNode) -> str:
    x1, y1 = left.x + left.width, left.center_y
    x2, y2 = right.x, right.center_y
    middle = (x1 + x2) / 2
    return f"M{x1:.1f},{y1:.1f} C{middle:.1f},{y1:.1f} {middle:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
