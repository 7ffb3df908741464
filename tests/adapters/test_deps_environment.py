"""``--python``: import names mapped with a target environment's installed metadata."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from modsplit.cli import main
from tests.helpers import make_tree

pytestmark = pytest.mark.slow


def _environment_with(tmp_path: Path) -> Path:
    """Create a virtual environment where distribution my-dist provides module ``fancyname``."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    site = Path(purelib)
    make_tree(site, {
        "fancyname/__init__.py": "",
        "my_dist-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: my-dist\nVersion: 1.0\n",
        "my_dist-1.0.dist-info/RECORD": "fancyname/__init__.py,,\nmy_dist-1.0.dist-info/RECORD,,\n",
    })
    assert sysconfig.get_paths()["purelib"] != purelib
    return python


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    return make_tree(tmp_path / "repo", {
        "config/modsplit.toml": """
            [units.svc]
            path = "svc"
            roots = ["svc"]
            manifests = ["svc/requirements.txt"]
        """,
        "svc/requirements.txt": "my-dist\n",
        "svc/app.py": "import fancyname\n",
    })


def test_target_environment_maps_the_name(
    tmp_path: Path, repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    python = _environment_with(tmp_path)
    assert main(["deps", "--no-cache", "--python", str(python), str(repository)]) == 0
    assert capsys.readouterr().out == "no dependency findings in 1 unit\n"


def test_without_environment_the_name_is_guessed(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Without the environment nothing says that my-dist provides fancyname.
    assert main(["deps", "--no-cache", str(repository)]) == 1
    assert capsys.readouterr().out == (
        "svc: svc/requirements.txt:1: DEP002 'my-dist' defined as a dependency but not used in "
        "the codebase\n"
        "1 finding in 1 of 1 unit (DEP002 1)\n"
    )


def test_missing_interpreter_is_an_environment_error(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deps", "--no-cache", "--python", "/no/such/python", str(repository)]) == 3
    assert capsys.readouterr().err == (
        "modsplit: error: --python /no/such/python: no such interpreter; pass the path of the "
        "target environment's python\n"
    )
