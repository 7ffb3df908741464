"""Lazy-import candidates: the imports that make a package slow to import, from a profile."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from modsplit.graph.model import Graph
from modsplit.report.model import Cell, Column, Facts, Note, Section, SectionStatus, Table
from modsplit.report.sections.common import NotAvailable, guarded, location_cell

if TYPE_CHECKING:
    from modsplit.lazy.profile import Profile

SECTION_ID = "lazy-imports"
TITLE = "Lazy-import candidates"


def lazy_section(graph: Graph, source: Callable[[], Profile] | None) -> Section:
    """Return the section of the import-time profile that ``source`` reads."""
    return guarded(SECTION_ID, TITLE, lambda: _build(graph, source))


def _build(graph: Graph, source: Callable[[], Profile] | None) -> Section:
    if source is None:
        raise NotAvailable("modsplit lazy is not wired into the report.")
    return Section(SECTION_ID, TITLE, SectionStatus.READY, lazy_parts(graph, source()))


def lazy_parts(graph: Graph, profile: Profile) -> tuple[Facts | Note | Table, ...]:
    total = "-" if profile.total_us is None else _milliseconds(profile.total_us)
    facts = Facts((
        ("profiled package", profile.target, ""),
        ("import time (ms)", total, "bad" if profile.total_us is None else ""),
        ("modules loaded", str(profile.module_count), ""),
        ("imports measured", str(len(profile.edges)), ""),
    ))
    parts: list[Facts | Note | Table] = [facts]
    if profile.failure is not None:
        parts.append(Note(f"The import failed before it finished: {profile.failure.error}",
                          tone="bad"))
    parts.append(Note("Imports made by modules of the package, the most expensive first. "
                      "An import of another package near the top is a candidate for "
                      "`modsplit lazy apply`."))
    parts.append(_edges_table(graph, profile))
    return tuple(parts)


def _edges_table(graph: Graph, profile: Profile) -> Table:
    locate = _locator(graph)
    rows = tuple(
        (Cell(edge.imported), Cell(edge.importer),
         location_cell(locate(edge.importer, edge.imported)),
         _time(edge.cumulative_us), _time(edge.self_us),
         Cell("inside" if edge.is_first_party else "outside"))
        for edge in profile.edges
    )
    columns = (Column("imported"), Column("importer"), Column("file:line"),
               Column("cumulative (ms)", True), Column("self (ms)", True),
               Column("package"))
    return Table("lazy-candidates", "Imports by cost", columns, rows,
                 "No import made by a module of the package was measured.")


def _locator(graph: Graph) -> Callable[[str, str], str]:
    """Return a function giving the ``path:line`` of an import, found by importer and imported
    names; an empty string when the graph has no such import."""
    locations: dict[tuple[str, str], str] = {}
    for edge in graph.external:
        importer = graph.module_by_id.get(edge.importer)
        if importer is not None:
            locations.setdefault((importer.name, edge.name), graph.location(edge))
    for internal in graph.imports:
        importer = graph.module(internal.importer)
        imported = graph.module(internal.imported)
        locations.setdefault((importer.name, imported.name), graph.location(internal))
    return lambda importer, imported: locations.get((importer, imported), "")


def _time(microseconds: int) -> Cell:
    return Cell(_milliseconds(microseconds), sort_key=float(microseconds))


def _milliseconds(microseconds: int) -> str:
    return f"{microseconds / 1000:,.1f}"
