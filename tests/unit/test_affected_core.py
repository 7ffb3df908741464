"""The affected units of a change set, their explanations and every output format."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from modsplit.build.affected import Affected, find_affected
from modsplit.build.changes import Change, ChangeKind, ChangeSet
from modsplit.build.render import render_affected, render_why_affected
from modsplit.build.settings import AffectedSettings, affected_settings
from modsplit.errors import ConfigError
from modsplit.graph.model import Graph
from modsplit.workspace.model import Manifest, ManifestKind, Unit, Workspace
from tests.helpers import graph_from_arrows

ARROWS = [
    "api.x -> core.cache",
    "web.v -> api.x",
    "tools.t -> core.db [type_checking]",
    "core.cache -> core.db",
]
UNITS = (
    Unit("api", "api", (".",), manifests=(Manifest("api/pyproject.toml"),)),
    Unit(
        "core",
        "core",
        (".",),
        manifests=(
            Manifest("core/requirements.txt"),
            Manifest("core/requirements-dev.txt", ManifestKind.DEV),
        ),
        tests=("checks/core",),
    ),
    Unit("tools", "tools", (".",)),
    Unit("web", "web", (".",)),
)


def make_graph(arrows: list[str] = ARROWS, **settings: object) -> Graph:
    graph = graph_from_arrows(arrows)
    workspace = Workspace(
        directory=Path("/repo"),
        units=UNITS,
        global_files=("pyproject.toml", "requirements*.txt"),
        settings={"affected": settings} if settings else {},
    )
    return dataclasses.replace(graph, workspace=workspace)


def affected_by(*changes: Change, graph: Graph | None = None, base: Graph | None = None,
                settings: AffectedSettings | None = None) -> Affected:
    graph = graph or make_graph()
    return find_affected(
        graph.workspace,
        graph,
        ChangeSet("main", None, changes),
        settings=settings or AffectedSettings(),
        base_graph=base,
    )


def modified(path: str) -> Change:
    return Change(path, ChangeKind.MODIFIED)


def test_module_change_affects_downstream_units() -> None:
    affected = affected_by(modified("core/cache.py"))

    assert affected.units == ("api", "core", "web")
    assert affected.reason("web").chain() == (
        "core/cache.py (modified)",
        "api/x.py:1 imports core.cache",
        "web/v.py:2 imports api.x",
    )


def test_type_checking_import_ignored_by_default() -> None:
    assert "tools" not in affected_by(modified("core/db.py")).units


def test_type_checking_import_counts_when_configured() -> None:
    graph = make_graph(type_checking=True)
    settings = affected_settings(graph.workspace)

    affected = affected_by(modified("core/db.py"), graph=graph, settings=settings)

    assert affected.units == ("api", "core", "tools", "web")
    assert affected.reason("tools").chain()[1] == "tools/t.py:3 imports core.db"


def test_unknown_affected_key_is_config_error() -> None:
    graph = make_graph(type_check=True)

    with pytest.raises(ConfigError, match="unknown key 'type_check'"):
        affected_settings(graph.workspace)


def test_global_file_affects_every_unit_naming_it() -> None:
    affected = affected_by(modified("requirements.txt"))

    assert affected.units == ("api", "core", "tools", "web")
    assert affected.reason("tools").chain() == ("requirements.txt (modified, global file)",)


def test_runtime_manifest_propagates_downstream() -> None:
    affected = affected_by(modified("core/requirements.txt"))

    assert affected.units == ("api", "core", "web")
    assert affected.reason("core").chain() == ("core/requirements.txt (modified, manifest)",)


def test_dev_manifest_affects_only_its_unit() -> None:
    affected = affected_by(modified("core/requirements-dev.txt"))

    assert affected.units == ("core",)
    assert affected.reason("core").cause.describe() == (
        "core/requirements-dev.txt (modified, dev manifest)"
    )


def test_lockfile_next_to_manifest_affects_unit() -> None:
    affected = affected_by(modified("api/poetry.lock"))

    assert affected.units == ("api", "web")
    assert affected.reason("api").chain() == ("api/poetry.lock (modified, lockfile)",)


def test_conftest_affects_only_tests_below_it() -> None:
    affected = affected_by(modified("checks/conftest.py"))

    assert affected.units == ("core",)
    assert affected.reason("core").chain() == ("checks/conftest.py (modified, conftest)",)


def test_conftest_above_units_affects_all_below() -> None:
    assert affected_by(modified("conftest.py")).units == ("api", "core", "tools", "web")


def test_test_file_does_not_propagate() -> None:
    affected = affected_by(modified("checks/core/test_cache.py"), modified("api/test_x.py"))

    assert affected.units == ("api", "core")
    assert affected.reason("api").chain() == ("api/test_x.py (modified, test file)",)


def test_other_file_under_unit_affects_it() -> None:
    affected = affected_by(modified("core/data/prices.json"))

    assert affected.units == ("api", "core", "web")
    assert affected.reason("core").chain() == ("core/data/prices.json (modified, file)",)


def test_file_outside_units_is_unowned() -> None:
    affected = affected_by(modified("README.md"))

    assert affected.units == ()
    assert affected.unowned == ("README.md",)


def test_ignored_patterns_and_tool_output_affect_nothing() -> None:
    settings = AffectedSettings(ignore=("*.md",))

    affected = affected_by(
        modified("core/README.md"), modified("core/.modsplit_cache/graph.pickle"),
        settings=settings,
    )

    assert affected.units == ()
    assert affected.unowned == ("core/README.md",)


def test_deleted_module_importers_found_at_base() -> None:
    base = make_graph([*ARROWS, "tools.t -> core.old"])
    current = make_graph(ARROWS)

    affected = affected_by(Change("core/old.py", ChangeKind.DELETED), graph=current, base=base)

    assert affected.units == ("api", "core", "tools", "web")
    assert affected.reason("tools").chain() == (
        "core/old.py (deleted)",
        "tools/t.py:5 imports core.old (at main)",
    )


def test_deleted_module_without_base_graph_misses_importers() -> None:
    affected = affected_by(Change("core/old.py", ChangeKind.DELETED))

    assert "tools" not in affected.units


def test_rename_affects_both_units() -> None:
    change = Change("tools/cache.py", ChangeKind.RENAMED, old_path="core/cache.py")

    affected = affected_by(change)

    assert affected.units == ("api", "core", "tools", "web")
    assert affected.reason("tools").chain() == (
        "tools/cache.py (renamed from core/cache.py)",
    )
    assert affected.reason("core").chain() == ("core/cache.py (renamed to tools/cache.py)",)


def test_first_import_prefers_changed_module() -> None:
    graph = make_graph(["api.x -> core.db", "api.y -> core.cache", "core.cache", "core.db"])

    affected = affected_by(modified("core/cache.py"), graph=graph)

    assert affected.reason("api").chain()[1] == "api/y.py:2 imports core.cache"


def test_reasons_shortest_chain_first() -> None:
    affected = affected_by(modified("core/cache.py"), modified("web/v.py"))

    assert [r.cause.path for r in affected.reasons["web"]] == ["web/v.py", "core/cache.py"]


def test_text_format_shows_shortest_reason() -> None:
    affected = affected_by(modified("core/cache.py"), modified("pyproject.toml"))

    assert render_affected(affected, output_format="text") == (
        "api: pyproject.toml (modified, global file)\n"
        "core: core/cache.py (modified)\n"
        "tools: pyproject.toml (modified, global file)\n"
        "web: pyproject.toml (modified, global file)\n"
    )


def test_text_format_names_units_on_the_way() -> None:
    affected = affected_by(modified("core/cache.py"))

    assert render_affected(affected, output_format="text") == (
        "api: core/cache.py (modified), through core\n"
        "core: core/cache.py (modified)\n"
        "web: core/cache.py (modified), through core, api\n"
    )


def test_explained_text_format() -> None:
    affected = affected_by(modified("core/cache.py"), modified("NOTES"))

    assert render_affected(affected, output_format="text", explain=True) == (
        "api\n"
        "  core/cache.py (modified)\n"
        "  api/x.py:1 imports core.cache\n"
        "core\n"
        "  core/cache.py (modified)\n"
        "web\n"
        "  core/cache.py (modified)\n"
        "  api/x.py:1 imports core.cache\n"
        "  web/v.py:2 imports api.x\n"
        "Changed files that affect no unit:\n"
        "  NOTES\n"
    )


def test_json_format() -> None:
    affected = affected_by(modified("api/x.py"))

    assert json.loads(render_affected(affected, output_format="json")) == {
        "schema": "modsplit.affected/1",
        "since": "main",
        "until": None,
        "units": ["api", "web"],
        "reasons": {
            "api": ["api/x.py (modified)"],
            "web": ["api/x.py (modified)", "web/v.py:2 imports api.x"],
        },
        "changes": [{"path": "api/x.py", "change": "modified", "old_path": None}],
        "unowned": [],
    }


def test_github_matrix_format() -> None:
    affected = affected_by(modified("api/x.py"))

    assert render_affected(affected, output_format="github-matrix") == (
        '{"include": [{"unit": "api"}, {"unit": "web"}]}\n'
    )


def test_names_format() -> None:
    affected = affected_by(modified("api/x.py"))

    assert render_affected(affected, output_format="names") == "api\nweb\n"


@pytest.mark.parametrize("output_format", ["text", "github-matrix", "names"])
def test_nothing_affected_is_empty_output(output_format: str) -> None:
    affected = affected_by(modified("README.md"))

    assert render_affected(affected, output_format=output_format, explain=True) == ""


def test_nothing_affected_json_is_a_document() -> None:
    document = json.loads(render_affected(affected_by(), output_format="json"))

    assert document["units"] == []
    assert document["reasons"] == {}


def test_why_affected_lists_every_chain() -> None:
    affected = affected_by(modified("core/cache.py"), modified("web/v.py"))

    assert render_why_affected(affected, "web", output_format="text") == (
        "web is affected by 2 files changed since main:\n"
        "  web/v.py (modified)\n"
        "  core/cache.py (modified)\n"
        "    api/x.py:1 imports core.cache\n"
        "    web/v.py:2 imports api.x\n"
    )


def test_why_affected_for_unaffected_unit() -> None:
    affected = affected_by(modified("web/v.py"))

    assert render_why_affected(affected, "core", output_format="text") == (
        "core is not affected by the 1 file changed since main\n"
    )


def test_why_affected_json() -> None:
    affected = affected_by(modified("api/x.py"))

    assert json.loads(render_why_affected(affected, "web", output_format="json")) == {
        "schema": "modsplit.why-affected/1",
        "since": "main",
        "until": None,
        "unit": "web",
        "affected": True,
        "reasons": [["api/x.py (modified)", "web/v.py:2 imports api.x"]],
    }
