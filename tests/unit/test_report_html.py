"""Rendering the report as one self-contained HTML page."""

from __future__ import annotations

import re

from modsplit.report import Report, Section, SectionStatus, render_html
from modsplit.report.html import render_dsm, render_section, render_table
from modsplit.report.model import Cell, Column, Dsm, DsmCell, Facts, ImportLine, Note, Table


def _table(rows: int) -> Table:
    return Table(
        "things",
        "Things",
        (Column("name"), Column("count", is_numeric=True)),
        tuple((Cell(f"n{i}"), Cell(str(i), sort_key=float(i))) for i in range(rows)),
    )


def test_table_renders_sortable_columns_and_cells() -> None:
    html = render_table(_table(1))

    assert html == (
        '<h3>Things <span class="count">(1)</span></h3><div class="table-wrap">'
        '<table class="data sortable" id="things"><thead><tr>'
        '<th scope="col" data-numeric="0">name</th><th scope="col" data-numeric="1">count</th>'
        '</tr></thead><tbody>\n<tr><td>n0</td><td data-sort="0">0</td></tr>\n</tbody></table></div>'
    )


def test_table_gets_filter_when_longer_than_five_rows() -> None:
    assert 'class="filter"' not in render_table(_table(5))
    assert '<input type="search" class="filter" data-table="things"' in render_table(_table(6))


def test_empty_table_shows_its_empty_text() -> None:
    table = Table("none", "Nothing here", (Column("a"),), (), "No row.")

    assert render_table(table) == (
        '<h3>Nothing here <span class="count">(0)</span></h3><p class="empty">No row.</p>'
    )


def test_cell_text_and_links_are_escaped() -> None:
    table = Table("t", "T", (Column("a"),), ((Cell("<b>&", href="#x\"y", title="a<b"),),))

    html = render_table(table)

    assert '<td title="a&lt;b"><a href="#x&quot;y">&lt;b&gt;&amp;</a></td>' in html


def test_dsm_marks_cycles_and_links_imports() -> None:
    line = ImportLine("core.db", "framework.config", "src/core/db.py:3", "module")
    dsm = Dsm(
        "dsm-units",
        "Units",
        ("core", "framework"),
        (0, 0),
        {(0, 1): DsmCell(1, True, (line,)), (1, 0): DsmCell(2, True, (line, line))},
    )

    html = render_dsm(dsm)

    assert ('<td class="filled cycle"><a href="#dsm-units--core--framework" '
            'title="core → framework: 1">1</a></td>') in html
    assert '<td class="filled cycle upward"><a href="#dsm-units--framework--core"' in html
    assert '<div class="cell-imports" id="dsm-units--core--framework">' in html
    assert '<td class="loc">src/core/db.py:3</td>' in html
    assert html.count('<td class="self"></td>') == 2


def test_section_shows_status_badge_and_message() -> None:
    section = Section("lazy", "Lazy", SectionStatus.NOT_AVAILABLE, message="Not available yet: x.")

    assert render_section(section) == (
        '<section id="lazy" class="status-not_available">\n'
        '<h2>Lazy <span class="badge status-not_available">not available yet</span></h2>\n'
        '<p class="status-message">Not available yet: x.</p>\n'
        "</section>"
    )


def test_page_loads_nothing_from_the_network() -> None:
    report = Report(
        title="modsplit report: demo",
        directory="/repo",
        config="",
        generated_at="2026-01-01 00:00 UTC",
        version="0.1.0",
        sections=(Section("s", "S", SectionStatus.READY, (Facts((("a", "1", ""),)), Note("n"),
                                                          _table(7))),),
    )

    html = render_html(report)

    assert html.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy\" content=\"default-src 'none'" in html
    assert re.findall(r"\bsrc=", html) == []
    assert re.findall(r'href="(?!#)', html) == []
    assert re.findall(r"url\((?!#)", html) == []
    assert "<script>" in html
    assert "<style>" in html
