"""Read ``config/boundaries.toml`` (schema ``modsplit.boundaries/1``) into contract packages.

The file names packages, each a list of module patterns over module ids, and their layers, top
layer first. A pattern ``a.b.**`` is ``a.b`` and every module below it; an exact id ``a.b.c`` is
that module alone. Where patterns overlap, the most specific one wins.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modsplit.errors import ConfigError

logger = logging.getLogger(__name__)

SCHEMA = "modsplit.boundaries/1"


@dataclass(frozen=True)
class Boundaries:
    """Packages of a proposal as import-linter module names, and their layers, top first."""

    layers: tuple[tuple[str, ...], ...]
    packages: Mapping[str, tuple[str, ...]]


def read_boundaries(path: Path) -> Boundaries:
    """Read and validate a boundaries file, reporting every problem at once."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError([f"cannot be read: {error.strerror}"], source=str(path)) from None
    except UnicodeDecodeError as error:
        raise ConfigError([f"is not UTF-8 text (byte 0x{error.object[error.start]:02x} at "
                           f"offset {error.start}); save it as UTF-8"], source=str(path)) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([f"invalid TOML: {error}; fix the file, or regenerate it with "
                           "`modsplit propose --write`"], source=str(path)) from None

    problems: list[str] = []
    if data.get("schema") != SCHEMA:
        problems.append(f"schema = {data.get('schema')!r}; expected {SCHEMA!r}")
    packages = _packages(data.get("packages"), problems)
    layers = _layers(data.get("layers"), set(packages), problems)
    if problems:
        raise ConfigError(problems, source=str(path))
    return Boundaries(layers=layers, packages=packages)


def owner_of(module_id: str, boundaries: Boundaries) -> str | None:
    """Return the package a module belongs to, None when no pattern matches it.

    An exact id beats any ``**`` pattern, and a longer ``**`` prefix beats a shorter one.
    """
    best: tuple[int, str] | None = None
    for package, patterns in boundaries.packages.items():
        for pattern in patterns:
            if pattern == module_id:
                return package
            prefix = pattern.removesuffix(".**")
            covers = pattern.endswith(".**") and (
                module_id == prefix or module_id.startswith(prefix + ".")
            )
            if covers and (best is None or len(prefix) > best[0]):
                best = (len(prefix), package)
    return best[1] if best else None


def _packages(raw: Any, problems: list[str]) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict) or not raw:
        problems.append("packages is missing; add a [packages.NAME] table per package")
        return {}
    packages = {}
    claimed: dict[str, str] = {}
    for name, body in raw.items():
        modules = body.get("modules") if isinstance(body, dict) else None
        if not isinstance(modules, list) or not all(isinstance(m, str) for m in modules):
            problems.append(f"[packages.{name!r}] modules must be a list of module patterns")
            continue
        packages[name] = tuple(modules)
        for pattern in modules:
            if pattern in claimed:
                problems.append(f"pattern {pattern!r} is in packages {claimed[pattern]!r} and "
                                f"{name!r}; keep it in one")
            claimed[pattern] = name
    return packages


def _layers(raw: Any, names: set[str], problems: list[str]) -> tuple[tuple[str, ...], ...]:
    if not isinstance(raw, list) or not all(
        isinstance(layer, list) and all(isinstance(n, str) for n in layer) for layer in raw
    ):
        problems.append("layers must be a list, top layer first, of lists of package names")
        return ()
    seen = [name for layer in raw for name in layer]
    problems += [f"layers names unknown package {name!r}" for name in seen if name not in names]
    problems += [f"package {name!r} is in no layer; add it to one"
                 for name in sorted(names - set(seen))]
    return tuple(tuple(layer) for layer in raw)
