"""The report use case: gather every section from the graph and the capabilities."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from modsplit.graph.model import Graph
from modsplit.report.model import Report, Section
from modsplit.report.sections.capabilities import (
    contracts_section,
    dependencies_section,
    lazy_section,
    proposal_section,
)
from modsplit.report.sections.common import guarded
from modsplit.report.sections.cycles import cycles_section
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


def build_report(
    graph: Graph,
    *,
    generated_at: str,
    version: str,
    profile: Path | None = None,
    on_step: Callable[[str], None] = lambda step: None,
) -> Report:
    """Return the report of ``graph``; ``on_step`` is called with each section's title first."""
    steps: list[tuple[str, Callable[[], Section]]] = [
        (TITLE, lambda: guarded(SECTION_ID, TITLE, lambda: summary_section(graph))),
        (GRAPH_TITLE, lambda: guarded(GRAPH_ID, GRAPH_TITLE, lambda: unit_graph_section(graph))),
        (DSM_TITLE, lambda: guarded(DSM_ID, DSM_TITLE, lambda: dsm_section(graph))),
        ("Cycles", lambda: cycles_section(graph)),
        ("Proposal", lambda: proposal_section(graph)),
        ("Contracts", lambda: contracts_section(graph)),
        ("Dependencies", lambda: dependencies_section(graph)),
        ("Lazy imports", lambda: lazy_section(graph, profile=profile)),
        (RESOLUTION_TITLE, lambda: guarded(RESOLUTION_ID, RESOLUTION_TITLE,
                                           lambda: resolution_section(graph))),
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
