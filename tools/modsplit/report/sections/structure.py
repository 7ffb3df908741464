"""The unit graph picture and the dependency structure matrices of units and packages."""

from __future__ import annotations

from modsplit.graph.model import Graph
from modsplit.report.grouping import (
    GroupGraph,
    group_by_top_package,
    group_by_unit,
    layer_order,
    layers,
)
from modsplit.report.layout import layered_layout
from modsplit.report.model import Dsm, DsmCell, Note, Picture, Section, SectionStatus
from modsplit.report.sections.common import import_line, slug
from modsplit.report.svg import EdgeStyle, NodeStyle, box_width, render_svg

GRAPH_ID = "unit-graph"
GRAPH_TITLE = "Unit graph"
DSM_ID = "dsm"
DSM_TITLE = "Dependency structure matrix"
MAX_MATRIX_SIZE = 200  # rows; a larger matrix would make the page too large to open comfortably
UNIT_DSM = "dsm-units"
PACKAGE_DSM = "dsm-packages"


def row_anchor(dsm_id: str, label: str) -> str:
    """Return the HTML id of a matrix row header."""
    return f"{dsm_id}--row--{slug(label)}"


def cell_anchor(dsm_id: str, row: str, column: str) -> str:
    """Return the HTML id of the list of imports behind one matrix cell."""
    return f"{dsm_id}--{slug(row)}--{slug(column)}"


def unit_graph_section(graph: Graph) -> Section:
    """Return the picture of the units and the imports between them, cycles in red."""
    units = group_by_unit(graph)
    parts: list[Note | Picture] = [_picture(units)]
    if units.components:
        listed = "; ".join(" ↔ ".join(sorted(members)) for members in units.components)
        parts.insert(0, Note(f"Units in a cycle: {listed}.", tone="bad"))
    return Section(GRAPH_ID, GRAPH_TITLE, SectionStatus.READY, tuple(parts))


def dsm_section(graph: Graph) -> Section:
    """Return the matrices of units and of top-level packages, ordered by layer."""
    explanation = Note(
        "Row imports column. Rows and columns are ordered by layer, highest first, so in a "
        "layered design every count sits above the diagonal. Red cells are imports inside a "
        "cycle. Click a count to list its imports. Imports under TYPE_CHECKING are left out."
    )
    parts: list[Note | Dsm] = [explanation]
    for dsm_id, caption, groups in (
        (UNIT_DSM, "Units", group_by_unit(graph)),
        (PACKAGE_DSM, "Top-level packages (unit:package)", group_by_top_package(graph)),
    ):
        if len(groups.names) > MAX_MATRIX_SIZE:
            parts.append(Note(f"{caption}: {len(groups.names)} rows are too many to draw "
                              f"(the limit is {MAX_MATRIX_SIZE}); the cycles section lists "
                              "their cycles.", tone="warn"))
        else:
            parts.append(_dsm(dsm_id, caption, groups, graph))
    return Section(DSM_ID, DSM_TITLE, SectionStatus.READY, tuple(parts))


def _picture(units: GroupGraph) -> Picture:
    widths = {
        name: box_width(name, _size_text(units.sizes[name])) for name in units.names
    }
    layout = layered_layout(units.names, list(units.imports), widths=widths)
    svg = render_svg(layout, node_style=lambda name: _node_style(units, name),
                     edge_style=lambda a, b: _edge_style(units, a, b))
    caption = (f"{len(units.names)} units and {len(units.imports)} unit-to-unit dependencies; "
               "an arrow points from importer to imported, its width grows with the number of "
               "imports. Click an arrow for its imports.")
    legend = (("swatch-node", "unit"), ("swatch-cycle", "unit or import in a cycle"))
    return Picture(caption, svg, legend)


def _node_style(units: GroupGraph, name: str) -> NodeStyle:
    imports = sum(1 for source, _ in units.imports if source == name)
    imported_by = sum(1 for _, target in units.imports if target == name)
    tooltip = (f"{name}: {units.sizes[name]} modules; imports {imports} units, "
               f"imported by {imported_by}")
    return NodeStyle(name, _size_text(units.sizes[name]), tooltip, "#" + row_anchor(UNIT_DSM, name),
                     units.in_cycle(name))


def _edge_style(units: GroupGraph, source: str, target: str) -> EdgeStyle:
    count = len(units.imports[(source, target)])
    noun = "import" if count == 1 else "imports"
    is_cycle = units.is_cycle_edge(source, target)
    tooltip = f"{source} → {target}: {count} {noun}" + (" (in a cycle)" if is_cycle else "")
    return EdgeStyle(count, tooltip, "#" + cell_anchor(UNIT_DSM, source, target), is_cycle)


def _size_text(size: int) -> str:
    return f"{size} module" if size == 1 else f"{size} modules"


def _dsm(dsm_id: str, caption: str, groups: GroupGraph, graph: Graph) -> Dsm:
    order = layer_order(groups)
    layer_of = layers(groups)
    index = {name: position for position, name in enumerate(order)}
    cells = {
        (index[source], index[target]): DsmCell(
            count=len(edges),
            is_cycle=groups.is_cycle_edge(source, target),
            imports=tuple(import_line(graph, edge) for edge in edges),
        )
        for (source, target), edges in groups.imports.items()
    }
    return Dsm(dsm_id, caption, tuple(order), tuple(layer_of[name] for name in order), cells)
