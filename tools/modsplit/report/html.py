"""Render a report as one self-contained HTML page: all CSS and JavaScript inline, no network."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from importlib import resources
from string import Template

from modsplit.report.model import (
    Cell,
    Dsm,
    DsmCell,
    Facts,
    Note,
    Part,
    Picture,
    Report,
    Section,
    SectionStatus,
    SideBySide,
    Table,
)
from modsplit.report.sections.structure import cell_anchor, row_anchor

LONG_TEXT = 60  # characters; a longer cell gets a minimum width so it does not wrap into a column

STATUS_LABELS = {
    SectionStatus.READY: "",
    SectionStatus.NOT_AVAILABLE: "not available yet",
    SectionStatus.NO_DATA: "no data",
    SectionStatus.FAILED: "error",
}


def render_html(report: Report) -> str:
    """Return the whole page of ``report``."""
    template = Template(_asset("report.html"))
    return template.substitute(
        title=escape(report.title),
        style=_asset("report.css"),
        script=_asset("report.js"),
        header=render_header(report),
        nav=render_nav(report.sections),
        sections="\n".join(render_section(section) for section in report.sections),
    )


def render_header(report: Report) -> str:
    details = [("folder", report.directory)]
    if report.config:
        details.append(("configuration", report.config))
    details.append(("modsplit", report.version))
    if report.generated_at:
        details.append(("written", report.generated_at))
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in details)
    return f"<h1>{escape(report.title)}</h1><dl class=\"meta\">{items}</dl>"


def render_nav(sections: Iterable[Section]) -> str:
    links = "".join(
        f'<li><a href="#{escape(s.id)}" class="status-{s.status.value}">{escape(s.title)}</a></li>'
        for s in sections
    )
    return f"<ul>{links}</ul>"


def render_section(section: Section) -> str:
    badge = STATUS_LABELS[section.status]
    status = section.status.value
    badge_html = f' <span class="badge status-{status}">{badge}</span>' if badge else ""
    lines = [
        f'<section id="{escape(section.id)}" class="status-{section.status.value}">',
        f"<h2>{escape(section.title)}{badge_html}</h2>",
    ]
    if section.message:
        lines.append(f'<p class="status-message">{escape(section.message)}</p>')
    lines.extend(render_part(part) for part in section.parts)
    lines.append("</section>")
    return "\n".join(lines)


def render_part(part: Part) -> str:
    if isinstance(part, Table):
        return render_table(part)
    if isinstance(part, Facts):
        return render_facts(part)
    if isinstance(part, Note):
        return f'<p class="note{_tone(part.tone)}">{escape(part.text)}</p>'
    if isinstance(part, Dsm):
        return render_dsm(part)
    if isinstance(part, SideBySide):
        return (f'<div class="side-by-side"><div>{render_table(part.left)}</div>'
                f"<div>{render_table(part.right)}</div></div>")
    return render_picture(part)


def render_facts(facts: Facts) -> str:
    tiles = "".join(
        f'<div class="fact{_tone(tone)}"><span class="value">{escape(value)}</span>'
        f'<span class="label">{escape(label)}</span></div>'
        for label, value, tone in facts.items
    )
    return f'<div class="facts">{tiles}</div>'


def render_table(table: Table, *, filterable: bool = True) -> str:
    """Return a table with sortable columns and, when it has rows, a filter box above it."""
    caption = f"<h3>{escape(table.caption)} <span class=\"count\">({len(table.rows):,})</span></h3>"
    if not table.rows:
        return f'{caption}<p class="empty">{escape(table.empty_text)}</p>'
    heads = "".join(
        f'<th scope="col" data-numeric="{int(column.is_numeric)}">{escape(column.name)}</th>'
        for column in table.columns
    )
    body = "\n".join("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>" for row in table.rows)
    tools = (
        f'<div class="table-tools"><input type="search" class="filter" data-table="{table.id}"'
        f' placeholder="Filter {len(table.rows):,} rows"'
        f' aria-label="Filter {escape(table.caption)}">'
        f'<span class="shown"></span></div>'
        if filterable and len(table.rows) > 5
        else ""
    )
    return (
        f'{caption}{tools}<div class="table-wrap"><table class="data sortable" id="{table.id}">'
        f"<thead><tr>{heads}</tr></thead><tbody>\n{body}\n</tbody></table></div>"
    )


def render_dsm(dsm: Dsm) -> str:
    """Return the matrix, then the hidden lists of imports that its counts link to."""
    size = len(dsm.labels)
    heads = "".join(
        f'<th scope="col" title="{escape(label)}"><span>{index}</span></th>'
        for index, label in enumerate(dsm.labels, start=1)
    )
    rows = []
    for i, label in enumerate(dsm.labels):
        cells = "".join(_dsm_cell(dsm, i, j) for j in range(size))
        rows.append(
            f'<tr><th scope="row" id="{row_anchor(dsm.id, label)}" class="name">'
            f"<span class=\"index\">{i + 1}</span> {escape(label)}</th>"
            f'<td class="layer">{dsm.layers[i]}</td>{cells}</tr>'
        )
    details = "\n".join(
        _dsm_details(dsm, i, j, cell) for (i, j), cell in sorted(dsm.cells.items())
    )
    return (
        f"<h3>{escape(dsm.caption)} <span class=\"count\">({size})</span></h3>"
        f'<div class="dsm-wrap"><table class="dsm" id="{dsm.id}">'
        f'<thead><tr><th class="corner">imports ↓ / imported →</th><th class="layer">layer</th>'
        f"{heads}</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table></div>"
        f'<div class="dsm-details">\n{details}\n</div>'
    )


def render_picture(picture: Picture) -> str:
    legend = "".join(
        f'<span class="legend-item"><span class="swatch {escape(css)}"></span>{escape(text)}</span>'
        for css, text in picture.legend
    )
    return (
        f'<figure class="picture"><div class="svg-wrap">{picture.svg}</div>'
        f'<figcaption>{escape(picture.caption)}<div class="legend">{legend}</div></figcaption>'
        "</figure>"
    )


def _dsm_cell(dsm: Dsm, i: int, j: int) -> str:
    if i == j:
        return '<td class="self"></td>'
    cell = dsm.cells.get((i, j))
    if cell is None:
        return "<td></td>"
    classes = ["filled"]
    if cell.is_cycle:
        classes.append("cycle")
    if j < i:
        classes.append("upward")
    anchor = cell_anchor(dsm.id, dsm.labels[i], dsm.labels[j])
    title = f"{dsm.labels[i]} → {dsm.labels[j]}: {cell.count}"
    return (
        f'<td class="{" ".join(classes)}"><a href="#{anchor}" title="{escape(title)}">'
        f"{cell.count}</a></td>"
    )


def _dsm_details(dsm: Dsm, i: int, j: int, cell: DsmCell) -> str:
    source, target = dsm.labels[i], dsm.labels[j]
    noun = "import" if cell.count == 1 else "imports"
    rows = "\n".join(
        f"<tr><td>{escape(line.importer)}</td><td>{escape(line.imported)}</td>"
        f'<td class="loc">{escape(line.location)}</td>'
        f'<td>{escape(line.kind.replace("_", " "))}</td></tr>'
        for line in cell.imports
    )
    cycle = ' <span class="badge status-failed">in a cycle</span>' if cell.is_cycle else ""
    return (
        f'<div class="cell-imports" id="{cell_anchor(dsm.id, source, target)}">'
        f"<h4>{escape(source)} → {escape(target)}: {cell.count} {noun}{cycle}"
        f' <a class="close" href="#{dsm.id}" title="back to the matrix">×</a></h4>'
        '<table class="data sortable"><thead><tr><th scope="col">importer</th>'
        '<th scope="col">imported</th><th scope="col">file:line</th><th scope="col">kind</th>'
        f"</tr></thead><tbody>\n{rows}\n</tbody></table></div>"
    )


def _cell(cell: Cell) -> str:
    attributes = ""
    if cell.sort_key is not None:
        attributes += f' data-sort="{cell.sort_key:g}"'
    if cell.title:
        attributes += f' title="{escape(cell.title)}"'
    classes = [cell.tone] if cell.tone else []
    if len(cell.text) > LONG_TEXT:
        classes.append("long")
    if classes:
        attributes += f' class="{" ".join(classes)}"'
    text = escape(cell.text)
    if cell.href:
        text = f'<a href="{escape(cell.href)}">{text}</a>'
    return f"<td{attributes}>{text}</td>"


def _tone(tone: str) -> str:
    return f" {tone}" if tone else ""


def _asset(name: str) -> str:
    return resources.files("modsplit.report").joinpath("assets", name).read_text(encoding="utf-8")
