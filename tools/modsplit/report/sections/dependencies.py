"""Dependency findings per unit, from ``modsplit deps``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from modsplit.report.model import Cell, Column, Facts, Note, Section, SectionStatus, Table
from modsplit.report.sections.common import NotAvailable, guarded, number

if TYPE_CHECKING:
    from modsplit.deps.model import DepsReport, Finding

SECTION_ID = "dependencies"
TITLE = "Dependencies"

# Finding codes as ``modsplit deps`` prints them, with the words this report uses for them.
CODES = (
    ("DEP001", "missing"),
    ("DEP002", "unused"),
    ("DEP003", "transitive"),
    ("DEP004", "dev only"),
    ("DEP101", "other unit"),
)
MEANINGS = {
    "DEP001": "imported but not declared",
    "DEP002": "declared but not imported",
    "DEP003": "imported but only installed as a dependency of a dependency",
    "DEP004": "imported at run time but declared as a development dependency",
    "DEP101": "imports another unit that it does not declare",
}


def dependencies_section(source: Callable[[], DepsReport] | None) -> Section:
    """Return the section of the findings that ``source`` makes."""
    return guarded(SECTION_ID, TITLE, lambda: _build(source))


def _build(source: Callable[[], DepsReport] | None) -> Section:
    if source is None:
        raise NotAvailable("modsplit deps is not wired into the report.")
    return Section(SECTION_ID, TITLE, SectionStatus.READY, dependency_parts(source()))


def dependency_parts(report: DepsReport) -> tuple[Facts | Note | Table, ...]:
    counts = Counter(finding.code.value for finding in report.findings)
    facts = Facts(tuple(
        (f"{label} ({code})", str(counts[code]), "bad" if counts[code] else "good")
        for code, label in CODES
    ))
    notes = tuple(Note(warning, tone="warn") for warning in report.warnings)
    source = Note(f"Import names were mapped to distributions with the {report.mapping_source} "
                  "mapping.")
    return (facts, source, *notes, _units_table(report), _findings_table(report))


def _units_table(report: DepsReport) -> Table:
    per_unit = Counter((finding.unit, finding.code.value) for finding in report.findings)
    rows = tuple(
        (Cell(unit), *(_count(per_unit[(unit, code)]) for code, _ in CODES),
         _count(sum(per_unit[(unit, code)] for code, _ in CODES)))
        for unit in report.units
    )
    columns = (Column("unit"), *(Column(f"{label} ({code})", True) for code, label in CODES),
               Column("all", True))
    return Table("dependencies-units", "Findings per unit", columns, rows,
                 "No unit was checked.")


def _findings_table(report: DepsReport) -> Table:
    rows = tuple(_finding_row(finding) for finding in report.findings)
    columns = (Column("unit"), Column("finding"), Column("distribution"), Column("import name"),
               Column("file:line"), Column("manifest entry"))
    return Table("dependencies-findings", "Findings", columns, rows,
                 "No dependency problem found.")


def _finding_row(finding: Finding) -> tuple[Cell, ...]:
    code = finding.code.value
    where = f"{finding.path}:{finding.line}" if finding.path is not None else ""
    label = dict(CODES).get(code, "")
    return (
        Cell(finding.unit),
        Cell(f"{code} {label}", title=MEANINGS.get(code, ""),
             tone="bad" if code in ("DEP001", "DEP101") else "warn"),
        Cell(finding.distribution),
        Cell(finding.import_name),
        Cell(where, title="file:line of the first import" if where else ""),
        Cell(finding.manifest or ""),
    )


def _count(value: int) -> Cell:
    cell = number(value)
    return Cell(cell.text, cell.sort_key, tone="bad" if value else "")
