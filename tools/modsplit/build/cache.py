"""The result cache: which (unit, session) runs succeeded, keyed by the content of their inputs.

The cache is a folder tagged with ``CACHEDIR.TAG`` (so backup tools skip it) and holding a
``.gitignore`` of ``*`` (so git does not list it as a change). Every file is written atomically,
and writers take an exclusive lock on ``lock``, so two builds at once never leave a torn or
half-merged file. Readers need no lock because a reader sees either the old or the new file. A
corrupt entry is ignored with a warning and rewritten by the next success.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modsplit.build.digests import StatEntry
from modsplit.errors import AnalysisError
from modsplit.writing import write_atomically, write_bytes_atomically

logger = logging.getLogger(__name__)

CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by modsplit.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
ENTRY_SCHEMA = "modsplit.build-result/1"
_DIGESTS_FILE = "digests.json"


@dataclass(frozen=True)
class CachedResult:
    """A recorded success of one session for one unit."""

    unit: str
    session: str
    key: str
    seconds: float
    finished: float  # seconds since the epoch


class ResultCache:
    """The result cache in ``folder``; when not ``enabled`` it finds and stores nothing."""

    def __init__(self, folder: Path, *, enabled: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled
        self._has_warned_digests = False

    def lookup(self, key: str) -> CachedResult | None:
        """Return the recorded success for ``key``; None when absent, disabled or corrupt."""
        if not self.enabled:
            return None
        path = self._entry_path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return _result_from(data, key)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            logger.warning("ignoring corrupt cache entry %s (%s); it is rewritten on the next "
                           "success", path, error)
            return None

    def record(self, result: CachedResult) -> None:
        """Store a success atomically under the lock."""
        if not self.enabled:
            return
        document = {
            "schema": ENTRY_SCHEMA,
            "unit": result.unit,
            "session": result.session,
            "key": result.key,
            "seconds": round(result.seconds, 3),
            "finished": result.finished,
        }
        with self.lock():
            write_atomically(self._entry_path(result.key), json.dumps(document, indent=1) + "\n")

    def load_digests(self) -> dict[str, StatEntry]:
        """Return the stored file digests; empty when absent, disabled or corrupt."""
        if not self.enabled:
            return {}
        path = self.folder / _DIGESTS_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return {str(name): _stat_entry(entry) for name, entry in raw.items()}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, AttributeError) as error:
            # store_digests reads the file again to merge, so warn only once.
            if not self._has_warned_digests:
                logger.warning("ignoring corrupt file digests %s (%s); files are hashed again",
                               path, error)
                self._has_warned_digests = True
            return {}

    def store_digests(self, updated: Mapping[str, StatEntry]) -> None:
        """Merge new file digests into the stored ones, under the lock."""
        if not self.enabled or not updated:
            return
        with self.lock():
            merged = self.load_digests()
            merged.update(updated)
            text = json.dumps({name: list(entry) for name, entry in sorted(merged.items())})
            write_atomically(self.folder / _DIGESTS_FILE, text)

    def create(self) -> None:
        """Create the folder and its tags, or raise ``AnalysisError`` when it is not writable.

        The session logs go there even when the cache is disabled.
        """
        try:
            self._create()
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise AnalysisError(
                f"cannot create the build cache folder {self.folder}: {reason}; set [build] "
                "cache_dir to a writable folder"
            ) from None

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the cache's exclusive lock, creating the folder and its tags first."""
        self.create()
        with open(self.folder / "lock", "a+b") as handle:
            _lock_file(handle.fileno())
            try:
                yield
            finally:
                _unlock_file(handle.fileno())

    def _create(self) -> None:
        tag = self.folder / "CACHEDIR.TAG"
        if tag.is_file():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(self.folder / ".gitignore", b"# Created by modsplit.\n*\n")
        write_bytes_atomically(tag, CACHEDIR_TAG.encode())

    def _entry_path(self, key: str) -> Path:
        return self.folder / "results" / key[:2] / f"{key}.json"


def _result_from(data: Any, key: str) -> CachedResult:
    if not isinstance(data, dict) or data.get("schema") != ENTRY_SCHEMA:
        raise ValueError(f"not a {ENTRY_SCHEMA} document")
    if data["key"] != key:
        raise ValueError("the entry is stored under another key")
    return CachedResult(
        unit=str(data["unit"]),
        session=str(data["session"]),
        key=key,
        seconds=_duration(data, "seconds"),
        finished=_duration(data, "finished"),
    )


def _duration(data: dict[str, Any], name: str) -> float:
    # json reads -1e309 as -inf and accepts NaN, which would print as "-inf s" and break JSON.
    value = float(data[name])
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} = {value} is not a finite number of 0 or more")
    return value


def _stat_entry(entry: Any) -> StatEntry:
    size, mtime_ns, inode, digest = entry
    return (int(size), int(mtime_ns), int(inode), str(digest))


if sys.platform == "win32":
    import msvcrt

    def _lock_file(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)

    def _unlock_file(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_file(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX)

    def _unlock_file(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
