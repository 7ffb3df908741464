"""The git engine for the lazy commands: which files have uncommitted changes, and HEAD's copy.

Only the two questions the lazy commands ask; git runs as a subprocess.
"""

from __future__ import annotations

import io
import logging
import subprocess
import tarfile
from collections.abc import Sequence
from pathlib import Path

from modsplit.errors import AnalysisError, UsageError

logger = logging.getLogger(__name__)


def uncommitted_files(paths: Sequence[Path]) -> tuple[tuple[Path, str], ...]:
    """Return each path that git cannot restore, with the reason.

    A path is reported when it has uncommitted changes, is not tracked, or lies outside any git
    repository.
    """
    problems = []
    for path in paths:
        top = repository_root(path.parent)
        if top is None:
            problems.append((path, "is not in a git repository"))
            continue
        status = _git(["status", "--porcelain", "--untracked-files=all", "--", str(path)], cwd=top)
        if status.strip():
            code = status[:2]
            reason = "is not committed" if code == "??" else "has uncommitted changes"
            problems.append((path, reason))
    return tuple(problems)


def repository_root(folder: Path) -> Path | None:
    """Return the top folder of the git work tree containing ``folder``, or None."""
    try:
        completed = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True, text=True, check=False,
        )
    except FileNotFoundError:
        raise AnalysisError("git not found on PATH; install git or pass --force") from None
    if completed.returncode != 0:
        return None
    return Path(completed.stdout.strip())


def export_head(folder: Path, destination: Path) -> Path:
    """Write HEAD's version of ``folder`` under ``destination`` and return the folder's copy.

    The copy keeps the path relative to the repository root, so that
    ``destination / (root relative to the repository)`` is a root with the committed files.
    """
    top = repository_root(folder)
    if top is None:
        raise UsageError(
            f"{folder} is not in a git repository; pass --against DIR with the eager version"
        )
    relative = folder.resolve().relative_to(top.resolve()).as_posix()
    archive = subprocess.run(
        ["git", "-C", str(top), "archive", "--format=tar", "HEAD", "--", relative],
        capture_output=True, check=False,
    )
    if archive.returncode != 0:
        message = archive.stderr.decode(errors="replace").strip().splitlines()
        raise AnalysisError(
            f"git archive of {relative} failed ({message[-1] if message else 'no message'}); "
            "commit the package or pass --against DIR"
        )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")
    return destination / relative


def _git(arguments: list[str], *, cwd: Path) -> str:
    completed = subprocess.run(
        ["git", *arguments], cwd=cwd, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise AnalysisError(f"git {arguments[0]} failed in {cwd}: {completed.stderr.strip()}")
    return completed.stdout
