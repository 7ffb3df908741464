"""Gathering the report's sections from a graph and from the capabilities' results."""

from __future__ import annotations

import dataclasses

from modsplit.contracts.model import (
    BaselineEntry,
    CheckResult,
    Contract,
    ContractOutcome,
    Hop,
    StaleEntry,
    Violation,
)
from modsplit.deps.model import Code, DepsReport, Finding
from modsplit.errors import AnalysisError
from modsplit.graph.model import Shadowed, Skipped, SkipReason, Unresolved
from modsplit.propose import ProposeOptions, propose
from modsplit.report import ContractStatus, NoData, ReportSources, SectionStatus, build_report
from modsplit.report.model import Facts, Note, Section, Table
from modsplit.report.sections.common import NotAvailable, guarded
from modsplit.report.sections.contracts import contract_parts
from modsplit.report.sections.cycles import cycles_section
from modsplit.report.sections.dependencies import dependency_parts
from modsplit.report.sections.proposal import proposal_parts
from modsplit.report.sections.summary import resolution_section, summary_section
from tests.helpers import graph_from_arrows

ARROWS = [
    "app.main -> core.db",
    "core.db -> framework.config",
    "framework.web -> core.db [function]",
    "app.main -> framework.web",
]


def _report(sources: ReportSources) -> dict[str, Section]:
    graph = graph_from_arrows(ARROWS)
    report = build_report(graph, sources=sources, generated_at="", version="0")
    return {section.id: section for section in report.sections}


def _tables(section: Section) -> dict[str, Table]:
    return {part.id: part for part in section.parts if isinstance(part, Table)}


def _facts(section: Section) -> dict[str, str]:
    facts = next(part for part in section.parts if isinstance(part, Facts))
    return {label: value for label, value, _ in facts.items}


def _raise(error: Exception) -> Section:
    raise error


def test_guarded_turns_error_into_failed_section() -> None:
    section = guarded("x", "X", lambda: _raise(RuntimeError("boom")))

    assert section.status is SectionStatus.FAILED
    assert section.message == "This section failed: RuntimeError: boom"


def test_guarded_keeps_modsplit_error_message() -> None:
    section = guarded("x", "X", lambda: _raise(AnalysisError("engine failed; rerun")))

    assert section.status is SectionStatus.FAILED
    assert section.message == "engine failed; rerun"


def test_guarded_reports_missing_capability_as_not_available() -> None:
    missing = ModuleNotFoundError("no module", name="modsplit.lazy.candidates")

    section = guarded("x", "X", lambda: _raise(missing))

    assert section.status is SectionStatus.NOT_AVAILABLE
    assert section.message == "Not available yet: this modsplit has no modsplit.lazy.candidates."


def test_guarded_reports_missing_outside_module_as_failure() -> None:
    section = guarded("x", "X", lambda: _raise(ModuleNotFoundError("no", name="grimp")))

    assert section.status is SectionStatus.FAILED


def test_guarded_passes_no_data_and_not_available_reasons() -> None:
    no_data = guarded("x", "X", lambda: _raise(NoData("No profile.")))
    absent = guarded("x", "X", lambda: _raise(NotAvailable("later.")))

    assert (no_data.status, no_data.message) == (SectionStatus.NO_DATA, "No profile.")
    assert (absent.status, absent.message) == (SectionStatus.NOT_AVAILABLE,
                                               "Not available yet: later.")


def test_report_without_sources_says_not_available() -> None:
    sections = _report(ReportSources())

    assert [s for s in sections if sections[s].status is not SectionStatus.READY] == [
        "proposal", "contracts", "dependencies", "lazy-imports"]
    assert sections["proposal"].message == (
        "Not available yet: modsplit propose is not wired into the report.")


def test_report_keeps_other_sections_when_one_source_fails() -> None:
    def broken() -> DepsReport:
        raise ValueError("bad manifest")

    sections = _report(ReportSources(dependencies=broken))

    assert sections["dependencies"].status is SectionStatus.FAILED
    assert sections["dependencies"].message == "This section failed: ValueError: bad manifest"
    assert sections["summary"].status is SectionStatus.READY
    assert sections["unit-graph"].status is SectionStatus.READY
    assert sections["cycles"].status is SectionStatus.READY


def test_report_orders_sections_for_reading() -> None:
    assert list(_report(ReportSources())) == [
        "summary", "unit-graph", "dsm", "cycles", "proposal", "contracts", "dependencies",
        "lazy-imports", "resolution"]


def test_summary_counts_files_modules_and_problems() -> None:
    graph = dataclasses.replace(
        graph_from_arrows(ARROWS),
        skipped=(Skipped("scripts/bad.py", SkipReason.SYNTAX_ERROR, "line 3: invalid syntax"),),
        unresolved=(Unresolved("app.main", "trading.engine", 9),),
        shadowed=(Shadowed("framework", ("a/framework.py", "b/framework.py"), True),),
    )

    section = summary_section(graph)

    assert _facts(section) == {
        "Python files": "5", "modules": "4", "units": "3", "roots": "1",
        "imports between modules": "4", "skipped files": "1", "unresolved imports": "1",
        "shadowed names": "1"}
    skipped = _tables(section)["skipped"].rows
    assert [[cell.text for cell in row] for row in skipped] == [
        ["scripts/bad.py", "syntax error", "line 3: invalid syntax"]]


def test_resolution_lists_unresolved_imports_with_location() -> None:
    graph = dataclasses.replace(
        graph_from_arrows(ARROWS), unresolved=(Unresolved("app.main", "trading.engine", 9),))

    tables = _tables(resolution_section(graph))

    assert [[c.text for c in row] for row in tables["unresolved"].rows] == [
        ["trading.engine", "app.main", "app/main.py:9", "module"]]
    assert [[c.text for c in row] for row in tables["unresolved-names"].rows] == [
        ["trading", "1", "1"]]


def test_cycles_section_shows_cut_with_location() -> None:
    section = cycles_section(graph_from_arrows(ARROWS))

    tables = _tables(section)
    assert _facts(section) == {"cycles between units": "1",
                               "cycles between top-level packages": "1",
                               "cycles between modules": "0"}
    row = [cell.text for cell in tables["cycles-unit"].rows[0]]
    assert row[1] == "core ↔ framework"
    assert row[4] == "core.db → framework.config (core/db.py:2)"
    cut_marks = [row[5].text for row in tables["cycle-imports-unit"].rows]
    assert cut_marks.count("cut") == 1


def test_proposal_parts_show_metrics_side_by_side() -> None:
    graph = graph_from_arrows(ARROWS)
    proposal = propose(graph, ProposeOptions(stability_runs=1))

    parts = proposal_parts(proposal)

    tables = {part.id: part for part in parts if isinstance(part, Table)}
    metrics = {row[0].text: row for row in tables["proposal-metrics"].rows}
    assert metrics["packages"][1].text == str(proposal.current.packages)
    assert metrics["packages"][2].text == str(proposal.proposed.packages)
    assert len(tables["proposal-moves"].rows) == len(proposal.moves)


def test_dependency_parts_count_findings_per_unit() -> None:
    report = DepsReport(
        units=("api", "web"),
        findings=(
            Finding("api", Code.MISSING, "requests", "requests", "api/x.py", 4, None),
            Finding("api", Code.UNUSED, "flask", "flask", None, None, "api/requirements.txt:2"),
        ),
        warnings=("web: no manifest",),
    )

    parts = dependency_parts(report)

    tables = {part.id: part for part in parts if isinstance(part, Table)}
    assert [[c.text for c in row] for row in tables["dependencies-units"].rows] == [
        ["api", "1", "1", "0", "0", "0", "2"], ["web", "0", "0", "0", "0", "0", "0"]]
    first = [c.text for c in tables["dependencies-findings"].rows[0]]
    assert first == ["api", "DEP001 missing", "requests", "requests", "api/x.py:4", ""]
    assert Note("web: no manifest", tone="warn") in parts


def test_contract_parts_show_broken_contract_and_baseline() -> None:
    contract = Contract("layers", "Layers", "layers",
                        baseline=(BaselineEntry("core -> framework"),))
    violation = Violation("layers", "core", "framework",
                          (Hop("core.db", "framework.config", "core/db.py", (3,)),))
    stale = StaleEntry("layers", "contracts/x.toml", 12, "a -> b")
    result = CheckResult((ContractOutcome(contract, "contracts/x.toml", (violation,), (stale,),
                                          ignored_count=1),))

    parts = contract_parts(ContractStatus(result))

    facts = next(part for part in parts if isinstance(part, Facts))
    assert [(label, value) for label, value, _ in facts.items] == [
        ("contracts kept", "0"), ("contracts broken", "1"), ("violations", "1"),
        ("baseline entries", "1"), ("stale baseline entries", "1")]
    tables = {part.id: part for part in parts if isinstance(part, Table)}
    assert [c.text for c in tables["contracts-violations"].rows[0]] == [
        "layers", "core", "framework", "core/db.py:3", "core.db → framework.config"]
    assert [c.text for c in tables["contracts-stale"].rows[0]] == [
        "layers", "contracts/x.toml:12", "a -> b"]
    assert not any(isinstance(part, Note) for part in parts)
