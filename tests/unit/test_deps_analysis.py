"""Findings per unit from a hand-made graph: missing, unused, transitive, dev, workspace."""

from __future__ import annotations

import json
from pathlib import Path

from modsplit.deps.analysis import (
    build_report,
    check_unit,
    check_workspace_dependencies,
    collect_uses,
)
from modsplit.deps.environment import parse_environment
from modsplit.deps.manifests import Declarations
from modsplit.deps.mapping import NameResolver
from modsplit.deps.model import Code, Finding, ManifestContents, Requirement, Use, UseSource
from modsplit.deps.settings import DepsSettings, parse_ignore
from modsplit.graph.model import ExternalImport, Graph, Import, ImportKind, Module, Unresolved
from modsplit.workspace.model import Manifest, ManifestKind, Unit, Workspace

API = Unit("api", "api", ("api",), manifests=(Manifest("api/requirements.txt"),),
           tests=("api/tests",))
CORE = Unit("core", "core", ("core",))


def _graph(external: tuple[ExternalImport, ...], *, imports: tuple[Import, ...] = (),
           unresolved: tuple[Unresolved, ...] = ()) -> Graph:
    modules = (
        Module("api.main", "main", "api", "api/main.py"),
        Module("api.tests.test_main", "tests.test_main", "api", "api/tests/test_main.py"),
        Module("core.models", "core.models", "core", "core/models.py"),
    )
    workspace = Workspace(Path("/nonexistent"), (API, CORE))
    return Graph(workspace, modules, imports, external=external, unresolved=unresolved)


def _declared(*entries: tuple[str, ManifestKind]) -> Declarations:
    requirements = tuple(
        Requirement("api/requirements.txt", line, name, kind, text=name)
        for line, (name, kind) in enumerate(entries, start=1)
    )
    return Declarations("api", API.manifests,
                        (ManifestContents("api/requirements.txt", requirements),))


def _codes(findings: list[Finding]) -> list[tuple[str, str, str | None, int | None, str | None]]:
    return [(f.code.value, f.distribution, f.path, f.line, f.manifest) for f in findings]


def _check(graph: Graph, declared: Declarations, *, references: tuple[Use, ...] = (),
           resolver: NameResolver | None = None) -> list[Finding]:
    uses = collect_uses(graph, API, references=references)
    return check_unit(API, uses, declared, resolver=resolver or NameResolver.create(None))


RUNTIME = ManifestKind.RUNTIME
DEV = ManifestKind.DEV


def test_mapped_name_neither_missing_nor_unused() -> None:
    graph = _graph((ExternalImport("api.main", "rest_framework.views", 3),
                    ExternalImport("api.main", "yaml", 4)))
    declared = _declared(("djangorestframework", RUNTIME), ("PyYAML", RUNTIME))
    assert _check(graph, declared) == []


def test_missing_and_unused_with_locations() -> None:
    graph = _graph((ExternalImport("api.main", "sklearn.metrics", 7),))
    declared = _declared(("orjson", RUNTIME))
    assert _codes(_check(graph, declared)) == [
        ("DEP001", "scikit-learn", "api/main.py", 7, None),
        ("DEP002", "orjson", None, None, "api/requirements.txt:1"),
    ]


def test_type_checking_only_import_never_missing() -> None:
    graph = _graph((ExternalImport("api.main", "boto3", 2, ImportKind.TYPE_CHECKING),))
    assert _check(graph, _declared()) == []


def test_type_checking_import_keeps_declaration_used() -> None:
    graph = _graph((ExternalImport("api.main", "boto3", 2, ImportKind.TYPE_CHECKING),))
    assert _check(graph, _declared(("boto3", RUNTIME))) == []


def test_dynamic_literal_import_counts() -> None:
    graph = _graph((ExternalImport("api.main", "orjson", 9, ImportKind.DYNAMIC),))
    assert _codes(_check(graph, _declared())) == [("DEP001", "orjson", "api/main.py", 9, None)]
    assert _check(graph, _declared(("orjson", RUNTIME))) == []


def test_dev_dependency_used_at_runtime() -> None:
    graph = _graph((ExternalImport("api.main", "pytest", 1),
                    ExternalImport("api.tests.test_main", "pytest", 1)))
    assert _codes(_check(graph, _declared(("pytest", DEV)))) == [
        ("DEP004", "pytest", "api/main.py", 1, "api/requirements.txt:1"),
    ]


def test_dev_dependency_used_in_tests_only_is_fine() -> None:
    graph = _graph((ExternalImport("api.tests.test_main", "pytest", 1),))
    assert _check(graph, _declared(("pytest", DEV))) == []


def test_unused_dev_dependency_not_reported() -> None:
    assert _check(_graph(()), _declared(("black", DEV))) == []


def test_conditional_requirement_not_unused_without_environment() -> None:
    declared = Declarations("api", API.manifests, (ManifestContents("api/requirements.txt", (
        Requirement("api/requirements.txt", 1, "zoneinfo-backport",
                    marker='python_version < "3.9"'),)),))
    assert _check(_graph(()), declared) == []


def test_django_setting_reference_keeps_app_used() -> None:
    references = (Use("api/settings.py", 12, "corsheaders", source=UseSource.REFERENCE),
                  Use("api/settings.py", 30, "psycopg2", source=UseSource.IMPLIED))
    declared = _declared(("django-cors-headers", RUNTIME), ("psycopg2-binary", RUNTIME))
    assert _check(_graph(()), declared, references=references) == []


def test_implied_driver_never_makes_a_finding_missing() -> None:
    references = (Use("api/settings.py", 30, "psycopg2", source=UseSource.IMPLIED),)
    assert _check(_graph(()), _declared(), references=references) == []


def test_unknown_reference_is_not_missing() -> None:
    references = (Use("api/settings.py", 5, "myproject.urls", source=UseSource.REFERENCE),)
    assert _check(_graph(()), _declared(), references=references) == []


def test_name_found_nowhere_missing_only_when_known() -> None:
    graph = _graph((), unresolved=(Unresolved("api.main", "yaml", 3),
                                   Unresolved("api.main", "trading.engine", 4),
                                   Unresolved("api.main", ".sibling", 5)))
    assert _codes(_check(graph, _declared())) == [("DEP001", "pyyaml", "api/main.py", 3, None)]


def test_name_of_another_root_is_not_missing() -> None:
    graph = _graph((), unresolved=(Unresolved("api.main", "core.models", 3),))
    assert _check(graph, _declared()) == []


ENVIRONMENT = json.dumps({
    "markers": {"python_version": "3.11"},
    "distributions": {
        "PyYAML": {"version": "6.0", "requires": [], "modules": ["yaml", "_yaml"]},
        "celery": {"version": "5.4", "requires": ['redis>=4; extra == "redis"', "kombu>=5"],
                   "modules": ["celery"]},
        "kombu": {"version": "5.4", "requires": [], "modules": ["kombu"]},
        "redis": {"version": "5.0", "requires": [], "modules": ["redis"]},
        "my-yaml-fork": {"version": "1.0", "requires": [], "modules": ["ruamel_like"]},
    },
})


def test_environment_finds_transitive_dependencies() -> None:
    environment = parse_environment("/venv/bin/python", ENVIRONMENT)
    resolver = NameResolver.create(environment)
    graph = _graph((ExternalImport("api.main", "kombu", 1), ExternalImport("api.main", "redis", 2),
                    ExternalImport("api.main", "celery", 3)))
    plain = _declared(("celery", RUNTIME))
    assert _codes(_check(graph, plain, resolver=resolver)) == [
        ("DEP003", "kombu", "api/main.py", 1, None),
        ("DEP001", "redis", "api/main.py", 2, None),
    ]
    with_extra = Declarations("api", API.manifests, (ManifestContents("api/requirements.txt", (
        Requirement("api/requirements.txt", 1, "celery", extras=("redis",)),)),))
    assert [f.code for f in _check(graph, with_extra, resolver=resolver)] == [
        Code.TRANSITIVE, Code.TRANSITIVE,
    ]


def test_environment_marker_false_entry_is_not_declared() -> None:
    resolver = NameResolver.create(parse_environment("/venv/bin/python", ENVIRONMENT))
    declared = Declarations("api", API.manifests, (ManifestContents("api/requirements.txt", (
        Requirement("api/requirements.txt", 1, "zoneinfo-backport",
                    marker='python_version < "3.9"'),)),))
    assert _check(_graph(()), declared, resolver=resolver) == []


def test_workspace_dependency_undeclared() -> None:
    graph = _graph((), imports=(Import("api.main", "core.models", 5),
                                Import("api.main", "core.models", 9, ImportKind.TYPE_CHECKING)))
    declarations = {"api": _declared(), "core": Declarations("core", (), ())}
    assert _codes(check_workspace_dependencies(graph, API, declarations)) == [
        ("DEP101", "core", "api/main.py", 5, None),
    ]
    declared = {"api": _declared(("core", RUNTIME)), "core": Declarations("core", (), ())}
    assert check_workspace_dependencies(graph, API, declared) == []


def test_workspace_dependency_type_checking_only_is_fine() -> None:
    graph = _graph((), imports=(Import("api.main", "core.models", 9, ImportKind.TYPE_CHECKING),))
    declarations = {"api": _declared(), "core": Declarations("core", (), ())}
    assert check_workspace_dependencies(graph, API, declarations) == []


def test_ignores_by_code_and_name() -> None:
    findings = [
        Finding("api", Code.UNUSED, "gunicorn", "gunicorn", None, None, "r.txt:1"),
        Finding("api", Code.UNUSED, "orjson", "orjson", None, None, "r.txt:2"),
        Finding("api", Code.MISSING, "pyyaml", "yaml", "api/main.py", 3, None),
        Finding("web", Code.MISSING, "pyyaml", "yaml", "web/main.py", 3, None),
    ]
    settings = DepsSettings(ignores={"api": (parse_ignore("DEP002:gunicorn"),
                                             parse_ignore("yaml"))})
    report = build_report(findings, units=["api", "web"], settings=settings)
    assert [(f.unit, f.distribution) for f in report.findings] == [
        ("api", "orjson"), ("web", "pyyaml"),
    ]
