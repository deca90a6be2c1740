"""Crossing reduction for a layered graph (Sugiyama's second step), on plain integers.

Nodes are 0..n-1, each in a layer; every edge (left, right) joins a node to one in the next
layer. The functions here order each layer to keep edge crossings low; layout.py turns the
order into a drawing. Integers rather than UUIDs: hashing a UUID is a Python-level call, and
the sweeps look nodes up millions of times for a large client.
"""

from collections import deque
from collections.abc import Sequence

Order = list[list[int]]
Pair = tuple[int, int]

# Barycenter sweeps stop after this many sweeps in a row without fewer crossings.
PATIENCE = 4


def order_layers(
    layer_of: Sequence[int], layer_count: int, pairs: Sequence[Pair], max_sweeps: int
) -> Order:
    """Node indices per layer, top to bottom: nodes without edges last, else in index order,
    then (when max_sweeps > 0) reordered by barycenter sweeps to reduce crossings."""
    neighbours: list[list[int]] = [[] for _ in layer_of]
    for left, right in pairs:
        neighbours[left].append(right)
        neighbours[right].append(left)
    # Nodes without any edge cross nothing wherever they are: keep them out of the way.
    given = sorted(range(len(layer_of)), key=lambda node: not neighbours[node])
    if max_sweeps <= 0:
        return _layered(given, layer_of, layer_count)
    # Sweeps settle in a local minimum that depends on where they start; two deterministic
    # starts (the given order, and a breadth-first order that keeps linked records together)
    # and the better of the two results avoid most bad minima for little cost.
    starts = (given, _breadth_first(given, neighbours))
    results = [
        _sweep(_layered(start, layer_of, layer_count), pairs, max_sweeps) for start in starts
    ]
    return min(results, key=lambda result: result[0])[1]


def total_crossings(order: Order, pairs: Sequence[Pair]) -> int:
    """How many pairs of edges cross, given each layer's order: two edges between the same two
    layers cross when their ends are in opposite order (edges sharing an end never cross)."""
    node_count = sum(len(layer) for layer in order)
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
    links first, so that records linked to each other end up close together; nodes without
    edges last, as given."""
    degree = [len(linked) for linked in neighbours]
    seen = [False] * len(neighbours)
    visited: list[int] = []
    for start in sorted(nodes, key=degree.__getitem__):
        if seen[start] or not degree[start]:
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
    return visited + [node for node in nodes if not degree[node]]


def _sweep(order: Order, pairs: Sequence[Pair], max_sweeps: int) -> tuple[int, Order]:
    """Alternate downward and upward barycenter sweeps until PATIENCE sweeps in a row bring
    nothing better (or max_sweeps); the fewest crossings seen and that order."""
    node_count = sum(len(layer) for layer in order)
    left_of: list[list[int]] = [[] for _ in range(node_count)]
    right_of: list[list[int]] = [[] for _ in range(node_count)]
    for left, right in pairs:
        right_of[left].append(right)
        left_of[right].append(left)

    best, fewest, stale = [list(layer) for layer in order], total_crossings(order, pairs), 0
    rank = [0.0] * node_count
    for sweep in range(max_sweeps):
        if sweep % 2 == 0:  # downwards: each layer follows the one before it
            for layer in range(1, len(order)):
                order[layer] = _by_barycenter(order[layer], order[layer - 1], left_of, rank)
        else:  # upwards: each layer follows the one after it
            for layer in range(len(order) - 2, -1, -1):
                order[layer] = _by_barycenter(order[layer], order[layer + 1], right_of, rank)
        crossings = total_crossings(order, pairs)
        if crossings < fewest:
            best, fewest, stale = [list(layer) for layer in order], crossings, 0
        else:
            stale += 1
            if stale == PATIENCE:
                break
    return fewest, best


def _by_barycenter(
    free: list[int], fixed: list[int], neighbours: Sequence[list[int]], rank: list[float]
) -> list[int]:
    """The free layer sorted by the mean relative position (0..1) of each node's neighbours in
    the fixed layer; a node with no neighbour there keeps its own relative position. Stable, so
    ties keep their order."""
    if not free:
        return free
    for index, node in enumerate(fixed):
        rank[node] = (index + 0.5) / len(fixed)
    keys = []
    for index, node in enumerate(free):
        linked = neighbours[node]
        keys.append(
            sum(rank[n] for n in linked) / len(linked) if linked else (index + 0.5) / len(free)
        )
    return [free[index] for index in sorted(range(len(free)), key=keys.__getitem__)]
