"""Check contract files on the graph: violations outside the baseline, and stale entries."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from modsplit.contracts.engine import ContractEngine, EngineChain
from modsplit.contracts.model import (
    CheckResult,
    Contract,
    ContractFile,
    ContractOutcome,
    Hop,
    StaleEntry,
    Violation,
)
from modsplit.errors import ConfigError
from modsplit.graph.model import Graph

logger = logging.getLogger(__name__)


def check_contracts(
    files: Sequence[ContractFile],
    graph: Graph,
    engine_for: Callable[[ContractFile], ContractEngine],
    *,
    relative_to: str = "",
) -> CheckResult:
    """Check every contract of ``files`` and return what breaks them beyond their baselines.

    Raises ``ConfigError`` listing every contract that cannot be checked (a module that does
    not exist, an expression that matches no module, an invalid option), so that a broken
    configuration never passes silently.
    """
    locator = ImportLocator(graph)
    outcomes: list[ContractOutcome] = []
    problems: list[str] = []
    for contract_file in files:
        shown = display_path(contract_file, relative_to)
        engine = engine_for(contract_file)
        for contract in contract_file.contracts:
            outcome, contract_problems = _check_one(contract, shown, engine, locator)
            problems += contract_problems
            if outcome is not None:
                outcomes.append(outcome)
    if problems:
        raise ConfigError(problems, source="contracts")
    return CheckResult(outcomes=tuple(outcomes))


def display_path(contract_file: ContractFile, relative_to: str) -> str:
    """Return the file's path relative to ``relative_to`` when it lies below it."""
    path = contract_file.path.as_posix()
    prefix = relative_to.rstrip("/") + "/"
    return path[len(prefix) :] if relative_to and path.startswith(prefix) else path


class ImportLocator:
    """Finds the file and lines of an import between two module ids of the graph."""

    def __init__(self, graph: Graph) -> None:
        self._graph = graph
        lines: dict[tuple[str, str], list[int]] = defaultdict(list)
        for edge in graph.imports:
            lines[(edge.importer, edge.imported)].append(edge.line)
        for external in graph.external:
            top = external.name.split(".")[0]
            lines[(external.importer, top)].append(external.line)
        self._lines = lines

    def hop(self, importer: str, imported: str) -> Hop:
        module = self._graph.module_by_id.get(importer)
        path = module.path if module is not None else importer.replace(".", "/")
        lines = tuple(sorted(set(self._lines.get((importer, imported), ()))))
        return Hop(importer, imported, path, lines)

    def locations(self, importer: str, imported: str) -> str:
        """Return ``path:line`` of an import, with further lines after commas."""
        hop = self.hop(importer, imported)
        if not hop.lines:
            return hop.path
        return f"{hop.path}:" + ", ".join(str(line) for line in hop.lines)


def violations_from_chains(
    contract: Contract, chains: Iterable[EngineChain], locator: ImportLocator
) -> tuple[Violation, ...]:
    """Turn an engine's chains of module ids into violations with a file and line per hop."""
    found = set()
    for chain in chains:
        hops = tuple(
            locator.hop(importer, imported)
            for importer, imported in zip(chain.modules, chain.modules[1:], strict=False)
        )
        found.add(Violation(contract.label, chain.importer, chain.imported, hops))
    return tuple(sorted(found))


def stale_entries(
    contract: Contract, unmatched: Iterable[str], file: str
) -> tuple[StaleEntry, ...]:
    unmatched_set = set(unmatched)
    return tuple(
        StaleEntry(contract.label, file, entry.line, entry.expression)
        for entry in contract.baseline
        if entry.expression in unmatched_set
    )


def _check_one(
    contract: Contract, file: str, engine: ContractEngine, locator: ImportLocator
) -> tuple[ContractOutcome | None, list[str]]:
    report = engine.check(contract, ignored=[entry.expression for entry in contract.baseline])
    if report.problems:
        return None, [f"{file}: contract {contract.label!r}: {p}" for p in report.problems]

    violations = violations_from_chains(contract, report.chains, locator)
    logger.debug("contract %s: %d violations", contract.label, len(violations))
    outcome = ContractOutcome(
        contract=contract,
        file=file,
        violations=violations,
        stale=stale_entries(contract, report.unmatched, file),
        ignored_count=report.ignored_count,
    )
    return outcome, []
