"""Read and validate modsplit's configuration.

Configuration lives in ``config/modsplit.toml`` of the analysed repository, or in the
``[tool.modsplit]`` table of its ``pyproject.toml``, or in a file named with ``--config``. Every
problem is collected and reported at once as a ``ConfigError`` (exit code 2).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from modsplit.errors import ConfigError
from modsplit.workspace.model import (
    DEFAULT_GLOBAL_FILES,
    Manifest,
    ManifestKind,
    Unit,
    Workspace,
)

CONFIG_FILE = Path("config") / "modsplit.toml"

# Sections that belong to one capability each. The capability validates its own keys with
# ``check_keys`` when it runs, so a typo there is reported by the command that reads it.
CAPABILITY_SECTIONS = frozenset(
    {"graph", "propose", "contracts", "lazy", "deps", "lock", "affected", "build", "report"}
)
TOP_LEVEL_KEYS = frozenset({"exclude", "global_files", "layers", "units"}) | CAPABILITY_SECTIONS
UNIT_KEYS = frozenset({"path", "roots", "manifests", "dev_manifests", "tests", "exclude"})


def find_config(directory: Path) -> tuple[Path, Mapping[str, Any]] | None:
    """Return the configuration file of ``directory`` and its modsplit table, if it has one."""
    candidate = directory / CONFIG_FILE
    if candidate.is_file():
        return candidate, read_toml(candidate)
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file():
        table = read_toml(pyproject).get("tool", {}).get("modsplit")
        if isinstance(table, dict):
            return pyproject, table
    return None


def read_config_file(path: Path) -> Mapping[str, Any]:
    """Read a file named with ``--config``: a modsplit.toml, or a pyproject.toml with our table."""
    if path.is_dir():
        raise ConfigError(["is a folder; pass a TOML file to --config"], source=str(path))
    if not path.is_file():
        raise ConfigError(["file not found; pass an existing file to --config"], source=str(path))
    data = read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("modsplit")
        if not isinstance(table, dict):
            raise ConfigError(["has no [tool.modsplit] table"], source=str(path))
        return table
    return data


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning a syntax error into a ``ConfigError`` with its line."""
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([f"invalid TOML: {error}"], source=str(path)) from None
    except OSError as error:
        raise ConfigError([f"cannot be read: {error.strerror}"], source=str(path)) from None


def workspace_from_table(
    directory: Path, table: Mapping[str, Any], *, source: Path | None
) -> Workspace:
    """Validate a modsplit table and build the workspace it describes."""
    problems: list[str] = []
    problems += [
        f"unknown key {key!r}; known keys: {', '.join(sorted(TOP_LEVEL_KEYS))}"
        for key in sorted(set(table) - TOP_LEVEL_KEYS)
    ]

    exclude = _strings(table, "exclude", problems)
    global_files = _strings(table, "global_files", problems)
    units = _units(directory, table.get("units", {}), problems)
    if "units" in table and not units and not problems:
        problems.append("units is empty; add a [units.NAME] table for each buildable package")
    problems += _duplicate_paths(units)
    layers = _layers(table.get("layers", []), {unit.name for unit in units}, problems)

    settings: dict[str, Mapping[str, Any]] = {}
    for section in sorted(CAPABILITY_SECTIONS & set(table)):
        if isinstance(table[section], dict):
            settings[section] = table[section]
        else:
            problems.append(f"[{section}] must be a table")

    if problems:
        raise ConfigError(problems, source=str(source or directory))
    return Workspace(
        directory=directory,
        units=tuple(units),
        exclude=tuple(exclude),
        global_files=tuple(global_files) or DEFAULT_GLOBAL_FILES,
        layers=layers,
        settings=settings,
        config_path=source,
    )


def check_keys(
    section: str, table: Mapping[str, Any], known: Mapping[str, type | tuple[type, ...]]
) -> list[str]:
    """Return a problem for each unknown key and each value of the wrong type in a section."""
    problems = [
        f"[{section}] unknown key {key!r}; known keys: {', '.join(sorted(known))}"
        for key in sorted(set(table) - set(known))
    ]
    for key, expected in known.items():
        if key in table and not isinstance(table[key], expected):
            problems.append(
                f"[{section}] {key} = {table[key]!r} has the wrong type; "
                f"expected {_type_names(expected)}"
            )
    return problems


def _units(directory: Path, raw: Any, problems: list[str]) -> list[Unit]:
    if not isinstance(raw, dict):
        problems.append("units must be a table of [units.NAME] tables")
        return []
    units = []
    for name, body in raw.items():
        if not isinstance(body, dict):
            problems.append(f"[units.{name}] must be a table")
            continue
        unit = _unit(directory, name, body, problems)
        if unit is not None:
            units.append(unit)
    return units


def _unit(directory: Path, name: str, body: Mapping[str, Any], problems: list[str]) -> Unit | None:
    where = f"[units.{name}]"
    problems += [
        f"{where} unknown key {key!r}; known keys: {', '.join(sorted(UNIT_KEYS))}"
        for key in sorted(set(body) - UNIT_KEYS)
    ]
    if not name.strip():
        problems.append("[units.\"\"] has an empty name; give the unit a name")
    path = body.get("path")
    if path is None:
        problems.append(f"{where} path is missing; set it to the unit's folder")
        return None
    if not isinstance(path, str):
        problems.append(f"{where} path = {path!r} must be a string: the unit's folder")
        return None
    _check_folder(directory, path, f"{where} path = {path!r}", problems)

    roots = _strings(body, "roots", problems, where=where) or [path]
    for root in roots:
        _check_folder(directory, root, f"{where} root {root!r}", problems)
    if len(set(map(_normalise, roots))) < len(roots):
        problems.append(f"{where} roots = {roots!r} names a root twice; list each root once")
    manifests = [Manifest(p) for p in _strings(body, "manifests", problems, where=where)]
    dev = _strings(body, "dev_manifests", problems, where=where)
    manifests += [Manifest(p, ManifestKind.DEV) for p in dev]
    tests = _strings(body, "tests", problems, where=where)
    for test_path in tests:
        if not (directory / test_path).exists():
            problems.append(f"{where} tests path {test_path!r} does not exist under {directory}")
    for manifest in manifests:
        if not (directory / manifest.path).is_file():
            problems.append(f"{where} manifest {manifest.path!r} is not a file under {directory}")
    return Unit(
        name=name,
        path=_normalise(path),
        roots=tuple(_normalise(root) for root in roots),
        manifests=tuple(manifests),
        tests=tuple(_normalise(p) for p in tests),
        exclude=tuple(_strings(body, "exclude", problems, where=where)),
    )


def _check_folder(directory: Path, relative: str, what: str, problems: list[str]) -> None:
    resolved = (directory / relative).resolve()
    if resolved != directory.resolve() and directory.resolve() not in resolved.parents:
        problems.append(f"{what} is outside the repository {directory}; use a folder inside it")
    elif not resolved.is_dir():
        problems.append(f"{what} is not a folder under {directory}")


def _duplicate_paths(units: list[Unit]) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for unit in units:
        if unit.path in seen:
            problems.append(
                f"[units.{unit.name}] path = {unit.path!r} is also the path of "
                f"[units.{seen[unit.path]}]; a file belongs to one unit, so merge them"
            )
        seen.setdefault(unit.path, unit.name)
    return problems


def _layers(raw: Any, unit_names: set[str], problems: list[str]) -> tuple[tuple[str, ...], ...]:
    if not isinstance(raw, list):
        problems.append("layers must be a list, top layer first, of unit names or lists of them")
        return ()
    layers = []
    for entry in raw:
        names = [entry] if isinstance(entry, str) else entry
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            problems.append(f"layers entry {entry!r} must be a unit name or a list of unit names")
            continue
        problems += [f"layers names unknown unit {n!r}" for n in names if n not in unit_names]
        layers.append(tuple(names))
    return tuple(layers)


def _strings(
    table: Mapping[str, Any], key: str, problems: list[str], *, where: str = ""
) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    prefix = f"{where} " if where else ""
    problems.append(f"{prefix}{key} = {value!r} must be a list of strings")
    return []


def _normalise(path: str) -> str:
    cleaned = Path(path).as_posix().strip("/")
    return cleaned if cleaned not in ("", ".") else "."


def _type_names(expected: type | tuple[type, ...]) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(t.__name__ for t in types)
