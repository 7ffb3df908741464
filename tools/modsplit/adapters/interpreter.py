"""Run a fresh Python interpreter with chosen roots on ``sys.path``.

The interpreter is the one running modsplit. ``-P`` keeps the current folder off ``sys.path``,
so only the given roots decide what an import finds.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from modsplit.errors import AnalysisError

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True)
class PythonRun:
    """The outcome of one interpreter run."""

    returncode: int
    stdout: str
    stderr: str


def run_python(
    arguments: Sequence[str],
    *,
    roots: Sequence[Path],
    cwd: Path,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> PythonRun:
    """Run ``python -P ARGUMENTS`` with ``PYTHONPATH`` set to ``roots`` and return its output."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(str(root) for root in roots)
    for variable in ("PYTHONSTARTUP", "PYTHONHOME", "PYTHONSAFEPATH", "PYTHONWARNINGS"):
        env.pop(variable, None)
    command = [sys.executable, "-P", *arguments]
    logger.debug("running %s with PYTHONPATH=%s", command, env["PYTHONPATH"])
    try:
        completed = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise AnalysisError(
            f"python {' '.join(arguments[:3])} timed out after {timeout:.0f} s in {cwd}"
        ) from None
    return PythonRun(completed.returncode, completed.stdout, completed.stderr)
