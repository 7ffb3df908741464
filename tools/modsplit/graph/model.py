"""The import graph as values: modules, imports, and what could not be resolved or parsed.

A module's ``id`` is its file's path as a dotted name (``src.services.api.src.framework.config``),
so it is unique even when three copies of ``framework`` exist under different roots. Its ``name``
is the dotted name Python imports it by with its unit's roots. Every import refers to module ids.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from modsplit.workspace.model import Workspace


class ImportKind(enum.Enum):
    """Where an import statement sits, which decides when it runs."""

    MODULE = "module"  # top level of the module: runs when the module is imported
    FUNCTION = "function"  # inside a function or method: runs when that is called
    TYPE_CHECKING = "type_checking"  # under ``if TYPE_CHECKING:``: never runs
    CONDITIONAL = "conditional"  # inside ``try`` or ``if`` at module level: may run
    DYNAMIC = "dynamic"  # ``importlib.import_module`` or ``__import__`` with a literal name

    @property
    def is_runtime(self) -> bool:
        return self is not ImportKind.TYPE_CHECKING


class SkipReason(enum.Enum):
    """The reason a Python file is not a module of the graph."""

    SYNTAX_ERROR = "syntax_error"
    OUTSIDE_ROOTS = "outside_roots"
    OUTSIDE_UNITS = "outside_units"
    EXCLUDED = "excluded"
    UNREADABLE = "unreadable"


@dataclass(frozen=True, order=True)
class Module:
    """A Python file, or a namespace folder, that is a module of the graph."""

    id: str
    name: str
    unit: str
    path: str
    is_package: bool = False
    is_namespace: bool = False


@dataclass(frozen=True, order=True)
class Import:
    """One import statement's edge from an importing module to an imported one."""

    importer: str
    imported: str
    line: int
    kind: ImportKind = field(default=ImportKind.MODULE, compare=False)


@dataclass(frozen=True, order=True)
class ExternalImport:
    """An import of the standard library or of a third-party distribution."""

    importer: str
    name: str
    line: int
    kind: ImportKind = field(default=ImportKind.MODULE, compare=False)
    is_stdlib: bool = field(default=False, compare=False)


@dataclass(frozen=True, order=True)
class Unresolved:
    """An import that names a module found nowhere: not in the roots, stdlib or a manifest."""

    importer: str
    name: str
    line: int
    kind: ImportKind = field(default=ImportKind.MODULE, compare=False)


@dataclass(frozen=True, order=True)
class Skipped:
    """A Python file that is not in the graph, and why."""

    path: str
    reason: SkipReason = field(compare=False)
    detail: str = field(default="", compare=False)

    def describe(self) -> str:
        text = self.reason.value.replace("_", " ")
        return f"{text}: {self.detail}" if self.detail else text


@dataclass(frozen=True, order=True)
class Shadowed:
    """A dotted name that more than one root provides, with every file that provides it."""

    name: str
    paths: tuple[str, ...]
    differ: bool


@dataclass(frozen=True)
class Cycle:
    """A strongly connected group of modules, packages or units, and the imports to cut."""

    level: str  # "module", "package:N" or "unit"
    members: tuple[str, ...]
    imports: tuple[Import, ...]
    cut: tuple[Import, ...]


@dataclass(frozen=True)
class Graph:
    """The import graph of a workspace and everything found while building it."""

    workspace: Workspace
    modules: tuple[Module, ...]
    imports: tuple[Import, ...]
    external: tuple[ExternalImport, ...] = ()
    unresolved: tuple[Unresolved, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    shadowed: tuple[Shadowed, ...] = ()

    @cached_property
    def module_by_id(self) -> dict[str, Module]:
        return {module.id: module for module in self.modules}

    @cached_property
    def imports_by_importer(self) -> dict[str, tuple[Import, ...]]:
        return _group(self.imports, key=lambda edge: edge.importer)

    @cached_property
    def imports_by_imported(self) -> dict[str, tuple[Import, ...]]:
        return _group(self.imports, key=lambda edge: edge.imported)

    def module(self, module_id: str) -> Module:
        return self.module_by_id[module_id]

    def modules_of_unit(self, unit: str) -> tuple[Module, ...]:
        return tuple(m for m in self.modules if m.unit == unit)

    def find_modules(self, name: str) -> tuple[Module, ...]:
        """Return the modules whose id or dotted name is ``name``: more than one when shadowed."""
        by_id = self.module_by_id.get(name)
        if by_id is not None:
            return (by_id,)
        return tuple(m for m in self.modules if m.name == name)

    def edges(self, *, kinds: Iterable[ImportKind] | None = None) -> Iterator[Import]:
        """Yield the imports of the given kinds (all kinds when None)."""
        wanted = set(kinds) if kinds is not None else None
        for edge in self.imports:
            if wanted is None or edge.kind in wanted:
                yield edge

    def unit_imports(
        self, *, kinds: Iterable[ImportKind] | None = None
    ) -> dict[tuple[str, str], tuple[Import, ...]]:
        """Group the imports that cross units by (importing unit, imported unit)."""
        groups: dict[tuple[str, str], list[Import]] = defaultdict(list)
        for edge in self.edges(kinds=kinds):
            source = self.module_by_id[edge.importer].unit
            target = self.module_by_id[edge.imported].unit
            if source != target:
                groups[(source, target)].append(edge)
        return {pair: tuple(sorted(group)) for pair, group in sorted(groups.items())}

    def location(self, edge: Import | Unresolved | ExternalImport) -> str:
        """Return ``path:line`` of the statement behind an import."""
        return f"{self.module_by_id[edge.importer].path}:{edge.line}"


def package_of(module_id: str, level: int) -> str:
    """Return the first ``level`` parts of a dotted id: its package at that depth."""
    return ".".join(module_id.split(".")[:level])


def _group(edges: Iterable[Import], *, key: object) -> dict[str, tuple[Import, ...]]:
    groups: dict[str, list[Import]] = defaultdict(list)
    for edge in edges:
        groups[key(edge)].append(edge)  # type: ignore[operator]
    return {name: tuple(group) for name, group in groups.items()}
