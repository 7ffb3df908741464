"""Sections filled by the other capabilities: proposal, contracts, dependencies, lazy imports.

Each section asks its capability's public package for a result and turns it into tables. A
capability that is not built yet leaves a "not available yet" note, and one that fails leaves
its error, so the rest of the report is still written.
"""

from __future__ import annotations

from pathlib import Path

from modsplit.graph.model import Graph
from modsplit.report.model import Section
from modsplit.report.sections.common import NoData, capability, guarded
from modsplit.report.sections.dependencies import build_dependencies_section
from modsplit.report.sections.proposal import build_proposal_section

PROPOSAL = ("proposal", "Proposal")
CONTRACTS = ("contracts", "Contracts")
DEPENDENCIES = ("dependencies", "Dependencies")
LAZY = ("lazy-imports", "Lazy-import candidates")


def proposal_section(graph: Graph) -> Section:
    return guarded(*PROPOSAL, lambda: _proposal(graph))


def contracts_section(graph: Graph) -> Section:
    return guarded(*CONTRACTS, lambda: _contracts(graph))


def dependencies_section(graph: Graph) -> Section:
    return guarded(*DEPENDENCIES, lambda: _dependencies(graph))


def lazy_section(graph: Graph, *, profile: Path | None) -> Section:
    return guarded(*LAZY, lambda: _lazy(graph, profile=profile))


def _proposal(graph: Graph) -> Section:
    return build_proposal_section(graph)


def _contracts(graph: Graph) -> Section:
    capability("contracts", "check_contracts")
    raise NotImplementedError("the report does not read contract results yet")


def _dependencies(graph: Graph) -> Section:
    return build_dependencies_section(graph)


def _lazy(graph: Graph, *, profile: Path | None) -> Section:
    capability("lazy", "find_candidates")
    if profile is None:
        raise NoData("No import-time profile was given (--profile FILE).")
    raise NotImplementedError("the report does not read lazy-import candidates yet")
