"""The graph cache: parse results per file and the finished graph, keyed by file content.

The cache lives in ``.modsplit_cache/`` of the analysed directory, tagged with ``CACHEDIR.TAG``
so that backup tools skip it. Two keys guard the finished graph: a *stat key* over every file's
path, size and modification time (the fast path on an unchanged tree) and a *content key* over
every file's digest (valid on a fresh clone, whose times differ). A corrupt or unreadable cache
file is rebuilt with a warning, never trusted.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os
import pickle
import sys
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modsplit import __version__
from modsplit.graph.distributions import manifest_files
from modsplit.graph.parse import ParseFailure, RawImport, extract_imports
from modsplit.workspace.files import SourceFile
from modsplit.writing import write_bytes_atomically

if TYPE_CHECKING:
    from modsplit.graph.model import Graph
    from modsplit.workspace.model import Workspace

logger = logging.getLogger(__name__)

CACHE_FOLDER = ".modsplit_cache"
# Below this many files to parse, a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 200
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by modsplit.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
# Bump when the pickled layout or the meaning of a parse result changes.
FORMAT = f"modsplit-{__version__}-py{sys.version_info.major}.{sys.version_info.minor}-3"


@dataclass(frozen=True)
class ParsedFile:
    """The result of parsing one file: its imports, or the error that stopped it."""

    imports: tuple[RawImport, ...] = ()
    error: str | None = None
    unreadable: bool = False


@dataclass(frozen=True)
class _Entry:
    size: int
    mtime_ns: int
    digest: str
    parsed: ParsedFile | None


@dataclass(frozen=True)
class Fingerprint:
    stat_key: str
    content_key: str | None  # computed only when the stat key does not match


class GraphCache:
    """Parse files through the cache, and load or store the finished graph."""

    def __init__(self, workspace: Workspace, *, enabled: bool) -> None:
        self.workspace = workspace
        self.enabled = enabled
        self.folder = workspace.directory / CACHE_FOLDER
        self._entries: dict[str, _Entry] = {}
        self._by_digest: dict[str, ParsedFile] = {}
        self._stats: dict[str, SourceFile] = {}
        self._entries_loaded = False
        self._dirty = False
        self._config_key = _hash(repr(_config_identity(workspace)).encode())

    # The finished graph.

    def fingerprint(self, sources: list[SourceFile]) -> Fingerprint:
        self._stats = {source.path: source for source in sources}
        stat_text = "\n".join(f"{s.path}\0{s.size}\0{s.mtime_ns}" for s in sources)
        return Fingerprint(_hash((self._config_key + stat_text).encode()), None)

    def load_graph(self, fingerprint: Fingerprint) -> Graph | None:
        if not self.enabled:
            return None
        stored = self._read(self._graph_file())
        if not isinstance(stored, dict) or stored.get("format") != FORMAT:
            return None
        graph: Graph = stored["graph"]
        if stored["stat_key"] == fingerprint.stat_key and self._manifests_unchanged(stored):
            return replace(graph, workspace=self.workspace)
        if stored["content_key"] == self._content_key() and self._manifests_unchanged(stored):
            logger.debug("graph cache: file times changed, contents did not")
            return replace(graph, workspace=self.workspace)
        return None

    def store_graph(self, fingerprint: Fingerprint, graph: Graph) -> None:
        if not self.enabled:
            return
        payload = {
            "format": FORMAT,
            "stat_key": fingerprint.stat_key,
            "content_key": self._content_key(),
            "manifests": self._manifest_digests(),
            # The workspace contains absolute paths, so the loader puts the current one back.
            "graph": replace(graph, workspace=None),  # type: ignore[arg-type]
        }
        self._write(self._graph_file(), payload)

    # Parse results per file.

    def parse(self, path: str) -> ParsedFile:
        """Return the imports of one file, from the cache when its content is unchanged."""
        self._load_entries()
        entry = self._current_entry(path)
        if entry is None:
            return ParsedFile(error="cannot be read (a dangling link, or no permission)",
                              unreadable=True)
        if entry.parsed is not None:
            return entry.parsed
        parsed = self._by_digest.get(entry.digest) or _parse_file(self.workspace.directory / path)
        self._remember(path, parsed)
        return parsed

    def parse_many(self, paths: list[str]) -> dict[str, ParsedFile]:
        """Return the parse result of each file, parsing the ones not cached in parallel.

        Parsing is CPU-bound, so when many files need it they go to a process pool of one
        worker per core. A handful are parsed in this process, because a pool would cost more to
        start than it saves.
        """
        self._load_entries()
        pending = []
        for path in paths:
            entry = self._current_entry(path)
            if entry is not None and entry.parsed is None and entry.digest not in self._by_digest:
                pending.append(path)
        workers = min(os.cpu_count() or 1, 8)
        if len(pending) >= PARALLEL_THRESHOLD and workers > 1:
            # Imported here: a warm run never parses, and this import costs about 10 ms.
            from concurrent.futures import ProcessPoolExecutor

            files = [self.workspace.directory / path for path in pending]
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = pool.map(_parse_file, files, chunksize=32)
                for path, parsed in zip(pending, results, strict=True):
                    self._remember(path, parsed)
        return {path: self.parse(path) for path in paths}

    def _remember(self, path: str, parsed: ParsedFile) -> None:
        entry = self._entries[path]
        self._entries[path] = replace(entry, parsed=parsed)
        self._by_digest[entry.digest] = parsed
        self._dirty = True

    def digest(self, path: str) -> str:
        """Return the content digest of a file (empty for an unreadable one)."""
        self._load_entries()
        entry = self._current_entry(path)
        return entry.digest if entry else ""

    def save_parsed(self) -> None:
        if self.enabled and self._dirty:
            live = {path: e for path, e in self._entries.items() if path in self._stats}
            self._write(self.folder / "parsed.pickle", {"format": FORMAT, "entries": live})
            self._dirty = False

    # Helpers.

    def _current_entry(self, path: str) -> _Entry | None:
        stat = self._stats.get(path)
        entry = self._entries.get(path)
        if entry and stat and (entry.size, entry.mtime_ns) == (stat.size, stat.mtime_ns):
            return entry
        try:
            data = (self.workspace.directory / path).read_bytes()
        except OSError:
            return None
        digest = _hash(data)
        parsed = entry.parsed if entry and entry.digest == digest else None
        size, mtime = (stat.size, stat.mtime_ns) if stat else (len(data), 0)
        fresh = _Entry(size, mtime, digest, parsed)
        self._entries[path] = fresh
        self._dirty = True
        return fresh

    def _content_key(self) -> str:
        self._load_entries()
        digests = [f"{path}\0{self.digest(path)}" for path in sorted(self._stats)]
        return _hash((self._config_key + "\n".join(digests)).encode())

    def _manifest_digests(self) -> dict[str, str]:
        # Every manifest the graph reads, included requirement files too, is part of the key.
        digests = {}
        for path in manifest_files(self.workspace):
            try:
                digests[str(path)] = _hash(path.read_bytes())
            except OSError:
                digests[str(path)] = ""
        return digests

    def _manifests_unchanged(self, stored: dict[str, Any]) -> bool:
        return bool(stored.get("manifests") == self._manifest_digests())

    def _load_entries(self) -> None:
        if self._entries_loaded:
            return
        self._entries_loaded = True
        if not self.enabled:
            return
        stored = self._read(self.folder / "parsed.pickle")
        if isinstance(stored, dict) and stored.get("format") == FORMAT:
            self._entries = dict(stored["entries"])
            self._by_digest = {e.digest: e.parsed for e in self._entries.values() if e.parsed}

    def _graph_file(self) -> Path:
        return self.folder / f"graph-{self._config_key[:16]}.pickle"

    def _read(self, path: Path) -> Any:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            logger.warning("cache file %s cannot be read (%s); rebuilding it", path, error)
            return None
        key = _signing_key()
        seal, body = data[:SEAL_SIZE], data[SEAL_SIZE:]
        if key is None or not hmac.compare_digest(seal, _seal(key, body)):
            # Unpickling runs code, so only a file this user's modsplit wrote is loaded: a
            # cache folder shipped inside a repository is never trusted.
            logger.warning("cache file %s was not written by this user's modsplit or is "
                           "corrupt; rebuilding it", path)
            return None
        try:
            return pickle.loads(body)
        except Exception as error:
            logger.warning("cache file %s is corrupt (%s); rebuilding it", path, error)
            return None

    def _write(self, path: Path, payload: object) -> None:
        try:
            self.folder.mkdir(exist_ok=True)
            tag = self.folder / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text(CACHEDIR_TAG, encoding="utf-8")
                # Keeps the cache out of `git status` in the analysed repository.
                (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")
            key = _signing_key()
            if key is None:
                return
            body = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            write_bytes_atomically(path, _seal(key, body) + body)
        except OSError as error:
            logger.warning(
                "cannot write the cache in %s (%s); continuing without it",
                self.folder,
                error.strerror or error,
            )
            self.enabled = False


def _parse_file(path: Path) -> ParsedFile:
    try:
        source = path.read_bytes()
    except OSError as error:
        return ParsedFile(error=f"cannot be read: {error.strerror}", unreadable=True)
    try:
        return ParsedFile(imports=extract_imports(source))
    except ParseFailure as failure:
        return ParsedFile(error=f"line {failure.line}: {failure.message}")


def _config_identity(workspace: Workspace) -> tuple[object, ...]:
    # The shipped name tables decide external against unresolved, so they are part of the key.
    tables = [
        resources.files("modsplit.data").joinpath(name).read_bytes()
        for name in ("import_names.toml", "deps.toml")
        if resources.files("modsplit.data").joinpath(name).is_file()
    ]
    return (FORMAT, workspace.units, workspace.exclude, os.fspath(workspace.directory), tables)


SEAL_SIZE = 32


def _seal(key: bytes, body: bytes) -> bytes:
    return hashlib.blake2b(body, key=key, digest_size=SEAL_SIZE).digest()


@functools.cache
def _signing_key() -> bytes | None:
    """Return this user's secret for sealing cache files, creating it on first use.

    It lives outside every analysed repository, in ``$XDG_CACHE_HOME/modsplit`` (by default
    ``~/.cache/modsplit``). Without it the cache is off, with a warning.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "modsplit" / "cache-key"
    try:
        if path.is_file():
            key = path.read_bytes()
            if len(key) == SEAL_SIZE:
                return key
        path.parent.mkdir(parents=True, exist_ok=True)
        key = os.urandom(SEAL_SIZE)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(key)
        return key
    except OSError as error:
        logger.warning("cannot keep the cache key in %s (%s); the graph cache is off",
                       path, error.strerror or error)
        return None


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
