"""Contract status: which import contracts are kept or broken, and how large their baselines are."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from modsplit.report.model import Cell, Column, Facts, Note, Section, SectionStatus, Table
from modsplit.report.sections.common import NotAvailable, guarded, location_cell, number
from modsplit.report.sources import ContractStatus

if TYPE_CHECKING:
    from modsplit.contracts.model import CheckResult, ContractOutcome

SECTION_ID = "contracts"
TITLE = "Contracts"


def contracts_section(source: Callable[[], ContractStatus] | None) -> Section:
    """Return the section of the contract check that ``source`` runs."""
    return guarded(SECTION_ID, TITLE, lambda: _build(source))


def _build(source: Callable[[], ContractStatus] | None) -> Section:
    if source is None:
        raise NotAvailable("modsplit contracts is not wired into the report.")
    return Section(SECTION_ID, TITLE, SectionStatus.READY, contract_parts(source()))


def contract_parts(status: ContractStatus) -> tuple[Facts | Note | Table, ...]:
    result = status.result
    broken = sum(1 for outcome in result.outcomes if not outcome.is_kept)
    baseline = sum(len(outcome.contract.baseline) for outcome in result.outcomes)
    facts = Facts((
        ("contracts kept", str(len(result.outcomes) - broken), "good"),
        ("contracts broken", str(broken), "bad" if broken else "good"),
        ("violations", str(len(result.violations)), "bad" if result.violations else "good"),
        ("baseline entries", str(baseline), "warn" if baseline else ""),
        ("stale baseline entries", str(len(result.stale)), "warn" if result.stale else "good"),
    ))
    parts: list[Facts | Note | Table] = [facts]
    if status.generated_from:
        parts.append(Note(f"No contract files were found, so these are the contracts that "
                          f"`modsplit contracts generate` writes from {status.generated_from}, "
                          "checked without a baseline.", tone="warn"))
    parts += [_contracts_table(result), _violations_table(result), _stale_table(result)]
    return tuple(parts)


def _contracts_table(result: CheckResult) -> Table:
    rows = tuple(_contract_row(outcome) for outcome in result.outcomes)
    columns = (Column("contract"), Column("type"), Column("file"), Column("status"),
               Column("violations", True), Column("baseline entries", True),
               Column("ignored by the baseline", True), Column("stale entries", True))
    return Table("contracts-status", "Contracts", columns, rows, "No contract to check.")


def _contract_row(outcome: ContractOutcome) -> tuple[Cell, ...]:
    contract = outcome.contract
    return (
        Cell(contract.name, title=contract.id),
        Cell(contract.type),
        Cell(outcome.file),
        Cell("kept", tone="good") if outcome.is_kept else Cell("broken", tone="bad"),
        number(len(outcome.violations)),
        number(len(contract.baseline)),
        number(outcome.ignored_count),
        number(len(outcome.stale)),
    )


def _violations_table(result: CheckResult) -> Table:
    rows = tuple(
        (Cell(violation.contract), Cell(violation.importer), Cell(violation.imported),
         location_cell(violation.first_hop.location),
         Cell(" → ".join([violation.hops[0].importer, *(hop.imported for hop in violation.hops)]),
              title="; ".join(hop.location for hop in violation.hops)))
        for violation in result.violations
    )
    columns = (Column("contract"), Column("importer"), Column("imported"), Column("file:line"),
               Column("chain of imports"))
    return Table("contracts-violations", "Violations outside the baselines", columns, rows,
                 "No contract is broken.")


def _stale_table(result: CheckResult) -> Table:
    rows = tuple(
        (Cell(entry.contract), location_cell(f"{entry.path}:{entry.line}"),
         Cell(entry.expression))
        for entry in result.stale
    )
    columns = (Column("contract"), Column("file:line"), Column("baseline entry"))
    return Table("contracts-stale", "Baseline entries that match no import any more", columns,
                 rows, "Every baseline entry still matches an import.")
