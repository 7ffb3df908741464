"""The ``[affected]`` and ``[build]`` configuration sections, validated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modsplit.errors import ConfigError
from modsplit.graph.model import ImportKind
from modsplit.workspace.config import check_keys
from modsplit.workspace.model import Workspace

# Lockfile names next to a unit's manifests. pip-tools output named ``requirements.txt`` is a
# manifest already; these cover the lockers that write a separate file.
DEFAULT_LOCKFILES = (
    "*.lock",
    "*.lock.txt",
    "requirements*.lock",
    "constraints*.txt",
)
# Environment variables that change what a session does without changing any file.
DEFAULT_ENV = (
    "PYTHONHASHSEED",
    "PYTHONPATH",
    "PIP_INDEX_URL",
    "PIP_EXTRA_INDEX_URL",
    "PIP_CONSTRAINT",
)

_AFFECTED_KEYS: dict[str, type | tuple[type, ...]] = {
    "type_checking": bool,
    "ignore": list,
    "lockfiles": list,
}
_BUILD_KEYS: dict[str, type | tuple[type, ...]] = {
    "session": str,
    "jobs": int,
    "noxfile": str,
    "cache_dir": str,
    "env": list,
}


@dataclass(frozen=True)
class AffectedSettings:
    """How changed files map to affected units.

    ``type_checking``: whether imports under ``if TYPE_CHECKING:`` make the importer affected.
    ``ignore``: glob patterns of changed files that affect nothing (docs, for example).
    ``lockfiles``: glob patterns of lockfile names, matched next to each unit's manifests.
    """

    type_checking: bool = False
    ignore: tuple[str, ...] = ()
    lockfiles: tuple[str, ...] = DEFAULT_LOCKFILES

    @property
    def import_kinds(self) -> tuple[ImportKind, ...]:
        """Return the import kinds that carry a change from the imported unit to the importer."""
        return tuple(
            kind for kind in ImportKind if kind.is_runtime or self.type_checking
        )


@dataclass(frozen=True)
class BuildSettings:
    """Defaults of ``modsplit build``; the command line overrides each one."""

    session: str = "tests"
    jobs: int = 1
    noxfile: str = "noxfile.py"
    cache_dir: str = ".modsplit_cache/build"
    env: tuple[str, ...] = DEFAULT_ENV


def affected_settings(workspace: Workspace) -> AffectedSettings:
    """Read and validate the ``[affected]`` section of the workspace configuration."""
    table = workspace.section("affected")
    problems = check_keys("affected", table, _AFFECTED_KEYS)
    problems += _check_strings("affected", table, ("ignore", "lockfiles"))
    _raise_if_any(problems, workspace)
    return AffectedSettings(
        type_checking=bool(table.get("type_checking", False)),
        ignore=tuple(table.get("ignore", ())),
        lockfiles=tuple(table.get("lockfiles", DEFAULT_LOCKFILES)),
    )


def build_settings(workspace: Workspace) -> BuildSettings:
    """Read and validate the ``[build]`` section of the workspace configuration."""
    table = workspace.section("build")
    problems = check_keys("build", table, _BUILD_KEYS)
    problems += _check_strings("build", table, ("env",))
    jobs = table.get("jobs", 1)
    if isinstance(jobs, int) and jobs < 1:
        problems.append(f"[build] jobs = {jobs} must be 1 or more")
    _raise_if_any(problems, workspace)
    defaults = BuildSettings()
    return BuildSettings(
        session=table.get("session", defaults.session),
        jobs=table.get("jobs", defaults.jobs),
        noxfile=table.get("noxfile", defaults.noxfile),
        cache_dir=table.get("cache_dir", defaults.cache_dir),
        env=tuple(table.get("env", defaults.env)),
    )


def _check_strings(section: str, table: Mapping[str, Any], keys: tuple[str, ...]) -> list[str]:
    problems = []
    for key in keys:
        value = table.get(key)
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            problems.append(f"[{section}] {key} = {value!r} must be a list of strings")
    return problems


def _raise_if_any(problems: list[str], workspace: Workspace) -> None:
    if problems:
        raise ConfigError(problems, source=str(workspace.config_path or workspace.directory))
