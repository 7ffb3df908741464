"""import-linter: its TOML contract format, and its contract types run on modsplit's graph.

``read_contract_file`` and ``render_contract_file`` read and write import-linter's own format,
so ``lint-imports --config FILE`` reads a generated file as it is. ``ImportLinterEngine`` runs
import-linter's contract classes on a grimp graph built from modsplit's graph
(``modsplit.adapters.grimp``), where imports between roots are ordinary edges. lint-imports
builds its graph from one set of root packages, so it misses those imports, and it cannot see
modules below folders without ``__init__.py`` inside a package.
"""

from __future__ import annotations

import copy
import json
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import grimp
from importlinter.application.app_config import settings as importlinter_settings
from importlinter.domain.contract import Contract as ImportLinterContract
from importlinter.domain.contract import InvalidContractOptions

from modsplit.adapters.grimp import LineReader, build_import_graph
from modsplit.contracts.engine import EngineChain, EngineReport
from modsplit.contracts.model import (
    SUPPORTED_TYPES,
    BaselineEntry,
    Contract,
    ContractFile,
    OptionValue,
)
from modsplit.errors import ConfigError
from modsplit.graph.model import Graph

TABLE = "importlinter"

# Options of every contract that modsplit handles itself rather than passing them on.
BASELINE_OPTIONS = ("ignore_imports", "unmatched_ignore_imports_alerting")

# Option keys whose values are module expressions, per contract type.
MODULE_OPTIONS: Mapping[str, tuple[str, ...]] = {
    "layers": ("layers", "containers"),
    "independence": ("modules",),
    "forbidden": ("source_modules", "forbidden_modules"),
    "acyclic_siblings": ("ancestors", "skip_descendants"),
}


# Reading and writing the format
# ------------------------------


def read_contract_file(path: Path) -> ContractFile:
    """Read an import-linter TOML file, keeping each ignored import's line and comment."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as error:
        raise ConfigError([f"cannot be read: {error.strerror}"], source=str(path)) from None
    except UnicodeDecodeError as error:
        raise ConfigError([not_utf8(error)], source=str(path)) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([f"invalid TOML: {error}; fix the file, or regenerate it with "
                           "`modsplit contracts generate --write`"], source=str(path)) from None

    table = data.get("tool", {}).get(TABLE)
    if not isinstance(table, dict):
        raise ConfigError([f"has no [tool.{TABLE}] table; write contracts in import-linter's "
                           "TOML format"], source=str(path))
    problems: list[str] = []
    raw_contracts = table.get("contracts", [])
    if not isinstance(raw_contracts, list) or not raw_contracts:
        problems.append(f"has no [[tool.{TABLE}.contracts]]; add at least one contract")
        raw_contracts = []
    contracts = [_contract(raw, index, problems) for index, raw in enumerate(raw_contracts)]
    first_with: dict[str, Contract] = {}
    for contract in contracts:
        if contract.id and contract.id in first_with:
            problems.append(f"contracts {first_with[contract.id].name!r} and {contract.name!r} "
                            f"share the id {contract.id!r}; give each its own id")
        first_with.setdefault(contract.id, contract)
    if problems:
        raise ConfigError(problems, source=str(path))

    located = tuple(_locate_entries(contracts, text.splitlines()))
    session = tuple((key, _option(value)) for key, value in table.items() if key != "contracts")
    return ContractFile(path=path, contracts=located, header=_header(text), session=session)


def not_utf8(error: UnicodeDecodeError) -> str:
    """Return the message for a file that is not UTF-8, naming the first bad byte."""
    return (f"is not UTF-8 text (byte 0x{error.object[error.start]:02x} at offset "
            f"{error.start}); save it as UTF-8")


def render_contract_file(contract_file: ContractFile) -> str:
    """Return a contract file as import-linter TOML, the same text for the same contracts."""
    lines = [f"# {line}" for line in contract_file.header.splitlines()]
    lines += ["", f"[tool.{TABLE}]"]
    lines += [line for key, value in contract_file.session for line in _assignment(key, value)]
    for contract in contract_file.contracts:
        lines += ["", f"[[tool.{TABLE}.contracts]]"]
        if contract.id:
            lines += _assignment("id", contract.id)
        lines += _assignment("name", contract.name)
        lines += _assignment("type", contract.type)
        for key, value in contract.options:
            if not (contract.baseline and key == "unmatched_ignore_imports_alerting"):
                lines += _assignment(key, value)
        if contract.baseline:
            # lint-imports builds its own graph, where many of these imports do not exist;
            # modsplit reports entries that match nothing on its graph instead.
            lines += _assignment("unmatched_ignore_imports_alerting", "none")
            lines += ["ignore_imports = ["]
            lines += [_entry_line(entry) for entry in contract.baseline]
            lines += ["]"]
    return "\n".join(lines) + "\n"


def _contract(raw: Any, index: int, problems: list[str]) -> Contract:
    where = f"contract {index + 1}"
    if not isinstance(raw, dict):
        problems.append(f"{where} must be a table")
        return Contract(id="", name=where, type="")
    name = raw.get("name")
    kind = raw.get("type")
    if not isinstance(name, str) or not name:
        problems.append(f"{where} has no name; add name = \"...\"")
    else:
        given_id = raw.get("id")
        where = f"contract {given_id if isinstance(given_id, str) and given_id else name!r}"
    if "id" in raw and not isinstance(raw["id"], str):
        problems.append(f"{where} has id = {raw['id']!r}; write the id as a string, "
                        f"id = {json.dumps(str(raw['id']))}")
    if kind not in SUPPORTED_TYPES:
        problems.append(f"{where} has type {kind!r}; modsplit checks the types "
                        f"{', '.join(SUPPORTED_TYPES)}; check other types with lint-imports")
    entries = raw.get("ignore_imports", [])
    if isinstance(entries, str):
        entries = [entries]
    if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
        problems.append(f"{where} ignore_imports must be a list of import expressions")
        entries = []
    options = tuple(
        (key, _option(value))
        for key, value in raw.items()
        if key not in ("id", "name", "type", "ignore_imports")
    )
    return Contract(
        id=str(raw.get("id", "")),
        name=str(name or where),
        type=str(kind),
        options=options,
        baseline=tuple(BaselineEntry(entry) for entry in entries),
    )


def _locate_entries(contracts: Sequence[Contract], lines: Sequence[str]) -> Iterator[Contract]:
    """Find each baseline entry's line, searching forward so that repeats map in order.

    The search starts on the line of the previous entry, since a line may hold several entries;
    an entry found there already is looked for further on.
    """
    cursor = 0
    taken: set[tuple[int, str]] = set()
    for contract in contracts:
        entries = []
        for entry in contract.baseline:
            start = max(cursor - 1, 0)
            if (cursor, entry.expression) in taken:
                start = cursor
            number = _find_line(lines, entry.expression, start=start)
            if number:
                cursor = number
                taken.add((number, entry.expression))
            comment = lines[number - 1].partition("#")[2].strip() if number else ""
            entries.append(BaselineEntry(entry.expression, comment=comment, line=number))
        yield Contract(contract.id, contract.name, contract.type, contract.options, tuple(entries))


def _find_line(lines: Sequence[str], expression: str, *, start: int) -> int:
    quoted = (json.dumps(expression), f"'{expression}'")
    for index in range(start, len(lines)):
        if any(q in lines[index] for q in quoted):
            return index + 1
    return 0


def _header(text: str) -> str:
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].strip())
    return "\n".join(header)


def _option(value: Any) -> OptionValue:
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    if isinstance(value, bool | int):
        return value
    return str(value)


def _assignment(key: str, value: OptionValue) -> list[str]:
    if isinstance(value, tuple):
        return [f"{key} = [", *(f"    {_string(item)}," for item in value), "]"]
    if isinstance(value, bool):
        return [f"{key} = {'true' if value else 'false'}"]
    if isinstance(value, int):
        return [f"{key} = {value}"]
    return [f"{key} = {_string(value)}"]


def _entry_line(entry: BaselineEntry) -> str:
    comment = f"  # {entry.comment}" if entry.comment else ""
    return f"    {_string(entry.expression)},{comment}"


def _string(value: str) -> str:
    # JSON's string escapes are a subset of TOML's basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


# Running the contracts
# ---------------------


class ImportLinterEngine:
    """Runs import-linter's contract types on one grimp graph built from modsplit's graph."""

    def __init__(self, import_graph: grimp.ImportGraph) -> None:
        _configure_importlinter()
        self._graph = import_graph
        self._modules = import_graph.modules
        roots = sorted({name.split(".")[0] for name in self._modules})
        self._session: dict[str, Any] = {"root_packages": roots}

    @classmethod
    def for_file(
        cls, graph: Graph, contract_file: ContractFile, *, read_line: LineReader | None = None
    ) -> ImportLinterEngine:
        """Build the engine for a file's session options (type-checking and external imports)."""
        import_graph = build_import_graph(
            graph,
            exclude_type_checking=_is_true(contract_file.session_option("exclude_type_checking_imports")),
            include_external=_is_true(contract_file.session_option("include_external_packages")),
            read_line=read_line,
        )
        engine = cls(import_graph)
        if _is_true(contract_file.session_option("include_external_packages")):
            engine._session["include_external_packages"] = "True"
        return engine

    def check(self, contract: Contract, *, ignored: Sequence[str]) -> EngineReport:
        problems = self.validate(contract)
        if problems:
            return EngineReport(problems=tuple(problems))
        graph = copy.deepcopy(self._graph)
        unmatched, ignored_count, problems = _remove_ignored(graph, ignored)
        if problems:
            return EngineReport(problems=tuple(problems))

        try:
            instance = _contract_class(contract.type)(
                name=contract.name, session_options=self._session,
                contract_options=_contract_options(contract),
            )
            result = instance.check(graph, verbose=False)
        except InvalidContractOptions as error:
            return EngineReport(problems=tuple(
                f"option {key}: {message}" for key, message in sorted(error.errors.items())
            ))
        except ValueError as error:
            return EngineReport(problems=(str(error),))

        chains = tuple(sorted(set(_CHAIN_READERS[contract.type](result.metadata))))
        return EngineReport(chains=chains, unmatched=tuple(unmatched), ignored_count=ignored_count)

    def validate(self, contract: Contract) -> list[str]:
        """Return a problem for each module expression of the contract that matches no module."""
        if contract.type == "layers" and _is_true(contract.option("exhaustive")):
            # NOTE: exhaustive layers report undeclared modules without chains; not read yet.
            return ["exhaustive layers are not supported by modsplit yet; run lint-imports "
                    "for this contract"]
        problems = _shape_problems(contract)
        if problems:
            return problems
        containers = _strings(contract.option("containers"))
        for key in MODULE_OPTIONS.get(contract.type, ()):
            for expression in _expressions(key, _strings(contract.option(key))):
                if key == "layers" and containers:
                    names = [f"{container}.{expression}" for container in containers]
                else:
                    names = [expression]
                problems += [self._missing(key, name) for name in names if not self._matches(name)]
        return [problem for problem in problems if problem]

    def _matches(self, expression: str) -> bool:
        if "*" in expression:
            return bool(self._graph.find_matching_modules(expression))
        return expression in self._modules

    def _missing(self, key: str, expression: str) -> str:
        if "*" in expression:
            return f"{key}: {expression!r} matches no module of the graph; check the pattern"
        is_external = expression.split(".")[0] not in self._session["root_packages"]
        if key == "forbidden_modules" and is_external:
            return ""  # an external package: import-linter validates it
        return (f"{key}: module {expression!r} does not exist in the graph; module ids are "
                "file paths as dotted names (see `modsplit graph`)")


# The list options without which a contract checks nothing, and how many entries each needs.
_REQUIRED_LISTS: Mapping[str, tuple[tuple[str, int], ...]] = {
    "layers": (("layers", 2),),
    "independence": (("modules", 2),),
    "forbidden": (("source_modules", 1), ("forbidden_modules", 1)),
    "acyclic_siblings": (("ancestors", 1),),
}


def _shape_problems(contract: Contract) -> list[str]:
    # A contract with too few modules is kept by every graph: reject it rather than pass it.
    problems = []
    for key, least in _REQUIRED_LISTS.get(contract.type, ()):
        value = contract.option(key)
        if value is None:
            continue  # import-linter reports a missing required option itself
        if not isinstance(value, tuple):
            example = ' e.g. layers = ["high", "low"]' if key == "layers" else ""
            problems.append(f"{key}: must be a list of module names,{example}".rstrip(","))
        elif len(value) < least and not (key == "layers" and any("|" in v for v in value)):
            problems.append(_too_few(contract.type, key, len(value), least))
    return problems


def _too_few(kind: str, key: str, count: int, least: int) -> str:
    if least == 1:
        return f"{key}: is empty; name at least one module"
    if kind == "layers":
        noun = "layer" if count == 1 else "layers"
        return (f"{key}: lists {count} {noun}; a layers contract needs at least two, e.g. "
                'layers = ["high", "low"]')
    noun = "module" if count == 1 else "modules"
    return f"{key}: lists {count} {noun}; an {kind} contract needs at least two"


def _configure_importlinter() -> None:
    # Two contract types time their searches through this setting, which lint-imports sets
    # up in its own entry point.
    try:
        importlinter_settings.TIMER  # noqa: B018
    except KeyError:
        from importlinter.adapters.timing import SystemClockTimer

        importlinter_settings.configure(TIMER=SystemClockTimer())


def _contract_class(kind: str) -> type[ImportLinterContract]:
    if kind == "layers":
        from importlinter.contracts.layers import LayersContract

        return LayersContract
    if kind == "independence":
        from importlinter.contracts.independence import IndependenceContract

        return IndependenceContract
    if kind == "forbidden":
        from importlinter.contracts.forbidden import ForbiddenContract

        return ForbiddenContract
    from importlinter.contracts.acyclic_siblings import AcyclicSiblingsContract

    return AcyclicSiblingsContract


def _contract_options(contract: Contract) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for key, value in contract.options:
        if key in BASELINE_OPTIONS:
            continue
        if isinstance(value, tuple):
            options[key] = list(value)
        elif isinstance(value, bool):
            options[key] = str(value)  # as import-linter's TOML reader passes booleans
        else:
            options[key] = str(value)
    return options


def _remove_ignored(
    graph: grimp.ImportGraph, ignored: Iterable[str]
) -> tuple[list[str], int, list[str]]:
    unmatched: list[str] = []
    removed: set[tuple[str, str]] = set()
    problems: list[str] = []
    for expression in ignored:
        try:
            matches = graph.find_matching_direct_imports(import_expression=expression)
        except (ValueError, grimp.exceptions.InvalidImportExpression):
            problems.append(f"ignore_imports: invalid import expression {expression!r}; write "
                            "IMPORTER -> IMPORTED, e.g. 'a.b -> c.d'")
            continue
        if not matches:
            unmatched.append(expression)
        removed |= {(match["importer"], match["imported"]) for match in matches}
    for importer, imported in sorted(removed):
        graph.remove_import(importer=importer, imported=imported)
    return unmatched, len(removed), problems


def _layers_chains(metadata: Mapping[str, Any]) -> Iterator[EngineChain]:
    for dependency in metadata["invalid_dependencies"]:
        for route in dependency["routes"]:
            for modules in _detailed_chain_modules(route):
                yield EngineChain(dependency["importer"], dependency["imported"], modules)


def _independence_chains(metadata: Mapping[str, Any]) -> Iterator[EngineChain]:
    for item in metadata["invalid_chains"]:
        for detailed in item["chains"]:
            for modules in _detailed_chain_modules(detailed):
                yield EngineChain(item["downstream_module"], item["upstream_module"], modules)


def _forbidden_chains(metadata: Mapping[str, Any]) -> Iterator[EngineChain]:
    for item in metadata["invalid_chains"]:
        for links in item["chains"]:
            modules = (links[0]["importer"], *(link["imported"] for link in links))
            yield EngineChain(item["downstream_module"], item["upstream_module"], modules)


def _acyclic_chains(metadata: Mapping[str, Any]) -> Iterator[EngineChain]:
    for package, breakers in metadata["cycle_breakers_by_package"].items():
        depth = package.count(".") + 2
        for importer, imported in breakers:
            children = (_prefix(importer, depth), _prefix(imported, depth))
            yield EngineChain(*children, (importer, imported))


_CHAIN_READERS = {
    "layers": _layers_chains,
    "independence": _independence_chains,
    "forbidden": _forbidden_chains,
    "acyclic_siblings": _acyclic_chains,
}


def _detailed_chain_modules(detailed: Mapping[str, Any]) -> Iterator[tuple[str, ...]]:
    """Yield the main chain, then one chain per extra first import and per extra last import."""
    links = detailed["chain"]
    main = (links[0]["importer"], *(link["imported"] for link in links))
    yield main
    for link in detailed["extra_firsts"]:
        yield (link["importer"], *main[1:])
    for link in detailed["extra_lasts"]:
        yield (*main[:-1], link["imported"])


def _prefix(module: str, parts: int) -> str:
    return ".".join(module.split(".")[:parts])


def _expressions(key: str, values: Sequence[str]) -> Iterator[str]:
    for value in values:
        if key != "layers":
            yield value
            continue
        for part in value.replace("|", ":").split(":"):
            name = part.strip()
            if name and not (name.startswith("(") and name.endswith(")")):
                yield name


def _strings(value: OptionValue | None) -> list[str]:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, str):
        return [value]
    return []


def _is_true(value: OptionValue | None) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")
