"""Builders for test inputs: fixture trees from ``{path: text}`` and graphs from arrow strings."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path

from modsplit.graph.model import Graph, Import, ImportKind, Module
from modsplit.workspace.model import Unit, Workspace


def make_tree(directory: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write each ``{relative path: text}`` under ``directory``; text is dedented."""
    for relative, content in files.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return directory


def graph_from_arrows(
    arrows: Iterable[str],
    *,
    units: Mapping[str, str] | None = None,
    directory: Path = Path("/nonexistent"),
) -> Graph:
    """Build a graph from lines such as ``"a.b -> c"`` or ``"a.b -> c [function]"``.

    Each module's id and name are the dotted names in the arrows, its path is the id as a file
    path, and its unit is ``units[top-level name]`` (the top-level name itself by default). An
    import's line is its position in ``arrows``, counting from 1.
    """
    unit_of = dict(units or {})
    edges: list[Import] = []
    names: set[str] = set()
    for line_number, arrow in enumerate(arrows, start=1):
        kind = ImportKind.MODULE
        if "[" in arrow:
            arrow, _, tail = arrow.partition("[")
            kind = ImportKind(tail.rstrip("] "))
        if "->" not in arrow:
            names.add(arrow.strip())
            continue
        importer, imported = (part.strip() for part in arrow.split("->"))
        names.update((importer, imported))
        edges.append(Import(importer, imported, line_number, kind))
    modules = tuple(
        Module(
            id=name,
            name=name,
            unit=unit_of.get(name.split(".")[0], name.split(".")[0]),
            path=name.replace(".", "/") + ".py",
        )
        for name in sorted(names)
    )
    unit_names = sorted({module.unit for module in modules})
    workspace = Workspace(
        directory=directory,
        units=tuple(Unit(name=name, path=name, roots=(".",)) for name in unit_names),
    )
    return Graph(workspace=workspace, modules=modules, imports=tuple(sorted(edges)))
