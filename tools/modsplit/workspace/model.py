"""Value types for a monorepo: its units, their roots and their manifests.

A *root* is a directory on ``sys.path``. A *unit* is a buildable package: a name, the folder that
holds its files, the ordered roots it runs with and the manifests that declare its dependencies.
Paths are POSIX strings relative to the analysed directory, so results are the same on every
machine and every clone.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ManifestKind(enum.Enum):
    """Whether a manifest declares what a unit needs to run or only to develop it."""

    RUNTIME = "runtime"
    DEV = "dev"


@dataclass(frozen=True, order=True)
class Manifest:
    """A dependency manifest of a unit: requirements file, pyproject.toml, setup.cfg or setup.py."""

    path: str
    kind: ManifestKind = ManifestKind.RUNTIME


@dataclass(frozen=True)
class Unit:
    """A buildable package of the monorepo."""

    name: str
    path: str
    roots: tuple[str, ...]
    manifests: tuple[Manifest, ...] = ()
    tests: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def contains(self, relative_path: str) -> bool:
        """Tell whether a file path (relative to the workspace) lies under this unit's folder."""
        return is_under(relative_path, self.path)


# Files whose change affects every unit, unless the configuration names others.
DEFAULT_GLOBAL_FILES = (
    "pyproject.toml",
    "noxfile.py",
    "config/modsplit.toml",
    "requirements*.txt",
)


@dataclass(frozen=True)
class Workspace:
    """A monorepo as modsplit sees it: where it is, its units and its settings.

    ``settings`` maps a configuration section (``graph``, ``deps``, ``build``...) to its raw table;
    each capability validates its own section. ``config_path`` is None when the workspace was
    discovered rather than read from a file.
    """

    directory: Path
    units: tuple[Unit, ...]
    exclude: tuple[str, ...] = ()
    global_files: tuple[str, ...] = DEFAULT_GLOBAL_FILES
    layers: tuple[tuple[str, ...], ...] = ()
    settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    config_path: Path | None = None

    def unit_named(self, name: str) -> Unit:
        """Return the unit called ``name``; raise KeyError naming the known units otherwise."""
        for unit in self.units:
            if unit.name == name:
                return unit
        known = ", ".join(unit.name for unit in self.units)
        raise KeyError(f"unknown unit {name!r}; known units: {known}")

    def unit_for_path(self, relative_path: str) -> Unit | None:
        """Return the unit whose folder is the deepest one containing ``relative_path``."""
        best: Unit | None = None
        for unit in self.units:
            if unit.contains(relative_path) and (best is None or len(unit.path) > len(best.path)):
                best = unit
        return best

    def section(self, name: str) -> Mapping[str, Any]:
        """Return the raw configuration table of one capability, empty when absent."""
        return self.settings.get(name, {})

    def absolute(self, relative_path: str) -> Path:
        """Return the absolute path of a workspace-relative path."""
        return self.directory / relative_path if relative_path != "." else self.directory


def is_under(relative_path: str, folder: str) -> bool:
    """Tell whether ``relative_path`` is ``folder`` itself or lies below it (POSIX, relative)."""
    if folder in ("", "."):
        return True
    return relative_path == folder or relative_path.startswith(folder.rstrip("/") + "/")
