"""Find and read every manifest of a unit: what it declares for running and for development."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from modsplit.deps.model import ManifestContents, Requirement
from modsplit.deps.pyproject import read_pyproject
from modsplit.deps.requirements_txt import read_requirements_file
from modsplit.deps.setup_files import read_setup_cfg, read_setup_py
from modsplit.workspace.model import Manifest, ManifestKind, Unit, Workspace

# A requirements file whose name says it is for development, tests, linting or docs.
_DEV_FILE = re.compile(r"(^|[-_.])(dev|develop|test|tests|testing|lint|docs|ci)([-_.]|$)")


@dataclass(frozen=True)
class Declarations:
    """Everything a unit's manifests declare."""

    unit: str
    manifests: tuple[Manifest, ...]
    contents: tuple[ManifestContents, ...]

    @property
    def requirements(self) -> tuple[Requirement, ...]:
        return tuple(r for contents in self.contents for r in contents.requirements)

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(p for contents in self.contents for p in contents.problems)

    @property
    def project_names(self) -> tuple[str, ...]:
        return tuple(c.project_name for c in self.contents if c.project_name)

    def runtime(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.kind is ManifestKind.RUNTIME)

    def dev(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.kind is ManifestKind.DEV)


def unit_manifests(
    workspace: Workspace, unit: Unit, extra: Mapping[str, tuple[Manifest, ...]]
) -> tuple[Manifest, ...]:
    """Return the unit's configured manifests and the extra ones of ``[deps]``, else discover.

    Discovery skips a file that another unit's configuration names: a unit at the repository
    root does not take over the manifests of the units below it.
    """
    configured = tuple(unit.manifests) + tuple(extra.get(unit.name, ()))
    if configured:
        return tuple(dict.fromkeys(configured))
    claimed = {m.path for other in workspace.units for m in other.manifests}
    claimed |= {m.path for manifests in extra.values() for m in manifests}
    found = discover_manifests(workspace.absolute(unit.path), unit.path)
    return tuple(manifest for manifest in found if manifest.path not in claimed)


def discover_manifests(folder: Path, relative: str) -> tuple[Manifest, ...]:
    """Return the manifests at the top of a unit's folder, with their kind guessed by name."""
    prefix = "" if relative in ("", ".") else relative.rstrip("/") + "/"
    found: list[Manifest] = []
    for path in sorted(folder.glob("requirements*.txt")) + sorted(folder.glob("requirements*.in")):
        stem = path.name.rsplit(".", 1)[0]
        kind = ManifestKind.DEV if _DEV_FILE.search(stem) else ManifestKind.RUNTIME
        found.append(Manifest(prefix + path.name, kind))
    for name in ("pyproject.toml", "setup.cfg", "setup.py"):
        if (folder / name).is_file():
            found.append(Manifest(prefix + name))
    return tuple(found)


def read_declarations(
    workspace: Workspace, unit: Unit, extra: Mapping[str, tuple[Manifest, ...]]
) -> Declarations:
    """Read every manifest of ``unit``."""
    manifests = unit_manifests(workspace, unit, extra)
    contents = tuple(read_manifest(workspace.directory, manifest) for manifest in manifests)
    return Declarations(unit.name, manifests, contents)


def read_manifest(directory: Path, manifest: Manifest) -> ManifestContents:
    """Read one manifest by its file name."""
    name = manifest.path.rsplit("/", 1)[-1]
    if not (directory / manifest.path).is_file():
        return ManifestContents(manifest.path, problems=(f"{manifest.path}: file not found",))
    if name.endswith(".toml"):
        return read_pyproject(directory, manifest.path, manifest.kind)
    if name == "setup.cfg":
        return read_setup_cfg(directory, manifest.path, manifest.kind)
    if name.endswith(".py"):
        return read_setup_py(directory, manifest.path, manifest.kind)
    return read_requirements_file(directory, manifest.path, manifest.kind)
