"""Evaluate a hand-made plan: moves applied one by one to today's layout."""

from __future__ import annotations

from collections.abc import Sequence

from modsplit.graph.model import Graph
from modsplit.propose import metrics
from modsplit.propose.layout import current_layout, dependencies, resolve_module
from modsplit.propose.model import MoveEffect, WhatIf
from modsplit.propose.proposal import layout_metrics


def evaluate_plan(
    graph: Graph,
    moves: Sequence[tuple[str, str]],
    *,
    include_type_checking: bool = False,
    origins: Sequence[str] = (),
) -> WhatIf:
    """Apply each ``(module, package)`` move in order and report what each one changes.

    A package name that does not exist today creates a new package. ``origins`` names where
    each move comes from (``--plan FILE:LINE``) for messages; ``--move`` by default.
    """
    deps = dependencies(graph, include_type_checking=include_type_checking)
    current = current_layout(graph)
    layout = dict(current)
    pairs = deps.sorted_pairs
    effects = []
    for index, (reference, target) in enumerate(moves):
        origin = origins[index] if index < len(origins) else "--move"
        module = resolve_module(graph, reference, option=origin)
        before = dict(layout)
        layout[module] = target
        effects.append(_effect(pairs, module, before, layout))
    return WhatIf(
        effects=tuple(effects),
        before=layout_metrics(deps, current, current, stability=None),
        after=layout_metrics(deps, layout, current, stability=None),
        cycles=tuple(metrics.package_cycles(pairs, layout)),
    )


def _effect(
    pairs: Sequence[tuple[str, str]],
    module: str,
    before: dict[str, str],
    after: dict[str, str],
) -> MoveEffect:
    crossing_before = set(metrics.crossing_pairs(pairs, before))
    crossing_after = metrics.crossing_pairs(pairs, after)
    cycles_before = set(metrics.package_cycles(pairs, before))
    return MoveEffect(
        module=module,
        source=before[module],
        target=after[module],
        turbomq_change=metrics.turbomq(pairs, after) - metrics.turbomq(pairs, before),
        modularity_change=metrics.modularity(pairs, after) - metrics.modularity(pairs, before),
        crossing_imports_change=len(crossing_after) - len(crossing_before),
        new_crossing=tuple(p for p in crossing_after if p not in crossing_before),
        new_cycles=tuple(c for c in metrics.package_cycles(pairs, after) if c not in cycles_before),
    )
