"""The report use case: gather every section from the graph and the capabilities' results."""

from __future__ import annotations

from collections.abc import Callable

from modsplit.graph.model import Graph
from modsplit.report.model import Report, Section
from modsplit.report.sections.common import guarded
from modsplit.report.sections.contracts import contracts_section
from modsplit.report.sections.cycles import cycles_section
from modsplit.report.sections.dependencies import dependencies_section
from modsplit.report.sections.lazy import lazy_section
from modsplit.report.sections.proposal import proposal_section
from modsplit.report.sections.structure import (
    DSM_ID,
    DSM_TITLE,
    GRAPH_ID,
    GRAPH_TITLE,
    dsm_section,
    unit_graph_section,
)
from modsplit.report.sections.summary import (
    RESOLUTION_ID,
    RESOLUTION_TITLE,
    SECTION_ID,
    TITLE,
    resolution_section,
    summary_section,
)
from modsplit.report.sources import ReportSources


def build_report(
    graph: Graph,
    *,
    sources: ReportSources,
    generated_at: str,
    version: str,
    on_step: Callable[[str], None] = lambda title: None,
) -> Report:
    """Return the report of ``graph``; ``on_step`` is called with each section's title first.

    A section that fails shows its error in its place; the other sections are still built.
    """
    steps: list[tuple[str, Callable[[], Section]]] = [
        (TITLE, lambda: guarded(SECTION_ID, TITLE, lambda: summary_section(graph))),
        (GRAPH_TITLE, lambda: guarded(GRAPH_ID, GRAPH_TITLE, lambda: unit_graph_section(graph))),
        (DSM_TITLE, lambda: guarded(DSM_ID, DSM_TITLE, lambda: dsm_section(graph))),
        ("Cycles", lambda: cycles_section(graph)),
        ("Proposal", lambda: proposal_section(sources.proposal)),
        ("Contracts", lambda: contracts_section(sources.contracts)),
        ("Dependencies", lambda: dependencies_section(sources.dependencies)),
        ("Lazy imports", lambda: lazy_section(graph, sources.lazy)),
        (RESOLUTION_TITLE,
         lambda: guarded(RESOLUTION_ID, RESOLUTION_TITLE, lambda: resolution_section(graph))),
    ]
    sections = []
    for title, build in steps:
        on_step(title)
        sections.append(build())

    workspace = graph.workspace
    return Report(
        title=f"modsplit report: {workspace.directory.name}",
        directory=str(workspace.directory),
        config=str(workspace.config_path) if workspace.config_path else "",
        generated_at=generated_at,
        version=version,
        sections=tuple(sections),
    )
