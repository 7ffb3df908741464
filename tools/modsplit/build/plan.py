"""The build plan: which unit runs which session, upstream units first."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from modsplit.graph.model import Graph, ImportKind


@dataclass(frozen=True)
class BuildStep:
    """One nox session for one unit, and the planned units it must wait for."""

    unit: str
    session: str
    waits_for: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildPlan:
    """The steps in run order, and every unit's upstream units (transitively)."""

    steps: tuple[BuildStep, ...]
    upstream: Mapping[str, frozenset[str]]


def upstream_units(graph: Graph, kinds: Iterable[ImportKind]) -> dict[str, frozenset[str]]:
    """Return, for every unit of the workspace, the units it imports directly or indirectly."""
    direct: dict[str, set[str]] = defaultdict(set)
    for importer, imported in graph.unit_imports(kinds=kinds):
        direct[importer].add(imported)
    closure: dict[str, frozenset[str]] = {}
    for unit in graph.workspace.units:
        seen: set[str] = set()
        stack = list(direct[unit.name])
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(direct[current])
        closure[unit.name] = frozenset(seen)
    return closure


def plan_build(
    units: Iterable[str], *, session: str, upstream: Mapping[str, frozenset[str]]
) -> BuildPlan:
    """Order ``units`` so that each comes after the units it imports.

    Units in an import cycle cannot be ordered among themselves; they come together, by name,
    and none waits for another. A unit waits for a planned unit it reaches only through units
    left out of the plan, too.
    """
    remaining = set(units)
    steps: list[BuildStep] = []
    planned = frozenset(remaining)
    while remaining:
        ready = sorted(unit for unit in remaining if _is_ready(unit, remaining, upstream))
        for unit in ready:
            waits_for = sorted(
                other
                for other in upstream.get(unit, frozenset()) & planned
                if not _in_same_cycle(unit, other, upstream)
            )
            steps.append(BuildStep(unit, session, tuple(waits_for)))
        remaining.difference_update(ready)
    return BuildPlan(steps=tuple(steps), upstream=dict(upstream))


def _is_ready(unit: str, remaining: set[str], upstream: Mapping[str, frozenset[str]]) -> bool:
    return all(
        _in_same_cycle(unit, other, upstream)
        for other in upstream.get(unit, frozenset()) & remaining
    )


def _in_same_cycle(first: str, second: str, upstream: Mapping[str, frozenset[str]]) -> bool:
    return first == second or (
        second in upstream.get(first, frozenset()) and first in upstream.get(second, frozenset())
    )
