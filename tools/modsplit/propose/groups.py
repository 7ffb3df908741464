"""Groups of modules that must share a package: import cycles and ``--together`` groups.

An import cycle stays inside one package unless a constraint forbids it (two of its modules are
pinned to different packages, or kept apart); then its modules stay separate and the imports that
close the cycle end up in the list of imports to cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from modsplit.errors import UsageError
from modsplit.propose.constraints import Constraints
from modsplit.propose.layout import Dependencies


@dataclass(frozen=True)
class Groups:
    """Each module's group id (its smallest member id) and each group's sorted members."""

    group_of: Mapping[str, str]
    members: Mapping[str, tuple[str, ...]]
    pins: Mapping[str, str]  # group id to the package its pinned members need


def build_groups(dependencies: Dependencies, constraints: Constraints) -> Groups:
    """Return the groups: ``--together`` groups first, then every cycle that can be joined."""
    union = _UnionFind(dependencies.modules, constraints)
    for group in constraints.together:
        for module in group[1:]:
            if not union.join(group[0], module):
                raise UsageError(
                    f"--together {','.join(group)} conflicts with a --pin or --apart through "
                    "another --together group; drop one of them"
                )
    for cycle in module_cycles(dependencies):
        union.join_all(cycle)
    return union.groups()


def module_cycles(dependencies: Dependencies) -> list[tuple[str, ...]]:
    """Return every group of two or more modules that import each other, sorted."""
    return list(dependencies.cycles)


def group_order(dependencies: Dependencies, groups: Groups) -> list[str]:
    """Return the group ids importers first; groups still in a cycle come out by name."""
    graph: nx.DiGraph = nx.DiGraph()
    graph.add_nodes_from(sorted(groups.members))
    graph.add_edges_from(
        (groups.group_of[a], groups.group_of[b])
        for a, b in dependencies.sorted_pairs
        if groups.group_of[a] != groups.group_of[b]
    )
    condensed = nx.condensation(graph)
    key = {node: min(condensed.nodes[node]["members"]) for node in condensed}
    order: list[str] = []
    for node in nx.lexicographical_topological_sort(condensed, key=key.__getitem__):
        order += sorted(condensed.nodes[node]["members"])
    return order


class _UnionFind:
    def __init__(self, modules: Iterable[str], constraints: Constraints) -> None:
        self.parent = {m: m for m in modules}
        self.members = {m: {m} for m in self.parent}
        self.constraints = constraints

    def find(self, module: str) -> str:
        while self.parent[module] != module:
            self.parent[module] = self.parent[self.parent[module]]
            module = self.parent[module]
        return module

    def join(self, a: str, b: str) -> bool:
        return self.join_all((a, b))

    def join_all(self, modules: Iterable[str]) -> bool:
        """Join the groups of ``modules`` unless that breaks a pin or an apart pair."""
        roots = sorted({self.find(m) for m in modules})
        merged = set().union(*(self.members[r] for r in roots))
        pinned = {self.constraints.pins[m] for m in merged if m in self.constraints.pins}
        if len(pinned) > 1 or self.constraints.is_apart(merged):
            return False
        for root in roots[1:]:
            self.parent[root] = roots[0]
            self.members[roots[0]] |= self.members.pop(root)
        return True

    def groups(self) -> Groups:
        group_of: dict[str, str] = {}
        members: dict[str, tuple[str, ...]] = {}
        pins: dict[str, str] = {}
        for root in sorted(self.members):
            ordered = tuple(sorted(self.members[root]))
            members[ordered[0]] = ordered
            for module in ordered:
                group_of[module] = ordered[0]
                if module in self.constraints.pins:
                    pins[ordered[0]] = self.constraints.pins[module]
        return Groups(group_of=group_of, members=members, pins=pins)
