"""Pin each unit's runtime dependencies under one constraints file shared by all units.

First every unit's runtime requirements are resolved together into the shared constraints file,
so a distribution that several units use gets one version. Then each unit is resolved alone
under those constraints into its own lock file. When the joint resolution fails, the conflict is
reported with the units whose requirements take part in it, and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as ParsedRequirement
from packaging.specifiers import SpecifierSet

from modsplit.deps.manifests import Declarations
from modsplit.deps.model import Requirement, normalise
from modsplit.errors import ConfigError
from modsplit.workspace.config import check_keys
from modsplit.workspace.model import Workspace

LOCK_KEYS: dict[str, type | tuple[type, ...]] = {
    "constraints": str, "output": str, "hashes": bool, "dev": bool,
}
DEFAULT_CONSTRAINTS = "constraints.txt"
DEFAULT_OUTPUT = "{unit_path}/requirements.lock.txt"
CONSTRAINTS_NAME = "constraints.txt"  # the name compilers see, replaced by the real path after


@dataclass(frozen=True)
class LockSettings:
    """The validated ``[lock]`` section."""

    constraints: str = DEFAULT_CONSTRAINTS
    output: str = DEFAULT_OUTPUT
    hashes: bool = False
    dev: bool = False


@dataclass(frozen=True)
class Compiled:
    """The outcome of one resolution: the pinned text, or the resolver's error."""

    text: str = ""
    error: str = ""

    @property
    def is_ok(self) -> bool:
        return not self.error


class Compiler(Protocol):
    """Resolves requirement files into pinned ones (pip-tools behind an adapter)."""

    def compile(
        self, inputs: Mapping[str, str], *, constraints: str | None, hashes: bool
    ) -> Compiled:
        """Resolve the input files (name to text) together, under optional constraints text."""
        ...


@dataclass(frozen=True)
class Conflict:
    """Requirements that cannot hold together, and the units they come from."""

    distribution: str
    requirements: tuple[str, ...]
    units: tuple[str, ...]


@dataclass(frozen=True)
class LockResult:
    """The files to write (constraints and one lock per unit) or the conflicts that stop it."""

    files: Mapping[str, str] = field(default_factory=dict)  # workspace-relative path to text
    conflicts: tuple[Conflict, ...] = ()
    error: str = ""


def read_lock_settings(workspace: Workspace) -> LockSettings:
    """Validate the ``[lock]`` section."""
    table: Mapping[str, Any] = workspace.section("lock")
    problems = check_keys("lock", table, LOCK_KEYS)
    if problems:
        raise ConfigError(problems, source=str(workspace.config_path or workspace.directory))
    return LockSettings(**{key: table[key] for key in LOCK_KEYS if key in table})


def lock_units(
    workspace: Workspace,
    declarations: Mapping[str, Declarations],
    *,
    unit_names: Sequence[str],
    compiler: Compiler,
    settings: LockSettings,
) -> LockResult:
    """Resolve all units jointly into the constraints file, then lock the named units."""
    inputs = {
        name: input_text(declared, include_dev=settings.dev)
        for name, declared in sorted(declarations.items())
    }
    inputs = {name: text for name, text in inputs.items() if text}
    joint = compiler.compile({f"{name}.in": text for name, text in inputs.items()},
                             constraints=None, hashes=False)
    if not joint.is_ok:
        conflicts = find_conflicts(joint.error, declarations)
        return LockResult(conflicts=conflicts, error=joint.error if not conflicts else "")
    constraints_text = _header("the runtime dependencies of every unit") + _clean(
        joint.text, settings.constraints)
    files = {settings.constraints: constraints_text}
    for name in unit_names:
        if name not in inputs:
            continue
        one = compiler.compile({f"{name}.in": inputs[name]}, constraints=joint.text,
                               hashes=settings.hashes)
        if not one.is_ok:
            return LockResult(error=f"unit {name}: {one.error}")
        unit = workspace.unit_named(name)
        path = settings.output.format(unit=name, unit_path=unit.path).removeprefix("./")
        files[path] = _header(f"the runtime dependencies of unit {name}",
                              under=settings.constraints) + _clean(one.text, settings.constraints)
    return LockResult(files=files)


def input_text(declared: Declarations, *, include_dev: bool) -> str:
    """Return a unit's requirements as one requirements file, local paths left out."""
    chosen = declared.requirements if include_dev else declared.runtime()
    lines = [line for line in (_requirement_line(r) for r in chosen) if line]
    return "".join(f"{line}\n" for line in dict.fromkeys(lines))


def find_conflicts(error: str, declarations: Mapping[str, Declarations]) -> tuple[Conflict, ...]:
    """Read pip's ResolutionImpossible causes and name the units behind each requirement."""
    causes = re.findall(
        r"RequirementInformation\(requirement=\w+\('([^']+)'\), parent=(None|\w+\('([^']+)'\))\)",
        error,
    )
    grouped: dict[str, list[tuple[str, str]]] = {}
    for requirement, _, parent in causes:
        name = normalise(re.split(r"[\s\[<>=!~;@]", requirement, maxsplit=1)[0])
        grouped.setdefault(name, []).append((requirement, _candidate_name(parent)))
    conflicts = []
    for distribution, items in sorted(grouped.items()):
        described: list[str] = []
        units: set[str] = set()
        for requirement, parent in items:
            if parent:
                owners = _units_declaring(parent, declarations)
            else:
                owners = _units_declaring(distribution, declarations, exactly=requirement)
            units.update(owners)
            source = f"required by {parent}" if parent else "declared"
            described.append(f"{requirement} ({source} in {', '.join(owners) or 'no unit'})")
        conflicts.append(Conflict(distribution, tuple(described), tuple(sorted(units))))
    return tuple(conflicts)


def render_conflicts(conflicts: Sequence[Conflict]) -> str:
    """Return one paragraph per conflict: the distribution, the units, each requirement."""
    lines = []
    for conflict in conflicts:
        lines.append(f"conflict on {conflict.distribution} between units "
                     f"{', '.join(conflict.units)}:")
        lines += [f"  {requirement}" for requirement in conflict.requirements]
    return "\n".join(lines) + "\n"


def _requirement_line(requirement: Requirement) -> str:
    if requirement.path:
        return ""  # NOTE: local path entries (workspace units) are not locked from an index
    extras = f"[{','.join(requirement.extras)}]" if requirement.extras else ""
    marker = f"; {requirement.marker}" if requirement.marker else ""
    if requirement.url:
        return f"{requirement.name}{extras} @ {requirement.url}{marker}"
    return f"{requirement.name}{extras}{requirement.specifier}{marker}"


def _candidate_name(parent: str) -> str:
    if not parent:
        return ""
    wheel = re.search(r"([A-Za-z0-9_.]+)-\d[^/]*\.(whl|tar\.gz|zip)$", parent)
    if wheel:
        return normalise(wheel.group(1))
    return normalise(re.split(r"[\s=<>!~]", parent, maxsplit=1)[0])


def _units_declaring(
    distribution: str, declarations: Mapping[str, Declarations], *, exactly: str = ""
) -> list[str]:
    """Return the units that declare ``distribution``; with ``exactly``, with that specifier."""
    wanted = _specifier_of(exactly) if exactly else None
    return sorted(
        unit for unit, declared in declarations.items()
        if any(
            r.distribution == distribution
            and (wanted is None or _specifier_of(f"{r.name}{r.specifier}") == wanted)
            for r in declared.runtime()
        )
    )


def _specifier_of(requirement: str) -> SpecifierSet | None:
    try:
        return ParsedRequirement(requirement).specifier
    except InvalidRequirement:
        return None


def _header(what: str, *, under: str = "") -> str:
    lines = [f"# Generated by `modsplit lock` from {what}."]
    if under:
        lines.append(f"# Resolved under the shared constraints in {under}.")
    lines.append("# Edit the unit's manifests and run `modsplit lock --write` again.")
    return "\n".join(lines) + "\n"


def _clean(text: str, constraints: str) -> str:
    """Name units instead of the temporary input files in pip-compile's annotations."""
    text = re.sub(r"-r ([^\s]+)\.in\b", r"unit \1", text)
    text = text.replace(f"-c {CONSTRAINTS_NAME}", f"-c {Path(constraints).as_posix()}")
    return text if text.endswith("\n") else text + "\n"
