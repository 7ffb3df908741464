"""The configuration text that `modsplit init` prints, compared in full."""

from __future__ import annotations

import tomllib
from pathlib import Path

from modsplit.workspace.config import workspace_from_table
from modsplit.workspace.discovery import discover
from modsplit.workspace.toml_render import render_configuration
from tests.helpers import make_tree

FILES = {
    "pytest.ini": "[pytest]\npythonpath = src\n",
    "requirements.txt": "",
    "src/core/__init__.py": "",
    "svc/requirements.txt": "",
    "svc/requirements-dev.txt": "",
    "svc/src/app/__init__.py": "import core\nimport missing_mod\n",
    "svc/tests/test_app.py": "import app\n",
}

EXPECTED = """\
# modsplit configuration, discovered by `modsplit init`.
# Each comment gives the evidence for the line below it; review it, then edit freely.
#
# Python files per unit: svc 2, toplevel 1.
#
# Shared roots, which every unit gets after its own roots:
#   src: pythonpath in pytest.ini
#
# Imported names that no root of the importing unit resolves
# (neither standard library nor declared by a manifest):
#   missing_mod: 1 import(s), first at svc/src/app/__init__.py:2; exists nowhere in the repository

global_files = [
    "pyproject.toml",
    "noxfile.py",
    "config/modsplit.toml",
    "requirements*.txt",
    "pytest.ini",
]

# svc has its own manifests (requirements-dev.txt, requirements.txt)
[units.svc]
path = "svc"
roots = [
    # src layout: src/ without __init__.py
    # 1 import(s) of svc resolve only through it, such as app
    "svc/src",
    # 1 import(s) of svc resolve only through it, such as core
    # shared root: pythonpath in pytest.ini
    "src",
]
manifests = [
    "svc/requirements.txt",
]
dev_manifests = [
    "svc/requirements-dev.txt",
]
tests = [
    "svc/tests",
]

# the repository itself, the catch-all unit 'toplevel'
# . has its own manifests (requirements.txt)
[units.toplevel]
path = "."
roots = [
    # src layout: src/ without __init__.py
    # shared root: pythonpath in pytest.ini
    "src",
]
manifests = [
    "requirements.txt",
]
"""


def test_render_matches_expected_text(tmp_path: Path) -> None:
    make_tree(tmp_path, FILES)

    text = render_configuration(discover(tmp_path))

    assert text == EXPECTED


def test_rendered_text_is_valid_configuration(tmp_path: Path) -> None:
    make_tree(tmp_path, FILES)
    discovery = discover(tmp_path)

    table = tomllib.loads(render_configuration(discovery))
    workspace = workspace_from_table(tmp_path, table, source=None)

    assert workspace.units == discovery.workspace.units
    assert workspace.global_files == discovery.workspace.global_files


def test_render_lists_at_most_25_unresolved_names(tmp_path: Path) -> None:
    imports = "".join(f"import missing{number:02}\n" for number in range(30))
    make_tree(tmp_path, {"a.py": imports})

    text = render_configuration(discover(tmp_path))

    assert text.count("exists nowhere in the repository") == 25
    assert "#   ... and 5 more names; `modsplit graph` lists every import." in text
