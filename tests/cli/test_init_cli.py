"""``modsplit init`` end to end: on the example monorepo and on trees written by the test."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from modsplit.cli import main
from modsplit.workspace.config import workspace_from_table
from tests.helpers import make_tree


def _init(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["init", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_init_finds_example_roots(example_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _init(capsys, str(example_path))
    table = tomllib.loads(out)

    assert code == 0
    assert err == ""
    assert {name: unit["roots"] for name, unit in table["units"].items()} == {
        "api": ["src/services/api/src", "src", "."],
        "data": ["src/services/data/src", "src", "."],
        "src": ["src", "."],
        "tests": ["src", "."],
        "toplevel": ["src", "."],
        "web": ["src/services/web", "src", "."],
    }


def test_init_example_units_manifests_and_tests(
    example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _init(capsys, str(example_path))
    units = tomllib.loads(out)["units"]

    assert units["api"]["manifests"] == [
        "src/services/api/pyproject.toml",
        "src/services/api/requirements.txt",
    ]
    assert units["api"]["tests"] == ["src/services/api/tests"]
    assert units["data"]["manifests"] == ["src/services/data/requirements.txt"]
    assert units["src"]["manifests"] == ["requirements.txt"]
    assert units["src"]["dev_manifests"] == ["requirements.dev.txt"]
    assert units["tests"]["tests"] == ["tests"]


def test_init_example_reports_defects(
    example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _init(capsys, str(example_path))

    assert "#   framework: src/framework, src/services/api/src/framework\n" in out
    assert ("#   trading: 1 import(s), first at src/services/data/src/domain/strategies.py:6; "
            "exists nowhere in the repository\n") in out
    assert ("#   yaml: 1 import(s), first at src/services/data/src/pipelines/loader.py:7; "
            "exists nowhere in the repository\n") in out
    assert "# Python files per unit: api 10, data 6, src 16, tests 4, toplevel 2, web 5.\n" in out


def test_init_example_every_decision_commented(
    example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _init(capsys, str(example_path))
    lines = out.splitlines()

    for index, line in enumerate(lines):
        is_root = line.startswith('    "') and "roots" in _key(lines, index)
        if line.startswith("[units.") or is_root:
            assert lines[index - 1].lstrip().startswith("#"), line


def _key(lines: list[str], index: int) -> str:
    while index > 0 and not lines[index].endswith("= ["):
        index -= 1
    return lines[index]


def test_init_output_loads_as_configuration(
    example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _init(capsys, str(example_path))

    workspace = workspace_from_table(example_path, tomllib.loads(out), source=None)

    assert len(workspace.units) == 6


def test_init_write_creates_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree(tmp_path, {"requirements.txt": "", "app.py": "import os\n"})

    code, out, err = _init(capsys, str(tmp_path), "--write")

    assert code == 0
    assert out == ""
    assert err == "modsplit: wrote config/modsplit.toml with 1 unit\n"
    assert '[units.toplevel]\npath = "."' in (tmp_path / "config/modsplit.toml").read_text()


def test_init_write_rejects_existing_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(tmp_path, {"app.py": "", "config/modsplit.toml": "# mine\n"})

    code, out, err = _init(capsys, str(tmp_path), "--write")

    assert code == 2
    assert out == ""
    assert err == (
        f"modsplit: error: {tmp_path}/config/modsplit.toml: already exists; "
        "pass --force to replace it\n"
    )
    assert (tmp_path / "config/modsplit.toml").read_text() == "# mine\n"


def test_init_force_replaces_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree(tmp_path, {"app.py": "", "config/modsplit.toml": "# mine\n"})

    code, _, _ = _init(capsys, str(tmp_path), "--write", "--force")

    assert code == 0
    assert "[units.toplevel]" in (tmp_path / "config/modsplit.toml").read_text()


def test_init_without_python_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree(tmp_path, {"README.md": "hello\n"})

    code, out, err = _init(capsys, str(tmp_path))

    assert code == 2
    assert out == ""
    assert err == (
        f"modsplit: error: {tmp_path}: no Python files found; "
        "pass the folder of a Python repository\n"
    )


def test_init_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _init(capsys, str(tmp_path / "nowhere"))

    assert code == 2
    assert "no such directory" in err


def test_init_on_copy_of_example_writes_loadable_config(
    example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "fksmini"
    shutil.copytree(example_path, copy, ignore=shutil.ignore_patterns("__pycache__"))

    code, _, _ = _init(capsys, str(copy), "--write")
    written = tomllib.loads((copy / "config/modsplit.toml").read_text())

    assert code == 0
    assert sorted(written["units"]) == ["api", "data", "src", "tests", "toplevel", "web"]
