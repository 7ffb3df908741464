"""What a changed file is to the build: a global file, a manifest, a test, a module...

Each kind reaches a different set of units. A global file reaches every unit. A manifest, a
lockfile, a module or another file reaches the unit that owns it, and through imports every
unit downstream. A ``conftest.py`` or a test file reaches only the units whose tests it belongs
to, because no other unit imports tests.
"""

from __future__ import annotations

import enum
import fnmatch
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from modsplit.build.settings import AffectedSettings
from modsplit.workspace.files import IGNORED_FOLDERS, matches_any
from modsplit.workspace.model import DEFAULT_GLOBAL_FILES, ManifestKind, Unit, Workspace, is_under

_TEST_FILE_PATTERNS = ("test_*.py", "*_test.py")
# ``build`` and ``dist`` are often source folders too (this package has one), so a change there
# counts; the rest never hold a project's own files.
_OUTPUT_FOLDERS = IGNORED_FOLDERS - {"build", "dist"}


class CauseKind(enum.Enum):
    """What a changed file is to the units it affects."""

    GLOBAL = "global file"
    MANIFEST = "manifest"
    DEV_MANIFEST = "dev manifest"
    LOCKFILE = "lockfile"
    CONFTEST = "conftest"
    TEST = "test file"
    MODULE = "module"
    FILE = "file"

    @property
    def propagates(self) -> bool:
        """Tell whether units downstream of the directly affected ones are affected too."""
        return self not in (CauseKind.DEV_MANIFEST, CauseKind.CONFTEST, CauseKind.TEST)


@dataclass(frozen=True)
class Classified:
    """A changed path, what it is, and the units it affects directly."""

    path: str
    cause: CauseKind
    units: tuple[str, ...]


def global_patterns(workspace: Workspace) -> tuple[str, ...]:
    """Return the glob patterns of files that affect every unit, the configuration included."""
    patterns = list(workspace.global_files or DEFAULT_GLOBAL_FILES)
    config = workspace.config_path
    if config is not None and config.is_relative_to(workspace.directory):
        patterns.append(config.relative_to(workspace.directory).as_posix())
    return tuple(patterns)


def is_tool_output(path: str) -> bool:
    """Tell whether a path lies in a cache, environment or build folder, such as ours."""
    return any(is_output_folder(folder) for folder in path.split("/")[:-1])


def is_output_folder(name: str) -> bool:
    """Tell whether a folder name is one of a cache, an environment or package metadata."""
    return name in _OUTPUT_FOLDERS or name.endswith(".egg-info")


def classify(
    workspace: Workspace, settings: AffectedSettings, path: str
) -> Classified | None:
    """Return what ``path`` is and the units it affects directly; None when it affects none."""
    if matches_any(path, settings.ignore) or is_tool_output(path):
        return None
    if matches_any(path, global_patterns(workspace)):
        return Classified(path, CauseKind.GLOBAL, tuple(unit.name for unit in workspace.units))
    for find in (_manifest, _lockfile, _conftest, _test_file, _owned_file):
        found = find(workspace, settings, path)
        if found is not None:
            return found
    return None


def is_lockfile_name(settings: AffectedSettings, path: str) -> bool:
    """Tell whether a file's name matches one of the lockfile patterns."""
    name = posixpath.basename(path)
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in settings.lockfiles)


def manifest_folders(unit: Unit) -> tuple[str, ...]:
    """Return the folders of a unit's manifests, where its lockfiles are looked for."""
    return tuple(sorted({posixpath.dirname(m.path) or "." for m in unit.manifests}))


def _manifest(workspace: Workspace, settings: AffectedSettings, path: str) -> Classified | None:
    del settings
    runtime = _names(u for u in workspace.units if _has_manifest(u, path, ManifestKind.RUNTIME))
    if runtime:
        return Classified(path, CauseKind.MANIFEST, runtime)
    dev = _names(u for u in workspace.units if _has_manifest(u, path, ManifestKind.DEV))
    return Classified(path, CauseKind.DEV_MANIFEST, dev) if dev else None


def _lockfile(workspace: Workspace, settings: AffectedSettings, path: str) -> Classified | None:
    if not is_lockfile_name(settings, path):
        return None
    folder = posixpath.dirname(path) or "."
    units = _names(u for u in workspace.units if folder in manifest_folders(u))
    if not units:
        owner = workspace.unit_for_path(path)
        units = (owner.name,) if owner is not None else ()
    return Classified(path, CauseKind.LOCKFILE, units) if units else None


def _conftest(workspace: Workspace, settings: AffectedSettings, path: str) -> Classified | None:
    del settings
    if posixpath.basename(path) != "conftest.py":
        return None
    folder = posixpath.dirname(path) or "."
    owner = workspace.unit_for_path(path)
    units = _names(
        unit
        for unit in workspace.units
        if is_under(unit.path, folder)
        or any(is_under(tests, folder) or is_under(path, tests) for tests in unit.tests)
        or unit is owner
    )
    return Classified(path, CauseKind.CONFTEST, units) if units else None


def _test_file(workspace: Workspace, settings: AffectedSettings, path: str) -> Classified | None:
    del settings
    units = _names(u for u in workspace.units if any(is_under(path, t) for t in u.tests))
    if not units and path.endswith(".py"):
        name = posixpath.basename(path)
        owner = workspace.unit_for_path(path)
        is_test = any(fnmatch.fnmatchcase(name, pattern) for pattern in _TEST_FILE_PATTERNS)
        units = (owner.name,) if owner is not None and is_test else ()
    return Classified(path, CauseKind.TEST, units) if units else None


def _owned_file(workspace: Workspace, settings: AffectedSettings, path: str) -> Classified | None:
    del settings
    owner = workspace.unit_for_path(path)
    if owner is None:
        return None
    kind = CauseKind.MODULE if path.endswith((".py", ".pyi")) else CauseKind.FILE
    return Classified(path, kind, (owner.name,))


def _has_manifest(unit: Unit, path: str, kind: ManifestKind) -> bool:
    return any(manifest.path == path and manifest.kind is kind for manifest in unit.manifests)


def _names(units: Iterable[Unit]) -> tuple[str, ...]:
    return tuple(sorted({unit.name for unit in units}))
