"""``modsplit graph`` and ``modsplit why`` end to end: output, formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from modsplit.cli import main
from tests.conftest import REPOSITORY
from tests.helpers import make_tree

SCHEMA = json.loads((REPOSITORY / "docs/schemas/modsplit.graph-1.json").read_text("utf-8"))

CONFIG = """
[units.mono]
path = "src"
roots = ["src"]

[units.svc]
path = "svc"
roots = ["svc/src", "src"]
manifests = ["svc/requirements.txt"]
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return make_tree(
        tmp_path,
        {
            "config/modsplit.toml": CONFIG,
            "svc/requirements.txt": "requests\n",
            "src/core/__init__.py": "",
            "src/core/cache.py": "from framework import constants\n",
            "src/framework/__init__.py": "",
            "src/framework/constants.py": "",
            "src/framework/middleware.py": "import core.cache\n",
            "svc/src/app.py": "import requests\nimport trading\nimport core.cache\n",
            "svc/src/broken.py": "def broken(:\n",
        },
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_matches_documented_schema(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "graph", str(tree), "--format", "json", "--no-cache")
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA)
    assert code == 0
    assert document["unresolved"] == [
        {"importer": "svc.src.app", "name": "trading", "line": 2, "kind": "module"}
    ]
    assert [s["path"] for s in document["skipped"]] == ["svc/src/broken.py"]
    assert [(c["level"], c["members"]) for c in document["cycles"]] == [
        ("package:1", ["mono:core", "mono:framework"])
    ]
    assert document["cycles"][0]["cut"] == [
        {"importer": "src.core.cache", "imported": "src.framework.constants", "line": 1}
    ]


def test_text_summary_counts_every_file(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "graph", str(tree), "--no-cache")
    assert code == 0
    assert "7 Python files: 6 modules, 1 skipped; 0 namespace folders" in out
    assert "svc/src/broken.py: syntax error: line 1:" in out
    assert "mono:core <-> mono:framework (2 imports)" in out
    assert "trading" in out


def test_fail_on_unresolved_exits_1(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "graph", str(tree), "--fail-on", "unresolved", "--no-cache")
    assert code == 1


def test_fail_on_unknown_kind_is_usage_error(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "graph", str(tree), "--fail-on", "typos")
    assert code == 2
    choices = "cycles,unresolved,skipped,shadowed"
    assert err == f"modsplit: error: --fail-on typos: unknown; choose from {choices}\n"


def test_missing_path_is_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    code, out, err = run(capsys, "graph", str(missing))
    assert code == 2
    assert out == ""
    assert err == f"modsplit: error: {missing}: no such directory; pass the path of a repository\n"


def test_directory_without_python_is_analysis_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(tmp_path, {"README.md": "docs only\n"})
    code, _, err = run(capsys, "graph", str(tmp_path))
    assert code == 3
    assert "no Python files found" in err


def test_bad_config_reports_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(
        tmp_path,
        {
            "config/modsplit.toml": '[units.a]\npath = "missing"\ncolour = "red"\n[graphs]\n',
            "a.py": "",
        },
    )
    code, _, err = run(capsys, "graph", str(tmp_path))
    source = tmp_path / "config" / "modsplit.toml"
    assert code == 2
    assert f"{source}: unknown key 'graphs'" in err
    assert f"{source}: [units.a] unknown key 'colour'" in err
    assert f"{source}: [units.a] path = 'missing' is not a folder under {tmp_path}" in err


def test_invalid_toml_names_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(tmp_path, {"config/modsplit.toml": "exclude = []\nlayers = = 2\n", "a.py": ""})
    code, _, err = run(capsys, "graph", str(tmp_path))
    assert code == 2
    assert "modsplit.toml: invalid TOML" in err
    assert "(at line 2, column 10)" in err


def test_dot_and_mermaid_draw_units(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, dot, _ = run(capsys, "graph", str(tree), "--format", "dot", "--units")
    _, mermaid, _ = run(capsys, "graph", str(tree), "--format", "mermaid", "--units")
    assert '"svc" -> "mono" [label="1"];' in dot
    assert "u1 -->|1| u0" in mermaid


def test_why_prints_each_hop_with_location(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "why", "svc", "framework.constants", str(tree))
    assert code == 0
    assert out.splitlines() == [
        "chain 1 (2 imports):",
        "  svc/src/app.py:3  app -> core.cache (module)",
        "  src/core/cache.py:1  core.cache -> framework.constants (module)",
    ]


def test_why_without_chain_exits_1(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "why", "framework.constants", "svc", str(tree))
    assert code == 1
    assert out == "no import chain from framework.constants to svc\n"


def test_discovery_is_announced_on_stderr(tmp_path: Path) -> None:
    make_tree(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "import pkg\n"})
    done = subprocess.run(
        [sys.executable, "-m", "modsplit", "graph", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "no configuration in" in done.stderr
    assert "discovered roots and units" in done.stderr


def test_summary_counts_namespace_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(
        tmp_path,
        {
            "config/modsplit.toml": '[units.u]\npath = "."\nroots = ["."]\n',
            "pkg/__init__.py": "",
            "pkg/plugins/alpha.py": "",
            "pkg/plugins/beta.py": "",
            "services/api/main.py": "",
        },
    )
    code, out, _ = run(capsys, "graph", str(tmp_path), "--no-cache")
    assert code == 0
    assert "4 Python files: 4 modules, 0 skipped; 3 namespace folders" in out


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        ('[units.a]\npath = "pkg"\nroots = ["../.."]\n', "root '../..' is outside the repository"),
        ('[units.a]\npath = "pkg"\n[units.b]\npath = "pkg"\n', "is also the path of [units.a]"),
        ("[units.a]\npath = 1\n", "path = 1 must be a string"),
        ('[units.a]\npath = "pkg"\nroots = ["pkg", "pkg"]\n', "names a root twice"),
        ("units = {}\n", "units is empty"),
        ('[units.a]\npath = "pkg"\ntests = ["nope"]\n', "tests path 'nope' does not exist"),
    ],
)
def test_invalid_unit_configuration_is_rejected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], units: str, expected: str
) -> None:
    make_tree(tmp_path, {"config/modsplit.toml": units, "pkg/a.py": ""})
    code, _, err = run(capsys, "graph", str(tmp_path))
    assert code == 2
    assert expected in err


def test_config_folder_instead_of_file_is_rejected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(tmp_path, {"a.py": ""})
    code, _, err = run(capsys, "graph", str(tmp_path), "--config", str(tmp_path))
    assert code == 2
    assert err == f"modsplit: error: {tmp_path}: is a folder; pass a TOML file to --config\n"


@pytest.mark.parametrize("before", [True, False])
def test_config_accepted_before_or_after_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], before: bool
) -> None:
    make_tree(tmp_path, {"repo/pkg/a.py": "", "mine.toml": '[units.u]\npath = "pkg"\n'})
    config = ["--config", str(tmp_path / "mine.toml")]
    args = [*config, "graph"] if before else ["graph", *config]
    code, out, _ = run(capsys, *args, str(tmp_path / "repo"), "--no-cache")
    assert code == 0
    assert f"(configuration: {tmp_path / 'mine.toml'})" in out


def test_dot_and_mermaid_escape_quotes_in_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(
        tmp_path,
        {
            "config/modsplit.toml": '[units.u]\npath = "."\n',
            'we"ird.py': "",
        },
    )
    _, dot, _ = run(capsys, "graph", str(tmp_path), "--format", "dot", "--no-cache")
    _, mermaid, _ = run(capsys, "graph", str(tmp_path), "--format", "mermaid", "--no-cache")
    assert '  "we\\"ird" [label="we\\"ird\\n(u)"];' in dot.splitlines()
    assert '  m0["we#quot;ird (u)"]' in mermaid.splitlines()


def test_package_level_is_spelled_package_1(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["graph", str(tree), "--format", "json", "--level", "package", "--level", "package:1"]
    _, out, _ = run(capsys, *args)
    assert [c["level"] for c in json.loads(out)["cycles"]] == ["package:1"]


def test_why_limit_below_one_is_usage_error(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "why", "svc", "core", str(tree), "--limit", "0")
    assert code == 2
    assert err == "modsplit: error: --limit 0: must be 1 or more\n"


def test_unknown_graph_setting_is_config_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(
        tmp_path,
        {"config/modsplit.toml": '[units.u]\npath = "."\n[graph]\nbogus = 1\n', "a.py": ""},
    )
    code, _, err = run(capsys, "graph", str(tmp_path))
    assert code == 2
    assert "[graph] unknown key 'bogus'" in err
