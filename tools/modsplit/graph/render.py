"""Render a graph as text, JSON, DOT or Mermaid. Every function returns a string."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from modsplit.graph.model import Cycle, Graph, Import, Shadowed

SCHEMA = "modsplit.graph/1"
TOP = 10


def render_json(graph: Graph, cycles: Iterable[Cycle]) -> str:
    """Return the documented ``modsplit.graph/1`` JSON document."""
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "units": [
            {"name": u.name, "path": u.path, "roots": list(u.roots)} for u in graph.workspace.units
        ],
        "modules": [
            {
                "id": m.id,
                "name": m.name,
                "unit": m.unit,
                "path": m.path,
                "namespace": m.is_namespace,
            }
            for m in graph.modules
        ],
        "imports": [
            {"importer": e.importer, "imported": e.imported, "line": e.line, "kind": e.kind.value}
            for e in graph.imports
        ],
        "external": [
            {
                "importer": e.importer,
                "name": e.name,
                "line": e.line,
                "kind": e.kind.value,
                "stdlib": e.is_stdlib,
            }
            for e in graph.external
        ],
        "unresolved": [
            {"importer": u.importer, "name": u.name, "line": u.line, "kind": u.kind.value}
            for u in graph.unresolved
        ],
        "skipped": [
            {"path": s.path, "reason": s.reason.value, "detail": s.detail} for s in graph.skipped
        ],
        "shadowed": [
            {"name": s.name, "paths": list(s.paths), "differ": s.differ} for s in graph.shadowed
        ],
        "cycles": [
            {
                "level": c.level,
                "members": list(c.members),
                "imports": [_edge(e) for e in c.imports],
                "cut": [_edge(e) for e in c.cut],
            }
            for c in cycles
        ],
    }
    return dump_json(document)


def render_text(graph: Graph, cycles: Iterable[Cycle]) -> str:
    """Return the human summary: counts, units, fan-in and fan-out, cycles, and what is wrong."""
    cycles = list(cycles)
    lines = _summary(graph)
    lines += _units_table(graph)
    lines += _fan_tables(graph)
    lines += _cycles_section(graph, cycles)
    lines += _unresolved_section(graph)
    lines += _shadowed_section(graph)
    lines += _skipped_section(graph)
    return "\n".join(lines) + "\n"


def render_dot(graph: Graph, *, units: bool) -> str:
    """Return a Graphviz DOT digraph of modules, or of units with ``units``."""
    lines = ["digraph modsplit {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];']
    if units:
        for unit in graph.workspace.units:
            lines.append(f"  {_dot_quote(unit.name)};")
        for (source, target), edges in graph.unit_imports().items():
            lines.append(f'  {_dot_quote(source)} -> {_dot_quote(target)} [label="{len(edges)}"];')
    else:
        for module in graph.modules:
            label = _dot_quote(f"{module.name}\n({module.unit})")
            lines.append(f"  {_dot_quote(module.id)} [label={label}];")
        for source, target in sorted({(e.importer, e.imported) for e in graph.imports}):
            lines.append(f"  {_dot_quote(source)} -> {_dot_quote(target)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_mermaid(graph: Graph, *, units: bool) -> str:
    """Return a Mermaid flowchart of modules, or of units with ``units``."""
    lines = ["flowchart LR"]
    if units:
        names = {unit.name: f"u{index}" for index, unit in enumerate(graph.workspace.units)}
        lines += [f'  {key}["{_mermaid_text(name)}"]' for name, key in names.items()]
        for (source, target), edges in graph.unit_imports().items():
            lines.append(f"  {names[source]} -->|{len(edges)}| {names[target]}")
    else:
        keys = {module.id: f"m{index}" for index, module in enumerate(graph.modules)}
        for m in graph.modules:
            lines.append(f'  {keys[m.id]}["{_mermaid_text(f"{m.name} ({m.unit})")}"]')
        for source, target in sorted({(e.importer, e.imported) for e in graph.imports}):
            lines.append(f"  {keys[source]} --> {keys[target]}")
    return "\n".join(lines) + "\n"


def _dot_quote(text: str) -> str:
    """Return a DOT double-quoted string; a newline becomes DOT's centred line break."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _mermaid_text(text: str) -> str:
    """Return text safe inside a Mermaid ``["..."]`` label (entity codes for quotes)."""
    return text.replace('"', "#quot;").replace("\n", " ")


def dump_json(document: dict[str, Any]) -> str:
    """Return JSON with one list item per line: readable, diffable, and fast to write.

    ``json.dumps(indent=...)`` uses the pure-Python encoder, which takes longer than a warm
    graph build on a large tree, so each item is encoded by the C encoder on its own line.
    """
    lines = ["{"]
    keys = list(document)
    for position, key in enumerate(keys):
        comma = "," if position < len(keys) - 1 else ""
        value = document[key]
        if isinstance(value, list) and value:
            items = [json.dumps(item, ensure_ascii=False) for item in value]
            lines.append(f"{json.dumps(key)}: [")
            lines.append(",\n".join(items))
            lines.append(f"]{comma}")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _edge(edge: Import) -> dict[str, Any]:
    return {"importer": edge.importer, "imported": edge.imported, "line": edge.line}


def _summary(graph: Graph) -> list[str]:
    files = [m for m in graph.modules if not m.is_namespace]
    roots = {root for unit in graph.workspace.units for root in unit.roots}
    where = graph.workspace.config_path or "discovered (no configuration file)"
    return [
        f"Workspace {graph.workspace.directory} (configuration: {where})",
        f"{len(files) + len(graph.skipped)} Python files: {len(files)} modules, "
        f"{len(graph.skipped)} skipped; {len(namespace_folders(graph))} namespace folders",
        f"{len(graph.workspace.units)} units, {len(roots)} roots; {len(graph.imports)} imports "
        f"between modules, {len(graph.external)} external, {len(graph.unresolved)} unresolved, "
        f"{len(graph.shadowed)} shadowed names",
    ]


def namespace_folders(graph: Graph) -> set[str]:
    """Return the folders without ``__init__.py`` that hold modules below a package name."""
    paths = {m.path for m in graph.modules} | {s.path for s in graph.skipped}
    folders = set()
    for module in graph.modules:
        if module.is_namespace:
            continue
        # A module named a.b.c sits in the package folders a/b and a; each may lack __init__.py.
        depth = module.name.count(".")
        folder = module.path.rpartition("/")[0]
        if module.is_package:
            folder = folder.rpartition("/")[0]
        for _ in range(depth):
            if folder and f"{folder}/__init__.py" not in paths:
                folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


def _units_table(graph: Graph) -> list[str]:
    counts = Counter(m.unit for m in graph.modules if not m.is_namespace)
    rows = [
        (unit.name, unit.path, str(counts[unit.name]), ", ".join(unit.roots))
        for unit in graph.workspace.units
    ]
    return ["", "Units", *_table(("unit", "path", "modules", "roots"), rows)]


def _fan_tables(graph: Graph) -> list[str]:
    fan_in = Counter(
        {m: len({e.importer for e in es}) for m, es in graph.imports_by_imported.items()}
    )
    fan_out = Counter(
        {m: len({e.imported for e in es}) for m, es in graph.imports_by_importer.items()}
    )
    lines = ["", "Top fan-in (imported by the most modules)"]
    lines += _table(
        ("module", "unit", "importers"),
        [(graph.module(m).name, graph.module(m).unit, str(n)) for m, n in _top(fan_in)],
    )
    lines += ["", "Top fan-out (importing the most modules)"]
    lines += _table(
        ("module", "unit", "imported"),
        [(graph.module(m).name, graph.module(m).unit, str(n)) for m, n in _top(fan_out)],
    )
    return lines


def _cycles_section(graph: Graph, cycles: list[Cycle]) -> list[str]:
    lines = ["", f"Cycles ({len(cycles)})"]
    if not cycles:
        return [*lines, "  none"]
    by_level: dict[str, list[Cycle]] = defaultdict(list)
    for cycle in cycles:
        by_level[cycle.level].append(cycle)
    for level, group in by_level.items():
        lines.append(f"  {level}: {len(group)} cycle(s)")
        for cycle in group[:TOP]:
            lines.append(
                f"    {' <-> '.join(_short(graph, m, level) for m in cycle.members)}"
                f" ({len(cycle.imports)} imports)"
            )
            for edge in cycle.cut[:TOP]:
                lines.append(
                    f"      cut {graph.location(edge)}  "
                    f"{graph.module(edge.importer).name} -> {graph.module(edge.imported).name}"
                )
            if len(cycle.cut) > TOP:
                lines.append(f"      ... and {len(cycle.cut) - TOP} more imports to cut")
        if len(group) > TOP:
            lines.append(f"    ... and {len(group) - TOP} more (--format json lists all)")
    return lines


def _unresolved_section(graph: Graph) -> list[str]:
    by_top: dict[str, list[Any]] = defaultdict(list)
    for item in graph.unresolved:
        by_top[item.name.lstrip(".").partition(".")[0] or item.name].append(item)
    lines = ["", f"Unresolved imports ({len(graph.unresolved)}, by first name)"]
    ranked = sorted(by_top.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    rows = []
    for name, items in ranked[: TOP * 2]:
        first = min(items, key=lambda item: (graph.module(item.importer).path, item.line))
        rows.append((name, str(len(items)), f"{graph.location(first)} ({first.name})"))
    lines += _table(("name", "imports", "first"), rows)
    if len(ranked) > TOP * 2:
        lines.append(f"  ... and {len(ranked) - TOP * 2} more names (--format json lists all)")
    return lines


def _shadowed_section(graph: Graph) -> list[str]:
    names = {s.name for s in graph.shadowed}
    heads = [s for s in graph.shadowed if not _has_shadowed_parent(s.name, names)]
    lines = ["", f"Shadowed names ({len(graph.shadowed)}; one per line below its topmost name)"]
    for head in heads:
        below = [s for s in graph.shadowed if s.name.startswith(head.name + ".")]
        differing = sum(1 for s in below if s.differ)
        state = "differ" if head.differ else "identical"
        lines.append(
            f"  {head.name}: {len(head.paths)} copies ({state})"
            + (f", {len(below)} names below it, {differing} differ" if below else "")
        )
        lines += [f"    {path}" for path in head.paths]
    return lines


def _skipped_section(graph: Graph) -> list[str]:
    lines = ["", f"Skipped files ({len(graph.skipped)})"]
    lines += [f"  {s.path}: {s.describe()}" for s in graph.skipped]
    return lines


def _has_shadowed_parent(name: str, names: set[str]) -> bool:
    parts = name.split(".")
    return any(".".join(parts[:i]) in names for i in range(1, len(parts)))


def _short(graph: Graph, member: str, level: str) -> str:
    return (
        graph.module(member).name + f" ({graph.module(member).unit})"
        if level == "module"
        else member
    )


def _top(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    if not rows:
        return ["  none"]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        return ("  " + "  ".join(cells)).rstrip()

    return [line(header), *(line(row) for row in rows)]


__all__ = ["Shadowed", "render_dot", "render_json", "render_mermaid", "render_text"]
