"""The one way modsplit writes files: atomically, or as a diff, or as a check.

Generators return text. ``write_text_files`` then either shows a unified diff (the default for
anything that rewrites a user's file), reports drift for ``--check``, or replaces each file
atomically (a temporary file in the same folder, then ``os.replace``).
"""

from __future__ import annotations

import enum
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from modsplit.errors import AnalysisError


class WriteMode(enum.Enum):
    """The action taken on generated text: show a diff, check for drift, or write."""

    DIFF = "diff"
    CHECK = "check"
    WRITE = "write"


@dataclass(frozen=True)
class WriteResult:
    """The outcome of one ``write_text_files`` call."""

    changed: tuple[Path, ...]
    diff: str

    @property
    def has_changes(self) -> bool:
        return bool(self.changed)


def write_text_files(
    contents: Mapping[Path, str], *, mode: WriteMode, relative_to: Path | None = None
) -> WriteResult:
    """Compare each file with its new text and act on the difference according to ``mode``."""
    changed: list[Path] = []
    diffs: list[str] = []
    for path in sorted(contents):
        new_text = contents[path]
        # newline="" keeps CRLF as it is, so a file written back unchanged is no drift.
        old_text = path.read_bytes().decode("utf-8") if path.exists() else None
        if old_text == new_text:
            continue
        changed.append(path)
        diffs.append(unified_diff(path, old_text, new_text, relative_to=relative_to))
        if mode is WriteMode.WRITE:
            write_atomically(path, new_text)
    return WriteResult(changed=tuple(changed), diff="".join(diffs))


def unified_diff(
    path: Path, old_text: str | None, new_text: str, *, relative_to: Path | None = None
) -> str:
    """Return a unified diff of one file, with ``/dev/null`` for a file that does not exist."""
    import difflib  # Here, not at the top: the graph cache imports this module on every run.

    shown = path.relative_to(relative_to) if relative_to else path
    if shown.is_absolute():
        # "a/" + "/tmp/x" would read "a//tmp/x"; git writes such paths without the root.
        shown = Path(*shown.parts[1:])
    old_name = f"a/{shown.as_posix()}" if old_text is not None else "/dev/null"
    lines = difflib.unified_diff(
        (old_text or "").splitlines(keepends=True),
        new_text.splitlines(keepends=True),
        fromfile=old_name,
        tofile=f"b/{shown.as_posix()}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def write_atomically(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` so that a reader sees either the old or the new file.

    Raises ``AnalysisError`` naming the path when the file cannot be written.
    """
    try:
        write_bytes_atomically(path, text.encode(encoding))
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise AnalysisError(
            f"cannot write {path}: {reason}; choose a writable path or fix the folder's permissions"
        ) from None


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``, keeping the mode of an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates 0600 files; a new file gets the usual mode for the user's umask.
        os.chmod(temporary, mode if mode is not None else 0o666 & ~_current_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
