"""A layered (Sugiyama-style) drawing of a directed graph, in pure Python.

The steps are the classic ones: reverse the edges that close a cycle, put every node on a layer
(longest path, importers above what they import), add a dummy node wherever an edge spans more
than one layer, order each layer by the barycentre of its neighbours to reduce crossings, then
place nodes horizontally near their neighbours without overlaps. Graphs of a few dozen nodes
take milliseconds.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

LAYER_GAP = 90.0
NODE_GAP = 28.0
NODE_HEIGHT = 44.0
DUMMY_WIDTH = 12.0
MARGIN = 24.0
SWEEPS = 12
PLACEMENT_ROUNDS = 12


@dataclass(frozen=True)
class Box:
    name: str
    x: float  # left
    y: float  # top
    width: float
    height: float

    @property
    def center_x(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Route:
    """An edge as drawn: from ``source`` to ``target`` through ``points``."""

    source: str
    target: str
    points: tuple[tuple[float, float], ...]
    is_reversed: bool  # drawn upward because it closes a cycle


@dataclass(frozen=True)
class Layout:
    boxes: Mapping[str, Box]
    routes: tuple[Route, ...]
    width: float
    height: float
    crossings: int


def layered_layout(
    names: Sequence[str], edges: Sequence[tuple[str, str]], *, widths: Mapping[str, float]
) -> Layout:
    """Lay out ``names`` with ``edges`` (importer, imported); ``widths`` gives each box's width."""
    nodes = sorted(names)
    reversed_edges = _feedback_edges(nodes, edges)
    upright = sorted({(b, a) if (a, b) in reversed_edges else (a, b) for a, b in edges})
    rank = _longest_path_ranks(nodes, upright)
    chains, rank = _add_dummies(upright, rank)
    rows = _initial_rows(nodes, rank)
    neighbours_up, neighbours_down = _neighbours(chains)
    rows, crossings = _order_rows(rows, neighbours_up, neighbours_down)
    width_of = {name: widths.get(name, DUMMY_WIDTH) for row in rows for name in row}
    centers = _place(rows, width_of, neighbours_up, neighbours_down)
    return _assemble(rows, centers, width_of, chains, edges, reversed_edges, crossings)


def _feedback_edges(
    nodes: Sequence[str], edges: Sequence[tuple[str, str]]
) -> set[tuple[str, str]]:
    """Return the edges that point back to a node on the depth-first search stack."""
    successors: dict[str, list[str]] = defaultdict(list)
    for source, target in sorted(set(edges)):
        successors[source].append(target)
    state: dict[str, int] = {}  # 1 on the stack, 2 finished
    back: set[tuple[str, str]] = set()
    for start in nodes:
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(successors[start]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.add((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(successors[child])))
    return back


def _longest_path_ranks(nodes: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Return each node's rank: 0 for nodes with no outgoing edge, else 1 + max of successors."""
    successors: dict[str, list[str]] = defaultdict(list)
    for source, target in edges:
        successors[source].append(target)
    rank: dict[str, int] = {}
    for start in nodes:
        stack = [start]
        while stack:
            node = stack[-1]
            if node in rank:
                stack.pop()
                continue
            pending = [child for child in successors[node] if child not in rank]
            if pending:
                stack.extend(pending)
                continue
            rank[node] = max((rank[child] + 1 for child in successors[node]), default=0)
            stack.pop()
    return rank


def _add_dummies(
    edges: Sequence[tuple[str, str]], rank: dict[str, int]
) -> tuple[dict[tuple[str, str], list[str]], dict[str, int]]:
    """Return each edge's chain of nodes, one per rank, with dummy nodes in between."""
    rank = dict(rank)
    chains: dict[tuple[str, str], list[str]] = {}
    for source, target in edges:
        chain = [source]
        for step in range(rank[source] - 1, rank[target], -1):
            dummy = f"\0{source}\0{target}\0{step}"
            rank[dummy] = step
            chain.append(dummy)
        chain.append(target)
        chains[(source, target)] = chain
    return chains, rank


def _initial_rows(nodes: Sequence[str], rank: Mapping[str, int]) -> list[list[str]]:
    top = max(rank.values(), default=0)
    rows: list[list[str]] = [[] for _ in range(top + 1)]
    for name in sorted(rank, key=lambda n: (n.startswith("\0"), n)):
        rows[top - rank[name]].append(name)
    del nodes
    return rows


def _neighbours(
    chains: Mapping[tuple[str, str], list[str]],
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    up: dict[str, list[str]] = defaultdict(list)
    down: dict[str, list[str]] = defaultdict(list)
    for chain in chains.values():
        for upper, lower in itertools.pairwise(chain):
            down[upper].append(lower)
            up[lower].append(upper)
    return up, down


def _order_rows(
    rows: list[list[str]], up: Mapping[str, list[str]], down: Mapping[str, list[str]]
) -> tuple[list[list[str]], int]:
    """Reorder rows by barycentres, sweeping down and up; keep the order with fewest crossings."""
    best = [list(row) for row in rows]
    best_crossings = _count_crossings(best, down)
    current = [list(row) for row in rows]
    for sweep in range(SWEEPS):
        if sweep % 2 == 0:
            for index in range(1, len(current)):
                current[index] = _by_barycentre(current[index], current[index - 1], up)
        else:
            for index in range(len(current) - 2, -1, -1):
                current[index] = _by_barycentre(current[index], current[index + 1], down)
        crossings = _count_crossings(current, down)
        if crossings < best_crossings:
            best, best_crossings = [list(row) for row in current], crossings
    return best, best_crossings


def _by_barycentre(
    row: list[str], fixed: list[str], neighbours: Mapping[str, list[str]]
) -> list[str]:
    position = {name: index for index, name in enumerate(fixed)}

    def key(item: tuple[int, str]) -> float:
        index, name = item
        linked = [position[n] for n in neighbours.get(name, ()) if n in position]
        return sum(linked) / len(linked) if linked else float(index)

    return [name for _, name in sorted(enumerate(row), key=key)]


def _count_crossings(rows: list[list[str]], down: Mapping[str, list[str]]) -> int:
    total = 0
    for upper, lower in itertools.pairwise(rows):
        position = {name: index for index, name in enumerate(lower)}
        segments = [
            (i, position[target])
            for i, name in enumerate(upper)
            for target in down.get(name, ())
            if target in position
        ]
        total += sum(
            1
            for a, (a_top, a_bottom) in enumerate(segments)
            for b_top, b_bottom in segments[a + 1 :]
            if (a_top - b_top) * (a_bottom - b_bottom) < 0
        )
    return total


def _place(
    rows: list[list[str]],
    width_of: Mapping[str, float],
    up: Mapping[str, list[str]],
    down: Mapping[str, list[str]],
) -> dict[str, float]:
    """Return each node's horizontal centre: close to its neighbours, never overlapping."""
    centers: dict[str, float] = {}
    widest = max((_row_width(row, width_of) for row in rows), default=0.0)
    for row in rows:
        left = (widest - _row_width(row, width_of)) / 2
        for name in row:
            centers[name] = left + width_of[name] / 2
            left += width_of[name] + NODE_GAP

    for round_number in range(PLACEMENT_ROUNDS):
        order = rows if round_number % 2 == 0 else list(reversed(rows))
        for row in order:
            wanted = {
                name: _mean([centers[n] for n in (*up.get(name, ()), *down.get(name, ()))],
                            default=centers[name])
                for name in row
            }
            _settle(row, wanted, width_of, centers)
    return centers


def _settle(
    row: list[str],
    wanted: Mapping[str, float],
    width_of: Mapping[str, float],
    centers: dict[str, float],
) -> None:
    """Move the nodes of one row toward ``wanted`` centres, keeping order and gaps."""
    placed: list[float] = []
    for index, name in enumerate(row):
        center = wanted[name]
        if index:
            previous = row[index - 1]
            minimum = placed[-1] + (width_of[previous] + width_of[name]) / 2 + NODE_GAP
            center = max(center, minimum)
        placed.append(center)

    # The left-to-right pass only pushes right; shift the row back so it is not skewed.
    shift = _mean([wanted[name] - center for name, center in zip(row, placed, strict=True)],
                  default=0.0)
    for name, center in zip(row, placed, strict=True):
        centers[name] = center + min(shift, 0.0)


def _assemble(
    rows: list[list[str]],
    centers: Mapping[str, float],
    width_of: Mapping[str, float],
    chains: Mapping[tuple[str, str], list[str]],
    edges: Sequence[tuple[str, str]],
    reversed_edges: set[tuple[str, str]],
    crossings: int,
) -> Layout:
    left_edge = min((centers[n] - width_of[n] / 2 for row in rows for n in row), default=0.0)
    offset = MARGIN - left_edge
    top_of = {name: MARGIN + index * (NODE_HEIGHT + LAYER_GAP) for index, row in enumerate(rows)
              for name in row}
    boxes = {
        name: Box(name, centers[name] - width_of[name] / 2 + offset, top_of[name],
                  width_of[name], NODE_HEIGHT)
        for row in rows
        for name in row
        if not name.startswith("\0")
    }
    routes = []
    for source, target in sorted(set(edges)):
        is_reversed = (source, target) in reversed_edges
        chain = chains[(target, source) if is_reversed else (source, target)]
        points = [(centers[n] + offset, top_of[n] + NODE_HEIGHT / 2) for n in chain]
        if is_reversed:
            points.reverse()
        routes.append(Route(source, target, tuple(points), is_reversed))
    routes = _spread_ports(routes, boxes)
    width = max((box.x + box.width for box in boxes.values()), default=0.0) + MARGIN
    height = len(rows) * (NODE_HEIGHT + LAYER_GAP) - LAYER_GAP + 2 * MARGIN
    return Layout(boxes, tuple(routes), width, max(height, 2 * MARGIN), crossings)


def _spread_ports(routes: list[Route], boxes: Mapping[str, Box]) -> list[Route]:
    """Spread the ends of the edges that meet one side of a box along that side.

    Without this every edge would start and end at the middle of its box. Ends are ordered by
    the horizontal position of the next point on their route, so that they do not cross.
    """
    sides: dict[tuple[str, bool], list[tuple[float, int, int]]] = defaultdict(list)
    for number, route in enumerate(routes):
        for end, neighbour in ((0, 1), (len(route.points) - 1, len(route.points) - 2)):
            name = route.source if end == 0 else route.target
            is_below = route.points[neighbour][1] > route.points[end][1]
            sides[(name, is_below)].append((route.points[neighbour][0], number, end))

    points = [list(route.points) for route in routes]
    for (name, _), ends in sides.items():
        box = boxes[name]
        usable = box.width * 0.7
        for rank, (_, number, end) in enumerate(sorted(ends)):
            x = box.x + (box.width - usable) / 2 + usable * (rank + 1) / (len(ends) + 1)
            points[number][end] = (x, points[number][end][1])
    return [
        Route(route.source, route.target, tuple(new_points), route.is_reversed)
        for route, new_points in zip(routes, points, strict=True)
    ]


def _row_width(row: list[str], width_of: Mapping[str, float]) -> float:
    return sum(width_of[name] for name in row) + NODE_GAP * max(len(row) - 1, 0)


def _mean(values: list[float], *, default: float) -> float:
    return sum(values) / len(values) if values else default
