"""Small graph algorithms on adjacency dicts, so that the graph commands need not import networkx.

networkx takes about half a second to import, which is longer than a whole warm
``modsplit graph`` run. The graph commands need only these four functions.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Mapping

Adjacency = Mapping[str, Iterable[str]]


def strongly_connected_components(adjacency: Adjacency) -> list[set[str]]:
    """Return the strongly connected components of a directed graph (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    nodes = sorted(set(adjacency) | {t for ts in adjacency.values() for t in ts})
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(sorted(adjacency.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(adjacency.get(successor, ())))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


def find_cycle(adjacency: Mapping[str, set[str]]) -> list[tuple[str, str]] | None:
    """Return the edges of one cycle of a directed graph, or None when it is acyclic."""
    state: dict[str, int] = {}  # 1 while on the current path, 2 when finished
    for start in sorted(adjacency):
        if start in state:
            continue
        path = [start]
        work = [iter(sorted(adjacency.get(start, ())))]
        state[start] = 1
        while work:
            successor = next(work[-1], None)
            if successor is None:
                state[path.pop()] = 2
                work.pop()
                continue
            if state.get(successor) == 1:
                loop = [*path[path.index(successor) :], successor]
                return list(itertools.pairwise(loop))
            if successor not in state:
                state[successor] = 1
                path.append(successor)
                work.append(iter(sorted(adjacency.get(successor, ()))))
    return None


def has_path(adjacency: Mapping[str, set[str]], source: str, target: str) -> bool:
    """Tell whether ``target`` can be reached from ``source``."""
    seen = {source}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        if node == target:
            return True
        for successor in adjacency.get(node, ()):
            if successor not in seen:
                seen.add(successor)
                queue.append(successor)
    return False


def shortest_paths(
    adjacency: Mapping[str, set[str]], sources: set[str], targets: set[str], *, limit: int
) -> list[list[str]]:
    """Return up to ``limit`` shortest paths from any source to any target (breadth first)."""
    parents: dict[str, list[str]] = {source: [] for source in sources}
    depth = {source: 0 for source in sources}
    queue = deque(sorted(sources))
    found_depth: int | None = None
    while queue:
        node = queue.popleft()
        if found_depth is not None and depth[node] >= found_depth:
            continue
        for successor in sorted(adjacency.get(node, ())):
            if successor not in depth:
                depth[successor] = depth[node] + 1
                parents[successor] = [node]
                queue.append(successor)
            elif depth[successor] == depth[node] + 1:
                parents[successor].append(node)
            if successor in targets and found_depth is None:
                found_depth = depth[successor]
    ends = sorted(t for t in targets if t in depth and depth[t] == found_depth and t not in sources)
    paths: list[list[str]] = []
    for end in ends:
        _collect(parents, [end], paths, limit)
        if len(paths) >= limit:
            break
    return paths[:limit]


def _collect(
    parents: dict[str, list[str]], suffix: list[str], out: list[list[str]], limit: int
) -> None:
    head = suffix[0]
    if not parents[head]:
        out.append(suffix)
        return
    for parent in sorted(parents[head]):
        if len(out) >= limit:
            return
        _collect(parents, [parent, *suffix], out, limit)
