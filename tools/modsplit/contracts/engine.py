"""The port through which contracts are checked: an engine that runs one contract on a graph.

The use cases in this package never import the engine. The command line builds the one that
runs import-linter's contract types on modsplit's graph (``modsplit.adapters.importlinter``) and
passes it in; unit tests pass a fake.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from modsplit.contracts.model import Contract


@dataclass(frozen=True, order=True)
class EngineChain:
    """A chain of module ids that breaks a contract, from ``importer`` to ``imported``."""

    importer: str
    imported: str
    modules: tuple[str, ...]


@dataclass(frozen=True)
class EngineReport:
    """What an engine found for one contract.

    ``problems`` are configuration errors (a module that does not exist, an invalid option):
    when there are any, the contract was not checked. ``unmatched`` are the ignored import
    expressions that match no import of the graph.
    """

    chains: tuple[EngineChain, ...] = ()
    unmatched: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    ignored_count: int = 0


class ContractEngine(Protocol):
    """Checks contracts on one graph."""

    def check(self, contract: Contract, *, ignored: Sequence[str]) -> EngineReport:
        """Check ``contract`` with the imports matching ``ignored`` removed from the graph."""
        ...
