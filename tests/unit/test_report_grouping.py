"""Grouping modules into units and top-level packages, ranking them by layer, and matrices."""

from __future__ import annotations

import pytest

from modsplit.report.grouping import group_by_top_package, group_by_unit, layer_order, layers
from modsplit.report.model import Dsm, Note
from modsplit.report.sections import structure
from tests.helpers import graph_from_arrows


def test_unit_graph_counts_crossing_imports() -> None:
    graph = graph_from_arrows(
        ["app.main -> core.db", "app.main -> core.cfg", "core.db -> core.cfg"])

    units = group_by_unit(graph)

    assert units.names == ("app", "core")
    assert dict(units.sizes) == {"app": 1, "core": 2}
    assert {pair: len(edges) for pair, edges in units.imports.items()} == {("app", "core"): 2}
    assert units.components == ()


def test_unit_graph_finds_cycle_members() -> None:
    graph = graph_from_arrows(["a.x -> b.y", "b.y -> a.z", "c.q -> a.x"])

    units = group_by_unit(graph)

    assert units.components == (frozenset({"a", "b"}),)
    assert units.is_cycle_edge("a", "b")
    assert not units.is_cycle_edge("c", "a")
    assert units.in_cycle("b")
    assert not units.in_cycle("c")


def test_unit_graph_leaves_out_type_checking_imports() -> None:
    graph = graph_from_arrows(["a.x -> b.y", "b.y -> a.z [type_checking]"])

    units = group_by_unit(graph)

    assert list(units.imports) == [("a", "b")]
    assert units.components == ()


def test_layers_count_longest_chain_down() -> None:
    graph = graph_from_arrows(["top.m -> mid.m", "mid.m -> base.m", "top.m -> base.m", "lone.m"])

    ranks = layers(group_by_unit(graph))

    assert ranks == {"base": 0, "lone": 0, "mid": 1, "top": 2}


def test_layer_order_keeps_cycle_members_together() -> None:
    graph = graph_from_arrows(["app.m -> b.m", "b.m -> d.m", "d.m -> b.m", "app.m -> c.m"])

    order = layer_order(group_by_unit(graph))

    assert order == ["app", "b", "d", "c"]


def test_packages_are_named_by_unit_and_top_name() -> None:
    graph = graph_from_arrows(["svc.api.routes -> svc.core.db", "svc.core.db -> lib.text"],
                              units={"svc": "service", "lib": "shared"})

    packages = group_by_top_package(graph)

    assert packages.names == ("service:svc", "shared:lib")


def test_matrix_over_size_limit_becomes_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(structure, "MAX_MATRIX_SIZE", 2)
    graph = graph_from_arrows(["a.m -> b.m", "b.m -> c.m"])

    section = structure.dsm_section(graph)

    notes = [part.text for part in section.parts if isinstance(part, Note)]
    assert notes[1] == ("Units: 3 rows are too many to draw (the limit is 2); the cycles "
                        "section lists their cycles.")
    assert not any(isinstance(part, Dsm) for part in section.parts)
