"""The modsplit.nox helper inside real nox runs, and the session recipes behind it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from modsplit.build.sessions import recipe, unit_layout
from modsplit.workspace.load import load_workspace
from tests.cli.build_fixtures import make_monorepo
from tests.helpers import make_tree

NOXFILE = """
import modsplit.nox

modsplit.nox.define_sessions(sessions=["tests", "wheel", "smoke"], venv_backend="none")
modsplit.nox.define_sessions(sessions=["smoke"], prefix="mono-", venv_backend="none")
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    directory = make_monorepo(tmp_path / "repo")
    make_tree(directory, {"noxfile.py": NOXFILE})
    return directory


def nox(repo: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nox", *arguments], cwd=repo,
                          capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_sessions_listed_per_unit(repo: Path) -> None:
    listed = nox(repo, "--list")

    sessions = [line.split()[1] for line in listed.stdout.splitlines() if line.startswith("* ")]
    assert sessions == [
        f"{kind}(unit='{unit}')"
        for kind in ("tests", "wheel", "smoke", "mono-smoke")
        for unit in ("core", "api", "web")
    ]


@pytest.mark.slow
def test_tests_session_runs_for_one_unit(repo: Path) -> None:
    completed = nox(repo, "-s", "tests(unit='core')")

    assert completed.returncode == 0, completed.stderr
    assert "no virtualenv: not installing -r" in completed.stderr
    assert "Session tests(unit='core') was successful" in completed.stderr


@pytest.mark.slow
def test_smoke_fails_on_syntax_error(repo: Path) -> None:
    make_tree(repo, {"services/api/api/broken.py": "def (:\n"})

    completed = nox(repo, "-s", "smoke(unit='api')", "smoke(unit='web')")

    assert completed.returncode == 1
    assert "smoke(unit='api'): failed" in completed.stderr
    assert "smoke(unit='web'): success" in completed.stderr


@pytest.mark.slow
def test_wheel_skipped_without_project(repo: Path) -> None:
    completed = nox(repo, "-s", "wheel(unit='web')")

    assert completed.returncode == 0
    assert "unit web has no pyproject.toml, setup.py or setup.cfg manifest" in completed.stderr


def test_importing_helper_does_not_import_nox() -> None:
    code = "import sys, modsplit.nox; print('nox' in sys.modules)"

    completed = subprocess.run([sys.executable, "-W", "error", "-c", code],
                               capture_output=True, text=True, check=True)

    assert completed.stdout == "False\n"


def test_tests_recipe_installs_own_requirements(repo: Path) -> None:
    workspace = load_workspace(repo)
    layout = unit_layout(workspace, workspace.unit_named("core"))

    found = recipe("tests", layout, ["-x"])

    assert found.install == ("-r", str(repo / "libs/core/requirements.txt"), "pytest")
    assert [command.arguments for command in found.commands] == [
        ("pytest", str(repo / "libs/core/tests"), "-x"),
    ]
    assert found.commands[0].env == {"PYTHONPATH": str(repo / "libs/core")}
    assert found.commands[0].success_codes == (0, 5)


NESTED_CONFIG = """
[units.root]
path = "."
roots = ["."]

[units.src]
path = "src"
roots = ["src"]

[units.api]
path = "src/api"
roots = ["src/api"]
"""


def test_tests_recipe_ignores_nested_units(tmp_path: Path) -> None:
    make_tree(tmp_path, {"config/modsplit.toml": NESTED_CONFIG, "src/api/app.py": "",
                         "src/lib.py": "", "top.py": ""})
    workspace = load_workspace(tmp_path)

    found = {
        name: recipe("tests", unit_layout(workspace, workspace.unit_named(name)), ["-x"])
        for name in ("root", "src", "api")
    }

    assert found["root"].commands[0].arguments == (
        "pytest", str(tmp_path), f"--ignore={tmp_path / 'src'}",
        f"--ignore={tmp_path / 'src/api'}", "-x",
    )
    assert found["src"].commands[0].arguments == (
        "pytest", str(tmp_path / "src"), f"--ignore={tmp_path / 'src/api'}", "-x",
    )
    assert found["api"].commands[0].arguments == ("pytest", str(tmp_path / "src/api"), "-x")


def test_lint_and_smoke_recipes_leave_out_nested_units(tmp_path: Path) -> None:
    make_tree(tmp_path, {"config/modsplit.toml": NESTED_CONFIG, "src/api/app.py": "",
                         "src/lib.py": "", "top.py": ""})
    workspace = load_workspace(tmp_path)
    layout = unit_layout(workspace, workspace.unit_named("src"))

    lint = recipe("lint", layout, [])
    smoke = recipe("smoke", layout, [])

    assert lint.commands[0].arguments == (
        "ruff", "check", str(tmp_path / "src"), f"--extend-exclude={tmp_path / 'src/api'}",
    )
    assert smoke.commands[0].arguments == (
        "python", "-m", "compileall", "-q", "-x", re.escape(str(tmp_path / "src/api")),
        str(tmp_path / "src"),
    )


@pytest.mark.slow
def test_tests_session_skips_nested_units_tests(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "config/modsplit.toml": NESTED_CONFIG,
        "noxfile.py": NOXFILE,
        "test_top.py": "def test_top():\n    pass\n",
        "src/api/test_api.py": "def test_api():\n    assert False\n",
    })

    completed = nox(tmp_path, "-s", "tests(unit='root')")

    assert completed.returncode == 0, completed.stderr
    assert "1 passed" in completed.stdout


def test_smoke_recipe_checks_top_level_names(repo: Path) -> None:
    workspace = load_workspace(repo)
    layout = unit_layout(workspace, workspace.unit_named("api"))

    found = recipe("smoke", layout, [])

    assert layout.top_level_names == ("api",)
    assert found.commands[0].arguments == (
        "python", "-m", "compileall", "-q", str(repo / "services/api"),
    )
    assert found.commands[1].arguments[-1] == "api"


def test_unknown_session_kind(repo: Path) -> None:
    workspace = load_workspace(repo)
    layout = unit_layout(workspace, workspace.unit_named("api"))

    with pytest.raises(ValueError, match="unknown session kind 'docs'"):
        recipe("docs", layout, [])
