"""Resolve dotted names to files the way Python's path finder does, over a file index.

For the first part of a name each root is tried in order: a folder with ``__init__.py`` (a regular
package) or a ``.py`` file ends the search, and folders without ``__init__.py`` are collected as
portions of a namespace package, used only when no root has a regular package or module of that
name. Later parts are looked up in the package's folders the same way. Built-in modules come
before the roots and the rest of the standard library after them, as on a real ``sys.path``.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Iterable
from dataclasses import dataclass

STDLIB_NAMES = frozenset(sys.stdlib_module_names)
BUILTIN_NAMES = frozenset(sys.builtin_module_names)


class LocationKind(enum.Enum):
    MODULE = "module"
    PACKAGE = "package"
    NAMESPACE = "namespace"


@dataclass(frozen=True)
class Location:
    """The place of a dotted name: a file, a regular package's ``__init__.py``, or folders."""

    kind: LocationKind
    path: str  # the .py file, the __init__.py, or the first namespace portion
    folders: tuple[str, ...] = ()  # the package's search folders (empty for a plain module)


class FileIndex:
    """The files and folders of a workspace, for lookups without touching the disk."""

    def __init__(self, files: Iterable[str]) -> None:
        self.files = frozenset(files)
        folders: set[str] = set()
        for path in self.files:
            parent = path.rpartition("/")[0]
            while parent and parent not in folders:
                folders.add(parent)
                parent = parent.rpartition("/")[0]
        self.folders = frozenset(folders)

    def find(self, name: str, roots: tuple[str, ...]) -> Location | None:
        """Return where Python would find ``name`` with ``roots`` on ``sys.path``, if anywhere."""
        parts = name.split(".")
        location = self._find_part(parts[0], roots)
        for part in parts[1:]:
            if location is None or not location.folders:
                return None
            location = self._find_part(part, location.folders)
        return location

    def find_in_folder(self, folder: str, name: str) -> Location | None:
        """Return where ``name`` is found relative to one package folder (relative imports)."""
        parts = name.split(".") if name else []
        location: Location | None = Location(LocationKind.NAMESPACE, folder, (folder,))
        for part in parts:
            if location is None or not location.folders:
                return None
            location = self._find_part(part, location.folders)
        return location

    def _find_part(self, part: str, folders: Iterable[str]) -> Location | None:
        portions: list[str] = []
        for folder in folders:
            base = _join(folder, part)
            if base in self.folders and f"{base}/__init__.py" in self.files:
                return Location(LocationKind.PACKAGE, f"{base}/__init__.py", (base,))
            if f"{base}.py" in self.files:
                return Location(LocationKind.MODULE, f"{base}.py")
            if base in self.folders:
                portions.append(base)
        if portions:
            return Location(LocationKind.NAMESPACE, portions[0], tuple(portions))
        return None


def is_stdlib(name: str) -> bool:
    return name.partition(".")[0] in STDLIB_NAMES


def is_builtin(name: str) -> bool:
    return name.partition(".")[0] in BUILTIN_NAMES


def _join(folder: str, part: str) -> str:
    return part if folder in ("", ".") else f"{folder}/{part}"
