"""What a per-unit nox session installs and runs, as plain values.

``modsplit.nox`` turns these recipes into nox calls; keeping them here keeps that module thin
and lets the recipes be tested without nox.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from modsplit.workspace.model import ManifestKind, Unit, Workspace, is_under

SESSION_KINDS = ("tests", "lint", "wheel", "smoke")
_PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg")
# Run by ``smoke`` with the unit's top-level names as arguments: each must be importable from
# the unit's roots. find_spec locates a top-level module without running it.
_SMOKE_CODE = (
    "import importlib.util, sys\n"
    "missing = [name for name in sys.argv[1:] if importlib.util.find_spec(name) is None]\n"
    "sys.exit('not importable: ' + ', '.join(missing) if missing else 0)\n"
)


@dataclass(frozen=True)
class UnitLayout:
    """A unit as a session sees it: absolute folders and its requirements.

    ``nested`` holds the folders of the other units below the unit's folder or its tests
    folders; their files belong to those units, and the result cache key leaves them out.
    """

    name: str
    folder: Path
    roots: tuple[Path, ...]
    tests: tuple[Path, ...]
    requirement_files: tuple[Path, ...]
    dev_requirement_files: tuple[Path, ...]
    projects: tuple[Path, ...]
    top_level_names: tuple[str, ...]
    nested: tuple[Path, ...] = ()

    @property
    def pythonpath(self) -> str:
        return os.pathsep.join(str(root) for root in self.roots)

    def install_arguments(self, *, dev: bool) -> tuple[str, ...]:
        """Return ``pip install`` arguments for the unit's own requirements."""
        files = self.requirement_files + (self.dev_requirement_files if dev else ())
        arguments: list[str] = []
        for path in files:
            arguments += ["-r", str(path)]
        for project in self.projects:
            arguments.append(str(project))
        return tuple(arguments)


@dataclass(frozen=True)
class Command:
    """One command of a session, with the environment variables it adds."""

    arguments: tuple[str, ...]
    env: Mapping[str, str] = field(default_factory=dict)
    success_codes: tuple[int, ...] = (0,)


@dataclass(frozen=True)
class Recipe:
    """What a session installs and runs; ``skip`` gives the reason to skip it instead."""

    install: tuple[str, ...] = ()
    commands: tuple[Command, ...] = ()
    skip: str | None = None


def unit_layouts(workspace: Workspace) -> dict[str, UnitLayout]:
    """Return the layout of every unit, by name, in configuration order."""
    return {unit.name: unit_layout(workspace, unit) for unit in workspace.units}


def unit_layout(workspace: Workspace, unit: Unit) -> UnitLayout:
    """Return the absolute folders and the requirements of one unit."""
    requirements = [m for m in unit.manifests if m.path.endswith(".txt")]
    projects = sorted(
        {posixpath.dirname(m.path) or "." for m in unit.manifests
         if posixpath.basename(m.path) in _PROJECT_FILES and m.kind is ManifestKind.RUNTIME}
    )
    return UnitLayout(
        name=unit.name,
        folder=workspace.absolute(unit.path),
        roots=tuple(workspace.absolute(root) for root in unit.roots),
        tests=tuple(workspace.absolute(path) for path in unit.tests),
        requirement_files=tuple(
            workspace.absolute(m.path) for m in requirements if m.kind is ManifestKind.RUNTIME
        ),
        dev_requirement_files=tuple(
            workspace.absolute(m.path) for m in requirements if m.kind is ManifestKind.DEV
        ),
        projects=tuple(workspace.absolute(path) for path in projects),
        top_level_names=top_level_names(workspace, unit),
        nested=tuple(workspace.absolute(path) for path in _nested_units(workspace, unit)),
    )


def _nested_units(workspace: Workspace, unit: Unit) -> list[str]:
    """Return the paths of the other units strictly below the unit's folder or tests folders."""
    folders = (unit.path, *unit.tests)
    return sorted({
        other.path
        for other in workspace.units
        if other is not unit
        and any(is_under(other.path, folder) and other.path != folder for folder in folders)
    })


def top_level_names(workspace: Workspace, unit: Unit) -> tuple[str, ...]:
    """Return the top-level modules and packages that the unit's roots give its own files."""
    nested = [other.path for other in workspace.units if other is not unit
              and is_under(other.path, unit.path) and other.path != unit.path]
    names: set[str] = set()
    for root in unit.roots:
        folder = workspace.absolute(root)
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            relative = entry.relative_to(workspace.directory).as_posix()
            owned = is_under(relative, unit.path) and not any(is_under(relative, n) for n in nested)
            name = _module_name(entry)
            if owned and name is not None:
                names.add(name)
    return tuple(sorted(names))


def recipe(kind: str, layout: UnitLayout, posargs: Sequence[str]) -> Recipe:
    """Return what session ``kind`` installs and runs for one unit."""
    env = {"PYTHONPATH": layout.pythonpath}
    if kind == "tests":
        targets = [path for path in layout.tests if path.exists()] or [layout.folder]
        # Nested units' tests run in their own sessions, and the cache key leaves them out.
        ignored = [
            f"--ignore={folder}" for folder in layout.nested
            if any(folder.is_relative_to(target) for target in targets)
        ]
        arguments = ("pytest", *(str(target) for target in targets), *ignored, *posargs)
        # pytest exits with 5 when it collects no tests: a unit without tests passes.
        command = Command(arguments, env, success_codes=(0, 5))
        return Recipe(install=(*layout.install_arguments(dev=True), "pytest"), commands=(command,))
    if kind == "lint":
        # Nested units are left out, as they are from the cache key.
        excluded = [f"--extend-exclude={folder}" for folder in layout.nested]
        command = Command(("ruff", "check", str(layout.folder), *excluded, *posargs))
        return Recipe(install=("ruff",), commands=(command,))
    if kind == "wheel":
        return _wheel_recipe(layout, posargs)
    if kind == "smoke":
        return _smoke_recipe(layout, env)
    raise ValueError(f"unknown session kind {kind!r}; known kinds: {', '.join(SESSION_KINDS)}")


def _wheel_recipe(layout: UnitLayout, posargs: Sequence[str]) -> Recipe:
    if not layout.projects:
        return Recipe(skip=f"unit {layout.name} has no pyproject.toml, setup.py or setup.cfg "
                           "manifest to build a wheel from")
    commands = tuple(
        Command(("python", "-m", "pip", "wheel", "--no-deps", "--wheel-dir",
                 str(Path("dist") / layout.name), str(project), *posargs))
        for project in layout.projects
    )
    return Recipe(commands=commands)


def _smoke_recipe(layout: UnitLayout, env: Mapping[str, str]) -> Recipe:
    # compileall's -x takes one regular expression of paths to leave out: the nested units.
    excluded = ["-x", "|".join(re.escape(str(folder)) for folder in layout.nested)]
    compile_command = Command(
        ("python", "-m", "compileall", "-q", *(excluded if layout.nested else []),
         str(layout.folder))
    )
    names = layout.top_level_names
    if not names:
        return Recipe(commands=(compile_command,))
    import_command = Command(("python", "-c", _SMOKE_CODE, *names), env)
    return Recipe(commands=(compile_command, import_command))


def _module_name(entry: Path) -> str | None:
    if entry.is_dir():
        has_init = (entry / "__init__.py").is_file()
        return entry.name if has_init and entry.name.isidentifier() else None
    stem = entry.name.removesuffix(".py")
    if entry.suffix == ".py" and stem.isidentifier() and stem not in ("setup", "conftest"):
        return stem
    return None
