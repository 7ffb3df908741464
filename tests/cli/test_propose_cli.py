"""`modsplit propose` end to end on a fixture tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from modsplit.cli import main
from tests.helpers import make_tree

TREE = {
    "config/modsplit.toml": """
        [units.mono]
        path = "src"
        roots = ["src"]
    """,
    "src/core/__init__.py": "",
    "src/core/cache.py": "from framework import constants\n",
    "src/core/db.py": "from core import cache\n",
    "src/framework/__init__.py": "",
    "src/framework/constants.py": "LIMIT = 1\n",
    "src/framework/mid.py": "import core.db\nfrom framework import constants\n",
    "src/framework/app.py": "from framework import mid\n",
    "src/svc/__init__.py": "",
    "src/svc/api.py": "from framework import app\nfrom svc import models\n",
    "src/svc/models.py": "from framework import constants\n",
}

BOUNDARIES = """\
# Written by `modsplit propose`; edit it by hand or regenerate it.
# Format: modsplit.boundaries/1 (see docs/propose.md of modsplit).
schema = "modsplit.boundaries/1"

# Layers, top layer first. A package may import only packages in lower layers.
layers = [
    ["mono.svc"],
    ["mono.framework"],
    ["mono.core"],
    ["kernel"],
]

[proposal]
seed = 0
include_type_checking = false

[packages."mono.svc"]
layer = 3
modules = [
    "src.svc.**",
]

[packages."mono.framework"]
layer = 2
modules = [
    "src.framework",
    "src.framework.app",
    "src.framework.mid",
]

[packages."mono.core"]
layer = 1
modules = [
    "src.core.**",
]

[packages.kernel]
layer = 0
modules = [
    "src.framework.constants",
]
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return make_tree(tmp_path / "repo", TREE)


def run(tree: Path, *args: str) -> int:
    return main(["propose", "--no-cache", "--kernel-min-importers", "2", str(tree), *args])


def test_json_has_schema_and_no_cycles(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tree, "--format", "json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "modsplit.proposal/1"
    assert document["metrics"]["current"]["package_cycles"] == 1
    assert document["metrics"]["proposed"]["package_cycles"] == 0
    assert set(document["metrics"]["proposed"]) >= {
        "turbomq", "modularity", "crossing_imports", "package_cycles", "mojofm_to_current",
        "stability"}
    assert {"name", "modules", "layer"} <= set(document["packages"][0])
    assert document["cut"] == []


def test_write_then_check(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tree, "--write") == 0
    assert (tree / "config" / "boundaries.toml").read_text() == BOUNDARIES
    assert run(tree, "--check") == 0
    (tree / "config" / "boundaries.toml").write_text("schema = 'old'\n")
    assert run(tree, "--check") == 1


def test_write_follows_symlink_inside_repository(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "shared").mkdir()
    (tree / "shared" / "boundaries.toml").write_text("old\n")
    (tree / "config" / "boundaries.toml").symlink_to(Path("..") / "shared" / "boundaries.toml")

    assert run(tree, "--write") == 0

    assert (tree / "config" / "boundaries.toml").is_symlink()
    assert (tree / "shared" / "boundaries.toml").read_text() == BOUNDARIES
    assert capsys.readouterr().err == "modsplit: wrote shared/boundaries.toml\n"


def test_write_refuses_symlink_out_of_repository(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "boundaries.toml"
    outside.write_text("old\n")
    (tree / "config" / "boundaries.toml").symlink_to(outside)

    assert run(tree, "--write") == 2

    assert outside.read_text() == "old\n"
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"modsplit: error: config/boundaries.toml links to {outside}, outside the repository; "
        "replace the link with a file or write through it yourself")


def test_diff_leaves_file_unwritten(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tree, "--diff") == 0
    out = capsys.readouterr().out
    assert out.startswith("--- /dev/null\n+++ b/config/boundaries.toml\n")
    assert not (tree / "config" / "boundaries.toml").exists()


def test_output_is_byte_identical(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(tree)
    first = capsys.readouterr().out
    run(tree)
    assert capsys.readouterr().out == first
    assert "mono.core: mono.core" not in first


def test_text_shows_metrics_and_layers(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tree) == 0
    out = capsys.readouterr().out
    assert "package cycles               1      0\n" in out
    assert "layers (top first; a package imports only packages in lower layers)\n" \
           "  3: mono.svc\n  2: mono.framework\n  1: mono.core\n  0: kernel\n" in out
    assert "  src.framework.constants: mono.framework -> kernel (shared kernel: imported by 3 " \
           "modules from 2 other packages, imports 0 modules, all in the kernel)\n" in out


def test_move_creating_cycle_exits_one(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tree, "--move", "src.core.db=mono.svc") == 1
    out = capsys.readouterr().out
    assert "  new package cycle: mono.core <-> mono.framework <-> mono.svc\n" in out
    assert out.endswith("the plan creates package cycles (1 after the plan)\n")


def test_plan_file_read(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tree / "plan.txt"
    plan.write_text("# move the constants down\nsrc.framework.constants = kernel\n")
    assert run(tree, "--plan", str(plan), "--format", "json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "modsplit.what-if/1"
    assert document["moves"][0]["to"] == "kernel"
    assert document["creates_cycles"] is False


def test_bad_pin_is_usage_error(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tree, "--pin", "nowhere") == 2
    assert "--pin 'nowhere': expected MODULE=PACKAGE" in capsys.readouterr().err


def test_plan_not_utf8_is_usage_error(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tree / "plan.txt"
    plan.write_bytes(b"src.core.cache=caf\xe9\n")
    assert run(tree, "--plan", str(plan)) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"modsplit: error: --plan {plan}: is not UTF-8 text (byte 0xe9 at offset 18); "
        "save it as UTF-8")


@pytest.mark.parametrize(("plan", "args", "message"), [
    ("# nothing yet\n", (), "--plan {plan} has no moves; add MODULE=PACKAGE lines"),
    ("src.core.cache = kernel\n", ("--write",),
     "--write does not apply to a what-if plan (--move, --plan); drop one of them"),
    ("src.core.cache = kernel\n", ("--pin", "src.core.db=x"),
     "--pin does not apply to a what-if plan (--move, --plan); drop one of them"),
    ("src.core.cache = kernel\n", ("--format", "markdown"),
     "--format markdown does not apply to a what-if plan (--move, --plan); use text or json"),
    ("\nsrc.core.cache==x\n", (),
     "--plan {plan}:2: package name '=x' may hold only letters, digits, '_', '-' and '.'"),
    ("src.core.nothing = kernel\n", (),
     "--plan {plan}:1: module 'src.core.nothing' is not in the graph; pass a module id or "
     "import name (see `modsplit graph`)"),
])
def test_plan_errors_name_the_line(
    tree: Path, capsys: pytest.CaptureFixture[str], plan: str, args: tuple[str, ...],
    message: str,
) -> None:
    path = tree / "plan.txt"
    path.write_text(plan)
    assert run(tree, "--plan", str(path), *args) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "modsplit: error: " + message.format(plan=path))


@pytest.mark.parametrize(("args", "message"), [
    (("--inertia", "nan"), "--inertia nan: must be a finite number"),
    (("--resolution", "inf"), "--resolution inf: must be a finite number"),
    (("--pin", "src.core.db=a", "--pin", "src.core.db=b"),
     "--pin src.core.db=b: src.core.db is already pinned to a; keep one --pin per module"),
    (("--apart", "src.core.db,src.core.db"),
     "--apart 'src.core.db,src.core.db': names src.core.db twice; name different modules"),
    (("--pin", "src.core.db=a b"),
     "--pin 'src.core.db=a b': package name 'a b' may hold only letters, digits, '_', '-' "
     "and '.'"),
    (("--pin", "src.core.db=a|b"),
     "--pin 'src.core.db=a|b': package name 'a|b' may hold only letters, digits, '_', '-' "
     "and '.'"),
])
def test_bad_options_are_usage_errors(
    tree: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    assert run(tree, *args) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "modsplit: error: " + message


def test_unknown_module_is_usage_error(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tree, "--pin", "no.such=x") == 2
    assert "module 'no.such' is not in the graph" in capsys.readouterr().err


@pytest.mark.slow
def test_output_same_across_hash_seeds(tree: Path) -> None:
    outputs = []
    for hash_seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "modsplit", "propose", "--no-cache", str(tree), "--format",
             "json"],
            capture_output=True, text=True, check=False,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
