"""The ``[deps]`` configuration section: extra manifests and ignores per unit.

```toml
[deps]
python = ".venv/bin/python"          # target environment, as --python
ignore = ["DEP002:gunicorn"]         # for every unit

[deps.units.ai]
manifests = ["src/services/ai/requirements-langgraph.txt"]
dev_manifests = []
ignore = ["DEP001:trading", "DEP004"]
```

An ignore is ``CODE``, ``CODE:NAME`` or ``NAME``, where NAME is a distribution or an import name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from modsplit.deps.model import Finding, normalise
from modsplit.errors import ConfigError
from modsplit.workspace.config import check_keys
from modsplit.workspace.model import Manifest, ManifestKind, Workspace

SECTION_KEYS: dict[str, type | tuple[type, ...]] = {"python": str, "ignore": list, "units": dict}
UNIT_KEYS: dict[str, type | tuple[type, ...]] = {
    "manifests": list, "dev_manifests": list, "ignore": list,
}


@dataclass(frozen=True)
class Ignore:
    """One ignore rule: a code, a name, or both."""

    code: str = ""
    name: str = ""

    def matches(self, finding: Finding) -> bool:
        if self.code and self.code != finding.code.value:
            return False
        if not self.name:
            return True
        names = {normalise(finding.distribution), normalise(finding.import_name.split(".")[0]),
                 normalise(finding.import_name)}
        return normalise(self.name) in names


@dataclass(frozen=True)
class DepsSettings:
    """The validated ``[deps]`` section."""

    python: str | None = None
    ignores: Mapping[str, tuple[Ignore, ...]] = field(default_factory=dict)
    common_ignores: tuple[Ignore, ...] = ()
    extra_manifests: Mapping[str, tuple[Manifest, ...]] = field(default_factory=dict)

    def is_ignored(self, finding: Finding) -> bool:
        rules = self.common_ignores + tuple(self.ignores.get(finding.unit, ()))
        return any(rule.matches(finding) for rule in rules)


def read_settings(workspace: Workspace) -> DepsSettings:
    """Validate the ``[deps]`` section, reporting every problem at once."""
    table = workspace.section("deps")
    problems = check_keys("deps", table, SECTION_KEYS)
    common = _ignores("[deps] ignore", table.get("ignore", []), problems)
    ignores: dict[str, tuple[Ignore, ...]] = {}
    extra: dict[str, tuple[Manifest, ...]] = {}
    known_units = {unit.name for unit in workspace.units}
    units = table.get("units", {})
    for name, body in (units.items() if isinstance(units, dict) else ()):
        where = f"deps.units.{name}"
        if name not in known_units:
            problems.append(f"[{where}] names an unknown unit; known units: "
                            f"{', '.join(sorted(known_units))}")
            continue
        if not isinstance(body, dict):
            problems.append(f"[{where}] must be a table")
            continue
        problems += check_keys(where, body, UNIT_KEYS)
        ignores[name] = _ignores(f"[{where}] ignore", body.get("ignore", []), problems)
        extra[name] = _manifests(workspace, where, body, problems)
    if problems:
        raise ConfigError(problems, source=str(workspace.config_path or workspace.directory))
    python = table.get("python")
    return DepsSettings(
        python=python if isinstance(python, str) else None,
        ignores=ignores,
        common_ignores=common,
        extra_manifests=extra,
    )


def parse_ignore(text: str) -> Ignore:
    """Return the rule an ignore string such as ``DEP002:gunicorn`` stands for."""
    head, separator, tail = text.partition(":")
    if separator:
        return Ignore(code=head.strip().upper(), name=tail.strip())
    if head.upper().startswith("DEP") and head[3:].isdigit():
        return Ignore(code=head.upper())
    return Ignore(name=head.strip())


def _ignores(where: str, raw: Any, problems: list[str]) -> tuple[Ignore, ...]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        problems.append(f"{where} = {raw!r} must be a list of strings such as 'DEP002:name'")
        return ()
    return tuple(parse_ignore(item) for item in raw)


def _manifests(
    workspace: Workspace, where: str, body: Mapping[str, Any], problems: list[str]
) -> tuple[Manifest, ...]:
    found: list[Manifest] = []
    for key, kind in (("manifests", ManifestKind.RUNTIME), ("dev_manifests", ManifestKind.DEV)):
        paths = body.get(key, [])
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            continue  # check_keys has reported the wrong type
        for path in paths:
            if not workspace.absolute(path).is_file():
                problems.append(f"[{where}] {key}: {path!r} is not a file under "
                                f"{workspace.directory}")
            found.append(Manifest(path, kind))
    return tuple(found)
