"""List the Python files of a workspace, following symlinked folders once."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

# Folders that never hold the project's own code. A configured ``exclude`` adds to these.
IGNORED_FOLDERS = frozenset(
    {
        ".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv", ".tox", ".nox",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".modsplit_cache", "site-packages",
        ".eggs", "build", "dist",
    }
)


@dataclass(frozen=True)
class SourceFile:
    """A Python file: its workspace-relative POSIX path and the stat figures the cache checks."""

    path: str
    size: int
    mtime_ns: int


def list_python_files(directory: Path) -> list[SourceFile]:
    """Return every ``.py`` file below ``directory``, sorted by path.

    A symlinked folder is followed the first time its target is met and skipped after that, so
    a link cycle cannot loop and a linked folder is not counted twice.
    """
    found: list[SourceFile] = []
    seen_targets: set[str] = set()
    _walk(directory, "", found, seen_targets)
    found.sort(key=lambda source: source.path)
    return found


def _walk(folder: Path, prefix: str, found: list[SourceFile], seen: set[str]) -> None:
    _walk_real(folder, os.path.realpath(folder), prefix, found, seen)


def _walk_real(
    folder: Path, real: str, prefix: str, found: list[SourceFile], seen: set[str]
) -> None:
    # Only symlinks need ``realpath``; a plain child's real path is its parent's plus its name.
    if real in seen:
        return
    seen.add(real)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        relative = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name in IGNORED_FOLDERS or entry.name.endswith(".egg-info"):
                continue
            child_real = (
                os.path.realpath(entry.path) if entry.is_symlink() else f"{real}/{entry.name}"
            )
            _walk_real(Path(entry.path), child_real, relative + "/", found, seen)
        elif entry.name.endswith(".py") and entry.is_file():
            stat = entry.stat()
            found.append(SourceFile(relative, stat.st_size, stat.st_mtime_ns))


def matches_any(relative_path: str, patterns: tuple[str, ...]) -> str | None:
    """Return the first glob pattern that matches a path or one of its folders, if any."""
    parts = relative_path.split("/")
    prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    for pattern in patterns:
        cleaned = pattern.rstrip("/")
        if any(fnmatch.fnmatchcase(prefix, cleaned) for prefix in prefixes):
            return pattern
    return None
