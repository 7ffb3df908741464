"""Find import cycles at module, package or unit level, and suggest the imports to cut.

A cycle is a strongly connected group of two or more members. The suggested cut is a small set
of member-to-member dependencies whose removal leaves the group acyclic, chosen greedily so
that it cuts as few import statements as possible (finding the true minimum is NP-hard).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from modsplit.errors import UsageError
from modsplit.graph.algorithms import find_cycle, has_path, strongly_connected_components
from modsplit.graph.model import Cycle, Graph, Import, ImportKind, Module

RUNTIME_KINDS = frozenset(kind for kind in ImportKind if kind.is_runtime)


def find_cycles(
    graph: Graph, *, level: str = "module", kinds: Iterable[ImportKind] = RUNTIME_KINDS
) -> tuple[Cycle, ...]:
    """Return the cycles of ``graph`` at ``level`` ("module", "package:N" or "unit")."""
    level = canonical_level(level)
    group_of = member_function(graph, level)
    pairs: dict[tuple[str, str], list[Import]] = defaultdict(list)
    for edge in graph.edges(kinds=kinds):
        source, target = group_of(edge.importer), group_of(edge.imported)
        if source != target:
            pairs[(source, target)].append(edge)
    adjacency: dict[str, set[str]] = defaultdict(set)
    for source, target in pairs:
        adjacency[source].add(target)
    weights = {pair: len(edges) for pair, edges in pairs.items()}
    cycles = []
    for component in strongly_connected_components(adjacency):
        if len(component) < 2:
            continue
        members = tuple(sorted(component))
        inside_pairs = {pair: w for pair, w in weights.items() if set(pair) <= component}
        inside = sorted(e for pair in inside_pairs for e in pairs[pair])
        cut_pairs = _feedback_edges(inside_pairs)
        cut = sorted(e for pair in cut_pairs for e in pairs[pair])
        cycles.append(Cycle(level, members, tuple(inside), tuple(cut)))
    return tuple(sorted(cycles, key=lambda cycle: (-len(cycle.members), cycle.members)))


def member_function(graph: Graph, level: str) -> Callable[[str], str]:
    """Return the function that maps a module id to its member at ``level``."""
    modules = graph.module_by_id
    if level == "module":
        return lambda module_id: module_id
    if level == "unit":
        return lambda module_id: modules[module_id].unit
    depth = _package_depth(level)
    return lambda module_id: package_name(modules[module_id], depth)


def package_name(module: Module, depth: int) -> str:
    """Return ``unit:package`` for a module: its unit and the first ``depth`` parts of its name."""
    return f"{module.unit}:{'.'.join(module.name.split('.')[:depth])}"


def canonical_level(level: str) -> str:
    """Return the one spelling of a level: ``package`` is ``package:1``."""
    if level in ("module", "unit"):
        return level
    return f"package:{_package_depth(level)}"


def _package_depth(level: str) -> int:
    prefix, _, number = level.partition(":")
    if prefix == "package" and (number or "1").isdigit() and int(number or "1") > 0:
        return int(number or "1")
    raise UsageError(f"invalid level {level!r}; use module, unit, package or package:N with N >= 1")


def _feedback_edges(weights: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    """Return edges whose removal makes a component acyclic, preferring light edges.

    Greedy: repeatedly find a cycle and drop its lightest edge (fewest import statements), until
    no cycle is left. Then put back every dropped edge that does not close a cycle again.
    """
    remaining: dict[str, set[str]] = defaultdict(set)
    for source, target in weights:
        remaining[source].add(target)
    dropped: list[tuple[str, str]] = []
    while (cycle := find_cycle(remaining)) is not None:
        lightest = min(cycle, key=lambda edge: (weights[edge], edge))
        remaining[lightest[0]].discard(lightest[1])
        dropped.append(lightest)
    kept = []
    for source, target in sorted(dropped, key=lambda edge: (-weights[edge], edge)):
        remaining[source].add(target)
        if has_path(remaining, target, source):
            remaining[source].discard(target)
            kept.append((source, target))
    return sorted(kept)
