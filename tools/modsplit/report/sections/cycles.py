"""Cycles between units and between modules, the imports that form them and the cuts to make."""

from __future__ import annotations

from collections.abc import Sequence

from modsplit.graph.cycles import find_cycles
from modsplit.graph.model import Cycle, Graph
from modsplit.report.model import Cell, Column, Facts, Section, SectionStatus, Table
from modsplit.report.sections.common import (
    guarded,
    import_line,
    kind_cell,
    location_cell,
    number,
    slug,
)

SECTION_ID = "cycles"
TITLE = "Cycles"
LEVELS = (("unit", "units"), ("package:1", "top-level packages"), ("module", "modules"))


def cycles_section(graph: Graph) -> Section:
    """Return the cycles at each level, as ``modsplit graph`` finds them."""
    return guarded(SECTION_ID, TITLE, lambda: _build(graph))


def _build(graph: Graph) -> Section:
    found: dict[str, Sequence[Cycle]] = {
        level: find_cycles(graph, level=level) for level, _ in LEVELS
    }
    facts = Facts(tuple(
        (f"cycles between {noun}", str(len(found[level])), "bad" if found[level] else "good")
        for level, noun in LEVELS
    ))
    tables: list[Table] = []
    for level, noun in LEVELS:
        tables.append(_cycles_table(level, noun, found[level], graph))
        tables.append(_imports_table(level, noun, found[level], graph))
    return Section(SECTION_ID, TITLE, SectionStatus.READY, (facts, *tables))


def _cycles_table(level: str, noun: str, cycles: Sequence[Cycle], graph: Graph) -> Table:
    rows = tuple(
        (number(position), Cell(" ↔ ".join(_label(graph, level, m) for m in cycle.members)),
         number(len(cycle.members)), number(len(cycle.imports)),
         Cell("; ".join(f"{line.importer} → {line.imported} ({line.location})"
                        for line in (import_line(graph, edge) for edge in cycle.cut))))
        for position, cycle in enumerate(cycles, start=1)
    )
    columns = (Column("#", True), Column("members"), Column("size", True),
               Column("imports", True), Column("suggested cut"))
    return Table(f"cycles-{slug(level)}", f"Cycles between {noun}", columns, rows,
                 f"No cycle between {noun}.")


def _imports_table(level: str, noun: str, cycles: Sequence[Cycle], graph: Graph) -> Table:
    rows = []
    for position, cycle in enumerate(cycles, start=1):
        cut = set(cycle.cut)
        for edge in cycle.imports:
            line = import_line(graph, edge)
            rows.append((
                number(position), Cell(line.importer), Cell(line.imported),
                location_cell(line.location), kind_cell(line.kind),
                Cell("cut" if edge in cut else "", tone="bad" if edge in cut else ""),
            ))
    columns = (Column("cycle", True), Column("importer"), Column("imported"),
               Column("file:line"), Column("kind"), Column("suggested cut"))
    return Table(f"cycle-imports-{slug(level)}", f"Imports that form the cycles between {noun}",
                 columns, tuple(rows), f"No cycle between {noun}.")


def _label(graph: Graph, level: str, member: str) -> str:
    if level == "module" and member in graph.module_by_id:
        return graph.module(member).name or member
    return member
