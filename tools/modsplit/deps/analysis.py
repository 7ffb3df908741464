"""Compare what each unit uses with what its manifests declare, and report the differences.

Codes follow deptry: DEP001 a distribution is imported but not declared, DEP002 declared for
running but never used, DEP003 imported but only installed because another declared
distribution requires it, DEP004 declared for development only but used at run time. DEP101 is
modsplit's own: the unit imports another unit's code that it neither contains nor declares.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from modsplit.deps.manifests import Declarations
from modsplit.deps.mapping import NameResolver
from modsplit.deps.model import Code, DepsReport, Finding, Requirement, Use, UseSource, normalise
from modsplit.deps.settings import DepsSettings
from modsplit.graph.model import Graph, ImportKind, Module
from modsplit.workspace.model import Unit, is_under

TEST_FOLDERS = frozenset({"tests", "test", "testing"})


@dataclass(frozen=True)
class UnitUses:
    """The names a unit uses: from its imports, its settings and its entry points."""

    uses: tuple[Use, ...]
    nowhere: tuple[Use, ...] = ()  # imports of names that no table knows and no root provides


@dataclass
class _Check:
    unit: Unit
    declarations: Declarations
    resolver: NameResolver
    findings: list[Finding] = field(default_factory=list)


def collect_uses(
    graph: Graph,
    unit: Unit,
    *,
    references: Iterable[Use] = (),
    build_scripts: Iterable[str] = (),
) -> UnitUses:
    """Return the third-party names ``unit`` uses, from the graph and from string references.

    Imports in ``build_scripts`` (a setup.py read as a manifest) are build requirements, not
    dependencies of the unit, and are left out.
    """
    skipped = set(build_scripts)
    modules = {
        module.id: module
        for module in graph.modules_of_unit(unit.name)
        if module.path not in skipped
    }
    uses: list[Use] = []
    for external in graph.external:
        module = modules.get(external.importer)
        if module is not None and not external.is_stdlib:
            uses.append(_use(unit, module, external.name, external.line, external.kind))
    nowhere: list[Use] = []
    first_party = first_party_names(graph)
    for unresolved in graph.unresolved:
        module = modules.get(unresolved.importer)
        if module is None or unresolved.name.startswith("."):
            continue
        use = _use(unit, module, unresolved.name, unresolved.line, unresolved.kind)
        if use.top_level not in first_party:
            nowhere.append(use)
    return UnitUses(tuple(uses) + tuple(references), tuple(nowhere))


def first_party_names(graph: Graph) -> frozenset[str]:
    """Return the top-level import names that some root of the workspace provides."""
    return frozenset(module.name.split(".")[0] for module in graph.modules)


def check_unit(
    unit: Unit,
    uses: UnitUses,
    declarations: Declarations,
    *,
    resolver: NameResolver,
) -> list[Finding]:
    """Return the DEP001-DEP004 findings of one unit."""
    check = _Check(unit, declarations, resolver)
    runtime = _first_by_distribution(_applicable(declarations.runtime(), resolver))
    dev = _first_by_distribution(_applicable(declarations.dev(), resolver))
    declared = frozenset(runtime) | frozenset(dev)
    # A name found nowhere is taken for a distribution only when a table or the environment
    # knows it; the rest (old first-party packages, typos) are left to the graph's report.
    known = [u for u in uses.nowhere if resolver.resolve(u.import_name, declared).is_known]
    by_distribution = _resolve_uses((*uses.uses, *known), resolver, declared)
    transitive = _transitive(resolver, runtime, dev)
    for distribution, items in sorted(by_distribution.items()):
        if distribution not in runtime:
            _check_undeclared(check, distribution, items, dev.get(distribution), transitive)
    _check_unused(check, runtime, by_distribution)
    return check.findings


def check_workspace_dependencies(
    graph: Graph, unit: Unit, declarations: Mapping[str, Declarations]
) -> list[Finding]:
    """Return a DEP101 finding for each other unit that ``unit`` imports without declaring it."""
    own = declarations[unit.name]
    declared = {requirement.distribution for requirement in own.requirements}
    paths = [requirement.path for requirement in own.requirements if requirement.path]
    findings = []
    runtime_kinds = [kind for kind in ImportKind if kind.is_runtime]
    for (source, target), edges in graph.unit_imports(kinds=runtime_kinds).items():
        if source != unit.name:
            continue
        other = graph.workspace.unit_named(target)
        names = {normalise(other.name)} | {
            normalise(name) for name in declarations[target].project_names
        } if target in declarations else {normalise(other.name)}
        if declared & names or any(is_under(path, other.path) for path in paths):
            continue
        first = edges[0]
        imported = graph.module(first.imported)
        findings.append(Finding(unit.name, Code.WORKSPACE, other.name, imported.name,
                                graph.module(first.importer).path, first.line, None))
    return findings


def build_report(
    findings: Iterable[Finding],
    *,
    units: Iterable[str],
    settings: DepsSettings,
    warnings: Iterable[str] = (),
    mapping_source: str = "shipped",
) -> DepsReport:
    """Drop ignored findings and return the report, findings in a stable order."""
    kept = [finding for finding in findings if not settings.is_ignored(finding)]
    kept.sort(key=lambda f: (f.unit, f.code.value, f.distribution, f.path or "", f.line or 0))
    return DepsReport(tuple(units), tuple(kept), tuple(warnings), mapping_source)


def is_test_path(unit: Unit, path: str) -> bool:
    """Tell whether a file is test code, which may use development dependencies."""
    if any(is_under(path, folder) for folder in unit.tests):
        return True
    parts = path.split("/")
    name = parts[-1]
    if name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py"):
        return True
    return any(part in TEST_FOLDERS for part in parts[:-1])


def _use(unit: Unit, module: Module, name: str, line: int, kind: ImportKind) -> Use:
    return Use(module.path, line, name, is_runtime=kind.is_runtime,
               is_dev=is_test_path(unit, module.path))


def _applicable(requirements: Iterable[Requirement], resolver: NameResolver) -> list[Requirement]:
    """Drop entries whose marker is false in the target environment (when there is one)."""
    environment = resolver.environment
    if environment is None:
        return list(requirements)
    return [r for r in requirements if environment.marker_holds(r.marker)]


def _first_by_distribution(requirements: Iterable[Requirement]) -> dict[str, Requirement]:
    first: dict[str, Requirement] = {}
    for requirement in requirements:
        first.setdefault(requirement.distribution, requirement)
    return first


def _resolve_uses(
    uses: Iterable[Use], resolver: NameResolver, declared: frozenset[str]
) -> dict[str, list[Use]]:
    grouped: dict[str, list[Use]] = defaultdict(list)
    for use in sorted(uses):
        resolution = resolver.resolve(use.import_name, declared)
        if use.source is UseSource.IMPORT or resolution.is_known:
            grouped[resolution.distribution].append(use)
    return grouped


def _transitive(
    resolver: NameResolver, runtime: Mapping[str, Requirement], dev: Mapping[str, Requirement]
) -> frozenset[str]:
    if resolver.environment is None:
        return frozenset()
    roots = {name: requirement.extras for name, requirement in {**dev, **runtime}.items()}
    return resolver.environment.closure(roots)


def _check_undeclared(
    check: _Check,
    distribution: str,
    uses: list[Use],
    dev_entry: Requirement | None,
    transitive: frozenset[str],
) -> None:
    # Type-checking-only imports never run, and implied drivers only keep a declaration alive.
    runtime_uses = [u for u in uses if u.is_runtime and u.source is not UseSource.IMPLIED]
    if dev_entry is not None:
        production = [u for u in runtime_uses if not u.is_dev]
        if production:
            check.findings.append(_finding(check, Code.MISPLACED_DEV, distribution,
                                           production[0], dev_entry.location))
        return
    if not runtime_uses:
        return
    code = Code.TRANSITIVE if distribution in transitive else Code.MISSING
    check.findings.append(_finding(check, code, distribution, runtime_uses[0], None))


def _check_unused(
    check: _Check, runtime: Mapping[str, Requirement], used: Mapping[str, list[Use]]
) -> None:
    for distribution, requirement in sorted(runtime.items()):
        if used.get(distribution):
            continue
        if requirement.marker and check.resolver.environment is None:
            continue  # NOTE: a marker cannot be evaluated without a target environment
        if requirement.path:
            continue  # a local path entry declares a workspace dependency, checked as DEP101
        import_name = _expected_import_name(check.resolver, distribution)
        check.findings.append(Finding(check.unit.name, Code.UNUSED, distribution, import_name,
                                      None, None, requirement.location))


def _expected_import_name(resolver: NameResolver, distribution: str) -> str:
    environment = resolver.environment
    if environment is not None and distribution in environment.distributions:
        modules = environment.distributions[distribution].modules
        if modules:
            return modules[0]
    for module, names in resolver.shipped.modules.items():
        if distribution in names:
            return module
    return distribution.replace("-", "_")


def _finding(
    check: _Check, code: Code, distribution: str, use: Use, manifest: str | None
) -> Finding:
    return Finding(check.unit.name, code, distribution, use.import_name, use.path, use.line,
                   manifest)
