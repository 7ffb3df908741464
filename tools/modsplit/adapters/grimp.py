"""Build a grimp ``ImportGraph`` from modsplit's graph.

Module ids become grimp module names, so the three copies of a vendored package stay three
packages and an import that crosses roots is an ordinary edge. Every folder above a module is
added as a module too, which lets contracts name a unit's folder (``src.services.api``) even
where it has no ``__init__.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

import grimp

from modsplit.graph.model import Graph, ImportKind

logger = logging.getLogger(__name__)

# Returns the text of one line of a module's file: (module path, line number) -> text.
LineReader = Callable[[str, int], str]


def build_import_graph(
    graph: Graph,
    *,
    exclude_type_checking: bool = False,
    include_external: bool = False,
    read_line: LineReader | None = None,
) -> grimp.ImportGraph:
    """Return a grimp graph with every module of ``graph`` and its imports between modules.

    ``read_line`` supplies each import's line contents for grimp's import details; without it
    they are empty, because reading every importing file costs more than the contract checks
    themselves and modsplit locates imports by path and line. External imports are added as
    squashed top-level packages when ``include_external`` is set, as import-linter does.
    """
    reader = read_line or _no_contents
    import_graph = grimp.ImportGraph()
    names = {module.id for module in graph.modules if _is_valid(module.id)}
    for name in sorted(_with_ancestors(names)):
        import_graph.add_module(name)

    for edge in graph.imports:
        if edge.importer == edge.imported or not {edge.importer, edge.imported} <= names:
            continue
        if exclude_type_checking and edge.kind is ImportKind.TYPE_CHECKING:
            continue
        path = graph.module_by_id[edge.importer].path
        import_graph.add_import(importer=edge.importer, imported=edge.imported,
                                line_number=edge.line, line_contents=reader(path, edge.line))

    if include_external:
        _add_external(import_graph, graph, reader, exclude_type_checking=exclude_type_checking)
    return import_graph


def _no_contents(path: str, line: int) -> str:
    return ""


class FileLineReader:
    """Reads lines of the workspace's files, each file once."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._lines: dict[str, list[str]] = {}

    def __call__(self, path: str, line: int) -> str:
        lines = self._lines.get(path)
        if lines is None:
            lines = self._read(path)
            self._lines[path] = lines
        return lines[line - 1].strip() if 0 < line <= len(lines) else ""

    def _read(self, path: str) -> list[str]:
        try:
            text = (self._directory / path).read_text(encoding="utf-8", errors="replace")
            return text.splitlines()
        except OSError as error:
            logger.debug("cannot read %s for line contents: %s", path, error)
            return []


def _add_external(
    import_graph: grimp.ImportGraph,
    graph: Graph,
    reader: LineReader,
    *,
    exclude_type_checking: bool,
) -> None:
    internal = {name.split(".")[0] for name in import_graph.modules}
    for external in graph.external:
        if exclude_type_checking and external.kind is ImportKind.TYPE_CHECKING:
            continue
        top = external.name.split(".")[0]
        if top in internal or not _is_valid(external.importer):
            continue
        if top not in import_graph.modules:
            import_graph.add_module(top, is_squashed=True)
        path = graph.module_by_id[external.importer].path
        import_graph.add_import(importer=external.importer, imported=top,
                                line_number=external.line,
                                line_contents=reader(path, external.line))


def _is_valid(module_id: str) -> bool:
    # grimp rejects names with empty parts, which files under folders such as ``.github`` get.
    # NOTE: imports from and to such modules are left out of the grimp graph.
    return all(part.isidentifier() for part in module_id.split("."))


def _with_ancestors(names: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for name in names:
        parts = name.split(".")
        found.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
    return found
