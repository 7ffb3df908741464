"""The command-line reference in docs/ matches the parser."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPOSITORY


def test_cli_reference_is_up_to_date() -> None:
    done = subprocess.run(
        [sys.executable, str(REPOSITORY / "docs" / "cli_reference.py"), "--check"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
