"""Baselines: record today's violations as ignored imports, and prune entries that are stale.

A baseline entry is an import-linter import expression ``importer -> imported`` for one direct
import, with ``path:line`` of that import as its comment. Ignoring an import removes it from the
graph, so one entry can cut several chains, and cutting a chain can reveal another one that
the engine's shortest-chain search hid; recording therefore repeats until the contract is kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from modsplit.contracts.check import ImportLocator
from modsplit.contracts.engine import ContractEngine
from modsplit.contracts.model import BaselineEntry, Contract, ContractFile, StaleEntry
from modsplit.errors import AnalysisError, ConfigError
from modsplit.graph.model import Graph

# Each round ignores the first import of every chain still found; a contract whose chains are
# not cut after this many rounds points at an engine that ignores its ``ignored`` argument.
MAX_ROUNDS = 50


@dataclass(frozen=True)
class PruneResult:
    """A contract file without its stale entries, and the entries taken out."""

    file: ContractFile
    removed: tuple[StaleEntry, ...]


def record_baseline(
    contract_file: ContractFile, graph: Graph, engine: ContractEngine
) -> ContractFile:
    """Return ``contract_file`` with each contract's baseline set to today's violations."""
    locator = ImportLocator(graph)
    problems: list[str] = []
    contracts = []
    for contract in contract_file.contracts:
        entries, contract_problems = _baseline_of(contract, engine, locator)
        problems += contract_problems
        contracts.append(dataclasses.replace(contract, baseline=entries))
    if problems:
        raise ConfigError(problems, source=contract_file.path.as_posix())
    return dataclasses.replace(contract_file, contracts=tuple(contracts))


def prune_baseline(
    contract_file: ContractFile, engine: ContractEngine, *, shown_path: str
) -> PruneResult:
    """Remove the entries that match no import, then those the contract is kept without.

    The second step tries each remaining entry in file order and drops it when the contract
    stays kept without it, so the pruned baseline is one the contract is still kept with.
    """
    removed: list[StaleEntry] = []
    contracts = []
    for contract in contract_file.contracts:
        kept_entries, dropped = _prune_contract(contract, engine)
        contracts.append(dataclasses.replace(contract, baseline=kept_entries))
        removed += [
            StaleEntry(contract.label, shown_path, entry.line, entry.expression)
            for entry in dropped
        ]
    pruned = dataclasses.replace(contract_file, contracts=tuple(contracts))
    return PruneResult(file=pruned, removed=tuple(removed))


def remove_entry_lines(text: str, removed: Sequence[StaleEntry]) -> str:
    """Delete the lines of ``removed`` entries from a contract file's text.

    Each entry must sit on a line of its own, as generated files have them, so that the rest of
    the file (comments, order, options) stays as it was.
    """
    lines = text.splitlines(keepends=True)
    doomed = set()
    for entry in removed:
        index = entry.line - 1
        if not (0 <= index < len(lines)) or f'"{entry.expression}"' not in lines[index]:
            raise ConfigError(
                [f"line {entry.line}: baseline entry {entry.expression!r} not found there; "
                 "regenerate the file with `modsplit contracts generate --baseline`"],
                source=entry.path,
            )
        if lines[index].count('"') > 2:
            raise ConfigError(
                [f"line {entry.line}: baseline entry {entry.expression!r} shares its line "
                 "with other values; put one entry per line to prune it"],
                source=entry.path,
            )
        doomed.add(index)
    return "".join(line for index, line in enumerate(lines) if index not in doomed)


def _baseline_of(
    contract: Contract, engine: ContractEngine, locator: ImportLocator
) -> tuple[tuple[BaselineEntry, ...], list[str]]:
    pairs: set[tuple[str, str]] = set()
    for _ in range(MAX_ROUNDS):
        report = engine.check(contract, ignored=[_expression(pair) for pair in sorted(pairs)])
        if report.problems:
            return (), [f"contract {contract.label!r}: {p}" for p in report.problems]
        if not report.chains:
            entries = (
                BaselineEntry(_expression(pair), comment=locator.locations(*pair))
                for pair in sorted(pairs)
            )
            return tuple(entries), []
        pairs |= {(chain.modules[0], chain.modules[1]) for chain in report.chains}
    raise AnalysisError(
        f"contract {contract.label!r} is still broken after ignoring the imports of "
        f"{MAX_ROUNDS} rounds of violations; report this with the contract file"
    )


def _prune_contract(
    contract: Contract, engine: ContractEngine
) -> tuple[tuple[BaselineEntry, ...], list[BaselineEntry]]:
    expressions = [entry.expression for entry in contract.baseline]
    report = engine.check(contract, ignored=expressions)
    if report.problems:
        raise ConfigError(list(report.problems), source=f"contract {contract.label!r}")
    unmatched = set(report.unmatched)
    kept = [entry for entry in contract.baseline if entry.expression not in unmatched]
    dropped = [entry for entry in contract.baseline if entry.expression in unmatched]
    if report.chains:
        # A broken contract needs its new violations fixed first: which entries it could do
        # without is unknown while it is broken.
        return tuple(kept), dropped

    for entry in list(kept):
        trial = [other.expression for other in kept if other is not entry]
        if not engine.check(contract, ignored=trial).chains:
            kept.remove(entry)
            dropped.append(entry)
    return tuple(kept), sorted(dropped, key=lambda entry: entry.line)


def _expression(pair: tuple[str, str]) -> str:
    return f"{pair[0]} -> {pair[1]}"
