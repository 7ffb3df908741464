"""The summary: what was analysed, and what could not be."""

from __future__ import annotations

from collections import Counter

from modsplit.graph.model import Graph
from modsplit.report.model import Cell, Column, Facts, Section, SectionStatus, Table
from modsplit.report.sections.common import kind_cell, location_cell, number, unresolved_location

SECTION_ID = "summary"
TITLE = "Summary"
RESOLUTION_ID = "resolution"
RESOLUTION_TITLE = "Unresolved imports and shadowed names"


def summary_section(graph: Graph) -> Section:
    """Return the figures of the graph, its units and the files that were skipped."""
    return Section(
        SECTION_ID,
        TITLE,
        SectionStatus.READY,
        (_facts(graph), _units_table(graph), _skipped_table(graph)),
    )


def resolution_section(graph: Graph) -> Section:
    """Return the imports of modules found nowhere, and the names that several roots provide."""
    return Section(
        RESOLUTION_ID,
        RESOLUTION_TITLE,
        SectionStatus.READY,
        (_unresolved_names_table(graph), _unresolved_table(graph), _shadowed_table(graph)),
    )


def _facts(graph: Graph) -> Facts:
    files = sum(1 for module in graph.modules if not module.is_namespace) + len(graph.skipped)
    roots = {root for unit in graph.workspace.units for root in unit.roots}
    return Facts((
        ("Python files", f"{files:,}", ""),
        ("modules", f"{len(graph.modules):,}", ""),
        ("units", f"{len(graph.workspace.units):,}", ""),
        ("roots", f"{len(roots):,}", ""),
        ("imports between modules", f"{len(graph.imports):,}", ""),
        ("skipped files", f"{len(graph.skipped):,}", "warn" if graph.skipped else "good"),
        ("unresolved imports", f"{len(graph.unresolved):,}",
         "bad" if graph.unresolved else "good"),
        ("shadowed names", f"{len(graph.shadowed):,}", "warn" if graph.shadowed else "good"),
    ))


def _units_table(graph: Graph) -> Table:
    modules = Counter(module.unit for module in graph.modules)
    unresolved = Counter(graph.module(edge.importer).unit for edge in graph.unresolved
                         if edge.importer in graph.module_by_id)
    rows = tuple(
        (Cell(unit.name), Cell(unit.path), Cell(", ".join(unit.roots)), number(modules[unit.name]),
         number(unresolved[unit.name]), Cell(", ".join(m.path for m in unit.manifests)))
        for unit in graph.workspace.units
    )
    columns = (Column("unit"), Column("folder"), Column("roots"), Column("modules", True),
               Column("unresolved imports", True), Column("manifests"))
    return Table("units", "Units and their roots", columns, rows, "The workspace has no units.")


def _skipped_table(graph: Graph) -> Table:
    rows = tuple(
        (Cell(skipped.path), Cell(skipped.reason.value.replace("_", " ")), Cell(skipped.detail))
        for skipped in sorted(graph.skipped)
    )
    columns = (Column("file"), Column("reason"), Column("detail"))
    return Table("skipped", "Skipped files", columns, rows, "No file was skipped.")


def _unresolved_names_table(graph: Graph) -> Table:
    counts = Counter(edge.name.split(".")[0] for edge in graph.unresolved)
    importers = {
        name: {edge.importer for edge in graph.unresolved if edge.name.split(".")[0] == name}
        for name in counts
    }
    rows = tuple(
        (Cell(name), number(count), number(len(importers[name])))
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    columns = (Column("top-level name"), Column("imports", True), Column("importing modules", True))
    return Table("unresolved-names", "Unresolved names, most imported first", columns, rows,
                 "Every import was resolved.")


def _unresolved_table(graph: Graph) -> Table:
    rows = tuple(
        (Cell(edge.name), Cell(_module_name(graph, edge.importer)),
         location_cell(unresolved_location(graph, edge)), kind_cell(edge.kind.value))
        for edge in sorted(graph.unresolved)
    )
    columns = (Column("imported name"), Column("importer"), Column("file:line"), Column("kind"))
    return Table("unresolved", "Unresolved imports", columns, rows, "Every import was resolved.")


def _shadowed_table(graph: Graph) -> Table:
    rows = tuple(
        (Cell(item.name), Cell("differ" if item.differ else "identical",
                               tone="bad" if item.differ else ""),
         number(len(item.paths)), Cell(", ".join(item.paths)))
        for item in sorted(graph.shadowed, key=lambda s: s.name)
    )
    columns = (Column("dotted name"), Column("copies"), Column("files", True), Column("paths"))
    return Table("shadowed", "Names that more than one root provides", columns, rows,
                 "No name is provided by more than one root.")


def _module_name(graph: Graph, module_id: str) -> str:
    module = graph.module_by_id.get(module_id)
    return module.name if module else module_id
