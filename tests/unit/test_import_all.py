"""Every modsplit module imports cleanly in a fresh interpreter, with warnings as errors."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import modsplit


def all_module_names() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(modsplit.__path__, prefix="modsplit.")
        if info.name != "modsplit.__main__"
    ]
    return sorted(names)


def test_every_module_imports_with_warnings_as_errors() -> None:
    names = all_module_names()
    script = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", script, *names],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(names) > 40


def test_help_imports_no_engine() -> None:
    script = (
        "import sys\nfrom modsplit.cli import build_parser\nbuild_parser()\n"
        "heavy = {'networkx', 'grimp', 'importlinter', 'deptry', 'piptools', 'nox', 'libcst', "
        "'rich'}\nprint(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout == "[]\n"
