"""pip-tools behind the ``Compiler`` interface of ``modsplit.deps.lock``.

Each resolution runs ``python -m piptools compile`` in a subprocess, in a temporary folder that
contains the inputs under their given names, so its annotations name them and nothing else.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from modsplit.deps.lock import CONSTRAINTS_NAME, Compiled

logger = logging.getLogger(__name__)

OUTPUT_NAME = "locked.txt"


@dataclass(frozen=True)
class PipCompile:
    """Runs pip-compile with the index options given on modsplit's command line."""

    find_links: tuple[str, ...] = ()
    index_url: str | None = None
    no_index: bool = False
    python: str = sys.executable

    def compile(
        self, inputs: Mapping[str, str], *, constraints: str | None, hashes: bool
    ) -> Compiled:
        with tempfile.TemporaryDirectory(prefix="modsplit-lock-") as temporary:
            folder = Path(temporary)
            for name, text in inputs.items():
                (folder / name).write_text(text, encoding="utf-8")
            if constraints is not None:
                (folder / CONSTRAINTS_NAME).write_text(constraints, encoding="utf-8")
            command = self._command(sorted(inputs), constraints is not None, hashes)
            logger.info("running %s", " ".join(command))
            completed = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                                       check=False)
            if completed.returncode != 0:
                return Compiled(error=_error_text(completed.stderr))
            return Compiled(text=(folder / OUTPUT_NAME).read_text(encoding="utf-8"))

    def _command(self, names: Sequence[str], has_constraints: bool, hashes: bool) -> list[str]:
        command = [self.python, "-m", "piptools", "compile", "--quiet", "--no-header",
                   "--strip-extras", "--no-emit-find-links", "--no-emit-index-url",
                   "--output-file", OUTPUT_NAME]
        for link in self.find_links:
            command += ["--find-links", str(Path(link).resolve())]
        if self.index_url:
            command += ["--index-url", self.index_url]
        if self.no_index:
            command.append("--no-index")
        if hashes:
            command.append("--generate-hashes")
        if has_constraints:
            command += ["--constraint", CONSTRAINTS_NAME]
        return command + list(names)


def _error_text(stderr: str) -> str:
    """Keep pip's explanation and the resolver's causes, not the traceback frames."""
    kept = [
        line.strip() for line in stderr.splitlines()
        if line.strip() and not line.startswith(("  File ", "    ", "Traceback"))
        and "^^^" not in line and not line.startswith("The above exception")
    ]
    return "\n".join(kept) or stderr.strip()
