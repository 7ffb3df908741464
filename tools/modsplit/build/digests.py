"""Content digests of the files a unit's sessions depend on, with a stat fast path.

A unit's files are everything below its folder except the folders of units nested in it, cache
and environment folders, and compiled files; then its test folders, its manifests and the
lockfiles next to them. A file's SHA-256 is reused while its size, modification time and inode
stay the same; a file modified in the last two seconds is always hashed again, because a second
write within the file system's time resolution would leave those three unchanged.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from modsplit.build.inputs import global_patterns, is_lockfile_name, is_output_folder
from modsplit.build.settings import AffectedSettings
from modsplit.workspace.files import matches_any
from modsplit.workspace.model import Unit, Workspace

_RACY_SECONDS = 2.0
_SKIPPED_SUFFIXES = (".pyc", ".pyo")

StatEntry = tuple[int, int, int, str]  # size, mtime_ns, inode, sha256


@dataclass
class FileDigests:
    """SHA-256 digests of workspace files, reusing ``known`` ones whose stat is unchanged."""

    directory: Path
    known: Mapping[str, StatEntry] = field(default_factory=dict)
    updated: dict[str, StatEntry] = field(default_factory=dict)

    def digest(self, relative_path: str) -> str:
        """Return the SHA-256 of a file, or of the empty marker ``missing`` when it is absent."""
        path = os.path.join(self.directory, relative_path)
        try:
            stat = os.stat(path)
        except OSError:
            return "missing"
        known = self.known.get(relative_path)
        if known is not None and known[:3] == (stat.st_size, stat.st_mtime_ns, stat.st_ino):
            return known[3]
        digest = _hash_file(path)
        if stat.st_mtime_ns < (time.time() - _RACY_SECONDS) * 1e9:
            self.updated[relative_path] = (stat.st_size, stat.st_mtime_ns, stat.st_ino, digest)
        return digest


def unit_files(workspace: Workspace, unit: Unit, settings: AffectedSettings) -> list[str]:
    """Return the workspace-relative paths of every file a unit's sessions depend on."""
    nested = {other.path for other in workspace.units if other is not unit}
    excluded = (*workspace.exclude, *unit.exclude)
    files: set[str] = set()
    for folder in (unit.path, *unit.tests):
        files.update(_walk(workspace.directory, folder, nested - {folder}, excluded))
    for manifest in unit.manifests:
        files.add(manifest.path)
        files.update(_lockfiles_next_to(workspace.directory, manifest.path, settings))
    return sorted(files)


def global_files(workspace: Workspace) -> list[str]:
    """Return the files that match the global patterns, which every unit depends on."""
    found: set[str] = set()
    for pattern in global_patterns(workspace):
        for path in workspace.directory.glob(pattern):
            if path.is_file():
                found.add(path.relative_to(workspace.directory).as_posix())
    return sorted(found)


def combine(parts: Iterable[tuple[str, str]]) -> str:
    """Return one SHA-256 over ``(name, digest)`` pairs, in the order given."""
    total = hashlib.sha256()
    for name, digest in parts:
        total.update(f"{name}\0{digest}\n".encode("utf-8", "surrogateescape"))
    return total.hexdigest()


def _walk(
    directory: Path, folder: str, skipped: set[str], excluded: tuple[str, ...]
) -> Iterator[str]:
    # Plain strings rather than Path objects: this loop runs once per file of the workspace.
    top = str(directory)
    start = top if folder == "." else os.path.join(top, folder)
    for current, folders, files in os.walk(start):
        relative = current[len(top) + 1 :].replace(os.sep, "/")
        base = relative + "/" if relative else ""
        folders[:] = sorted(
            name
            for name in folders
            if f"{base}{name}" not in skipped
            and not is_output_folder(name)
            and not os.path.exists(os.path.join(current, name, "CACHEDIR.TAG"))
        )
        for name in files:
            path = f"{base}{name}"
            if name.endswith(_SKIPPED_SUFFIXES) or (excluded and matches_any(path, excluded)):
                continue
            yield path


def _lockfiles_next_to(directory: Path, manifest: str, settings: AffectedSettings) -> list[str]:
    folder = os.path.dirname(manifest)
    try:
        names = os.listdir(directory / folder if folder else directory)
    except OSError:
        return []
    return [
        f"{folder}/{name}" if folder else name
        for name in names
        if is_lockfile_name(settings, name)
    ]


def _hash_file(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        return f"unreadable:{error.errno}"
    return digest.hexdigest()
