"""Graph building on fixture trees: resolution, accounting for files, shadowing and the cache."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from modsplit.graph.build import build_graph
from modsplit.graph.cycles import find_cycles
from modsplit.graph.model import Graph, SkipReason
from modsplit.graph.query import shortest_chains
from modsplit.workspace.model import Unit, Workspace
from tests.helpers import make_tree


def workspace(root: Path, *units: Unit, exclude: tuple[str, ...] = ()) -> Workspace:
    return Workspace(directory=root, units=units, exclude=exclude)


def edges(graph: Graph) -> set[tuple[str, str, int]]:
    return {(e.importer, e.imported, e.line) for e in graph.imports}


def test_absolute_imports_resolve_through_unit_roots(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "src/core/__init__.py": "",
            "src/core/db.py": "from framework.config import constants\n",
            "src/framework/__init__.py": "",
            "src/framework/config/__init__.py": "",
            "src/framework/config/constants.py": "",
        },
    )
    graph = build_graph(workspace(tmp_path, Unit("mono", "src", ("src",))), use_cache=False)
    assert edges(graph) == {("src.core.db", "src.framework.config.constants", 1)}


def test_relative_imports_follow_python_rules(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "pkg/__init__.py": "from . import a\n",
            "pkg/a.py": "from .b import thing\nfrom .. import outside\n",
            "pkg/b.py": "",
            "pkg/sub/__init__.py": "from ..a import x\n",
        },
    )
    graph = build_graph(workspace(tmp_path, Unit("u", ".", (".",))), use_cache=False)
    assert edges(graph) == {("pkg", "pkg.a", 1), ("pkg.a", "pkg.b", 1), ("pkg.sub", "pkg.a", 1)}
    assert [(u.importer, u.name, u.line) for u in graph.unresolved] == [("pkg.a", "..", 2)]


def test_namespace_folder_inside_regular_package_resolves(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/plugins/alpha.py": "",
            "main.py": "import pkg.plugins.alpha\nfrom pkg import plugins\n",
        },
    )
    graph = build_graph(workspace(tmp_path, Unit("u", ".", (".",))), use_cache=False)
    assert edges(graph) == {("main", "pkg.plugins.alpha", 1), ("main", "pkg.plugins", 2)}
    assert graph.module("pkg.plugins").is_namespace


def test_unresolved_import_is_listed_with_line(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "app.py": "import os\nimport trading.engine\nimport requests\n",
            "requirements.txt": "requests==2.0\n",
        },
    )
    graph = build_graph(workspace(tmp_path, Unit("u", ".", (".",))), use_cache=False)
    assert [(u.importer, u.name, u.line) for u in graph.unresolved] == [
        ("app", "trading.engine", 2)
    ]
    assert [(e.name, e.is_stdlib) for e in graph.external] == [("os", True), ("requests", False)]


def test_declared_distribution_maps_to_its_import_name(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "app.py": "import yaml\nfrom rest_framework import views\n",
            "requirements.txt": "PyYAML\ndjangorestframework>=3\n",
        },
    )
    graph = build_graph(workspace(tmp_path, Unit("u", ".", (".",))), use_cache=False)
    assert graph.unresolved == ()
    assert [e.name for e in graph.external] == ["rest_framework", "yaml"]


def test_every_file_is_module_or_skipped_with_reason(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "svc/src/ok.py": "",
            "svc/tool.py": "",
            "svc/src/broken.py": "def broken(:\n",
            "svc/src/gen/out.py": "",
            "loose.py": "",
        },
    )
    unit = Unit("svc", "svc", ("svc/src",))
    graph = build_graph(workspace(tmp_path, unit, exclude=("svc/src/gen",)), use_cache=False)
    reasons = {s.path: s.reason for s in graph.skipped}
    assert [m.path for m in graph.modules] == ["svc/src/ok.py"]
    assert reasons == {
        "loose.py": SkipReason.OUTSIDE_UNITS,
        "svc/tool.py": SkipReason.OUTSIDE_ROOTS,
        "svc/src/broken.py": SkipReason.SYNTAX_ERROR,
        "svc/src/gen/out.py": SkipReason.EXCLUDED,
    }


def test_syntax_error_detail_names_line_and_python_version(tmp_path: Path) -> None:
    make_tree(tmp_path, {"bad.py": "x = 1\ndef broken(:\n"})
    graph = build_graph(workspace(tmp_path, Unit("u", ".", (".",))), use_cache=False)
    (skipped,) = graph.skipped
    assert skipped.detail.startswith("line 2: ")
    assert "parsed as Python 3." in skipped.detail


def test_invalid_utf8_file_is_skipped_not_fatal(tmp_path: Path) -> None:
    make_tree(tmp_path, {"bad.py": b"name = '\xff\xfe'\n", "good.py": "import bad\n"})
    graph = build_graph(workspace(tmp_path, Unit("u", ".", (".",))), use_cache=False)
    assert [s.path for s in graph.skipped] == ["bad.py"]
    assert [m.id for m in graph.modules] == ["good"]


def test_import_of_skipped_file_stays_visible(tmp_path: Path) -> None:
    make_tree(
        tmp_path, {"main.py": "import broken\nimport ok\n", "broken.py": "def (\n", "ok.py": ""}
    )
    graph = build_graph(workspace(tmp_path, Unit("u", ".", (".",))), use_cache=False)
    assert edges(graph) == {("main", "ok", 2)}
    assert [(u.importer, u.name, u.line) for u in graph.unresolved] == [("main", "broken", 1)]


def test_root_init_file_is_named_under_next_root(tmp_path: Path) -> None:
    make_tree(tmp_path, {"svc/src/__init__.py": "", "svc/src/app.py": ""})
    unit = Unit("svc", "svc", ("svc/src", "."))
    graph = build_graph(workspace(tmp_path, unit), use_cache=False)
    assert [(m.path, m.name) for m in graph.modules] == [
        ("svc/src/__init__.py", "svc.src"),
        ("svc/src/app.py", "app"),
    ]
    assert graph.skipped == ()


def test_hidden_folder_scripts_get_clean_ids(tmp_path: Path) -> None:
    make_tree(tmp_path, {".github/scripts/status.py": "import os\n"})
    graph = build_graph(workspace(tmp_path, Unit("u", ".", (".",))), use_cache=False)
    assert [(m.id, m.name) for m in graph.modules] == [
        ("_github.scripts.status", "_github.scripts.status")
    ]


def test_dangling_link_is_skipped_as_unreadable(tmp_path: Path) -> None:
    make_tree(tmp_path, {"good.py": ""})
    (tmp_path / "gone.py").symlink_to(tmp_path / "missing.py")
    graph = build_graph(workspace(tmp_path, Unit("u", ".", (".",))), use_cache=False)
    assert [(s.path, s.reason) for s in graph.skipped] == [("gone.py", SkipReason.UNREADABLE)]
    assert graph.skipped[0].detail.startswith("cannot be read")


def test_same_name_in_two_roots_is_shadowed(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "src/framework/__init__.py": "",
            "src/framework/config.py": "A = 1\n",
            "svc/src/framework/__init__.py": "",
            "svc/src/framework/config.py": "A = 2\n",
            "svc/src/main.py": "from framework import config\n",
        },
    )
    units = (Unit("mono", "src", ("src",)), Unit("svc", "svc", ("svc/src", "src")))
    graph = build_graph(workspace(tmp_path, *units), use_cache=False)
    shadowed = {s.name: (s.paths, s.differ) for s in graph.shadowed}
    assert shadowed["framework.config"] == (
        ("src/framework/config.py", "svc/src/framework/config.py"),
        True,
    )
    assert shadowed["framework"][1] is False
    assert edges(graph) == {("svc.src.main", "svc.src.framework.config", 1)}


def test_first_root_wins_like_sys_path(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "first/shared/__init__.py": "",
            "second/shared/__init__.py": "",
            "second/shared/extra.py": "",
            "app/main.py": "import shared\nimport shared.extra\n",
        },
    )
    unit = Unit("app", ".", ("app", "first", "second"))
    graph = build_graph(workspace(tmp_path, unit), use_cache=False)
    assert edges(graph) == {("app.main", "first.shared", 1)}
    assert [u.name for u in graph.unresolved] == ["shared.extra"]


def test_namespace_portions_merge_across_roots(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "a/services/alpha.py": "",
            "b/services/beta.py": "",
            "main.py": "import services.alpha\nimport services.beta\n",
        },
    )
    unit = Unit("u", ".", (".", "a", "b"))
    graph = build_graph(workspace(tmp_path, unit), use_cache=False)
    assert {e.imported for e in graph.imports} == {"a.services.alpha", "b.services.beta"}


def test_symlinked_folder_is_followed_once(tmp_path: Path) -> None:
    make_tree(tmp_path, {"pkg/__init__.py": "", "pkg/mod.py": ""})
    (tmp_path / "pkg" / "loop").symlink_to(tmp_path / "pkg")
    (tmp_path / "alias").symlink_to(tmp_path / "pkg")
    graph = build_graph(workspace(tmp_path, Unit("u", ".", (".",))), use_cache=False)
    assert sorted(m.path for m in graph.modules) == ["pkg/__init__.py", "pkg/mod.py"]


def test_package_cycle_found_with_cut(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "src/core/__init__.py": "",
            "src/core/cache.py": "from framework.config import constants\n",
            "src/framework/__init__.py": "",
            "src/framework/config/__init__.py": "",
            "src/framework/config/constants.py": "",
            "src/framework/middleware.py": "import core\nimport core.cache\n",
        },
    )
    graph = build_graph(workspace(tmp_path, Unit("mono", "src", ("src",))), use_cache=False)
    (cycle,) = find_cycles(graph, level="package:1")
    assert cycle.members == ("mono:core", "mono:framework")
    assert [(e.importer, e.line) for e in cycle.cut] == [("src.core.cache", 1)]
    assert len(cycle.imports) == 3


def test_why_returns_chain_with_lines(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {
            "a.py": "import b\n",
            "b.py": "x = 1\nimport c\n",
            "c.py": "",
        },
    )
    graph = build_graph(workspace(tmp_path, Unit("u", ".", (".",))), use_cache=False)
    (chain,) = shortest_chains(graph, "a", "c")
    assert [(h.importer, h.imported, h.line) for h in chain.hops] == [("a", "b", 1), ("b", "c", 2)]


def test_warm_cache_returns_same_graph(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.py": "import b\n", "b.py": ""})
    ws = workspace(tmp_path, Unit("u", ".", (".",)))
    cold = build_graph(ws, use_cache=True)
    warm = build_graph(ws, use_cache=True)
    assert (tmp_path / ".modsplit_cache" / "CACHEDIR.TAG").is_file()
    assert warm.imports == cold.imports
    assert warm.modules == cold.modules


def test_cache_sees_changed_content(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.py": "import b\n", "b.py": "", "c.py": ""})
    ws = workspace(tmp_path, Unit("u", ".", (".",)))
    build_graph(ws, use_cache=True)
    (tmp_path / "a.py").write_text("import c\n", encoding="utf-8")
    assert edges(build_graph(ws, use_cache=True)) == {("a", "c", 1)}


def test_corrupt_cache_is_rebuilt_with_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    make_tree(tmp_path, {"a.py": "import b\n", "b.py": ""})
    ws = workspace(tmp_path, Unit("u", ".", (".",)))
    build_graph(ws, use_cache=True)
    for stored in (tmp_path / ".modsplit_cache").glob("*.pickle"):
        stored.write_bytes(b"not a pickle")
    with caplog.at_level(logging.WARNING, logger="modsplit"):
        graph = build_graph(ws, use_cache=True)
    assert edges(graph) == {("a", "b", 1)}
    assert "is corrupt" in caplog.text


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.py": ""})
    build_graph(workspace(tmp_path, Unit("u", ".", (".",))), use_cache=False)
    assert not (tmp_path / ".modsplit_cache").exists()


def test_cache_sees_change_in_included_requirements(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "app.py": "import yaml\n",
        "requirements.txt": "-r extra.txt\n",
        "extra.txt": "\n",
    })
    ws = workspace(tmp_path, Unit("u", ".", (".",)))
    assert [u.name for u in build_graph(ws, use_cache=True).unresolved] == ["yaml"]
    (tmp_path / "extra.txt").write_text("PyYAML\n", encoding="utf-8")
    assert build_graph(ws, use_cache=True).unresolved == ()


def test_cache_file_from_elsewhere_is_not_loaded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    make_tree(tmp_path, {"a.py": "import b\n", "b.py": ""})
    ws = workspace(tmp_path, Unit("u", ".", (".",)))
    build_graph(ws, use_cache=True)
    for stored in (tmp_path / ".modsplit_cache").glob("*.pickle"):
        # A pickle that would run code when loaded, as a hostile repository could ship.
        payload = f"cos\nsystem\n(S'touch {tmp_path}/pwned'\ntR.".encode()
        stored.write_bytes(b"\0" * 32 + payload)
    with caplog.at_level(logging.WARNING, logger="modsplit"):
        graph = build_graph(ws, use_cache=True)
    assert edges(graph) == {("a", "b", 1)}
    assert "was not written by this user's modsplit" in caplog.text
    assert not (tmp_path / "pwned").exists()
