"""The ``modsplit deps`` use case: read manifests, collect uses, and report per unit."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from modsplit.deps.analysis import (
    build_report,
    check_unit,
    check_workspace_dependencies,
    collect_uses,
    first_party_names,
)
from modsplit.deps.environment import read_environment
from modsplit.deps.manifests import Declarations, read_declarations
from modsplit.deps.mapping import NameResolver
from modsplit.deps.model import Code, DepsReport, Finding
from modsplit.deps.references import entry_point_uses, find_references
from modsplit.deps.settings import DepsSettings, read_settings
from modsplit.errors import UsageError
from modsplit.graph.model import Graph
from modsplit.workspace.model import Unit, Workspace

logger = logging.getLogger(__name__)


def check_dependencies(
    graph: Graph,
    *,
    unit_names: Sequence[str] = (),
    python: str | None = None,
    settings: DepsSettings | None = None,
) -> DepsReport:
    """Return the dependency findings of the named units (all units when none are named)."""
    workspace = graph.workspace
    settings = settings or read_settings(workspace)
    units = select_units(workspace, unit_names)
    target = python or settings.python
    environment = read_environment(target) if target else None
    resolver = NameResolver.create(environment)
    declarations = read_all_declarations(workspace, settings)
    first_party = first_party_names(graph)
    findings: list[Finding] = []
    warnings: list[str] = []
    selected = {unit.name for unit in units}
    # Every unit is checked, because a manifest shared with an unselected unit is in use when
    # that unit uses an entry; only the selected units' findings are reported.
    for unit in workspace.units:
        unit_findings, unit_warnings = _check(graph, unit, declarations, resolver, first_party)
        findings += unit_findings
        warnings += unit_warnings if unit.name in selected else []
    # Selected units first, so an entry that no reader uses is reported for one of them.
    findings.sort(key=lambda finding: finding.unit not in selected)
    findings = drop_unused_used_by_sharers(findings, declarations)
    findings = [finding for finding in findings if finding.unit in selected]
    return build_report(findings, units=[unit.name for unit in units], settings=settings,
                        warnings=warnings,
                        mapping_source=f"environment {target}" if target else "shipped")


def drop_unused_used_by_sharers(
    findings: list[Finding], declarations: Mapping[str, Declarations]
) -> list[Finding]:
    """Drop DEP002 for an entry of a manifest that several units read, when one of them uses it.

    The root requirements file of a monorepo often serves the shared code, its tests and its
    scripts at once: an entry only the shared code imports is not unused for the tests. An
    entry that no reader uses is reported once, for the first of them in ``findings``.
    """
    unused = {(f.unit, f.manifest) for f in findings if f.code is Code.UNUSED}
    readers: dict[str, set[str]] = {}
    for unit_name, own in declarations.items():
        for requirement in own.requirements:
            readers.setdefault(requirement.location, set()).add(unit_name)
    kept = []
    reported: set[str] = set()
    for finding in findings:
        if finding.code is Code.UNUSED and finding.manifest is not None:
            sharers = readers.get(finding.manifest, {finding.unit})
            if any((other, finding.manifest) not in unused for other in sharers):
                continue
            if finding.manifest in reported:
                continue
            reported.add(finding.manifest)
        kept.append(finding)
    return kept


def read_all_declarations(
    workspace: Workspace, settings: DepsSettings | None = None
) -> dict[str, Declarations]:
    """Read the manifests of every unit of the workspace."""
    settings = settings or read_settings(workspace)
    return {
        unit.name: read_declarations(workspace, unit, settings.extra_manifests)
        for unit in workspace.units
    }


def select_units(workspace: Workspace, names: Sequence[str]) -> list[Unit]:
    """Return the named units in workspace order, or all of them; raise on an unknown name."""
    if not names:
        return list(workspace.units)
    known = {unit.name for unit in workspace.units}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UsageError(f"unknown unit {unknown[0]!r}; known units: {', '.join(sorted(known))}")
    return [unit for unit in workspace.units if unit.name in names]


def _check(
    graph: Graph,
    unit: Unit,
    declarations: dict[str, Declarations],
    resolver: NameResolver,
    first_party: frozenset[str],
) -> tuple[list[Finding], list[str]]:
    own = declarations[unit.name]
    paths = [module.path for module in graph.modules_of_unit(unit.name) if not module.is_namespace]
    references = find_references(graph.workspace.directory, paths, first_party=first_party)
    for contents in own.contents:
        references += entry_point_uses(contents.entry_points, contents.path,
                                       first_party=first_party)
    build_scripts = [m.path for m in own.manifests if m.path.endswith(".py")]
    uses = collect_uses(graph, unit, references=references, build_scripts=build_scripts)
    findings: list[Finding] = []
    warnings = [f"{unit.name}: {problem}" for problem in own.problems]
    if own.manifests:
        findings += check_unit(unit, uses, own, resolver=resolver)
    else:
        # Without a manifest every import would be "missing": say so once instead.
        warnings.append(f"{unit.name}: no manifest, so DEP001-DEP004 are not checked; list its "
                        "manifests in the unit's configuration or in [deps.units.NAME]")
    findings += check_workspace_dependencies(graph, unit, declarations)
    logger.info("%s: %d uses, %d findings", unit.name, len(uses.uses), len(findings))
    return findings, warnings
