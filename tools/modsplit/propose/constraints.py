"""Constraints on a proposal with module references resolved to ids, and the shared kernel."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from modsplit.errors import UsageError
from modsplit.graph.model import Graph
from modsplit.propose.layout import Dependencies, resolve_module
from modsplit.propose.model import KERNEL, ProposeOptions


@dataclass(frozen=True)
class Constraints:
    """Pins (module id to package name), groups kept together and pairs kept apart."""

    pins: Mapping[str, str]
    together: tuple[tuple[str, ...], ...]
    apart: tuple[tuple[str, str], ...]

    def is_apart(self, members: set[str]) -> bool:
        """Tell whether ``members`` contains both modules of a pair that must stay apart."""
        return any(a in members and b in members for a, b in self.apart)


def resolve_constraints(graph: Graph, options: ProposeOptions) -> Constraints:
    """Resolve every module reference of the options, or raise a usage error naming it."""
    pins = {}
    for reference, package in options.pins:
        if not package:
            raise UsageError(f"--pin {reference}=: the package name is empty; use MODULE=PACKAGE")
        pins[resolve_module(graph, reference, option="--pin")] = package
    together = tuple(
        tuple(sorted({resolve_module(graph, ref, option="--together") for ref in group}))
        for group in options.together
    )
    apart: list[tuple[str, str]] = []
    for group in options.apart:
        ids = sorted({resolve_module(graph, ref, option="--apart") for ref in group})
        apart += [(a, b) for index, a in enumerate(ids) for b in ids[index + 1 :]]
    constraints = Constraints(pins=pins, together=together, apart=tuple(sorted(apart)))
    _check_consistent(constraints)
    return constraints


def kernel_modules(
    dependencies: Dependencies,
    current: Mapping[str, str],
    *,
    min_importers: int,
    pins: Mapping[str, str],
) -> frozenset[str]:
    """Return the shared kernel: widely imported modules that import only other kernel modules.

    A module joins when importers from at least ``min_importers`` of today's packages other than
    its own import it, it is in no import cycle, it is not pinned to another package, and all it
    imports is already in the kernel. Modules are visited imported-first, so the kernel is closed
    under imports and can be the bottom layer.
    """
    in_cycle = {m for cycle in dependencies.cycles for m in cycle}
    kernel: set[str] = set()
    acyclic = _without_cycle_edges(dependencies.digraph, in_cycle)
    for module in reversed(list(nx.lexicographical_topological_sort(acyclic))):
        if module in in_cycle or pins.get(module, KERNEL) != KERNEL:
            continue
        importers = dependencies.imported_by.get(module, ())
        packages = {current[i] for i in importers} - {current[module]}
        imports = dependencies.imports_of.get(module, ())
        if len(packages) >= min_importers and all(i in kernel for i in imports):
            kernel.add(module)
    return frozenset(kernel)


def _without_cycle_edges(graph: nx.DiGraph, in_cycle: set[str]) -> nx.DiGraph:
    # Topological order needs a DAG: drop the edges between cycle members (they never join).
    acyclic: nx.DiGraph = graph.copy()
    acyclic.remove_edges_from([(a, b) for a, b in graph.edges if a in in_cycle and b in in_cycle])
    return acyclic


def _check_consistent(constraints: Constraints) -> None:
    for group in constraints.together:
        packages = {constraints.pins[m] for m in group if m in constraints.pins}
        if len(packages) > 1:
            raise UsageError(
                f"--together {','.join(group)} contains modules pinned to different packages "
                f"({', '.join(sorted(packages))}); drop one --pin or the --together"
            )
        if constraints.is_apart(set(group)):
            raise UsageError(
                f"--together {','.join(group)} contains two modules that --apart separates; "
                "drop one of the two options"
            )
    for a, b in constraints.apart:
        if a in constraints.pins and constraints.pins[a] == constraints.pins.get(b):
            raise UsageError(
                f"--apart {a},{b}: both are pinned to {constraints.pins[a]}; drop one --pin"
            )
