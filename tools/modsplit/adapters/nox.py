"""The nox engine: run one session of a noxfile for one unit, as a subprocess.

The session names follow nox's parametrization, ``tests(unit='api')``, which is what the
helper module ``modsplit.nox`` defines. Output goes to a log file per session, so that
sessions running side by side do not interleave.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from subprocess import CompletedProcess
from typing import IO

from modsplit.build.plan import BuildStep
from modsplit.build.run import SessionOutcome
from modsplit.errors import AnalysisError, UsageError

logger = logging.getLogger(__name__)


def session_signature(session: str, unit: str) -> str:
    """Return the nox name of a session parametrized by unit: ``tests(unit='api')``."""
    return f"{session}(unit={unit!r})"


class NoxRunner:
    """Runs ``python -m nox`` in ``directory`` with ``noxfile``, one process per session."""

    def __init__(self, directory: Path, noxfile: Path, *, log_folder: Path) -> None:
        self.directory = directory
        self.noxfile = noxfile
        self.log_folder = log_folder

    def defined_sessions(self) -> set[str]:
        """Return the names of the sessions the noxfile defines."""
        listed = self._nox("--list", "--json")
        if listed.returncode != 0:
            raise UsageError(
                f"{self.noxfile}: nox could not list its sessions: {_last_line(listed.stderr)}"
            )
        try:
            return {entry["session"] for entry in json.loads(listed.stdout)}
        except (ValueError, KeyError, TypeError) as error:
            raise AnalysisError(f"unexpected output of `nox --list --json`: {error}") from None

    def check(self, steps: Sequence[BuildStep]) -> None:
        """Raise a usage error naming the sessions the noxfile does not define."""
        defined = self.defined_sessions()
        missing = [
            signature
            for signature in (session_signature(s.session, s.unit) for s in steps)
            if signature not in defined
        ]
        if missing:
            raise UsageError(
                f"{self.noxfile} does not define {', '.join(missing)}; define per-unit sessions "
                "with modsplit.nox.define_sessions() or pick another one with --session"
            )

    def run(self, step: BuildStep, *, posargs: Sequence[str]) -> SessionOutcome:
        """Run one session and keep its output in a log file."""
        log = self.log_folder / f"{_safe(step.unit)}.{_safe(step.session)}.log"
        arguments = ["--session", session_signature(step.session, step.unit)]
        if posargs:
            arguments += ["--", *posargs]
        started = time.perf_counter()
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            output = log.open("wb")
        except OSError as error:
            raise AnalysisError(
                f"cannot write the session log {log}: {error.strerror or type(error).__name__}; "
                "set [build] cache_dir to a writable folder"
            ) from None
        with output:
            completed = self._nox(*arguments, output=output)
        seconds = time.perf_counter() - started
        return SessionOutcome(succeeded=completed.returncode == 0, seconds=seconds, log=log)

    def _nox(self, *arguments: str, output: IO[bytes] | None = None) -> CompletedProcess[str]:
        command = [sys.executable, "-m", "nox", "--noxfile", str(self.noxfile), *arguments]
        logger.debug("running %s", " ".join(command))
        try:
            if output is None:
                return subprocess.run(command, cwd=self.directory, capture_output=True,
                                      text=True, check=False)
            return subprocess.run(command, cwd=self.directory, stdout=output,
                                  stderr=subprocess.STDOUT, text=True, check=False)
        except OSError as error:
            raise AnalysisError(f"nox could not start: {error}; install nox in this "
                                "environment (`pip install nox`)") from None


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else "no output"
