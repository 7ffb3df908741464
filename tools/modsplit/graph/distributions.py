"""The import names that the workspace's declared distributions provide, as far as the graph needs.

The graph calls an import *external* when it is in the standard library or provided by a
distribution that some manifest of the workspace declares; anything else not found in the roots
is *unresolved*. Declared names are read here with a light scan of requirement names; the
``deps`` capability does the full manifest parsing.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from modsplit.workspace.model import Workspace

_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EGG = re.compile(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]*)")


def declared_import_names(workspace: Workspace) -> frozenset[str]:
    """Return the top-level import names of every distribution declared in the workspace."""
    names: set[str] = set()
    mapping, requires = _tables()
    for distribution in _with_requirements(declared_distributions(workspace), requires):
        names.update(name.partition(".")[0] for name in mapping.get(distribution, ()))
        names.add(distribution.replace("-", "_"))
    return frozenset(names)


def _with_requirements(declared: set[str], requires: dict[str, tuple[str, ...]]) -> set[str]:
    """Return the declared distributions and, transitively, what the shipped tables add."""
    found = {normalise(name) for name in declared}
    pending = list(found)
    while pending:
        for child in requires.get(pending.pop(), ()):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


def declared_distributions(workspace: Workspace, *, read: set[Path] | None = None) -> set[str]:
    """Return the distribution names that any manifest of the workspace declares.

    ``read``, when given, collects every file read, included requirement files too.
    """
    paths = {manifest.path for unit in workspace.units for manifest in unit.manifests}
    paths.update(p.name for p in workspace.directory.glob("requirements*.txt"))
    if (workspace.directory / "pyproject.toml").is_file():
        paths.add("pyproject.toml")
    found: set[str] = set()
    seen = read if read is not None else set()
    for relative in sorted(paths):
        path = workspace.directory / relative
        if path.name.endswith(".toml"):
            seen.add(path)
            found.update(_pyproject_names(path))
        elif path.suffix in (".txt", ".in"):
            found.update(_requirement_names(path, seen=seen))
    return found


def manifest_files(workspace: Workspace) -> list[Path]:
    """Return every file the graph reads declared names from, sorted."""
    read: set[Path] = set()
    declared_distributions(workspace, read=read)
    return sorted(read)


@cache
def _tables() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Return the shipped import names and requirements of distributions, by normalised name.

    ``import_names.toml`` and the ``deps`` capability's ``deps.toml`` share the
    ``[distributions]`` table format; both are read.
    """
    mapping: dict[str, tuple[str, ...]] = {}
    requires: dict[str, tuple[str, ...]] = {}
    for file_name in ("import_names.toml", "deps.toml"):
        resource = resources.files("modsplit.data").joinpath(file_name)
        if not resource.is_file():
            continue
        data = tomllib.loads(resource.read_text("utf-8"))
        for name, imports in data.get("distributions", {}).items():
            mapping[normalise(name)] = mapping.get(normalise(name), ()) + tuple(imports)
        for name, children in data.get("requires", {}).items():
            requires[normalise(name)] = tuple(normalise(child) for child in children)
    return mapping, requires


def normalise(distribution: str) -> str:
    """Return a distribution name normalised as in PEP 503 (lowercase, runs of -_. as one -)."""
    return re.sub(r"[-_.]+", "-", distribution).lower()


def _requirement_names(path: Path, *, seen: set[Path]) -> Iterable[str]:
    if path in seen or not path.is_file():
        return
    seen.add(path)
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line.startswith(("-r ", "-c ", "--requirement ", "--constraint ")):
            yield from _requirement_names(path.parent / line.split(None, 1)[1], seen=seen)
            continue
        egg = _EGG.search(raw)
        if egg:
            yield egg.group(1)
        elif line and not line.startswith(("#", "-")):
            match = _REQUIREMENT_NAME.match(line)
            if match and "://" not in line.split(";")[0].split("@")[0]:
                yield match.group(1)


def _pyproject_names(path: Path) -> Iterable[str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError):
        return
    project: dict[str, Any] = data.get("project", {})
    entries = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        entries += extra
    for group in data.get("dependency-groups", {}).values():
        entries += [entry for entry in group if isinstance(entry, str)]
    poetry = data.get("tool", {}).get("poetry", {})
    for table in [poetry.get("dependencies", {}), poetry.get("dev-dependencies", {})]:
        entries += [name for name in table if name != "python"]
    for group in poetry.get("group", {}).values():
        entries += [name for name in group.get("dependencies", {})]
    for entry in entries:
        match = _REQUIREMENT_NAME.match(entry)
        if match:
            yield match.group(1)
