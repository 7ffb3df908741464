"""A small monorepo in a real git repository, for the affected and build commands."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.helpers import make_tree

CONFIG = """
[units.core]
path = "libs/core"
roots = ["libs/core"]
manifests = ["libs/core/requirements.txt"]
tests = ["libs/core/tests"]

[units.api]
path = "services/api"
roots = ["services/api", "libs/core"]
manifests = ["services/api/requirements.txt"]

[units.web]
path = "services/web"
roots = ["services/web", "libs/core"]
"""

NOXFILE = """
import os
import pathlib

import modsplit.nox

modsplit.nox.define_sessions(sessions=["smoke"], venv_backend="none")


@modsplit.nox.unit_session(venv_backend="none")
def check(session, unit):
    \"\"\"Fail when the unit holds a FAIL file; note each run in $RUNS_LOG.\"\"\"
    if (unit.folder / "FAIL").exists():
        session.error("FAIL marker found")
    with open(os.environ["RUNS_LOG"], "a") as log:
        log.write(f"{unit.name} {' '.join(session.posargs)}\\n".rstrip() + "\\n")
"""

FILES = {
    "config/modsplit.toml": CONFIG,
    "pyproject.toml": "[project]\nname = 'mono'\n",
    "README.md": "A monorepo.\n",
    "libs/core/requirements.txt": "attrs\n",
    "libs/core/core/__init__.py": "",
    "libs/core/core/cache.py": "SIZE = 1\n",
    "libs/core/core/old.py": "OLD = 1\n",
    "libs/core/data/prices.csv": "1,2\n",
    "libs/core/tests/conftest.py": "",
    "libs/core/tests/test_cache.py": "from core import cache\n",
    "services/api/requirements.txt": "attrs\n",
    "services/api/api/__init__.py": "from core import cache\n",
    "services/web/web/__init__.py": "import core.old\n",
}


def git(directory: Path, *arguments: str) -> str:
    """Run git with a fixed identity and return its output."""
    completed = subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.com",
         "-c", "init.defaultBranch=main", *arguments],
        cwd=directory, capture_output=True, text=True, check=True,
    )
    return completed.stdout


def make_monorepo(directory: Path, *, with_noxfile: bool = False) -> Path:
    """Write the monorepo, ``git init`` it and commit everything."""
    files = {**FILES, "noxfile.py": NOXFILE} if with_noxfile else FILES
    make_tree(directory, files)
    git(directory, "init", "-q")
    git(directory, "add", "-A")
    git(directory, "commit", "-q", "-m", "first")
    return directory
