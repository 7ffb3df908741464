"""Questions asked of a graph: the shortest import chains between two modules or units."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

from modsplit.errors import UsageError
from modsplit.graph.algorithms import shortest_paths
from modsplit.graph.model import Graph, Import, ImportKind


@dataclass(frozen=True)
class Chain:
    """A path of imports from one module to another; each hop is its first import statement."""

    hops: tuple[Import, ...]


def shortest_chains(
    graph: Graph,
    source: str,
    target: str,
    *,
    limit: int = 5,
    include_type_checking: bool = False,
) -> tuple[Chain, ...]:
    """Return up to ``limit`` shortest chains from ``source`` to ``target``.

    Each end is a module id, a dotted module name (all copies when it is shadowed), a package
    (every module below it) or a unit name.
    """
    sources, targets = resolve_end(graph, source), resolve_end(graph, target)
    first_hop: dict[tuple[str, str], Import] = {}
    adjacency: dict[str, set[str]] = defaultdict(set)
    for edge in graph.imports:
        if edge.kind is ImportKind.TYPE_CHECKING and not include_type_checking:
            continue
        pair = (edge.importer, edge.imported)
        if pair not in first_hop or edge.line < first_hop[pair].line:
            first_hop[pair] = edge
        adjacency[edge.importer].add(edge.imported)
    paths = shortest_paths(adjacency, sources, targets, limit=limit)
    return tuple(
        Chain(tuple(first_hop[(a, b)] for a, b in itertools.pairwise(path))) for path in paths
    )


def resolve_end(graph: Graph, end: str) -> set[str]:
    """Return the module ids that a module id, dotted name, package or unit name stands for."""
    unit_names = {unit.name for unit in graph.workspace.units}
    if end in unit_names:
        return {m.id for m in graph.modules if m.unit == end}
    found = {
        m.id
        for m in graph.modules
        if m.id == end
        or m.name == end
        or m.id.startswith(end + ".")
        or m.name.startswith(end + ".")
    }
    if not found:
        raise UsageError(
            f"{end!r} is neither a module, a package nor a unit of this workspace; "
            "run `modsplit graph` to list them"
        )
    return found
