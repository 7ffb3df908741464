"""The proposal beside today's layout: metrics of both, packages, moves and imports to cut."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from modsplit.report.model import (
    Cell,
    Column,
    Facts,
    Note,
    Section,
    SectionStatus,
    SideBySide,
    Table,
)
from modsplit.report.sections.common import NotAvailable, guarded, location_cell, number

if TYPE_CHECKING:
    from modsplit.propose import Proposal

SECTION_ID = "proposal"
TITLE = "Proposal"

# (label, value of a Metrics object, whether lower is better); mirrors ``modsplit propose``.
METRICS: tuple[tuple[str, Callable[[Any], float | None], bool | None], ...] = (
    ("packages", lambda m: m.packages, None),
    ("TurboMQ", lambda m: m.turbomq, False),
    ("modularity Q", lambda m: m.modularity, False),
    ("crossing imports", lambda m: m.crossing_imports, True),
    ("package cycles", lambda m: m.package_cycles, True),
    ("packages in cycles", lambda m: m.packages_in_cycles, True),
    ("smallest package (modules)", lambda m: m.size_min, None),
    ("median package (modules)", lambda m: m.size_median, None),
    ("largest package (modules)", lambda m: m.size_max, None),
    ("MoJo moves from today", lambda m: m.mojo_moves, None),
    ("MoJoFM to today (%)", lambda m: m.mojofm_to_current, None),
    ("stability over seeds (%)", lambda m: m.stability, False),
)


def proposal_section(source: Callable[[], Proposal] | None) -> Section:
    """Return the section of the proposal that ``source`` makes."""
    return guarded(SECTION_ID, TITLE, lambda: _build(source))


def _build(source: Callable[[], Proposal] | None) -> Section:
    if source is None:
        raise NotAvailable("modsplit propose is not wired into the report.")
    return Section(SECTION_ID, TITLE, SectionStatus.READY, proposal_parts(source()))


def proposal_parts(proposal: Proposal) -> tuple[Facts | Note | Table | SideBySide, ...]:
    """Return the parts of the section for a ``modsplit.propose.Proposal``."""
    facts = Facts((
        ("proposed packages", str(proposal.proposed.packages), ""),
        ("today's packages", str(proposal.current.packages), ""),
        ("modules to move", str(len(proposal.moves)), "warn" if proposal.moves else "good"),
        ("imports to cut", str(len(proposal.cut)), "bad" if proposal.cut else "good"),
    ))
    note = Note("Made with the default options of `modsplit propose`. Run that command to pin "
                "modules or keep them together or apart, and to write config/boundaries.toml.")
    return (
        facts,
        note,
        _metrics_table(proposal),
        SideBySide(_today_table(proposal), _packages_table(proposal)),
        _moves_table(proposal),
        _cut_table(proposal),
    )


def _metrics_table(proposal: Proposal) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for label, value_of, lower_is_better in METRICS:
        today, proposed = value_of(proposal.current), value_of(proposal.proposed)
        rows.append((Cell(label), _figure(today), _figure(proposed, _tone(today, proposed,
                                                                           lower_is_better))))
    columns = (Column("metric"), Column("today", True), Column("proposal", True))
    return Table("proposal-metrics", "Metrics of today's layout and of the proposal", columns,
                 tuple(rows))


def _today_table(proposal: Proposal) -> Table:
    packages = proposal.current_layout.packages()
    rows = tuple((Cell(name), number(len(modules))) for name, modules in packages.items())
    columns = (Column("package"), Column("modules", True))
    return Table("proposal-today", "Today's packages", columns, rows)


def _packages_table(proposal: Proposal) -> Table:
    rows = tuple(
        (number(package.layer), Cell(package.name), number(len(package.modules)),
         _figure(package.instability),
         Cell(", ".join(f"{source} ({count})" for source, count in package.sources)))
        for package in proposal.packages
    )
    columns = (Column("layer", True), Column("package"), Column("modules", True),
               Column("instability", True), Column("from today's packages"))
    return Table("proposal-packages", "Proposed packages, top layer first", columns, rows)


def _moves_table(proposal: Proposal) -> Table:
    rows = tuple(
        (Cell(move.module), Cell(move.source), Cell(move.target), Cell(move.reason),
         Cell(f"{move.imports_in_target}/{move.imports}", sort_key=float(move.imports_in_target)),
         Cell(f"{move.importers_in_target}/{move.importers}",
              sort_key=float(move.importers_in_target)))
        for move in proposal.moves
    )
    columns = (Column("module"), Column("from"), Column("to"), Column("reason"),
               Column("imports into target", True), Column("importers from target", True))
    return Table("proposal-moves", "Moves, with the reason for each", columns, rows,
                 "No module moves.")


def _cut_table(proposal: Proposal) -> Table:
    rows = tuple(
        (Cell(cut.importer), Cell(cut.imported), location_cell(cut.location),
         Cell(cut.importer_package), Cell(cut.imported_package))
        for cut in proposal.cut
    )
    columns = (Column("importer"), Column("imported"), Column("file:line"),
               Column("from package"), Column("to package"))
    return Table("proposal-cut", "Imports to cut so that the packages form layers", columns,
                 rows, "No import needs cutting.")


def _figure(value: float | None, tone: str = "") -> Cell:
    if value is None:
        return Cell("-", sort_key=-1.0)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.3f}".rstrip("0").rstrip(".")
    return Cell(text, sort_key=float(value), tone=tone)


def _tone(today: float | None, proposed: float | None, lower_is_better: bool | None) -> str:
    if lower_is_better is None or today is None or proposed is None or today == proposed:
        return ""
    improved = proposed < today if lower_is_better else proposed > today
    return "good" if improved else "bad"
