"""The units a change affects, and the chain of files and imports that explains each one.

Every changed file is classified (see ``modsplit.build.inputs``) into the units it affects
directly. From those, every unit downstream through imports is affected too, walking the unit
graph breadth first so that each explanation is a shortest chain. Imports are taken from the
current graph and, when files were deleted or renamed, from the graph at the base revision as
well: the importers of a deleted module import nothing there any more.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from modsplit.build.changes import Change, ChangeKind, ChangeSet
from modsplit.build.inputs import CauseKind, classify, is_tool_output
from modsplit.build.settings import AffectedSettings
from modsplit.graph.model import Graph, Import, ImportKind
from modsplit.workspace.model import Workspace


@dataclass(frozen=True)
class Cause:
    """The changed file at the start of a chain, and what it is to the build."""

    change: Change
    path: str
    kind: CauseKind

    def describe(self) -> str:
        """Return ``path (modified)``, with what the file is unless it is a module."""
        text = self.change.describe()
        if self.change.kind is ChangeKind.RENAMED and self.path != self.change.path:
            text = f"{self.path} (renamed to {self.change.path})"
        if self.kind is CauseKind.MODULE:
            return text
        return f"{text[:-1]}, {self.kind.value})"


@dataclass(frozen=True)
class ImportLink:
    """One step of a chain: a module of the downstream unit imports the upstream unit."""

    importer_path: str
    line: int
    imported_name: str
    importer_unit: str
    imported_unit: str
    base: str | None = None  # the revision whose graph has this import; None: the current one

    def describe(self) -> str:
        """Return ``path:line imports name``, naming the base revision for an import there."""
        where = f" (at {self.base})" if self.base is not None else ""
        return f"{self.importer_path}:{self.line} imports {self.imported_name}{where}"


@dataclass(frozen=True)
class Reason:
    """Why a unit is affected: a changed file, then the imports that lead to the unit."""

    unit: str
    cause: Cause
    links: tuple[ImportLink, ...] = ()

    def chain(self) -> tuple[str, ...]:
        """Return the chain as lines: the changed file first, then each import."""
        return (self.cause.describe(), *(link.describe() for link in self.links))


@dataclass(frozen=True)
class Affected:
    """The affected units (sorted by name) and, per unit, its reasons, shortest chain first."""

    changes: ChangeSet
    units: tuple[str, ...]
    reasons: Mapping[str, tuple[Reason, ...]]
    unowned: tuple[str, ...] = ()

    def reason(self, unit: str) -> Reason:
        """Return the shortest chain that affects ``unit``."""
        return self.reasons[unit][0]


def find_affected(
    workspace: Workspace,
    graph: Graph,
    changes: ChangeSet,
    *,
    settings: AffectedSettings,
    base_graph: Graph | None = None,
) -> Affected:
    """Return the units that ``changes`` affect and why."""
    downstream = _DownstreamIndex(settings.import_kinds)
    downstream.add(graph, base=None)
    if base_graph is not None:
        downstream.add(base_graph, base=changes.since)

    # Caches and environments (ours included) change on every run; they are never inputs.
    kept = tuple(c for c in changes.changes if not all(map(is_tool_output, _paths_of(c))))
    changes = dataclasses.replace(changes, changes=kept)
    reasons: dict[str, list[Reason]] = defaultdict(list)
    unowned: list[str] = []
    for change in changes.changes:
        for path in _paths_of(change):
            classified = classify(workspace, settings, path)
            if classified is None:
                unowned.append(path)
                continue
            cause = Cause(change, path, classified.cause)
            for reason in downstream.reach(cause, classified.units):
                reasons[reason.unit].append(reason)

    ordered = {unit: tuple(sorted(found, key=_reason_order)) for unit, found in reasons.items()}
    return Affected(
        changes=changes,
        units=tuple(sorted(ordered)),
        reasons=dict(sorted(ordered.items())),
        unowned=tuple(sorted(set(unowned))),
    )


def _paths_of(change: Change) -> tuple[str, ...]:
    if change.kind is ChangeKind.RENAMED and change.old_path is not None:
        return (change.path, change.old_path)
    return (change.path,)


def _reason_order(reason: Reason) -> tuple[int, str]:
    return (len(reason.links), reason.cause.path)


class _DownstreamIndex:
    """For each unit, the units that import it, with the imports as evidence."""

    def __init__(self, kinds: Iterable[ImportKind]) -> None:
        self._kinds = tuple(kinds)
        self._importers: dict[str, set[str]] = defaultdict(set)
        # (importer unit, imported unit) -> [(path of the imported module, link)]
        self._links: dict[tuple[str, str], list[tuple[str, ImportLink]]] = defaultdict(list)

    def add(self, graph: Graph, *, base: str | None) -> None:
        """Add the unit imports of ``graph``; ``base`` names its revision unless it is current."""
        for (importer, imported), edges in graph.unit_imports(kinds=self._kinds).items():
            self._importers[imported].add(importer)
            self._links[(importer, imported)].extend(
                (graph.module(edge.imported).path, _link(graph, edge, base=base))
                for edge in edges
            )

    def reach(self, cause: Cause, start: tuple[str, ...]) -> list[Reason]:
        """Walk downstream from ``start`` and return a shortest-chain reason per unit reached."""
        found = {unit: Reason(unit, cause) for unit in start}
        if not cause.kind.propagates:
            return list(found.values())
        queue = deque(sorted(start))
        while queue:
            unit = queue.popleft()
            for importer in sorted(self._importers.get(unit, ())):
                if importer in found:
                    continue
                link = self._evidence(importer, unit, cause, first=unit in start)
                found[importer] = Reason(importer, cause, (*found[unit].links, link))
                queue.append(importer)
        return list(found.values())

    def _evidence(self, importer: str, imported: str, cause: Cause, *, first: bool) -> ImportLink:
        # On the first step prefer an import of the changed module itself: it explains best.
        candidates = self._links[(importer, imported)]
        if first:
            for target, link in candidates:
                if target == cause.path:
                    return link
        return candidates[0][1]


def _link(graph: Graph, edge: Import, *, base: str | None) -> ImportLink:
    importer = graph.module(edge.importer)
    imported = graph.module(edge.imported)
    return ImportLink(
        importer_path=importer.path,
        line=edge.line,
        imported_name=imported.name,
        importer_unit=importer.unit,
        imported_unit=imported.unit,
        base=base,
    )
