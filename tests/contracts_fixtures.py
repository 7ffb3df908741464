"""Graphs and workspaces shared by the contracts tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from pathlib import Path

from modsplit.graph.model import Graph
from modsplit.workspace.model import Unit, Workspace
from tests.helpers import graph_from_arrows


def monorepo_graph(
    arrows: Iterable[str],
    *,
    units: Mapping[str, str],
    layers: tuple[tuple[str, ...], ...] = (),
    settings: Mapping[str, Mapping[str, object]] | None = None,
    directory: Path = Path("/repo"),
) -> Graph:
    """Build a graph whose units are folders: ``units`` maps a unit's folder to its name.

    Each module belongs to the unit with the deepest folder above it, as in a monorepo where
    one unit's folder (``src``) contains others (``src/services/api``).
    """
    graph = graph_from_arrows(arrows, directory=directory)
    folders = sorted(units, key=len, reverse=True)

    def unit_of(module_id: str) -> str:
        path = module_id.replace(".", "/")
        for folder in folders:
            if folder == "." or path == folder or path.startswith(folder + "/"):
                return units[folder]
        return "outside"

    modules = tuple(dataclasses.replace(m, unit=unit_of(m.id)) for m in graph.modules)
    workspace = Workspace(
        directory=directory,
        units=tuple(Unit(name=n, path=folder, roots=(folder,)) for folder, n in units.items()),
        layers=layers,
        settings=dict(settings or {}),
        config_path=directory / "config" / "modsplit.toml",
    )
    return Graph(workspace=workspace, modules=modules, imports=graph.imports)


# A monolith (src) holding two services, each with its own root, and a vendored framework.
SERVICES = {
    "src": "monolith",
    "src/services/api": "api",
    "src/services/data": "data",
}
SERVICE_LAYERS = (("api", "data"), ("monolith",))
