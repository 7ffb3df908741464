"""The graph a proposal works on, and today's layout of its modules.

Today's package of a module is decided per unit. A unit whose modules all share one top-level
import name (``core`` for ``core.cache`` and ``core.database``) is one package, named after the
unit. A unit with several top-level names (``framework``, ``domain``, ``routers`` under one
service root) has one package per top-level package, named ``UNIT.NAME``; its top-level plain
modules (``main.py`` next to those packages) belong to the package named after the unit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from modsplit.errors import UsageError
from modsplit.graph.model import Graph, Import, Module


@dataclass(frozen=True)
class Dependencies:
    """Module ids and the distinct (importer, imported) pairs between them, without self-imports.

    Every metric counts a pair once, however many statements import the same module.
    """

    modules: tuple[str, ...]
    pairs: frozenset[tuple[str, str]]
    statements: dict[tuple[str, str], tuple[Import, ...]]
    paths: dict[str, str]

    @cached_property
    def imported_by(self) -> dict[str, tuple[str, ...]]:
        return _adjacency((b, a) for a, b in self.pairs)

    @cached_property
    def imports_of(self) -> dict[str, tuple[str, ...]]:
        return _adjacency(self.pairs)

    @cached_property
    def sorted_pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.pairs))

    @cached_property
    def digraph(self) -> nx.DiGraph:
        """The module graph; callers must not change it."""
        graph: nx.DiGraph = nx.DiGraph()
        graph.add_nodes_from(self.modules)
        graph.add_edges_from(self.sorted_pairs)
        return graph

    @cached_property
    def cycles(self) -> tuple[tuple[str, ...], ...]:
        """Every group of two or more modules that import each other, sorted."""
        components = nx.strongly_connected_components(self.digraph)
        return tuple(sorted(tuple(sorted(c)) for c in components if len(c) > 1))


def dependencies(graph: Graph, *, include_type_checking: bool = False) -> Dependencies:
    """Return the runtime dependencies of ``graph`` (all kinds with ``include_type_checking``)."""
    statements: dict[tuple[str, str], list[Import]] = defaultdict(list)
    for edge in graph.imports:
        if edge.importer == edge.imported:
            continue
        if include_type_checking or edge.kind.is_runtime:
            statements[(edge.importer, edge.imported)].append(edge)
    return Dependencies(
        modules=tuple(sorted(module.id for module in graph.modules)),
        pairs=frozenset(statements),
        statements={pair: tuple(sorted(found)) for pair, found in statements.items()},
        paths={module.id: module.path for module in graph.modules},
    )


def current_layout(graph: Graph) -> dict[str, str]:
    """Return today's package of every module id (see the module docstring for the rule)."""
    top_names: dict[str, set[str]] = defaultdict(set)
    for module in graph.modules:
        top_names[module.unit].add(_parts(module)[0])
    return {
        module.id: current_package(module, is_single=len(top_names[module.unit]) == 1)
        for module in graph.modules
    }


def current_package(module: Module, *, is_single: bool) -> str:
    """Return today's package of one module; ``is_single`` when its unit has one top-level name."""
    parts = _parts(module)
    if is_single or (len(parts) == 1 and not module.is_package):
        return module.unit
    return f"{module.unit}.{parts[0]}"


def resolve_module(graph: Graph, reference: str, *, option: str) -> str:
    """Return the id of the module named by ``reference`` (an id or an unambiguous import name)."""
    found = graph.find_modules(reference)
    if len(found) == 1:
        return found[0].id
    if not found:
        raise UsageError(
            f"{option}: module {reference!r} is not in the graph; pass a module id or import name "
            "(see `modsplit graph`)"
        )
    ids = ", ".join(sorted(module.id for module in found))
    raise UsageError(f"{option}: {reference!r} names several modules ({ids}); pass one id")


def _parts(module: Module) -> list[str]:
    # A folder such as `.github` gives an import name with an empty first part; skip it.
    return module.name.lstrip(".").split(".")


def _adjacency(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    neighbours: dict[str, list[str]] = defaultdict(list)
    for source, target in pairs:
        neighbours[source].append(target)
    return {node: tuple(sorted(found)) for node, found in neighbours.items()}
