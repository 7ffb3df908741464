"""import-linter's contract types run on modsplit's graph, and its TOML format."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modsplit.adapters.grimp import FileLineReader, build_import_graph
from modsplit.adapters.importlinter import (
    ImportLinterEngine,
    read_contract_file,
    render_contract_file,
)
from modsplit.contracts.baseline import prune_baseline, record_baseline, remove_entry_lines
from modsplit.contracts.check import check_contracts
from modsplit.contracts.engine import EngineChain
from modsplit.contracts.model import BaselineEntry, Contract, ContractFile, Hop, Violation
from modsplit.errors import ConfigError
from modsplit.graph.model import Graph, Import, ImportKind
from tests.contracts_fixtures import SERVICES, monorepo_graph
from tests.helpers import graph_from_arrows, make_tree

# Services in their own roots above a monolith; ids are file paths, so an import that crosses
# roots (api's `from framework import config` resolved into src/framework) is an ordinary edge.
ARROWS = [
    "src.services.api.src.routes.health -> src.framework.config",  # 1
    "src.services.data.src.store.db -> src.core.cache",  # 2
    "src.core.cache -> src.framework.config",  # 3
    "src.services.api.src.routes.risk -> src.services.data.src.store.db",  # 4
    "src.framework.config -> src.services.api.src.routes.health",  # 5
    "src.framework.middleware -> src.core.cache",  # 6
    "src.core.cache -> src.framework.middleware",  # 7
]


def engine_for(graph: Graph) -> ImportLinterEngine:
    return ImportLinterEngine(build_import_graph(graph))


def layers(*rows: str, baseline: tuple[str, ...] = ()) -> Contract:
    return Contract("layers", "Layers", "layers", (("layers", rows),),
                    tuple(BaselineEntry(entry) for entry in baseline))


def independence(*modules: str, baseline: tuple[str, ...] = ()) -> Contract:
    return Contract("independence", "Independent", "independence", (("modules", modules),),
                    tuple(BaselineEntry(entry) for entry in baseline))


def check(contract: Contract, arrows: list[str] = ARROWS) -> list[Violation]:
    graph = monorepo_graph(arrows, units=SERVICES)
    contract_file = ContractFile(Path("/repo/contracts/c.toml"), (contract,))
    result = check_contracts([contract_file], graph, lambda _: engine_for(graph),
                             relative_to="/repo")
    return list(result.violations)


def hop(importer: str, imported: str, line: int) -> Hop:
    return Hop(importer, imported, importer.replace(".", "/") + ".py", (line,))


# Contract types
# --------------


def test_layers_kept() -> None:
    assert check(layers("src.services.api", "src.core : src.framework"), ARROWS[:3]) == []


def test_layers_broken_names_every_hop() -> None:
    violations = check(layers("src.services", "src.core : src.framework"))

    assert violations == [Violation(
        "layers", "src.framework", "src.services",
        (hop("src.framework.config", "src.services.api.src.routes.health", 5),),
    )]


def test_layers_broken_through_chain_across_roots() -> None:
    # data -> core -> framework -> api: data (a lower layer here) reaches api through the
    # monolith, two roots away.
    violations = check(layers("src.services.api", "src.services.data"),
                       [ARROWS[1], ARROWS[2], ARROWS[4], "src.services.api.src.routes.health"])

    assert violations == [Violation(
        "layers", "src.services.data", "src.services.api",
        (
            hop("src.services.data.src.store.db", "src.core.cache", 1),
            hop("src.core.cache", "src.framework.config", 2),
            hop("src.framework.config", "src.services.api.src.routes.health", 3),
        ),
    )]


def test_independence_kept() -> None:
    assert check(independence("src.services.api", "src.services.data"), ARROWS[:3]) == []


def test_independence_broken_direct_import() -> None:
    violations = check(independence("src.services.api", "src.services.data"), ARROWS[:4])

    assert violations == [Violation(
        "independence", "src.services.api", "src.services.data",
        (hop("src.services.api.src.routes.risk", "src.services.data.src.store.db", 4),),
    )]


def test_forbidden_kept_and_broken() -> None:
    kept = Contract("f", "F", "forbidden", (("source_modules", ("src.services.data",)),
                                             ("forbidden_modules", ("src.services.api",))))
    broken = Contract("f", "F", "forbidden", (("source_modules", ("src.services.api",)),
                                               ("forbidden_modules", ("src.core",))))

    assert check(kept, ARROWS[:4]) == []
    assert check(broken, ARROWS[:4]) == [Violation(
        "f", "src.services.api", "src.core",
        (
            hop("src.services.api.src.routes.risk", "src.services.data.src.store.db", 4),
            hop("src.services.data.src.store.db", "src.core.cache", 2),
        ),
    )]


def test_acyclic_siblings_kept_and_broken() -> None:
    contract = Contract("a", "A", "acyclic_siblings", (("ancestors", ("src",)),))

    assert check(contract, ARROWS[:3]) == []
    assert check(contract, ARROWS[5:]) == [Violation(
        "a", "src.framework", "src.core", (hop("src.framework.middleware", "src.core.cache", 1),),
    )]


def test_type_checking_imports_left_out_on_request() -> None:
    graph = graph_from_arrows(["a.x -> b.y [type_checking]", "a.z -> b.w"])

    import_graph = build_import_graph(graph, exclude_type_checking=True)

    assert import_graph.find_modules_directly_imported_by("a.x") == set()
    assert import_graph.find_modules_directly_imported_by("a.z") == {"b.w"}


def test_grimp_graph_has_line_numbers_and_contents(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a/x.py": "import os\nfrom b import y  # here\n"})
    graph = graph_from_arrows(["a.x -> b.y"], directory=tmp_path)
    graph = Graph(graph.workspace, graph.modules, (Import("a.x", "b.y", 2, ImportKind.MODULE),))

    import_graph = build_import_graph(graph, read_line=FileLineReader(tmp_path))

    [details] = import_graph.get_import_details(importer="a.x", imported="b.y")
    assert details["line_number"] == 2
    assert details["line_contents"] == "from b import y  # here"


def test_folders_become_modules_of_grimp_graph() -> None:
    graph = graph_from_arrows(["src.services.api.src.main -> src.core"])

    assert "src.services.api" in build_import_graph(graph).modules


# Baselines
# ---------


def test_baseline_keeps_contract() -> None:
    contract = independence("src.services.api", "src.services.data",
                            baseline=("src.services.api.src.routes.risk -> "
                                      "src.services.data.src.store.db",))

    assert check(contract, ARROWS[:4]) == []


def test_record_baseline_cuts_every_chain() -> None:
    graph = monorepo_graph(ARROWS, units=SERVICES)
    contract_file = ContractFile(Path("c.toml"), (layers("src.services", "src.framework"),))

    recorded = record_baseline(contract_file, graph, engine_for(graph))

    assert recorded.contracts[0].baseline == (
        BaselineEntry("src.framework.config -> src.services.api.src.routes.health",
                      comment="src/framework/config.py:5"),
    )
    result = check_contracts([recorded], graph, lambda _: engine_for(graph))
    assert result.violations == ()


def test_record_baseline_repeats_until_kept() -> None:
    # Two chains from a to c share their first import; ignoring it is not enough when a second
    # route (a.x -> b.y -> c.z) stays.
    arrows = ["a.x -> c.z", "a.x -> b.y", "b.y -> c.z", "a.w -> c.z"]
    graph = monorepo_graph(arrows, units={"a": "a", "b": "b", "c": "c"})
    contract_file = ContractFile(Path("c.toml"), (independence("a", "c"),))

    recorded = record_baseline(contract_file, graph, engine_for(graph))

    assert [e.expression for e in recorded.contracts[0].baseline] == [
        "a.w -> c.z", "a.x -> b.y", "a.x -> c.z",
    ]
    assert check_contracts([recorded], graph, lambda _: engine_for(graph)).violations == ()


def test_stale_entry_reported_with_line() -> None:
    graph = monorepo_graph(ARROWS[:3], units=SERVICES)
    contract = Contract("independence", "I", "independence",
                        (("modules", ("src.services.api", "src.services.data")),),
                        (BaselineEntry("src.services.api.x -> src.services.data.y", line=12),))
    contract_file = ContractFile(Path("/repo/contracts/c.toml"), (contract,))

    result = check_contracts([contract_file], graph, lambda _: engine_for(graph),
                             relative_to="/repo")

    assert [(s.path, s.line, s.expression) for s in result.stale] == [
        ("contracts/c.toml", 12, "src.services.api.x -> src.services.data.y"),
    ]
    assert result.has_findings


def test_prune_drops_stale_and_unneeded_entries() -> None:
    graph = monorepo_graph(ARROWS[:4], units=SERVICES)
    needed = "src.services.api.src.routes.risk -> src.services.data.src.store.db"
    unneeded = "src.services.api.src.routes.health -> src.framework.config"
    gone = "src.services.api.src.x -> src.services.data.src.y"
    contract = independence("src.services.api", "src.services.data",
                            baseline=(needed, unneeded, gone))
    contract = Contract(contract.id, contract.name, contract.type, contract.options,
                        tuple(BaselineEntry(e.expression, line=n)
                              for n, e in enumerate(contract.baseline, start=10)))

    pruned = prune_baseline(ContractFile(Path("c.toml"), (contract,)), engine_for(graph),
                            shown_path="c.toml")

    assert [e.expression for e in pruned.file.contracts[0].baseline] == [needed]
    assert [(r.line, r.expression) for r in pruned.removed] == [(11, unneeded), (12, gone)]


def test_remove_entry_lines_keeps_everything_else() -> None:
    text = 'a = [\n    "x -> y",  # x.py:1\n    "z -> w",\n]\n'
    from modsplit.contracts.model import StaleEntry

    assert remove_entry_lines(text, [StaleEntry("c", "f.toml", 2, "x -> y")]) == (
        'a = [\n    "z -> w",\n]\n'
    )


# Configuration errors
# --------------------


@pytest.mark.parametrize(("contract", "problem"), [
    (independence("src.services.api", "src.services.web"),
     "modules: module 'src.services.web' does not exist in the graph; module ids are file "
     "paths as dotted names (see `modsplit graph`)"),
    (independence("src.services.api", "src.nothing.*"),
     "modules: 'src.nothing.*' matches no module of the graph; check the pattern"),
    (layers("src.services.api", "src.kernel"),
     "layers: module 'src.kernel' does not exist in the graph; module ids are file paths as "
     "dotted names (see `modsplit graph`)"),
    (Contract("f", "F", "forbidden", (("source_modules", ("src.core",)),)),
     "option forbidden_modules: This is a required field."),
    (Contract("l", "L", "layers", (("layers", ("src.core", "src.framework")),
                                   ("exhaustiv", True))),
     "option exhaustiv: Unrecognized option. Did you mean 'exhaustive'?"),
    (Contract("l", "L", "layers", (("layers", ()),)),
     "layers: lists 0 layers; a layers contract needs at least two, e.g. "
     "layers = [\"high\", \"low\"]"),
    (layers("src.core"),
     "layers: lists 1 layer; a layers contract needs at least two, e.g. "
     "layers = [\"high\", \"low\"]"),
    (Contract("l", "L", "layers", (("layers", "src.core"),)),
     "layers: must be a list of module names, e.g. layers = [\"high\", \"low\"]"),
    (independence("src.core"),
     "modules: lists 1 module; an independence contract needs at least two"),
    (Contract("i", "I", "independence", (("modules", ()),)),
     "modules: lists 0 modules; an independence contract needs at least two"),
    (Contract("f", "F", "forbidden", (("source_modules", ("src.core",)),
                                      ("forbidden_modules", ()))),
     "forbidden_modules: is empty; name at least one module"),
    (Contract("a", "A", "acyclic_siblings", (("ancestors", ()),)),
     "ancestors: is empty; name at least one module"),
    (independence("src.core", "src.framework", baseline=("garbage",)),
     "ignore_imports: invalid import expression 'garbage'; write IMPORTER -> IMPORTED, "
     "e.g. 'a.b -> c.d'"),
])
def test_contract_configuration_errors(contract: Contract, problem: str) -> None:
    graph = monorepo_graph(ARROWS, units=SERVICES)
    contract_file = ContractFile(Path("/repo/contracts/c.toml"), (contract,))

    with pytest.raises(ConfigError) as raised:
        check_contracts([contract_file], graph, lambda _: engine_for(graph), relative_to="/repo")

    assert raised.value.problems == [f"contracts/c.toml: contract {contract.label!r}: {problem}"]


def test_optional_layer_may_be_missing() -> None:
    assert check(layers("src.services.api", "(src.kernel)", "src.framework"), ARROWS[:1]) == []


# The TOML format
# ---------------


CONTRACT_TEXT = '''\
# Generated by a test.
# Second line.

[tool.importlinter]
root_packages = [
    "src",
]
exclude_type_checking_imports = true

[[tool.importlinter.contracts]]
id = "independence"
name = "Independent units: api, data"
type = "independence"
modules = [
    "src.services.api",
    "src.services.data",
]
unmatched_ignore_imports_alerting = "none"
ignore_imports = [
    "src.services.api.a -> src.services.data.b",  # src/services/api/a.py:3, 9
]
'''


def test_render_contract_file_exact() -> None:
    contract_file = ContractFile(
        path=Path("c.toml"),
        header="Generated by a test.\nSecond line.",
        session=(("root_packages", ("src",)), ("exclude_type_checking_imports", True)),
        contracts=(Contract(
            "independence", "Independent units: api, data", "independence",
            (("modules", ("src.services.api", "src.services.data")),),
            (BaselineEntry("src.services.api.a -> src.services.data.b",
                           comment="src/services/api/a.py:3, 9"),),
        ),),
    )

    assert render_contract_file(contract_file) == CONTRACT_TEXT


def test_read_contract_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(CONTRACT_TEXT, encoding="utf-8")

    contract_file = read_contract_file(path)

    entry = contract_file.contracts[0].baseline[0]
    assert (entry.line, entry.comment) == (20, "src/services/api/a.py:3, 9")
    assert contract_file.header == "Generated by a test.\nSecond line."
    assert render_contract_file(contract_file) == CONTRACT_TEXT


def test_read_contract_file_finds_two_entries_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(CONTRACT_TEXT.replace(
        '"src.services.api.a -> src.services.data.b",',
        '"a.x -> b.y", "a.z -> b.y",\n    "a.x -> b.y",'))

    entries = read_contract_file(path).contracts[0].baseline

    assert [(e.expression, e.line) for e in entries] == [
        ("a.x -> b.y", 20), ("a.z -> b.y", 20), ("a.x -> b.y", 21)]


@pytest.mark.parametrize(("text", "problem"), [
    ("[tool.other]\n", "has no [tool.importlinter] table; write contracts in import-linter's "
                       "TOML format"),
    ("[tool.importlinter]\nroot_packages = ['a']\n",
     "has no [[tool.importlinter.contracts]]; add at least one contract"),
    ("[tool.importlinter]\n[[tool.importlinter.contracts]]\nname = 'x'\ntype = 'protected'\n",
     "contract 'x' has type 'protected'; modsplit checks the types layers, independence, "
     "forbidden, acyclic_siblings; check other types with lint-imports"),
    ("[tool.importlinter]\n[[tool.importlinter.contracts]]\nid = 5\nname = 'x'\n"
     "type = 'layers'\nlayers = ['a', 'b']\n",
     "contract 'x' has id = 5; write the id as a string, id = \"5\""),
    ("[tool.importlinter]\n[[tool.importlinter.contracts]]\nid = 'l'\nname = 'x'\n"
     "type = 'layers'\nlayers = ['a', 'b']\n[[tool.importlinter.contracts]]\nid = 'l'\n"
     "name = 'y'\ntype = 'layers'\nlayers = ['a', 'b']\n",
     "contracts 'x' and 'y' share the id 'l'; give each its own id"),
    ("[tool.importlinter\n", "invalid TOML: Expected ']' at the end of a table declaration "
                             "(at line 1, column 19); fix the file, or regenerate it with "
                             "`modsplit contracts generate --write`"),
    ("# caf\xe9\n", "is not UTF-8 text (byte 0xe9 at offset 5); save it as UTF-8"),
])
def test_read_contract_file_errors(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(text.encode("latin-1"))

    with pytest.raises(ConfigError) as raised:
        read_contract_file(path)

    assert raised.value.problems == [problem]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("lint-imports") is None, reason="lint-imports not installed")
def test_lint_imports_runs_generated_file(tmp_path: Path) -> None:
    # On a tree of regular packages, lint-imports reads the same file and finds the same chain.
    make_tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/api/__init__.py": "",
        "pkg/api/views.py": "from pkg.data import store\n",
        "pkg/data/__init__.py": "",
        "pkg/data/store.py": "",
    })
    contract_file = ContractFile(
        path=tmp_path / "c.toml", header="test",
        session=(("root_packages", ("pkg",)),),
        contracts=(independence("pkg.api", "pkg.data"),),
    )
    (tmp_path / "c.toml").write_text(render_contract_file(contract_file), encoding="utf-8")
    graph = graph_from_arrows(["pkg.api.views -> pkg.data.store", "pkg.api", "pkg.data"],
                              directory=tmp_path)

    ours = check_contracts([read_contract_file(tmp_path / "c.toml")], graph,
                           lambda _: engine_for(graph))
    theirs = subprocess.run(
        [shutil.which("lint-imports") or "lint-imports", "--no-cache", "c.toml"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
        env={"PYTHONPATH": str(tmp_path), "PATH": str(Path(sys.executable).parent)},
    )

    assert [v.hops[0].importer for v in ours.violations] == ["pkg.api.views"]
    assert theirs.returncode == 1
    assert "pkg.api.views -> pkg.data.store (l.1)" in theirs.stdout


def test_engine_chain_keeps_contract_endpoints() -> None:
    graph = monorepo_graph(ARROWS[:4], units=SERVICES)

    report = engine_for(graph).check(independence("src.services.api", "src.services.data"),
                                     ignored=[])

    assert report.chains == (EngineChain(
        "src.services.api", "src.services.data",
        ("src.services.api.src.routes.risk", "src.services.data.src.store.db"),
    ),)
