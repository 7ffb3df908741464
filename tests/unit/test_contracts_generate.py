"""Generating contracts from units and layers, from settings, and from boundaries."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from modsplit.contracts.boundaries import Boundaries, owner_of, read_boundaries
from modsplit.contracts.generate import (
    contracts_from_boundaries,
    contracts_from_workspace,
    read_settings,
    unit_packages,
)
from modsplit.contracts.model import Contract
from modsplit.errors import ConfigError
from tests.contracts_fixtures import SERVICE_LAYERS, SERVICES, monorepo_graph
from tests.helpers import make_tree

ARROWS = [
    "src.services.api.src.app.main -> src.framework.config",
    "src.services.data.src.store.db -> src.core.cache",
    "src.core.cache -> src.framework.config",
    "src.framework.config -> src.core.cache",
    "src.services.api.src.app",
    "src",
]


def generate(graph_arrows=ARROWS, *, layers=SERVICE_LAYERS, settings=None) -> list[Contract]:
    graph = monorepo_graph(graph_arrows, units=SERVICES, layers=layers, settings=settings)
    workspace = graph.workspace
    contract_file = contracts_from_workspace(
        workspace, read_settings(workspace), graph, path=Path("/repo/contracts/x.toml"),
        header="made by a test",
    )
    return list(contract_file.contracts)


def test_unit_packages_split_a_unit_that_holds_others() -> None:
    graph = monorepo_graph(ARROWS, units=SERVICES)

    packages = unit_packages(graph.workspace, graph)

    assert packages["api"] == ("src.services.api",)
    assert packages["data"] == ("src.services.data",)
    assert packages["monolith"] == ("src.core", "src.framework")


def test_unit_packages_leave_out_a_unit_without_modules() -> None:
    graph = monorepo_graph(ARROWS, units={**SERVICES, "src/services/web": "web"})

    assert unit_packages(graph.workspace, graph)["web"] == ()


def test_layers_contract_puts_top_layer_first() -> None:
    contracts = generate()

    layers = contracts[0]
    assert layers.type == "layers"
    assert layers.name == "Layers: api, data above monolith"
    assert layers.option("layers") == (
        "src.services.api : src.services.data",
        "src.core : src.framework",
    )


def test_independence_contract_defaults_to_top_layer() -> None:
    contracts = generate()

    independence = contracts[1]
    assert independence.id == "independence"
    assert independence.type == "independence"
    assert independence.option("modules") == ("src.services.api", "src.services.data")


def test_acyclic_contract_defaults_to_bottom_layer() -> None:
    contracts = generate()

    acyclic = contracts[2]
    assert acyclic.id == "acyclic-monolith"
    assert acyclic.type == "acyclic_siblings"
    assert acyclic.option("ancestors") == ("src",)
    assert len(contracts) == 3


def test_settings_replace_defaults() -> None:
    contracts = generate(settings={"contracts": {"independence": [], "acyclic": []}})

    assert [c.type for c in contracts] == ["layers"]


def test_independence_of_multi_package_unit_uses_forbidden() -> None:
    contracts = generate(settings={"contracts": {"independence": [["api", "monolith"]]}})

    forbidden = [c for c in contracts if c.type == "forbidden"]
    assert [c.id for c in forbidden] == ["independence-api", "independence-monolith"]
    assert forbidden[0].option("source_modules") == ("src.services.api",)
    assert forbidden[0].option("forbidden_modules") == ("src.core", "src.framework")
    assert forbidden[1].option("source_modules") == ("src.core", "src.framework")


def test_internals_become_forbidden_contract() -> None:
    contracts = generate(settings={"contracts": {"internals": {"api": ["src.app.main"]},
                                                 "acyclic": []}})

    internals = contracts[-1]
    assert internals.id == "internals-api"
    assert internals.type == "forbidden"
    assert internals.option("forbidden_modules") == ("src.services.api.src.app.main",)
    assert internals.option("source_modules") == (
        "src.core", "src.framework", "src.services.data",
    )


def test_acyclic_setting_adds_acyclic_siblings() -> None:
    contracts = generate(settings={"contracts": {"acyclic": ["api", "data"]}})

    acyclic = contracts[-2:]
    assert [c.type for c in acyclic] == ["acyclic_siblings", "acyclic_siblings"]
    assert [c.option("ancestors") for c in acyclic] == [
        ("src.services.api",), ("src.services.data",),
    ]


def test_no_layers_contract_with_one_layer() -> None:
    contracts = generate(layers=(("api", "data", "monolith"),))

    assert [c.type for c in contracts] == ["forbidden", "forbidden", "forbidden"]
    assert [c.id for c in contracts] == [
        "independence-api", "independence-data", "independence-monolith",
    ]


def test_settings_report_every_problem() -> None:
    graph = monorepo_graph(ARROWS, units=SERVICES, settings={"contracts": {
        "independence": [["api"], ["api", "nope"]],
        "acyclic": ["ghost"],
        "internals": {"phantom": ["x"]},
        "colour": "blue",
    }})

    with pytest.raises(ConfigError) as raised:
        read_settings(graph.workspace)

    assert raised.value.problems == [
        "[contracts] unknown key 'colour'; known keys: acyclic, exclude_type_checking_imports, "
        "file, independence, internals, output",
        "[contracts] independence group ['api'] needs two or more units",
        "[contracts] independence names unknown unit 'nope'",
        "[contracts] independence group ['api', 'nope'] needs two or more units",
        "[contracts] internals names unknown unit 'phantom'",
        "[contracts] acyclic names unknown unit 'ghost'",
    ]


def test_session_lists_root_packages_of_contracts() -> None:
    graph = monorepo_graph(ARROWS, units=SERVICES, layers=SERVICE_LAYERS,
                           settings={"contracts": {"exclude_type_checking_imports": True}})
    contract_file = contracts_from_workspace(
        graph.workspace, read_settings(graph.workspace), graph, path=Path("x.toml"), header="",
    )

    assert contract_file.session == (
        ("root_packages", ("src",)),
        ("exclude_type_checking_imports", True),
    )


def test_file_name_follows_configuration_name() -> None:
    graph = monorepo_graph(ARROWS, units=SERVICES)
    workspace = dataclasses.replace(graph.workspace, config_path=Path("/x/config/fks_main.toml"))

    assert read_settings(workspace).file == "fks_main.toml"
    assert read_settings(dataclasses.replace(workspace, config_path=None)).file == "modsplit.toml"


# Boundaries
# ----------

BOUNDARIES_TEXT = """
    schema = "modsplit.boundaries/1"
    layers = [["api.routes", "data"], ["kernel"]]

    [packages."api.routes"]
    layer = 1
    modules = ["src.services.api.src.app.**"]

    [packages.data]
    layer = 1
    modules = ["src.services.data.**"]

    [packages.kernel]
    layer = 0
    modules = ["src.core.**", "src.framework.**", "src"]
"""


def test_boundaries_become_layers_and_independence(tmp_path: Path) -> None:
    make_tree(tmp_path, {"config/boundaries.toml": BOUNDARIES_TEXT})
    boundaries = read_boundaries(tmp_path / "config" / "boundaries.toml")
    graph = monorepo_graph(ARROWS, units=SERVICES)

    contract_file = contracts_from_boundaries(
        graph.workspace, read_settings(graph.workspace), graph, boundaries,
        path=Path("x.toml"), header="",
    )

    layers, independence = contract_file.contracts
    assert layers.option("layers") == (
        "src.services.api.src.app : src.services.data",
        "src.core : src.framework",
    )
    assert independence.name == "Independent packages: api.routes, data"
    assert independence.option("modules") == ("src.services.api.src.app", "src.services.data")


def test_boundaries_most_specific_pattern_wins() -> None:
    boundaries = Boundaries(
        layers=(("a",), ("b",)),
        packages={"a": ("src.core.**",), "b": ("src.core.cache", "src.**")},
    )

    assert owner_of("src.core.cache", boundaries) == "b"
    assert owner_of("src.core.other", boundaries) == "a"
    assert owner_of("src.framework", boundaries) == "b"
    assert owner_of("tests.x", boundaries) is None


def test_boundaries_problems_reported_together(tmp_path: Path) -> None:
    make_tree(tmp_path, {"b.toml": """
        schema = "other/2"
        layers = [["a", "ghost"]]

        [packages.a]
        modules = ["x.**"]

        [packages.b]
        modules = "x"
    """})

    with pytest.raises(ConfigError) as raised:
        read_boundaries(tmp_path / "b.toml")

    assert raised.value.problems == [
        "schema = 'other/2'; expected 'modsplit.boundaries/1'",
        "[packages.'b'] modules must be a list of module patterns",
        "layers names unknown package 'ghost'",
    ]


def test_boundaries_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "b.toml"
    path.write_bytes(b"# caf\xe9\n")

    with pytest.raises(ConfigError) as raised:
        read_boundaries(path)

    assert raised.value.problems == ["is not UTF-8 text (byte 0xe9 at offset 5); save it as UTF-8"]


def boundaries_problems(tmp_path: Path, text: str) -> list[str]:
    make_tree(tmp_path, {"b.toml": text})
    with pytest.raises(ConfigError) as raised:
        read_boundaries(tmp_path / "b.toml")
    return raised.value.problems


def test_boundaries_reject_patterns_outside_the_format(tmp_path: Path) -> None:
    text = BOUNDARIES_TEXT.replace('"src.services.data.**"', '"src.services.*.src", "a..b"')
    assert boundaries_problems(tmp_path, text) == [
        "[packages.'data'] pattern 'src.services.*.src' is not a module id or ID.**; "
        "wildcards other than a final .** are not allowed",
        "[packages.'data'] pattern 'a..b' is not a module id or ID.**; "
        "wildcards other than a final .** are not allowed",
    ]


def test_boundaries_reject_package_in_two_layers(tmp_path: Path) -> None:
    text = BOUNDARIES_TEXT.replace('["kernel"]]', '["kernel", "data"]]')
    assert boundaries_problems(tmp_path, text) == [
        "package 'data' is in layers 1 and 0; keep it in one",
    ]


def test_boundaries_reject_layer_number_against_layers(tmp_path: Path) -> None:
    text = BOUNDARIES_TEXT.replace("layer = 1\n    modules = [\"src.services.data",
                                   "layer = 0\n    modules = [\"src.services.data")
    assert boundaries_problems(tmp_path, text) == [
        "[packages.'data'] layer = 0, but the layers list puts it in layer 1 (the top layer is "
        "1); make the two agree",
    ]


def test_boundaries_patterns_must_match_the_graph(tmp_path: Path) -> None:
    text = BOUNDARIES_TEXT.replace('"src.services.data.**"', '"src.services.dta.**"')
    make_tree(tmp_path, {"b.toml": text})
    boundaries = read_boundaries(tmp_path / "b.toml")
    graph = monorepo_graph(ARROWS, units=SERVICES)

    with pytest.raises(ConfigError) as raised:
        contracts_from_boundaries(graph.workspace, read_settings(graph.workspace), graph,
                                  boundaries, path=Path("x.toml"), header="")

    assert raised.value.source == str(tmp_path / "b.toml")
    assert raised.value.problems == [
        "[packages.'data'] pattern 'src.services.dta.**' matches no module of the graph; "
        "module ids are file paths as dotted names (see `modsplit graph`)",
        "1 module matches no pattern: src.services.data.src.store.db; add it to a package",
    ]
