"""Build the import graph of a workspace: list, parse, resolve, and account for every file."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from modsplit.errors import AnalysisError
from modsplit.graph.cache import GraphCache
from modsplit.graph.distributions import declared_import_names
from modsplit.graph.model import (
    ExternalImport,
    Graph,
    Import,
    Module,
    Shadowed,
    Skipped,
    SkipReason,
    Unresolved,
)
from modsplit.graph.parse import RawImport
from modsplit.graph.resolve import FileIndex, Location, LocationKind, is_builtin, is_stdlib
from modsplit.workspace.files import list_python_files, matches_any
from modsplit.workspace.model import Unit, Workspace, is_under

logger = logging.getLogger(__name__)


def build_graph(workspace: Workspace, *, use_cache: bool = True) -> Graph:
    """Return the import graph of every unit of ``workspace``.

    One file that cannot be read or parsed never stops the build: it is listed in ``skipped``
    with the reason. With ``use_cache`` the parse results and the finished graph are kept in
    ``.modsplit_cache/`` of the workspace, keyed by file content.
    """
    sources = list_python_files(workspace.directory)
    if not sources:
        raise AnalysisError(
            f"{workspace.directory}: no Python files found; pass the folder of a Python project"
        )
    cache = GraphCache(workspace, enabled=use_cache)
    fingerprint = cache.fingerprint(sources)
    cached = cache.load_graph(fingerprint)
    if cached is not None:
        return cached
    graph = _Builder(workspace, cache).build([source.path for source in sources])
    cache.store_graph(fingerprint, graph)
    return graph


@dataclass
class _Builder:
    workspace: Workspace
    cache: GraphCache
    modules: dict[str, Module] = field(default_factory=dict)
    module_id_by_path: dict[str, str] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    external: list[ExternalImport] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)

    def build(self, paths: list[str]) -> Graph:
        index = FileIndex(paths)
        parsed = self._place_and_parse(paths)
        declared = declared_import_names(self.workspace)
        for module_id, raw_imports in parsed.items():
            self._resolve_all(self.modules[module_id], raw_imports, index, declared)
        self.cache.save_parsed()
        return Graph(
            workspace=self.workspace,
            modules=tuple(sorted(self.modules.values())),
            imports=tuple(sorted(set(self.imports))),
            external=tuple(sorted(set(self.external))),
            unresolved=tuple(sorted(set(self.unresolved))),
            skipped=tuple(sorted(self.skipped)),
            shadowed=find_shadowed(self.workspace, index, self.cache),
        )

    def _place_and_parse(self, paths: list[str]) -> dict[str, tuple[RawImport, ...]]:
        parsed: dict[str, tuple[RawImport, ...]] = {}
        placed = [(path, module) for path in paths if (module := self._place(path)) is not None]
        results = self.cache.parse_many([path for path, _ in placed])
        for path, module in placed:
            result = results[path]
            if result.error is not None:
                reason = SkipReason.UNREADABLE if result.unreadable else SkipReason.SYNTAX_ERROR
                self.skipped.append(Skipped(path, reason, result.error))
                continue
            self.modules[module.id] = module
            self.module_id_by_path[path] = module.id
            parsed[module.id] = result.imports
        return parsed

    def _place(self, path: str) -> Module | None:
        """Return the module a file is, or record why it is skipped and return None."""
        if path.endswith("/"):
            detail = "folder cannot be read; the Python files in it are not counted"
            self.skipped.append(Skipped(path, SkipReason.UNREADABLE, detail))
            return None
        excluded_by = matches_any(path, self.workspace.exclude)
        unit = self.workspace.unit_for_path(path)
        if unit is not None and excluded_by is None:
            excluded_by = matches_any(path, unit.exclude)
        if excluded_by is not None:
            self.skipped.append(Skipped(path, SkipReason.EXCLUDED, f"matches {excluded_by!r}"))
            return None
        if unit is None:
            self.skipped.append(Skipped(path, SkipReason.OUTSIDE_UNITS, "no unit contains it"))
            return None
        name = module_name(path, unit.roots)
        if name is None:
            roots = ", ".join(unit.roots)
            detail = f"not under the roots of unit {unit.name!r} ({roots})"
            self.skipped.append(Skipped(path, SkipReason.OUTSIDE_ROOTS, detail))
            return None
        return Module(
            id=module_id(path),
            name=name,
            unit=unit.name,
            path=path,
            is_package=path.endswith("__init__.py"),
        )

    def _resolve_all(
        self,
        module: Module,
        raw_imports: tuple[RawImport, ...],
        index: FileIndex,
        declared: frozenset[str],
    ) -> None:
        unit = self.workspace.unit_named(module.unit)
        for raw in raw_imports:
            if raw.level:
                self._resolve_relative(module, raw, index)
            else:
                self._resolve_absolute(module, unit, raw, index, declared)

    def _resolve_absolute(
        self,
        module: Module,
        unit: Unit,
        raw: RawImport,
        index: FileIndex,
        declared: frozenset[str],
    ) -> None:
        if is_builtin(raw.module) or raw.module == "__future__":
            self.external.append(ExternalImport(module.id, raw.module, raw.line, raw.kind, True))
            return
        top_level = raw.module.partition(".")[0]
        top = index.find(top_level, unit.roots)
        # Namespace folders in the roots lose to a real module found later on sys.path.
        if top is None or top.kind is LocationKind.NAMESPACE:
            stdlib = is_stdlib(raw.module)
            if stdlib or top_level in declared:
                self.external.append(
                    ExternalImport(module.id, raw.module, raw.line, raw.kind, stdlib)
                )
                return
        location = index.find(raw.module, unit.roots)
        if location is None:
            self.unresolved.append(Unresolved(module.id, raw.module, raw.line, raw.kind))
            return
        self._add_edges(module, raw, location, index)

    def _resolve_relative(self, module: Module, raw: RawImport, index: FileIndex) -> None:
        depth = module.name.count(".") + (1 if module.is_package else 0)
        shown = "." * raw.level + raw.module
        if raw.level > depth:
            self.unresolved.append(Unresolved(module.id, shown, raw.line, raw.kind))
            return
        folder = module.path.rpartition("/")[0]
        for _ in range(raw.level - 1):
            folder = folder.rpartition("/")[0]
        location = index.find_in_folder(folder or ".", raw.module)
        if location is None:
            self.unresolved.append(Unresolved(module.id, shown, raw.line, raw.kind))
            return
        self._add_edges(module, raw, location, index)

    def _add_edges(
        self,
        module: Module,
        raw: RawImport,
        location: Location,
        index: FileIndex,
    ) -> None:
        targets: list[Location] = []
        for name in raw.names:
            # ``from package import name``: a submodule if one exists, else an attribute.
            if name != "*" and location.folders:
                sub = index.find_in_folder(location.folders[0], name)
                if sub is None and len(location.folders) > 1:
                    sub = _first_found(index, location.folders[1:], name)
                if sub is not None:
                    targets.append(sub)
                    continue
            targets.append(location)
        for target in targets or [location]:
            imported = self._module_for(target)
            if imported is None:
                # The file exists but is no module of the graph (a syntax error, excluded...):
                # keep the import visible rather than drop it.
                shown = "." * raw.level + raw.module if raw.level else raw.module
                self.unresolved.append(Unresolved(module.id, shown, raw.line, raw.kind))
            elif imported != module.id:
                self.imports.append(Import(module.id, imported, raw.line, raw.kind))

    def _module_for(self, location: Location) -> str | None:
        if location.kind is LocationKind.NAMESPACE:
            return self._namespace_module(location.path)
        return self.module_id_by_path.get(location.path)

    def _namespace_module(self, folder: str) -> str | None:
        identifier = module_id(folder + "/__init__.py")
        if identifier not in self.modules:
            unit = self.workspace.unit_for_path(folder)
            name = module_name(folder + "/__init__.py", unit.roots) if unit else None
            if unit is None or name is None:
                return None
            self.modules[identifier] = Module(
                id=identifier,
                name=name,
                unit=unit.name,
                path=folder,
                is_package=True,
                is_namespace=True,
            )
        return identifier


def module_id(path: str) -> str:
    """Return the id of the module in a file: its path as a dotted name without ``__init__``."""
    stem = path[:-3] if path.endswith(".py") else path
    parts = stem.split("/")
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return _dotted(parts)


def module_name(path: str, roots: tuple[str, ...]) -> str | None:
    """Return the dotted name of a file under the first of ``roots`` that contains it."""
    for root in roots:
        if root == "." or is_under(path, root):
            relative = path if root == "." else path[len(root) + 1 :]
            parts = relative[:-3].split("/")
            if parts[-1] == "__init__":
                parts.pop()
            if parts:  # a root's own __init__.py has no name under that root; try the next
                return _dotted(parts)
    return None


def _dotted(parts: list[str]) -> str:
    # A hidden folder such as .github cannot be imported, but its scripts are still modules;
    # "_github" keeps their ids free of empty parts ("src..github.x").
    return ".".join("_" + part[1:] if part.startswith(".") else part for part in parts)


def find_shadowed(
    workspace: Workspace, index: FileIndex, cache: GraphCache
) -> tuple[Shadowed, ...]:
    """Return the dotted names that more than one root of the workspace provides."""
    roots = sorted({root for unit in workspace.units for root in unit.roots})
    providers: dict[str, list[str]] = defaultdict(list)
    for path in sorted(index.files):
        for root in roots:
            if root == "." or is_under(path, root):
                name = module_name(path, (root,))
                found = index.find(name, (root,)) if name else None
                if name and found is not None and found.path == path:
                    providers[name].append(path)
    shadowed = []
    for name, paths in sorted(providers.items()):
        unique = sorted(set(paths))
        if len(unique) > 1:
            digests = {cache.digest(path) for path in unique}
            shadowed.append(Shadowed(name, tuple(unique), differ=len(digests) > 1))
    return tuple(shadowed)


def _first_found(index: FileIndex, folders: tuple[str, ...], name: str) -> Location | None:
    for folder in folders:
        found = index.find_in_folder(folder, name)
        if found is not None:
            return found
    return None
