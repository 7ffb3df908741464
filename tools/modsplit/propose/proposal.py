"""The ``propose`` use case: from an import graph to a proposal with metrics on both layouts."""

from __future__ import annotations

import itertools
import logging
from collections import Counter
from collections.abc import Mapping

from modsplit.graph.model import Graph
from modsplit.propose import metrics
from modsplit.propose.cluster import Clustering, cluster, prepare
from modsplit.propose.constraints import Constraints, kernel_modules, resolve_constraints
from modsplit.propose.groups import Groups, build_groups
from modsplit.propose.layout import Dependencies, current_layout, dependencies
from modsplit.propose.model import (
    KERNEL,
    Cut,
    Layout,
    Metrics,
    Move,
    Package,
    Proposal,
    ProposeOptions,
)
from modsplit.propose.naming import ANCHOR_PREFIX, infer_layers, name_packages

logger = logging.getLogger(__name__)


def propose(graph: Graph, options: ProposeOptions) -> Proposal:
    """Propose packages for the modules of ``graph``; see ``modsplit.propose.cluster``."""
    deps = dependencies(graph, include_type_checking=options.include_type_checking)
    current = current_layout(graph)
    constraints = _with_kernel(deps, current, resolve_constraints(graph, options), options)
    groups = build_groups(deps, constraints)
    prepared = prepare(deps, groups, current, options)
    runs = [
        cluster(deps, groups, current, constraints, options, prepared, seed=options.seed + offset)
        for offset in range(max(1, options.stability_runs))
    ]
    main = runs[0]
    names = name_packages(main.label_of, current)
    layout = {module: names[label] for module, label in main.label_of.items()}
    order = [names[label] for label in main.order]
    cut = _cuts(deps, layout, order)
    stability = _stability(runs) if len(runs) > 1 else None
    kept = frozenset(m for m, label in main.label_of.items() if label == ANCHOR_PREFIX + current[m])
    _warn_sizes(layout, groups, options)
    return _assemble(deps, current, layout, cut, constraints, groups, options, stability, kept)


def _warn_sizes(layout: Mapping[str, str], groups: Groups, options: ProposeOptions) -> None:
    # The split and the merge keep both limits where they can; say which constraint won where not.
    sizes = Counter(layout.values())
    largest_group: Counter[str] = Counter()
    for members in groups.members.values():
        package = layout[members[0]]
        largest_group[package] = max(largest_group[package], len(members))
    for package, size in sorted(sizes.items()):
        if options.max_size is not None and size > options.max_size:
            if largest_group[package] > options.max_size:
                why = (f"an import cycle or --together group of {largest_group[package]} modules "
                       "cannot be split")
            else:
                why = "pinned packages (--pin and the shared kernel) are not split"
            logger.warning("package %s has %d modules, over --max-size %d: %s",
                           package, size, options.max_size, why)
        elif size < options.min_size and len(sizes) > 1:
            logger.warning("package %s has %d modules, under --min-size %d: every merge adds a "
                           "package cycle, joins an --apart pair or goes over --max-size",
                           package, size, options.min_size)


def layout_metrics(
    deps: Dependencies,
    layout: Mapping[str, str],
    current: Mapping[str, str],
    *,
    stability: float | None,
) -> Metrics:
    """Return every metric of ``layout``, with MoJo figures measured from ``current``."""
    pairs = deps.sorted_pairs
    smallest, median, largest = metrics.sizes(layout)
    cycles = metrics.package_cycles(pairs, layout)
    return Metrics(
        packages=len(set(layout.values())),
        turbomq=metrics.turbomq(pairs, layout),
        modularity=metrics.modularity(pairs, layout),
        crossing_imports=len(metrics.crossing_pairs(pairs, layout)),
        package_cycles=len(cycles),
        packages_in_cycles=sum(len(c) for c in cycles),
        size_min=smallest,
        size_median=median,
        size_max=largest,
        mojo_moves=metrics.mojo(current, layout),
        mojofm_to_current=metrics.mojofm(layout, current),
        stability=stability,
        instability=metrics.instability(pairs, layout),
    )


def _with_kernel(
    deps: Dependencies,
    current: Mapping[str, str],
    constraints: Constraints,
    options: ProposeOptions,
) -> Constraints:
    if not options.kernel:
        return constraints
    kernel = kernel_modules(
        deps, current, min_importers=options.kernel_min_importers, pins=constraints.pins
    )
    together = {m for group in constraints.together for m in group}
    apart = {m for pair in constraints.apart for m in pair}
    kernel = frozenset(kernel - together - apart)
    logger.info("shared kernel: %d modules", len(kernel))
    pins = dict(constraints.pins)
    pins.update({module: KERNEL for module in sorted(kernel)})
    return Constraints(pins=pins, together=constraints.together, apart=constraints.apart)


def _cuts(deps: Dependencies, layout: Mapping[str, str], order: list[str]) -> tuple[Cut, ...]:
    position = {name: index for index, name in enumerate(order)}
    cuts = []
    for importer, imported in deps.sorted_pairs:
        source, target = layout[importer], layout[imported]
        if source != target and position[source] > position[target]:
            for statement in deps.statements[(importer, imported)]:
                location = f"{deps.paths[importer]}:{statement.line}"
                cuts.append(Cut(importer, imported, statement.line, location, source, target))
    return tuple(cuts)


def _stability(runs: list[Clustering]) -> float:
    # The mean MoJoFM over every ordered pair of runs: 100 when every seed gives the same layout.
    scores = [metrics.mojofm(a.label_of, b.label_of) for a, b in itertools.permutations(runs, 2)]
    return sum(scores) / len(scores)


def _assemble(
    deps: Dependencies,
    current: Mapping[str, str],
    layout: dict[str, str],
    cut: tuple[Cut, ...],
    constraints: Constraints,
    groups: Groups,
    options: ProposeOptions,
    stability: float | None,
    kept: frozenset[str],
) -> Proposal:
    cut_pairs = {(c.importer, c.imported) for c in cut}
    remaining = [pair for pair in deps.sorted_pairs if pair not in cut_pairs]
    layers = infer_layers(set(layout.values()), metrics.package_edges(remaining, layout))
    instability = metrics.instability(deps.sorted_pairs, layout)
    members = Layout(layout).packages()
    packages = tuple(
        Package(
            name=name,
            modules=modules,
            layer=layers[name],
            instability=instability[name],
            sources=tuple(sorted(Counter(current[m] for m in modules).items(),
                                 key=lambda item: (-item[1], item[0]))),
        )
        for name, modules in sorted(members.items(), key=lambda item: (-layers[item[0]], item[0]))
    )
    top = max(layers.values(), default=0)
    layer_table = tuple(
        tuple(sorted(name for name, layer in layers.items() if layer == level))
        for level in range(top, -1, -1)
    )
    return Proposal(
        packages=packages,
        layers=layer_table,
        moves=_moves(deps, current, layout, constraints, groups, kept),
        cut=cut,
        current=layout_metrics(deps, current, current, stability=None),
        proposed=layout_metrics(deps, layout, current, stability=stability),
        layout=Layout(layout),
        current_layout=Layout(dict(current)),
        options=options,
        modules=len(deps.modules),
        imports=len(deps.pairs),
    )


def _moves(
    deps: Dependencies,
    current: Mapping[str, str],
    layout: Mapping[str, str],
    constraints: Constraints,
    groups: Groups,
    kept: frozenset[str],
) -> tuple[Move, ...]:
    moves = []
    for module in deps.modules:
        source, target = current[module], layout[module]
        if source == target:
            continue
        imports = deps.imports_of.get(module, ())
        importers = deps.imported_by.get(module, ())
        in_target = sum(1 for m in imports if layout[m] == target)
        from_target = sum(1 for m in importers if layout[m] == target)
        reason = move_reason(
            module, source, target, deps=deps, layout=layout, constraints=constraints,
            groups=groups, current=current, is_kept=module in kept,
        )
        moves.append(Move(module, source, target, reason, in_target, len(imports),
                          from_target, len(importers)))
    return tuple(moves)


def move_reason(
    module: str,
    source: str,
    target: str,
    *,
    deps: Dependencies,
    layout: Mapping[str, str],
    constraints: Constraints,
    groups: Groups,
    current: Mapping[str, str],
    is_kept: bool = False,
) -> str:
    """Return why ``module`` moves from ``source`` to ``target``, in numbers."""
    imports = deps.imports_of.get(module, ())
    importers = deps.imported_by.get(module, ())
    if constraints.pins.get(module) == KERNEL and target == KERNEL:
        packages = len({current[m] for m in importers} - {current[module]})
        return (f"shared kernel: imported by {len(importers)} modules from {packages} other "
                f"packages, imports {len(imports)} modules, all in the kernel")
    if module in constraints.pins:
        return f"pinned to {target} by --pin"
    in_target = sum(1 for m in imports if layout[m] == target)
    from_target = sum(1 for m in importers if layout[m] == target)
    in_source = sum(1 for m in imports if layout[m] == source)
    from_source = sum(1 for m in importers if layout[m] == source)
    text = (f"{in_target} of {len(imports)} imports and {from_target} of {len(importers)} "
            f"importers in {target}; {in_source} and {from_source} left in {source}")
    if is_kept:
        size = sum(1 for m in layout if layout[m] == target)
        return (f"stays with today's {source} modules; {text}; the package is named {target} "
                f"because most of its {size} modules come from there")
    cycle = groups.members[groups.group_of[module]]
    if len(cycle) > 1:
        text += f"; in an import cycle or --together group of {len(cycle)} modules"
    elif in_target + from_target <= in_source + from_source:
        text += "; moved so that no package imports a package above it"
    return text
