"""Read ``config/boundaries.toml`` (schema ``modsplit.boundaries/1``) into contract packages.

The file names packages, each a list of module patterns over module ids, and their layers, top
layer first. A pattern ``a.b.**`` is ``a.b`` and every module below it; an exact id ``a.b.c`` is
that module alone. Where patterns overlap, the most specific one wins.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modsplit.errors import ConfigError

logger = logging.getLogger(__name__)

SCHEMA = "modsplit.boundaries/1"

# A pattern is a module id, or a module id and ``.**`` for it and every module below it.
_PATTERN = re.compile(r"[^.*\s]+(\.[^.*\s]+)*(\.\*\*)?")
_SHOWN = 5  # unowned modules named in the message


@dataclass(frozen=True)
class Boundaries:
    """Packages of a proposal as import-linter module names, and their layers, top first."""

    layers: tuple[tuple[str, ...], ...]
    packages: Mapping[str, tuple[str, ...]]
    source: str = ""  # the file read, for messages


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
    if layers:
        problems += _layer_numbers(data.get("packages"), layers)
    if problems:
        raise ConfigError(problems, source=str(path))
    return Boundaries(layers=layers, packages=packages, source=str(path))


def graph_problems(boundaries: Boundaries, module_ids: Iterable[str]) -> list[str]:
    """Return a problem per pattern that matches no module, and one for unowned modules."""
    ids = sorted(module_ids)
    problems = []
    for package, patterns in boundaries.packages.items():
        for pattern in patterns:
            prefix = pattern.removesuffix(".**")
            if pattern.endswith(".**"):
                found = any(i == prefix or i.startswith(prefix + ".") for i in ids)
            else:
                found = pattern in ids
            if not found:
                problems.append(f"[packages.{package!r}] pattern {pattern!r} matches no module of "
                                "the graph; module ids are file paths as dotted names (see "
                                "`modsplit graph`)")
    unowned = [i for i in ids if owner_of(i, boundaries) is None]
    if unowned:
        shown = ", ".join(unowned[:_SHOWN]) + (", ..." if len(unowned) > _SHOWN else "")
        noun = "module matches" if len(unowned) == 1 else "modules match"
        pronoun = "it" if len(unowned) == 1 else "them"
        problems.append(f"{len(unowned)} {noun} no pattern: {shown}; add {pronoun} to a package")
    return problems


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
        problems += [f"[packages.{name!r}] pattern {pattern!r} is not a module id or ID.**; "
                     "wildcards other than a final .** are not allowed"
                     for pattern in modules if not _PATTERN.fullmatch(pattern)]
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
    level: dict[str, int] = {}
    for index, layer in enumerate(raw):
        for name in layer:
            number = len(raw) - 1 - index
            if name in level and level[name] != number:
                problems.append(f"package {name!r} is in layers {level[name]} and {number}; "
                                "keep it in one")
            level.setdefault(name, number)
    problems += [f"layers names unknown package {name!r}" for name in seen if name not in names]
    problems += [f"package {name!r} is in no layer; add it to one"
                 for name in sorted(names - set(seen))]
    return tuple(tuple(layer) for layer in raw)


def _layer_numbers(raw: Any, layers: tuple[tuple[str, ...], ...]) -> list[str]:
    # ``layer = N`` of a package is informative; it must agree with the layers list.
    level = {name: len(layers) - 1 - index
             for index, layer in reversed(list(enumerate(layers))) for name in layer}
    problems = []
    for name, body in (raw or {}).items():
        stated = body.get("layer") if isinstance(body, dict) else None
        if stated is None or name not in level or stated == level[name]:
            continue
        problems.append(f"[packages.{name!r}] layer = {stated!r}, but the layers list puts it in "
                        f"layer {level[name]} (the top layer is {len(layers) - 1}); make the "
                        "two agree")
    return problems
