"""Render proposals and what-if results as text, JSON and Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from modsplit.propose.model import SCHEMA, WHAT_IF_SCHEMA, Metrics, Proposal, WhatIf

_METRIC_ROWS: tuple[tuple[str, Callable[[Metrics], str]], ...] = (
    ("packages", lambda m: str(m.packages)),
    ("TurboMQ", lambda m: f"{m.turbomq:.3f}"),
    ("modularity Q", lambda m: f"{m.modularity:.3f}"),
    ("crossing imports", lambda m: str(m.crossing_imports)),
    ("package cycles", lambda m: str(m.package_cycles)),
    ("packages in cycles", lambda m: str(m.packages_in_cycles)),
    ("package size min/median/max", lambda m: f"{m.size_min}/{m.size_median:g}/{m.size_max}"),
    ("MoJo moves from today", lambda m: str(m.mojo_moves)),
    ("MoJoFM to today (%)", lambda m: f"{m.mojofm_to_current:.1f}"),
    ("stability (%)", lambda m: "-" if m.stability is None else f"{m.stability:.1f}"),
)


def render_text(proposal: Proposal) -> str:
    """Return the proposal as text: metrics, packages, layers, moves and imports to cut."""
    lines = [_headline(proposal), ""]
    lines += _metric_table(proposal.current, proposal.proposed, ("today", "proposed"))
    lines += ["", "packages (top layer first)"]
    lines += _table(
        ("layer", "package", "modules", "instability", "from today's packages"),
        [(str(p.layer), p.name, str(len(p.modules)), _ratio(p.instability), _sources(p.sources))
         for p in proposal.packages],
    )
    lines += ["", "layers (top first; a package imports only packages in lower layers)"]
    top = len(proposal.layers) - 1
    lines += [f"  {top - index}: {', '.join(layer)}" for index, layer in enumerate(proposal.layers)]
    lines += ["", f"moves ({len(proposal.moves)})"]
    lines += [f"  {m.module}: {m.source} -> {m.target} ({m.reason})" for m in proposal.moves]
    lines += ["", f"imports to cut ({len(proposal.cut)})"]
    lines += [f"  {c.location}: {c.importer} -> {c.imported} ({c.importer_package} -> "
              f"{c.imported_package})" for c in proposal.cut]
    return "\n".join(lines) + "\n"


def render_json(proposal: Proposal) -> str:
    """Return the proposal as JSON (schema ``modsplit.proposal/1``, documented in docs)."""
    options = proposal.options
    document = {
        "schema": SCHEMA,
        "modules": proposal.modules,
        "imports": proposal.imports,
        "options": {
            "seed": options.seed,
            "include_type_checking": options.include_type_checking,
            "kernel": options.kernel,
            "min_size": options.min_size,
            "max_size": options.max_size,
            "inertia": options.inertia,
            "resolution": options.resolution,
            "stability_runs": options.stability_runs,
        },
        "packages": [
            {"name": p.name, "modules": list(p.modules), "layer": p.layer,
             "instability": _round(p.instability),
             "sources": [{"package": name, "modules": count} for name, count in p.sources]}
            for p in proposal.packages
        ],
        "layers": [list(layer) for layer in proposal.layers],
        "moves": [
            {"module": m.module, "from": m.source, "to": m.target, "reason": m.reason,
             "imports": [m.imports_in_target, m.imports],
             "importers": [m.importers_in_target, m.importers]}
            for m in proposal.moves
        ],
        "cut": [
            {"importer": c.importer, "imported": c.imported, "line": c.line,
             "location": c.location}
            for c in proposal.cut
        ],
        "metrics": {
            "current": metrics_json(proposal.current),
            "proposed": metrics_json(proposal.proposed),
        },
    }
    return json.dumps(document, indent=2) + "\n"


def render_markdown(proposal: Proposal, *, title: str) -> str:
    """Return the proposal as a Markdown page: metrics, packages, layers, moves and cuts."""
    lines = [f"# {title}", "", _headline(proposal).replace("modsplit propose: ", ""), ""]
    lines += ["## Metrics", "", "| metric | today | proposed |", "|---|---:|---:|"]
    lines += [f"| {name} | {show(proposal.current)} | {show(proposal.proposed)} |"
              for name, show in _METRIC_ROWS]
    lines += ["", "## Packages", "", "| layer | package | modules | instability | from |",
              "|---:|---|---:|---:|---|"]
    lines += [f"| {p.layer} | {p.name} | {len(p.modules)} | {_ratio(p.instability)} | "
              f"{_sources(p.sources)} |" for p in proposal.packages]
    lines += ["", "## Layers", "", "Top layer first; a package imports only packages in lower "
              "layers.", "", "```"]
    top = len(proposal.layers) - 1
    lines += [f"{top - index}: {' | '.join(layer)}" for index, layer in enumerate(proposal.layers)]
    lines += ["```", "", f"## Moves ({len(proposal.moves)})", ""]
    lines += [f"- `{m.module}`: {m.source} → {m.target} ({m.reason})" for m in proposal.moves]
    lines += ["", f"## Imports to cut ({len(proposal.cut)})", ""]
    lines += [f"- `{c.location}`: `{c.importer}` → `{c.imported}`" for c in proposal.cut]
    return "\n".join(lines) + "\n"


def metrics_json(metrics: Metrics) -> dict[str, Any]:
    """Return the JSON object of one layout's metrics."""
    return {
        "packages": metrics.packages,
        "turbomq": _round(metrics.turbomq),
        "modularity": _round(metrics.modularity),
        "crossing_imports": metrics.crossing_imports,
        "package_cycles": metrics.package_cycles,
        "packages_in_cycles": metrics.packages_in_cycles,
        "sizes": {"min": metrics.size_min, "median": metrics.size_median,
                  "max": metrics.size_max},
        "mojo_moves": metrics.mojo_moves,
        "mojofm_to_current": _round(metrics.mojofm_to_current),
        "stability": _round(metrics.stability),
        "instability": {name: _round(value) for name, value in metrics.instability.items()},
    }


def render_what_if_text(result: WhatIf) -> str:
    """Return a what-if result as text: each move's effect, then the metrics before and after."""
    lines = [f"modsplit propose: what-if of {len(result.effects)} moves", ""]
    for effect in result.effects:
        lines.append(
            f"move {effect.module}: {effect.source} -> {effect.target}: TurboMQ "
            f"{effect.turbomq_change:+.3f}, modularity Q {effect.modularity_change:+.3f}, "
            f"crossing imports {effect.crossing_imports_change:+d}"
        )
        lines += [f"  new crossing import: {a} -> {b}" for a, b in effect.new_crossing]
        lines += [f"  new package cycle: {' <-> '.join(c)}" for c in effect.new_cycles]
    lines += ["", *_metric_table(result.before, result.after, ("today", "after plan"))]
    verdict = (f"the plan creates package cycles ({len(result.cycles)} after the plan)"
               if result.creates_cycles else "the plan creates no package cycle")
    return "\n".join([*lines, "", verdict]) + "\n"


def render_what_if_json(result: WhatIf) -> str:
    """Return a what-if result as JSON (schema ``modsplit.what-if/1``)."""
    document = {
        "schema": WHAT_IF_SCHEMA,
        "moves": [
            {"module": e.module, "from": e.source, "to": e.target,
             "turbomq_change": _round(e.turbomq_change),
             "modularity_change": _round(e.modularity_change),
             "crossing_imports_change": e.crossing_imports_change,
             "new_crossing": [{"importer": a, "imported": b} for a, b in e.new_crossing],
             "new_cycles": [list(c) for c in e.new_cycles]}
            for e in result.effects
        ],
        "creates_cycles": result.creates_cycles,
        "cycles": [list(c) for c in result.cycles],
        "metrics": {"current": metrics_json(result.before), "plan": metrics_json(result.after)},
    }
    return json.dumps(document, indent=2) + "\n"


def _headline(proposal: Proposal) -> str:
    kinds = "all" if proposal.options.include_type_checking else "runtime"
    return (f"modsplit propose: {proposal.modules} modules, {proposal.imports} {kinds} imports "
            f"(distinct importer-imported pairs), seed {proposal.options.seed}")


def _metric_table(before: Metrics, after: Metrics, headers: tuple[str, str]) -> list[str]:
    return _table(("metric", *headers),
                  [(name, show(before), show(after)) for name, show in _METRIC_ROWS])


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=False)]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in (headers, *rows)]


def _sources(sources: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{name} {count}" for name, count in sources)


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
