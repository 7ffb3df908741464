"""Draw a layered layout of the unit graph as an inline SVG picture."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from modsplit.report.layout import NODE_HEIGHT, Box, Layout, Route

CHAR_WIDTH = 7.4  # average advance of the 13px sans-serif label font, in pixels
BOX_PADDING = 28.0
PAIR_OFFSET = 5.0  # horizontal gap between the two edges of an a→b, b→a pair


@dataclass(frozen=True)
class NodeStyle:
    label: str
    detail: str
    tooltip: str
    href: str
    is_cycle: bool


@dataclass(frozen=True)
class EdgeStyle:
    count: int
    tooltip: str
    href: str
    is_cycle: bool


def box_width(label: str, detail: str) -> float:
    """Return the width a node box needs for its two lines of text."""
    return max(len(label), len(detail)) * CHAR_WIDTH + BOX_PADDING


def render_svg(
    layout: Layout,
    *,
    node_style: Callable[[str], NodeStyle],
    edge_style: Callable[[str, str], EdgeStyle],
) -> str:
    """Return the ``<svg>`` element of ``layout``: edges first, then nodes on top of them."""
    pairs = {(route.source, route.target) for route in layout.routes}
    width, height = math.ceil(layout.width), math.ceil(layout.height)
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="unit-graph" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" role="img" aria-label="unit graph">',
        _DEFS,
    ]
    for route in layout.routes:
        is_pair = (route.target, route.source) in pairs
        lines.append(_edge(route, layout.boxes, edge_style(route.source, route.target),
                           is_pair=is_pair))
    for name in sorted(layout.boxes):
        lines.append(_node(layout.boxes[name], node_style(name)))
    lines.append("</svg>")
    return "\n".join(lines)


_DEFS = (
    "<defs>"
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10"'
    ' markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">'
    '<path d="M0,1L10,5L0,9z" class="arrow-head"/></marker>'
    '<marker id="arrow-cycle" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10"'
    ' markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">'
    '<path d="M0,1L10,5L0,9z" class="arrow-head cycle"/></marker>'
    "</defs>"
)


def _edge(route: Route, boxes: Mapping[str, Box], style: EdgeStyle, *, is_pair: bool) -> str:
    points = _clip_to_boxes(list(route.points), boxes[route.source], boxes[route.target])
    if is_pair:
        # Both directions of a pair share one route; draw them side by side.
        shift = PAIR_OFFSET if route.source < route.target else -PAIR_OFFSET
        points = [(x + shift, y) for x, y in points]
    stroke = 1.0 + min(4.0, math.log2(max(style.count, 1)))
    css = "edge cycle" if style.is_cycle else "edge"
    marker = "arrow-cycle" if style.is_cycle else "arrow"
    return (
        f'<a href="{escape(style.href)}" class="{css}"><path d="{_curve(points)}"'
        f' stroke-width="{stroke:.1f}" marker-end="url(#{marker})">'
        f"<title>{escape(style.tooltip)}</title></path></a>"
    )


def _clip_to_boxes(
    points: list[tuple[float, float]], source: Box, target: Box
) -> list[tuple[float, float]]:
    """Move the end points from the box centres to the box borders they leave and enter."""
    half = NODE_HEIGHT / 2
    (x0, y0), (x1, y1) = points[0], points[-1]
    going_down = points[1][1] > y0 if len(points) > 1 else y1 > y0
    start = (x0, y0 + half if going_down else y0 - half)
    arriving_down = y1 > points[-2][1] if len(points) > 1 else going_down
    end = (x1, y1 - half - 2 if arriving_down else y1 + half + 2)
    del source, target
    return [start, *points[1:-1], end]


def _curve(points: list[tuple[float, float]]) -> str:
    """Return SVG path data through ``points``, each step a vertical-tangent cubic Bézier."""
    x, y = points[0]
    parts = [f"M{x:.1f},{y:.1f}"]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        middle = (y0 + y1) / 2
        parts.append(f"C{x0:.1f},{middle:.1f} {x1:.1f},{middle:.1f} {x1:.1f},{y1:.1f}")
    return "".join(parts)


def _node(box: Box, style: NodeStyle) -> str:
    css = "node cycle" if style.is_cycle else "node"
    center = box.center_x
    return (
        f'<a href="{escape(style.href)}" class="{css}">'
        f"<title>{escape(style.tooltip)}</title>"
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}"'
        f' height="{box.height:.1f}" rx="7"/>'
        f'<text x="{center:.1f}" y="{box.y + 19:.1f}" class="label">{escape(style.label)}</text>'
        f'<text x="{center:.1f}" y="{box.y + 35:.1f}" class="detail">{escape(style.detail)}</text>'
        "</a>"
    )
