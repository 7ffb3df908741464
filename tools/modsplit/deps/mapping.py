"""Map an import name to the distribution that provides it.

Three sources, in this order: the target environment's installed metadata (``--python``), the
maintained name tables shipped in ``modsplit/data``, and the import name's first part normalised
(``foo_bar`` is ``foo-bar``). When several distributions provide a name (``psycopg2`` and
``psycopg2-binary``), the one the unit declares wins. What modsplit's own environment has
installed plays no part.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from modsplit.deps.environment import TargetEnvironment
from modsplit.deps.model import normalise

DATA_FILES = ("import_names.toml", "deps.toml")


@dataclass(frozen=True)
class NameTable:
    """Import names (dotted prefixes) to the distributions that provide them."""

    modules: Mapping[str, tuple[str, ...]]

    def candidates(self, import_name: str) -> tuple[str, ...]:
        """Return the distributions of the longest dotted prefix of ``import_name`` known here."""
        parts = import_name.split(".")
        for length in range(len(parts), 0, -1):
            found = self.modules.get(".".join(parts[:length]))
            if found:
                return found
        return ()


@dataclass(frozen=True)
class Resolution:
    """The distribution of an import name, and whether a table or environment knew it."""

    distribution: str
    is_known: bool
    source: str


@dataclass(frozen=True)
class NameResolver:
    """Resolve import names with the target environment first, then the shipped tables."""

    shipped: NameTable
    environment: TargetEnvironment | None = None
    installed: NameTable = field(default_factory=lambda: NameTable({}))

    @classmethod
    def create(cls, environment: TargetEnvironment | None) -> NameResolver:
        installed = NameTable(environment.module_table()) if environment else NameTable({})
        return cls(shipped=shipped_table(), environment=environment, installed=installed)

    def resolve(self, import_name: str, declared: frozenset[str]) -> Resolution:
        """Return the distribution of ``import_name``; ``declared`` breaks ties."""
        for source, table in (("environment", self.installed), ("shipped", self.shipped)):
            found = table.candidates(import_name)
            if found:
                return Resolution(_prefer(found, declared, import_name), True, source)
        guess = normalise(import_name.split(".")[0])
        return Resolution(guess, guess in declared, "name")

    def is_installed(self, distribution: str) -> bool:
        return self.environment is not None and distribution in self.environment.distributions


@cache
def shipped_table() -> NameTable:
    """Return the import-name table built from the data files shipped with modsplit."""
    modules: dict[str, list[str]] = {}
    for name in DATA_FILES:
        for distribution, imports in _read_data(name).get("distributions", {}).items():
            for module in imports:
                known = modules.setdefault(module, [])
                if normalise(distribution) not in known:
                    known.append(normalise(distribution))
    return NameTable({module: tuple(names) for module, names in modules.items()})


@cache
def reference_tables() -> tuple[dict[str, tuple[str, ...]], ...]:
    """Return the shipped (implied, url_schemes, values) tables of setting references."""
    data = _read_data("deps.toml")
    return tuple(
        {key: tuple(value) for key, value in data.get(table, {}).items()}
        for table in ("implied", "url_schemes", "values")
    )


def _read_data(name: str) -> dict[str, Any]:
    path = resources.files("modsplit.data").joinpath(name)
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _prefer(found: tuple[str, ...], declared: frozenset[str], import_name: str) -> str:
    """Pick the declared candidate, else the one named like the import, else the first."""
    names = [normalise(name) for name in found]
    for name in names:
        if name in declared:
            return name
    same = normalise(import_name.split(".")[0])
    return same if same in names else names[0]
