"""Find the package a lazy command works on: its import name, its files and the roots it runs with.

A target is given as a dotted name, looked up under the roots of the workspace's units, or as the
path of a package folder or module file. A path outside any configured workspace gets one root:
the folder above its topmost package.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from modsplit.errors import UsageError
from modsplit.workspace.model import Workspace

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    """A module or package and where Python finds it.

    ``path`` is the module's file (``__init__.py`` for a package); ``root`` is the folder on
    ``sys.path`` it is imported from; ``roots`` is every folder to put on ``sys.path``, in order.
    """

    name: str
    path: Path
    root: Path
    roots: tuple[Path, ...]

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"

    @property
    def folder(self) -> Path:
        """Return the package folder, or the folder holding a plain module."""
        return self.path.parent

    @property
    def package(self) -> str:
        """Return the package that relative imports of this module resolve against."""
        return self.name if self.is_package else self.name.rpartition(".")[0]

    def module(self, name: str) -> Target:
        """Return the target for a module below this package, by absolute or relative name."""
        absolute = name if name.startswith(self.name + ".") else f"{self.name}.{name}"
        path = module_file(self.root, absolute)
        if path is None:
            raise UsageError(
                f"module {absolute} not found under {self.root}; name a module of {self.name}"
            )
        return Target(absolute, path, self.root, self.roots)


def looks_like_path(spec: str) -> bool:
    """Tell whether a command-line target is a path rather than a dotted name."""
    return "/" in spec or spec.endswith(".py") or spec in (".", "..") or Path(spec).is_dir()


def target_from_path(spec: str, workspace: Workspace | None) -> Target:
    """Return the target for a package folder or module file."""
    path = Path(spec).resolve()
    file = path / "__init__.py" if path.is_dir() else path
    if not file.is_file():
        raise UsageError(f"{spec}: no such package or module; pass a folder with an __init__.py")
    if workspace is None:
        root = _root_above(file)
        return Target(_dotted(file, root), file, root, (root,))
    return _target_in_workspace(file, workspace, spec)


def target_from_name(name: str, workspace: Workspace) -> Target:
    """Return the target for a dotted name: the first unit and root where Python would find it."""
    found = [
        (unit.name, root)
        for unit in workspace.units
        for root in unit.roots
        if module_file(workspace.absolute(root), name) is not None
    ]
    if not found:
        raise UsageError(
            f"{name} not found under the roots of any unit in {workspace.directory}; "
            "pass the package folder instead"
        )
    unit_name, root = found[0]
    chosen = module_file(workspace.absolute(root), name)
    others = sorted({
        other for _, other in found
        if module_file(workspace.absolute(other), name) != chosen
    })
    if others:
        logger.warning("%s is also a different file under root %s; using unit %s, root %s",
                       name, ", ".join(others), unit_name, root)
    roots = tuple(workspace.absolute(r) for r in workspace.unit_named(unit_name).roots)
    absolute_root = workspace.absolute(root)
    path = module_file(absolute_root, name)
    assert path is not None
    return Target(name, path, absolute_root, roots)


def module_file(root: Path, name: str) -> Path | None:
    """Return the file Python loads for ``name`` under ``root``, if there is one."""
    relative = Path(*name.split("."))
    for candidate in (root / relative / "__init__.py", root / f"{relative}.py"):
        if candidate.is_file():
            return candidate
    return None


def _target_in_workspace(file: Path, workspace: Workspace, spec: str) -> Target:
    try:
        relative = file.relative_to(workspace.directory).as_posix()
    except ValueError:
        raise UsageError(
            f"{spec} is outside the workspace {workspace.directory}; pass a path inside it"
        ) from None
    unit = workspace.unit_for_path(relative)
    if unit is not None:
        roots = tuple(workspace.absolute(root) for root in unit.roots)
        for root in roots:
            if _is_below(file, root) and _dotted(file, root):
                return Target(_dotted(file, root), file, root, roots)
    root = _root_above(file)
    return Target(_dotted(file, root), file, root, (root,))


def _root_above(file: Path) -> Path:
    folder = file.parent
    if file.name != "__init__.py" and not (folder / "__init__.py").is_file():
        return folder
    while (folder.parent / "__init__.py").is_file():
        folder = folder.parent
    return folder.parent


def _dotted(file: Path, root: Path) -> str:
    relative = file.relative_to(root).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def _is_below(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True
