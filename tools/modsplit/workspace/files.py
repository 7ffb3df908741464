"""List the Python files of a workspace, following symlinked folders once."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

# Folders that never hold the project's own code. A configured ``exclude`` adds to these.
IGNORED_FOLDERS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        "node_modules",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".modsplit_cache",
        "site-packages",
        ".eggs",
    }
)
# Output folders of packaging tools: skipped unless they are packages themselves.
OUTPUT_FOLDERS = frozenset({"build", "dist"})


@dataclass(frozen=True)
class SourceFile:
    """A Python file: its workspace-relative POSIX path and the stat figures the cache checks."""

    path: str
    size: int
    mtime_ns: int


def list_python_files(directory: Path) -> list[SourceFile]:
    """Return every ``.py`` file below ``directory``, sorted by path.

    Real folders are walked first and symlinked folders after them, each followed only when its
    target has not been walked yet, so a link cycle cannot loop and no file is listed twice.
    """
    found: list[SourceFile] = []
    seen: set[str] = set()
    links: list[tuple[str, str]] = []
    _walk(os.fspath(directory), os.path.realpath(directory), "", found, seen, links)
    while links:
        link, relative = links.pop(0)
        _walk(link, os.path.realpath(link), relative, found, seen, links)
    found.sort(key=lambda source: source.path)
    return found


def _walk(
    folder: str,
    real: str,
    prefix: str,
    found: list[SourceFile],
    seen: set[str],
    links: list[tuple[str, str]],
) -> None:
    # Only symlinks need ``realpath``; a plain child's real path is its parent's plus its name.
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        # Listed with a trailing slash, so the graph reports the folder as unreadable.
        if prefix:
            found.append(SourceFile(prefix, -1, 0))
        return
    for entry in entries:
        relative = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name in IGNORED_FOLDERS or entry.name.endswith(".egg-info"):
                continue
            if entry.name in OUTPUT_FOLDERS and not os.path.isfile(f"{entry.path}/__init__.py"):
                continue
            if entry.is_symlink():
                # NOTE: a link to a folder already walked is not listed again, so an import
                # through the link's own name is unresolved although Python would find it.
                links.append((entry.path, relative + "/"))
            else:
                _walk(entry.path, f"{real}/{entry.name}", relative + "/", found, seen, links)
        elif entry.name.endswith(".py") and entry.is_file():
            stat = entry.stat()
            found.append(SourceFile(relative, stat.st_size, stat.st_mtime_ns))
        elif entry.name.endswith(".py") and entry.is_symlink():
            # A dangling link is still a Python file the user expects to see accounted for.
            found.append(SourceFile(relative, -1, 0))


def matches_any(relative_path: str, patterns: tuple[str, ...]) -> str | None:
    """Return the first glob pattern that matches a path or one of its folders, if any."""
    parts = relative_path.split("/")
    prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    for pattern in patterns:
        cleaned = pattern.rstrip("/")
        if any(fnmatch.fnmatchcase(prefix, cleaned) for prefix in prefixes):
            return pattern
    return None
