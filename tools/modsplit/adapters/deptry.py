"""deptry behind one small interface: its finding codes and messages, and running it.

modsplit reports deptry's codes with deptry's own wording, read from its violation classes so the
two stay in step. deptry's analysis itself is not reused: it maps names with the environment it
runs in and reads one project's manifests, which is where ``docs/deps.md`` explains the
corrections modsplit makes.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path


def violation_messages() -> Mapping[str, str]:
    """Return deptry's message template (with ``{name}``) for DEP001-DEP004."""
    from deptry.violations import (
        DEP001MissingDependencyViolation,
        DEP002UnusedDependencyViolation,
        DEP003TransitiveDependencyViolation,
        DEP004MisplacedDevDependencyViolation,
    )

    classes = (
        DEP001MissingDependencyViolation,
        DEP002UnusedDependencyViolation,
        DEP003TransitiveDependencyViolation,
        DEP004MisplacedDevDependencyViolation,
    )
    return {violation.error_code: violation.error_template for violation in classes}


def run_deptry(project: Path, arguments: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
    """Run deptry on ``project`` in a subprocess, as a user would from a shell."""
    return subprocess.run(
        [sys.executable, "-m", "deptry", str(project), *arguments],
        capture_output=True, text=True, check=False,
    )
