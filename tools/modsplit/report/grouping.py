"""Group the module graph into units or top-level packages, and rank the groups by layer.

Only imports that run count: those under ``if TYPE_CHECKING:`` are left out, as cycles leave
them out.

A group's layer is the length of the longest chain of imports from it down to a group that
imports no other group, computed on the graph whose strongly connected groups are merged, so all
members of a cycle share one layer. The highest layer holds the groups nothing else builds on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from modsplit.graph.algorithms import strongly_connected_components
from modsplit.graph.cycles import RUNTIME_KINDS, package_name
from modsplit.graph.model import Graph, Import, Module


@dataclass(frozen=True)
class GroupGraph:
    """Groups of modules and the imports between them."""

    names: tuple[str, ...]
    sizes: Mapping[str, int]  # modules per group
    imports: Mapping[tuple[str, str], tuple[Import, ...]]  # (importer group, imported group)
    components: tuple[frozenset[str], ...]  # strongly connected groups of two or more

    def is_cycle_edge(self, source: str, target: str) -> bool:
        return any(source in members and target in members for members in self.components)

    def in_cycle(self, name: str) -> bool:
        return any(name in members for members in self.components)


def group_by_unit(graph: Graph) -> GroupGraph:
    """Return the unit graph, with every unit of the workspace even when it has no modules."""
    extra = [unit.name for unit in graph.workspace.units]
    return group_graph(graph, key=lambda module: module.unit, extra=extra)


def group_by_top_package(graph: Graph) -> GroupGraph:
    """Return the graph of top-level packages, named ``unit:package`` as cycles name them."""
    return group_graph(graph, key=lambda module: package_name(module, 1))


def group_graph(
    graph: Graph, *, key: Callable[[Module], str], extra: Iterable[str] = ()
) -> GroupGraph:
    """Group the modules of ``graph`` by ``key`` and collect the imports that cross groups."""
    group_of = {module.id: key(module) for module in graph.modules}
    sizes: dict[str, int] = defaultdict(int)
    for name in extra:
        sizes[name] += 0
    for module in graph.modules:
        sizes[group_of[module.id]] += 1

    crossing: dict[tuple[str, str], list[Import]] = defaultdict(list)
    for edge in graph.edges(kinds=RUNTIME_KINDS):
        pair = (group_of[edge.importer], group_of[edge.imported])
        if pair[0] != pair[1]:
            crossing[pair].append(edge)

    imports = {pair: tuple(sorted(edges)) for pair, edges in sorted(crossing.items())}
    names = tuple(sorted(sizes))
    return GroupGraph(names, dict(sizes), imports, _components(names, imports))


def layers(groups: GroupGraph) -> dict[str, int]:
    """Return each group's layer: 0 for groups that import no other group."""
    adjacency = _adjacency(groups.names, groups.imports)
    component_of = {
        name: number
        for number, members in enumerate(strongly_connected_components(adjacency))
        for name in members
    }
    below: dict[int, set[int]] = defaultdict(set)
    for source, target in groups.imports:
        if component_of[source] != component_of[target]:
            below[component_of[source]].add(component_of[target])
    rank = _longest_paths(set(component_of.values()), below)
    return {name: rank[component_of[name]] for name in groups.names}


def layer_order(groups: GroupGraph) -> list[str]:
    """Return the groups ordered by layer, highest first, cycle members next to each other."""
    layer_of = layers(groups)
    component_of = {
        name: min(members) for members in groups.components for name in members
    }
    return sorted(
        groups.names, key=lambda name: (-layer_of[name], component_of.get(name, name), name)
    )


def _components(
    names: tuple[str, ...], imports: Mapping[tuple[str, str], object]
) -> tuple[frozenset[str], ...]:
    found = [
        frozenset(members)
        for members in strongly_connected_components(_adjacency(names, imports))
        if len(members) > 1
    ]
    return tuple(sorted(found, key=lambda members: sorted(members)))


def _adjacency(names: Iterable[str], imports: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    adjacency: dict[str, set[str]] = {name: set() for name in names}
    for source, target in imports:
        adjacency[source].add(target)
    return adjacency


def _longest_paths(nodes: set[int], below: Mapping[int, set[int]]) -> dict[int, int]:
    """Return, for each node of a DAG, the number of edges on its longest path to a sink."""
    rank: dict[int, int] = {}
    for start in sorted(nodes):
        stack = [start]
        while stack:
            node = stack[-1]
            pending = [child for child in below.get(node, ()) if child not in rank]
            if pending:
                stack.extend(pending)
                continue
            rank[node] = max((rank[child] + 1 for child in below.get(node, ())), default=0)
            stack.pop()
    return rank
