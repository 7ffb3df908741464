"""Generate import contracts from the workspace's units and layers, or from a proposal.

From the configuration: one ``layers`` contract over the units of ``layers`` (top layer first,
units in one layer free to import each other), one ``independence`` contract per group of
sibling units (by default the top layer, when it has more than one unit: the services of a
monorepo must not import each other), one ``forbidden`` contract per unit with declared
internals, and one ``acyclic_siblings`` contract per unit listed under ``acyclic`` (by default
the units of the bottom layer: shared code, where a cycle between packages blocks a split).

A unit is named in a contract by its folder as a dotted module id (``src/services/api``
becomes ``src.services.api``), which is how modsplit's graph names every module below it; a
unit whose folder holds other units is named by the packages that hold only its own modules.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modsplit.contracts.boundaries import Boundaries, graph_problems, owner_of
from modsplit.contracts.model import Contract, ContractFile, OptionValue
from modsplit.errors import ConfigError
from modsplit.graph.model import Graph
from modsplit.workspace.config import check_keys
from modsplit.workspace.model import Workspace

SETTINGS_KEYS: Mapping[str, type | tuple[type, ...]] = {
    "output": str,
    "file": str,
    "independence": list,
    "internals": dict,
    "acyclic": list,
    "exclude_type_checking_imports": bool,
}

DEFAULT_OUTPUT = "contracts"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ContractSettings:
    """The ``[contracts]`` section of the configuration, validated."""

    output: str
    file: str
    independence: tuple[tuple[str, ...], ...] | None
    internals: Mapping[str, tuple[str, ...]]
    acyclic: tuple[str, ...] | None
    exclude_type_checking_imports: bool


def read_settings(workspace: Workspace) -> ContractSettings:
    """Validate the ``[contracts]`` section, reporting every problem at once."""
    table = workspace.section("contracts")
    problems = check_keys("contracts", table, SETTINGS_KEYS)
    units = {unit.name for unit in workspace.units}
    independence = _independence(table.get("independence"), units, problems)
    internals = _internals(table.get("internals", {}), units, problems)
    acyclic = None
    if "acyclic" in table:
        acyclic = _unit_list(table["acyclic"], "acyclic", units, problems)
    if problems:
        raise ConfigError(problems, source=str(workspace.config_path or workspace.directory))
    return ContractSettings(
        output=str(table.get("output", DEFAULT_OUTPUT)),
        file=str(table.get("file", default_file_name(workspace))),
        independence=independence,
        internals=internals,
        acyclic=acyclic,
        exclude_type_checking_imports=bool(table.get("exclude_type_checking_imports", False)),
    )


def default_file_name(workspace: Workspace) -> str:
    """Name the contract file after the configuration file (``modsplit.toml`` by default)."""
    config = workspace.config_path
    if config is None or config.name == "pyproject.toml":
        return "modsplit.toml"
    return f"{config.stem}.toml"


def contracts_from_workspace(
    workspace: Workspace,
    settings: ContractSettings,
    graph: Graph,
    *,
    path: Path,
    header: str,
) -> ContractFile:
    """Return the contract file that the workspace's units, layers and settings describe."""
    packages = unit_packages(workspace, graph)
    folders = {unit.name: unit_package(unit.path) for unit in workspace.units}
    contracts = [
        *_layers_contract(workspace.layers, packages),
        *_independence_contracts(_groups(workspace, settings), packages),
        *_internals_contracts(settings.internals, packages, folders),
        *_acyclic_contracts(_acyclic_units(workspace, settings), packages, folders),
    ]
    return ContractFile(
        path=path,
        contracts=tuple(contracts),
        header=header,
        session=session_options(contracts, settings=settings),
    )


def contracts_from_boundaries(
    workspace: Workspace,
    settings: ContractSettings,
    graph: Graph,
    boundaries: Boundaries,
    *,
    path: Path,
    header: str,
) -> ContractFile:
    """Return the contracts of a proposal: its layers, and no imports within a layer.

    The settings' ``internals`` and ``acyclic`` entries are added as for the configuration.
    """
    problems = graph_problems(boundaries, (m.id for m in graph.modules if is_module_name(m.id)))
    if problems:
        raise ConfigError(problems, source=boundaries.source or "boundaries")
    owner = {m.id: owner_of(m.id, boundaries) or "" for m in graph.modules if is_module_name(m.id)}
    packages = {
        name: _covering(sorted({p.removesuffix(".**") for p in patterns}), name, owner)
        for name, patterns in boundaries.packages.items()
    }
    groups = tuple(tuple(layer) for layer in boundaries.layers if len(layer) > 1)
    units = unit_packages(workspace, graph)
    folders = {unit.name: unit_package(unit.path) for unit in workspace.units}
    contracts = [
        *_layers_contract(boundaries.layers, packages),
        *_independence_contracts(groups, packages, noun="packages"),
        *_internals_contracts(settings.internals, units, folders),
        *_acyclic_contracts(_acyclic_units(workspace, settings), units, folders),
    ]
    return ContractFile(
        path=path,
        contracts=tuple(contracts),
        header=header,
        session=session_options(contracts, settings=settings),
    )


def unit_packages(workspace: Workspace, graph: Graph) -> Mapping[str, tuple[str, ...]]:
    """Return, per unit, the fewest packages that hold its modules and no other unit's.

    A unit whose folder holds no other unit is its folder as a dotted id (``src/services/api``
    becomes ``src.services.api``). A unit whose folder holds other units (``src`` around
    ``src/services/api``) is the children of its folder that hold only its own modules,
    repeated downwards. A unit without Python modules gets no package and is left out of
    the contracts, with a warning.
    """
    unit_of = {m.id: m.unit for m in graph.modules if is_module_name(m.id)}
    packages = {}
    for unit in workspace.units:
        covering = _covering([unit_package(unit.path)], unit.name, unit_of)
        if not covering:
            logger.warning("unit %s has no Python modules; leaving it out of the contracts",
                           unit.name)
        packages[unit.name] = covering
    return packages


def is_module_name(module_id: str) -> bool:
    """Tell whether a module id is a dotted name of identifiers, which contracts can name.

    Files under folders such as ``.github`` have ids with an empty part; no contract can name
    them, so they are left out of contracts (their imports still count for chains).
    """
    return all(part.isidentifier() for part in module_id.split("."))


def unit_package(unit_path: str) -> str:
    """Return the dotted module id of a unit's folder, empty for the repository itself."""
    return "" if unit_path in ("", ".") else unit_path.strip("/").replace("/", ".")


def session_options(
    contracts: Sequence[Contract], *, settings: ContractSettings
) -> tuple[tuple[str, OptionValue], ...]:
    """Return ``root_packages`` (the top-level names the contracts use) and the other options."""
    roots = sorted({name.split(".")[0] for c in contracts for name in _module_names(c)})
    session: list[tuple[str, OptionValue]] = [("root_packages", tuple(roots))]
    if settings.exclude_type_checking_imports:
        session.append(("exclude_type_checking_imports", True))
    return tuple(session)


def _layers_contract(
    layers: Sequence[Sequence[str]], packages: Mapping[str, tuple[str, ...]]
) -> list[Contract]:
    present = [sorted(name for name in layer if packages[name]) for layer in layers]
    present = [layer for layer in present if layer]
    if len(present) < 2:
        return []
    # ":" joins the members of a layer without making them independent of each other.
    rendered = tuple(" : ".join(p for name in layer for p in packages[name]) for layer in present)
    summary = " above ".join(", ".join(layer) for layer in present)
    return [Contract(id="layers", name=f"Layers: {summary}", type="layers",
                     options=(("layers", rendered),))]


def _independence_contracts(
    groups: Sequence[Sequence[str]],
    packages: Mapping[str, tuple[str, ...]],
    *,
    noun: str = "units",
) -> list[Contract]:
    contracts = []
    for number, group in enumerate(groups, start=1):
        present = sorted(name for name in group if packages[name])
        if len(present) < 2:
            continue
        suffix = f"-{number}" if len(groups) > 1 else ""
        if all(len(packages[name]) == 1 for name in present):
            contracts.append(Contract(
                id=f"independence{suffix}",
                name=f"Independent {noun}: {', '.join(present)}",
                type="independence",
                options=(("modules", tuple(packages[name][0] for name in present)),),
            ))
        else:
            contracts += _independence_as_forbidden(present, packages, suffix)
    return contracts


def _independence_as_forbidden(
    units: Sequence[str], packages: Mapping[str, tuple[str, ...]], suffix: str
) -> list[Contract]:
    # An independence contract would also keep the packages of one unit apart, so a unit made
    # of several packages is kept from the others by one forbidden contract each.
    contracts = []
    for unit in units:
        others = tuple(p for name in units if name != unit for p in packages[name])
        contracts.append(Contract(
            id=f"independence{suffix}-{unit}",
            name=f"{unit} imports none of: {', '.join(n for n in units if n != unit)}",
            type="forbidden",
            options=(("source_modules", packages[unit]), ("forbidden_modules", others)),
        ))
    return contracts


def _internals_contracts(
    internals: Mapping[str, Sequence[str]],
    packages: Mapping[str, tuple[str, ...]],
    folders: Mapping[str, str],
) -> list[Contract]:
    contracts = []
    for unit in sorted(internals):
        others = tuple(sorted(p for name, found in packages.items() if name != unit for p in found))
        forbidden = tuple(sorted(_qualify(folders[unit], m) for m in internals[unit]))
        contracts.append(Contract(
            id=f"internals-{unit}",
            name=f"Other units import only the public modules of {unit}",
            type="forbidden",
            options=(("source_modules", others), ("forbidden_modules", forbidden)),
        ))
    return contracts


def _acyclic_contracts(
    units: Sequence[str],
    packages: Mapping[str, tuple[str, ...]],
    folders: Mapping[str, str],
) -> list[Contract]:
    # The unit's folder is the ancestor when it is a package, so that a cycle between two of
    # its packages (``src.core`` and ``src.framework``) counts; the repository itself is not.
    return [
        Contract(
            id=f"acyclic-{unit}",
            name=f"No cycles between the subpackages of {unit}",
            type="acyclic_siblings",
            options=(("ancestors", (folders[unit],) if folders[unit] else packages[unit]),),
        )
        for unit in sorted(units)
        if packages[unit]
    ]


def _acyclic_units(workspace: Workspace, settings: ContractSettings) -> tuple[str, ...]:
    if settings.acyclic is not None:
        return settings.acyclic
    if len(workspace.layers) > 1:
        return tuple(sorted(workspace.layers[-1]))
    return ()


def _covering(prefixes: Sequence[str], owner: str, owner_of: Mapping[str, str]) -> tuple[str, ...]:
    """Return the fewest packages below ``prefixes`` that hold only modules of ``owner``."""
    found = {package for prefix in prefixes for package in _cover(prefix, owner, owner_of)}
    return tuple(sorted(name for name in found if not any(
        other != name and _is_within(name, other) for other in found
    )))


def _cover(prefix: str, owner: str, owner_of: Mapping[str, str]) -> list[str]:
    below = [module for module in owner_of if _is_within(module, prefix)]
    if not any(owner_of[module] == owner for module in below):
        return []
    if prefix and all(owner_of[module] == owner for module in below):
        return [prefix]
    depth = prefix.count(".") + 1 if prefix else 0
    children = sorted({".".join(m.split(".")[: depth + 1]) for m in below if m != prefix})
    # NOTE: a package's own __init__ is left out when its folder holds modules of others, since
    # import-linter cannot name a package without the modules below it.
    return [package for child in children for package in _cover(child, owner, owner_of)]


def _is_within(module: str, prefix: str) -> bool:
    return not prefix or module == prefix or module.startswith(prefix + ".")


def _groups(workspace: Workspace, settings: ContractSettings) -> tuple[tuple[str, ...], ...]:
    if settings.independence is not None:
        return settings.independence
    if workspace.layers and len(workspace.layers[0]) > 1:
        return (tuple(sorted(workspace.layers[0])),)
    return ()


def _qualify(package: str, module: str) -> str:
    """Accept a module id, or a name relative to the unit's folder."""
    if not package or module == package or module.startswith(package + "."):
        return module
    return f"{package}.{module}"


def _module_names(contract: Contract) -> list[str]:
    names = []
    for key in ("layers", "modules", "source_modules", "forbidden_modules", "ancestors"):
        value = contract.option(key)
        if isinstance(value, tuple):
            for item in value:
                names += [part.strip().strip("()") for part in item.replace("|", ":").split(":")]
    return [name for name in names if name]


def _independence(
    raw: Any, units: set[str], problems: list[str]
) -> tuple[tuple[str, ...], ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list):
        return None  # check_keys reported the wrong type
    groups = []
    for group in raw:
        names = _unit_list(group, "independence", units, problems)
        if len(names) < 2:
            problems.append(f"[contracts] independence group {group!r} needs two or more units")
            continue
        groups.append(names)
    return tuple(groups)


def _internals(raw: Any, units: set[str], problems: list[str]) -> Mapping[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        return {}
    internals = {}
    for unit, modules in raw.items():
        if unit not in units:
            problems.append(f"[contracts] internals names unknown unit {unit!r}")
            continue
        if not isinstance(modules, list) or not all(isinstance(m, str) for m in modules):
            problems.append(f"[contracts] internals.{unit} = {modules!r} must be a list of "
                            "module names")
            continue
        internals[unit] = tuple(modules)
    return internals


def _unit_list(raw: Any, key: str, units: set[str], problems: list[str]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(name, str) for name in raw):
        problems.append(f"[contracts] {key} entry {raw!r} must be a list of unit names")
        return ()
    problems += [
        f"[contracts] {key} names unknown unit {name!r}" for name in raw if name not in units
    ]
    return tuple(name for name in raw if name in units)
