"""Value types of a proposal: options, packages, moves, imports to cut and metrics."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

SCHEMA = "modsplit.proposal/1"
WHAT_IF_SCHEMA = "modsplit.what-if/1"
KERNEL = "kernel"


@dataclass(frozen=True)
class ProposeOptions:
    """What shapes a proposal. Module references are ids or import names of the graph."""

    seed: int = 0
    include_type_checking: bool = False
    pins: tuple[tuple[str, str], ...] = ()
    together: tuple[tuple[str, ...], ...] = ()
    apart: tuple[tuple[str, ...], ...] = ()
    min_size: int = 1
    max_size: int | None = None
    kernel: bool = True
    kernel_min_importers: int = 3
    inertia: float = 1.0
    resolution: float = 1.0
    stability_runs: int = 10


@dataclass(frozen=True)
class Layout:
    """An assignment of every module id to a package name."""

    package_of: Mapping[str, str]

    def packages(self) -> dict[str, tuple[str, ...]]:
        """Return each package's sorted module ids, packages sorted by name."""
        members: dict[str, list[str]] = {}
        for module, package in self.package_of.items():
            members.setdefault(package, []).append(module)
        return {name: tuple(sorted(members[name])) for name in sorted(members)}


@dataclass(frozen=True)
class Metrics:
    """The figures of one layout. ``stability`` is None for a layout no method produced."""

    packages: int
    turbomq: float
    modularity: float
    crossing_imports: int
    package_cycles: int
    packages_in_cycles: int
    size_min: int
    size_median: float
    size_max: int
    mojo_moves: int
    mojofm_to_current: float
    stability: float | None
    instability: Mapping[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Package:
    """A proposed package: its name, modules, layer (0 is the bottom) and where they come from."""

    name: str
    modules: tuple[str, ...]
    layer: int
    instability: float | None
    sources: tuple[tuple[str, int], ...]  # (today's package, modules taken from it)


@dataclass(frozen=True)
class Move:
    """A module whose proposed package is not today's, with the evidence for the target."""

    module: str
    source: str
    target: str
    reason: str
    imports_in_target: int
    imports: int
    importers_in_target: int
    importers: int


@dataclass(frozen=True)
class Cut:
    """An import statement that must go so that the package graph has no cycle."""

    importer: str
    imported: str
    line: int
    location: str  # path:line of the statement
    importer_package: str
    imported_package: str


@dataclass(frozen=True)
class Proposal:
    """The result of ``propose``: packages top layer first, moves, cuts, metrics of both layouts."""

    packages: tuple[Package, ...]
    layers: tuple[tuple[str, ...], ...]  # top layer first
    moves: tuple[Move, ...]
    cut: tuple[Cut, ...]
    current: Metrics
    proposed: Metrics
    layout: Layout
    current_layout: Layout
    options: ProposeOptions
    modules: int
    imports: int


@dataclass(frozen=True)
class MoveEffect:
    """What one step of a hand-made plan changes."""

    module: str
    source: str
    target: str
    turbomq_change: float
    modularity_change: float
    crossing_imports_change: int
    new_crossing: tuple[tuple[str, str], ...]
    new_cycles: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class WhatIf:
    """The result of evaluating a hand-made plan against today's layout."""

    effects: tuple[MoveEffect, ...]
    before: Metrics
    after: Metrics
    cycles: tuple[tuple[str, ...], ...]  # package cycles of the layout after the plan

    @property
    def creates_cycles(self) -> bool:
        return any(effect.new_cycles for effect in self.effects)
