"""The layered layout of the unit graph and its SVG drawing."""

from __future__ import annotations

import itertools

from modsplit.report.layout import layered_layout
from modsplit.report.svg import EdgeStyle, NodeStyle, render_svg

WIDTHS = {name: 80.0 for name in "abcdef"}


def test_layout_puts_importers_above_imported() -> None:
    layout = layered_layout(["a", "b", "c"], [("a", "b"), ("b", "c")], widths=WIDTHS)

    assert layout.boxes["a"].y < layout.boxes["b"].y < layout.boxes["c"].y


def test_layout_reverses_one_edge_of_a_cycle() -> None:
    layout = layered_layout(["a", "b"], [("a", "b"), ("b", "a")], widths=WIDTHS)

    reversed_routes = [(r.source, r.target) for r in layout.routes if r.is_reversed]
    assert reversed_routes == [("b", "a")]
    assert layout.boxes["a"].y < layout.boxes["b"].y


def test_layout_routes_long_edge_through_dummy_points() -> None:
    layout = layered_layout(["a", "b", "c"], [("a", "b"), ("b", "c"), ("a", "c")],
                            widths=WIDTHS)

    routes = {(r.source, r.target): r for r in layout.routes}
    assert len(routes[("a", "c")].points) == 3
    assert len(routes[("a", "b")].points) == 2
    assert set(layout.boxes) == {"a", "b", "c"}


def test_layout_keeps_boxes_of_a_row_apart() -> None:
    edges = [("a", name) for name in "bcdef"]
    layout = layered_layout(list("abcdef"), edges, widths=WIDTHS)

    row = sorted((layout.boxes[name] for name in "bcdef"), key=lambda box: box.x)
    for left, right in itertools.pairwise(row):
        assert left.x + left.width < right.x


def test_layout_removes_avoidable_crossing() -> None:
    # Alphabetical order would cross a->d with b->c.
    layout = layered_layout(["a", "b", "c", "d"], [("a", "d"), ("b", "c")], widths=WIDTHS)

    assert layout.crossings == 0
    boxes = layout.boxes
    assert (boxes["a"].x < boxes["b"].x) == (boxes["d"].x < boxes["c"].x)


def test_layout_of_empty_graph_has_margins_only() -> None:
    layout = layered_layout([], [], widths={})

    assert layout.boxes == {}
    assert layout.routes == ()
    assert layout.height > 0


def test_svg_marks_cycle_edges_and_escapes_labels() -> None:
    layout = layered_layout(["<a>", "b"], [("<a>", "b"), ("b", "<a>")], widths={"<a>": 80.0,
                                                                                "b": 80.0})

    svg = render_svg(
        layout,
        node_style=lambda name: NodeStyle(name, "1 module", f"{name} tip", "#n", is_cycle=True),
        edge_style=lambda a, b: EdgeStyle(3, f"{a} → {b}", "#e", is_cycle=True),
    )

    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="unit-graph"')
    assert svg.count('class="edge cycle"') == 2
    assert svg.count('class="node cycle"') == 2
    assert "&lt;a&gt;" in svg
    assert "<a>" not in svg.replace('<a href', '')
    assert 'marker-end="url(#arrow-cycle)"' in svg
