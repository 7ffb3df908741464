"""What-if evaluation of hand-made plans."""

from __future__ import annotations

import pytest

from modsplit.propose import evaluate_plan
from modsplit.propose.render import render_what_if_text
from tests.helpers import graph_from_arrows

ARROWS = ["a.x -> a.y", "a.y -> b.z", "b.w -> b.z"]


def test_move_that_creates_cycle_is_reported() -> None:
    graph = graph_from_arrows(ARROWS)
    result = evaluate_plan(graph, [("b.w", "a")])
    assert result.creates_cycles is False
    result = evaluate_plan(graph, [("a.x", "b")])
    assert result.creates_cycles is True
    assert result.effects[0].new_cycles == (("a", "b"),)
    assert result.cycles == (("a", "b"),)


def test_move_reports_new_crossing_and_changes() -> None:
    graph = graph_from_arrows(ARROWS)
    effect = evaluate_plan(graph, [("a.x", "b")]).effects[0]
    assert effect.new_crossing == (("a.x", "a.y"),)
    assert effect.crossing_imports_change == 1
    # Before: a has mu=1, eps=1 -> 2/3, and b has mu=1, eps=1 -> 2/3.
    # After: a contains only a.y (mu=0), and b has mu=1, eps=2 -> 1/2.
    assert effect.turbomq_change == pytest.approx(1 / 2 - 4 / 3)


def test_move_to_new_package_creates_it() -> None:
    graph = graph_from_arrows(ARROWS)
    result = evaluate_plan(graph, [("b.w", "c")])
    assert result.after.packages == 3


def test_what_if_text_names_cycle() -> None:
    graph = graph_from_arrows(ARROWS)
    text = render_what_if_text(evaluate_plan(graph, [("a.x", "b")]))
    assert "  new package cycle: a <-> b\n" in text
    assert text.endswith("the plan creates package cycles (1 after the plan)\n")
