"""Metric functions of propose against values computed by hand on tiny graphs."""

from __future__ import annotations

import pytest

from modsplit.propose import metrics

# a1 -> a2 -> a3 inside A, b1 -> b2 inside B, a1 -> b1 and b2 -> a3 across.
PAIRS = [("a1", "a2"), ("a2", "a3"), ("b1", "b2"), ("a1", "b1"), ("b2", "a3")]
LAYOUT = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B"}


def test_turbomq_sums_cluster_factors() -> None:
    # A: 2*2 / (2*2 + 2) = 2/3; B: 2*1 / (2*1 + 2) = 1/2.
    assert metrics.turbomq(PAIRS, LAYOUT) == pytest.approx(2 / 3 + 1 / 2)


def test_turbomq_package_without_inner_imports_scores_zero() -> None:
    layout = {"a1": "A", "a2": "B", "a3": "C", "b1": "D", "b2": "E"}
    assert metrics.turbomq(PAIRS, layout) == 0


def test_modularity_directed_by_hand() -> None:
    # m = 5. A: 2/5 - 3*3/25 = 0.04. B: 1/5 - 2*2/25 = 0.04.
    assert metrics.modularity(PAIRS, LAYOUT) == pytest.approx(0.08)


def test_modularity_of_graph_without_imports_is_zero() -> None:
    assert metrics.modularity([], {"a": "A"}) == 0.0


def test_crossing_pairs_sorted() -> None:
    assert metrics.crossing_pairs(PAIRS, LAYOUT) == [("a1", "b1"), ("b2", "a3")]


def test_package_cycles_found() -> None:
    assert metrics.package_cycles(PAIRS, LAYOUT) == [("A", "B")]


def test_package_cycles_none_when_one_direction() -> None:
    pairs = [p for p in PAIRS if p != ("b2", "a3")]
    assert metrics.package_cycles(pairs, LAYOUT) == []


def test_instability_counts_modules() -> None:
    # A: Ce = {a1}, Ca = {b2}; B: Ce = {b2}, Ca = {a1}; C imports nothing and nothing imports it.
    layout = {**LAYOUT, "c": "C"}
    assert metrics.instability(PAIRS, layout) == {"A": 0.5, "B": 0.5, "C": None}


def test_instability_of_pure_importer_is_one() -> None:
    layout = {"a1": "A", "a2": "B", "a3": "B", "b1": "B", "b2": "B"}
    result = metrics.instability(PAIRS, layout)
    assert result["A"] == 1.0
    assert result["B"] == 0.0


def test_sizes_min_median_max() -> None:
    assert metrics.sizes(LAYOUT) == (2, 2.5, 3)


def test_mojo_one_move() -> None:
    source = {"1": "x", "2": "x", "3": "x", "4": "y", "5": "y"}
    target = {"1": "p", "2": "p", "3": "q", "4": "q", "5": "q"}
    assert metrics.mojo(source, target) == 1


def test_mojo_joins_singletons() -> None:
    source = {"1": "a", "2": "b", "3": "c"}
    target = {"1": "x", "2": "x", "3": "x"}
    assert metrics.mojo(source, target) == 2


def test_mojo_tie_uses_matching_for_groups() -> None:
    # x ties between p and q, y only fits p: the matching gives x to q, so no join is needed.
    source = {"1": "x", "2": "x", "3": "y", "4": "y"}
    target = {"1": "p", "2": "q", "3": "p", "4": "p"}
    assert metrics.mojo(source, target) == 1


def test_mojo_equal_layouts_is_zero() -> None:
    assert metrics.mojo(LAYOUT, LAYOUT) == 0


def test_mojofm_by_hand() -> None:
    # MoJo = 1; worst distance to the reference (sizes 2 and 3) is 5 - 2 = 3.
    source = {"1": "x", "2": "x", "3": "x", "4": "y", "5": "y"}
    reference = {"1": "p", "2": "p", "3": "q", "4": "q", "5": "q"}
    assert metrics.mojofm(source, reference) == pytest.approx(100 * (1 - 1 / 3))


def test_mojofm_worst_partition_scores_zero() -> None:
    source = {"1": "a", "2": "b", "3": "c"}
    reference = {"1": "x", "2": "x", "3": "x"}
    assert metrics.mojofm(source, reference) == 0.0


def test_mojofm_equal_layouts_is_hundred() -> None:
    assert metrics.mojofm(LAYOUT, LAYOUT) == 100.0
