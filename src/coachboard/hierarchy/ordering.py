"""Crossing reduction for a layered graph (Sugiyama's second step), on plain integers.

Nodes are 0..n-1, each in a layer; every edge (left, right) joins a node to one in the next
layer. The functions here order each layer to keep edge crossings low; layout.py turns the
order into a drawing. Integers rather than UUIDs: hashing a UUID is a Python-level call, and
the sweeps look nodes up millions of times for a large client.
"""

from bisect import bisect_left
from collections import deque
from collections.abc import Sequence

Order = list[list[int]]
Pair = tuple[int, int]

# Barycenter sweeps stop after this many sweeps in a row without fewer crossings.
PATIENCE = 4
# Adjacent-swap passes after the sweeps, at most; each looks at every pair of neighbours once.
TRANSPOSE_PASSES = 8


def order_layers(
    layer_of: Sequence[int], layer_count: int, pairs: Sequence[Pair], max_sweeps: int
) -> Order:
    """Node indices per layer, top to bottom: in index order, nodes without edges last; when
    max_sweeps > 0, the linked nodes reordered to reduce crossings."""
    neighbours: list[list[int]] = [[] for _ in layer_of]
    for left, right in pairs:
        neighbours[left].append(right)
        neighbours[right].append(left)
    linked = [node for node in range(len(layer_of)) if neighbours[node]]
    # Nodes without any edge cross nothing wherever they are: they wait at the end.
    isolated = _layered(
        [node for node in range(len(layer_of)) if not neighbours[node]], layer_of, layer_count
    )
    if max_sweeps <= 0:
        best = _layered(linked, layer_of, layer_count)
    else:
        # Sweeps settle in a local minimum that depends on where they start; two deterministic
        # starts (the given order, and a breadth-first order that keeps linked records
        # together) and the better of the two results avoid most bad minima for little cost.
        results = [
            _sweep(_layered(start, layer_of, layer_count), pairs, max_sweeps, len(layer_of))
            for start in (linked, _breadth_first(linked, neighbours))
        ]
        best = min(results, key=lambda result: result[0])[1]
        _transpose(best, pairs, len(layer_of))
    return [layer + waiting for layer, waiting in zip(best, isolated, strict=True)]


def total_crossings(order: Order, pairs: Sequence[Pair]) -> int:
    """How many pairs of edges cross, given each layer's order: two edges between the same two
    layers cross when their ends are in opposite order (edges sharing an end never cross)."""
    node_count = 1 + max((node for layer in order for node in layer), default=-1)
    position = [0] * node_count
    layer_of = [0] * node_count
    for number, layer in enumerate(order):
        for index, node in enumerate(layer):
            position[node] = index
            layer_of[node] = number
    ends: list[list[Pair]] = [[] for _ in order]
    for left, right in pairs:
        ends[layer_of[left]].append((position[left], position[right]))
    return sum(
        _inversions(layer_ends, len(order[number + 1]))
        for number, layer_ends in enumerate(ends)
        if layer_ends
    )


def _inversions(ends: list[Pair], right_size: int) -> int:
    """Pairs of edges (a, b), (c, d) with a < c and b > d, through a Fenwick tree over the
    right ends: O(E log V) rather than comparing every pair of edges."""
    tree = [0] * (right_size + 1)
    crossings = 0
    for seen, (_, right) in enumerate(sorted(ends)):
        # The edges already seen whose right end lies strictly below this one's cross it.
        index, not_below = right + 1, 0
        while index > 0:
            not_below += tree[index]
            index -= index & -index
        crossings += seen - not_below
        index = right + 1
        while index <= right_size:
            tree[index] += 1
            index += index & -index
    return crossings


def _layered(nodes: Sequence[int], layer_of: Sequence[int], layer_count: int) -> Order:
    order: Order = [[] for _ in range(layer_count)]
    for node in nodes:
        order[layer_of[node]].append(node)
    return order


def _breadth_first(nodes: Sequence[int], neighbours: Sequence[list[int]]) -> list[int]:
    """Cuthill-McKee order: breadth first from a least-linked node of each component, fewest
    links first, so that records linked to each other end up close together."""
    degree = [len(linked) for linked in neighbours]
    seen = [False] * len(neighbours)
    visited: list[int] = []
    for start in sorted(nodes, key=degree.__getitem__):
        if seen[start]:
            continue
        seen[start] = True
        queue = deque([start])
        while queue:
            node = queue.popleft()
            visited.append(node)
            for neighbour in sorted(neighbours[node], key=degree.__getitem__):
                if not seen[neighbour]:
                    seen[neighbour] = True
                    queue.append(neighbour)
    return visited


def _sides(pairs: Sequence[Pair], node_count: int) -> tuple[list[list[int]], list[list[int]]]:
    """Each node's neighbours in the layer before it and in the layer after it."""
    left_of: list[list[int]] = [[] for _ in range(node_count)]
    right_of: list[list[int]] = [[] for _ in range(node_count)]
    for left, right in pairs:
        right_of[left].append(right)
        left_of[right].append(left)
    return left_of, right_of


def _sweep(
    order: Order, pairs: Sequence[Pair], max_sweeps: int, node_count: int
) -> tuple[int, Order]:
    """Alternate downward and upward barycenter sweeps until PATIENCE sweeps in a row bring
    nothing better (or max_sweeps); the fewest crossings seen and that order."""
    left_of, right_of = _sides(pairs, node_count)
    best, fewest, stale = [list(layer) for layer in order], total_crossings(order, pairs), 0
    rank = [0.0] * node_count  # each node's relative position (0..1) in its layer
    for layer in order:
        _rank(layer, rank)
    for sweep in range(max_sweeps):
        if sweep % 2 == 0:  # downwards: each layer follows the one before it
            for layer in range(1, len(order)):
                order[layer] = _by_barycenter(order[layer], left_of, right_of, rank)
        else:  # upwards: each layer follows the one after it
            for layer in range(len(order) - 2, -1, -1):
                order[layer] = _by_barycenter(order[layer], right_of, left_of, rank)
        crossings = total_crossings(order, pairs)
        if crossings < fewest:
            best, fewest, stale = [list(layer) for layer in order], crossings, 0
        else:
            stale += 1
            if stale == PATIENCE:
                break
    return fewest, best


def _rank(layer: list[int], rank: list[float]) -> None:
    for index, node in enumerate(layer):
        rank[node] = (index + 0.5) / len(layer)


def _by_barycenter(
    free: list[int],
    towards: Sequence[list[int]],
    away: Sequence[list[int]],
    rank: list[float],
) -> list[int]:
    """The free layer sorted by the mean relative position of each node's neighbours in the
    layer the sweep comes from (`towards`), or, for a node with none there, on the other side
    (every node here has an edge). Stable: ties keep their order."""
    keys = []
    for node in free:
        linked = towards[node] or away[node]
        keys.append(sum(rank[n] for n in linked) / len(linked))
    ordered = [free[index] for index in sorted(range(len(free)), key=keys.__getitem__)]
    _rank(ordered, rank)
    return ordered


def _transpose(order: Order, pairs: Sequence[Pair], node_count: int) -> None:
    """Swap neighbours within a layer wherever that removes crossings, until no swap helps
    (at most TRANSPOSE_PASSES passes): the local clean-up barycenters cannot do, such as a
    node caught between two nodes whose edges it crosses."""
    left_of, right_of = _sides(pairs, node_count)
    position = [0] * node_count
    for layer in order:
        for index, node in enumerate(layer):
            position[node] = index

    def crossings_if_above(upper: int, lower: int) -> int:
        return _pairs_above(left_of[upper], left_of[lower], position) + _pairs_above(
            right_of[upper], right_of[lower], position
        )

    for _ in range(TRANSPOSE_PASSES):
        swapped = False
        for layer in order:
            for index in range(len(layer) - 1):
                upper, lower = layer[index], layer[index + 1]
                if crossings_if_above(lower, upper) < crossings_if_above(upper, lower):
                    layer[index], layer[index + 1] = lower, upper
                    position[upper], position[lower] = index + 1, index
                    swapped = True
        if not swapped:
            return


def _pairs_above(upper_ends: list[int], lower_ends: list[int], position: list[int]) -> int:
    """Edges from an upper and a lower node that cross: pairs of ends where the upper node's
    lies strictly below the lower node's."""
    if not upper_ends or not lower_ends:
        return 0
    lower_positions = sorted(position[end] for end in lower_ends)
    return sum(bisect_left(lower_positions, position[end]) for end in upper_ends)
