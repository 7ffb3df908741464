"""Cluster module groups into packages whose package graph has no cycle.

The steps, each deterministic for a given seed:

1. Louvain community detection (networkx, fixed seed) on the undirected group graph. Each group
   is also tied to an anchor node of each of today's packages its modules come from, with weight
   ``inertia`` times their import count, so the method starts from today's layout and leaves it
   only where imports pull harder. Pinned groups are tied to an anchor of their pin. A community
   with several of today's anchors is split again by a vote, so it moves modules between today's
   packages rather than merging them.
2. Pins and ``--apart`` pairs override the communities.
3. Packages are put in a line, importers first, with the greedy feedback-arc-set heuristic of
   Eades, Lin and Smyth on the weighted package graph. Then every group whose package sits above
   one of its importers' packages moves down to it. A second variant moves every importer up to
   what it imports instead, and a third joins the packages of each package cycle into one. The
   variant with the highest TurboMQ wins. Afterwards no import
   points up the line except into or out of pinned groups, and those are the imports to cut.
4. Packages above ``max_size`` are split along the line; packages below ``min_size`` merge into
   the package they share most imports with, where that adds no cycle and stays within
   ``max_size``.
5. A ``--apart`` pair that the steps above joined again is split: one of its modules gets a
   package of its own, and the imports that then point up the line are listed to cut.
"""

from __future__ import annotations

import itertools
import logging
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from modsplit.propose import metrics
from modsplit.propose.constraints import Constraints
from modsplit.propose.groups import Groups, group_order
from modsplit.propose.layout import Dependencies
from modsplit.propose.model import ProposeOptions
from modsplit.propose.naming import ANCHOR_PREFIX, PIN_PREFIX, majority

logger = logging.getLogger(__name__)

_PIN = PIN_PREFIX
_ANCHOR = ANCHOR_PREFIX
_PIN_WEIGHT = 1000.0
_MAX_VOTE_PASSES = 20


@dataclass(frozen=True)
class Prepared:
    """The seed-independent inputs of ``cluster``: the weighted graph and the group order."""

    graph: nx.Graph
    sequence: tuple[str, ...]  # group ids, importers first
    importers: Mapping[str, tuple[str, ...]]  # group id to the groups that import it
    imports: Mapping[str, tuple[str, ...]]  # group id to the groups it imports


def prepare(
    dependencies: Dependencies,
    groups: Groups,
    current: Mapping[str, str],
    options: ProposeOptions,
) -> Prepared:
    """Return what every seed's clustering shares, so that repeated runs compute it once."""
    return Prepared(
        graph=_weighted_graph(dependencies, groups, current, options),
        sequence=tuple(group_order(dependencies, groups)),
        importers={g: _neighbour_groups(dependencies, groups, g, importers=True)
                   for g in groups.members},
        imports={g: _neighbour_groups(dependencies, groups, g, importers=False)
                 for g in groups.members},
    )


@dataclass(frozen=True)
class Clustering:
    """Each module's package label and the labels in line, importers first."""

    label_of: Mapping[str, str]
    order: tuple[str, ...]


def cluster(
    dependencies: Dependencies,
    groups: Groups,
    current: Mapping[str, str],
    constraints: Constraints,
    options: ProposeOptions,
    prepared: Prepared,
    *,
    seed: int,
) -> Clustering:
    """Return an acyclic clustering of the modules (apart from imports into pinned groups)."""
    labels = _communities(dependencies, groups, current, options, prepared.graph, seed=seed)
    labels = _apply_constraints(labels, groups, constraints)
    order = eades_order(_label_edges(dependencies, groups, labels), nodes=set(labels.values()))
    labels, order = _repair(dependencies, groups, labels, order, prepared, constraints)
    if options.max_size is not None:
        labels, order = _split_large(groups, labels, order, options.max_size, prepared.sequence)
    if options.min_size > 1:
        labels = _merge_small(dependencies, groups, labels, constraints, options)
    labels = _keep_apart(labels, groups, constraints)
    order = eades_order(_label_edges(dependencies, groups, labels), nodes=set(labels.values()))
    label_of = {m: labels[groups.group_of[m]] for m in dependencies.modules}
    return Clustering(label_of=label_of, order=tuple(order))


def eades_order(
    edges: Mapping[tuple[str, str], int], *, nodes: set[str] | None = None
) -> list[str]:
    """Return the nodes in a line, importers first, with few imports pointing back up.

    Greedy heuristic of Eades, Lin and Smyth (1993): repeatedly take sinks to the end and sources
    to the front; otherwise the node with the largest out-weight minus in-weight goes to the front.
    Ties go to the smallest name, so the order is deterministic.
    """
    remaining = set(nodes or ()) | {n for edge in edges for n in edge}
    out_edges: dict[str, dict[str, int]] = defaultdict(dict)
    in_edges: dict[str, dict[str, int]] = defaultdict(dict)
    for (a, b), weight in edges.items():
        if a != b:
            out_edges[a][b] = weight
            in_edges[b][a] = weight
    front: list[str] = []
    back: list[str] = []
    while remaining:
        sinks = sorted(n for n in remaining if not out_edges[n])
        sources = sorted(n for n in remaining if not in_edges[n])
        if sinks:
            chosen, target = sinks[0], back
        elif sources:
            chosen, target = sources[0], front
        else:
            chosen = max(
                sorted(remaining),
                key=lambda n: sum(out_edges[n].values()) - sum(in_edges[n].values()),
            )
            target = front
        target.append(chosen)
        remaining.discard(chosen)
        for successor in out_edges.pop(chosen, {}):
            in_edges[successor].pop(chosen, None)
        for predecessor in in_edges.pop(chosen, {}):
            out_edges[predecessor].pop(chosen, None)
    return front + back[::-1]


def _communities(
    dependencies: Dependencies,
    groups: Groups,
    current: Mapping[str, str],
    options: ProposeOptions,
    graph: nx.Graph,
    *,
    seed: int,
) -> dict[str, str]:
    # NOTE: test modules count like any other module, so a package may mix tests with the code.
    found = nx.community.louvain_communities(
        graph, weight="weight", resolution=options.resolution, seed=seed
    )
    labels = _isolated_labels(groups, current, options, graph)
    for community in sorted(found, key=min):
        members = sorted(n for n in community if n in groups.members)
        anchors = sorted(n for n in community if n not in groups.members)
        labels.update(_label_community(dependencies, groups, current, members, anchors))
    return labels


def _isolated_labels(
    groups: Groups, current: Mapping[str, str], options: ProposeOptions, graph: nx.Graph
) -> dict[str, str]:
    # A group without imports is left out of the Louvain graph, which is then smaller: it would
    # join its anchor's community (or stay alone without anchors) and win every vote for home.
    labels = {}
    for group in sorted(set(groups.members) - set(graph.nodes)):
        home = majority(current[m] for m in groups.members[group])
        labels[group] = _ANCHOR + home if options.inertia > 0 else f"community:{group}"
    return labels


def _label_community(
    dependencies: Dependencies,
    groups: Groups,
    current: Mapping[str, str],
    members: list[str],
    anchors: list[str],
) -> dict[str, str]:
    # A community never merges two of today's packages. Where it contains several anchors, each
    # group joins the package it has most imports with inside the community, and stays in its
    # own package on a tie. Votes are updated in place, pass after pass, until none changes, so
    # two neighbours never swap packages because each followed the other's old package.
    today = [a for a in anchors if a.startswith(_ANCHOR)]
    if len(today) <= 1:
        name = (today or anchors or [f"community:{members[0]}"])[0]
        return dict.fromkeys(members, name)
    own = {g: _ANCHOR + majority(current[m] for m in groups.members[g]) for g in members}
    state = {g: own[g] if own[g] in today else today[0] for g in members}
    neighbours = _community_neighbours(dependencies, groups, members)
    for _ in range(_MAX_VOTE_PASSES):
        changed = False
        for group in members:
            links = Counter(state[n] for n in neighbours[group])
            best = max(today, key=lambda a: (links[a] + (0.5 if a == own[group] else 0),
                                            a == own[group], a))
            changed |= best != state[group]
            state[group] = best
        if not changed:
            break
    return state


def _community_neighbours(
    dependencies: Dependencies, groups: Groups, members: list[str]
) -> dict[str, list[str]]:
    inside = set(members)
    result: dict[str, list[str]] = {}
    for group in members:
        found = []
        for module in groups.members[group]:
            adjacent = itertools.chain(dependencies.imports_of.get(module, ()),
                                       dependencies.imported_by.get(module, ()))
            found += [groups.group_of[o] for o in adjacent
                      if groups.group_of[o] in inside and groups.group_of[o] != group]
        result[group] = sorted(found)
    return result


def _weighted_graph(
    dependencies: Dependencies,
    groups: Groups,
    current: Mapping[str, str],
    options: ProposeOptions,
) -> nx.Graph:
    weights: defaultdict[tuple[str, str], float] = defaultdict(float)
    degree: Counter[str] = Counter()
    for a, b in dependencies.sorted_pairs:
        degree[a] += 1
        degree[b] += 1
        ga, gb = groups.group_of[a], groups.group_of[b]
        if ga != gb:
            weights[(min(ga, gb), max(ga, gb))] += 1
    connected = {g for pair in weights for g in pair}
    if options.inertia > 0:
        for group, members in groups.members.items():
            if group not in connected and group not in groups.pins:
                continue
            for module in members:
                anchor = _ANCHOR + current[module]
                weights[(group, anchor)] += options.inertia * max(1, degree[module])
    for group, package in groups.pins.items():
        weights[(group, _PIN + package)] += _PIN_WEIGHT * max(1, len(groups.members[group]))
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(sorted(connected | set(groups.pins)))
    for (a, b), weight in sorted(weights.items()):
        graph.add_edge(a, b, weight=weight)
    return graph


def _apply_constraints(
    labels: dict[str, str], groups: Groups, constraints: Constraints
) -> dict[str, str]:
    result = dict(labels)
    pinned_labels = {_PIN + package for package in groups.pins.values()}
    for group in sorted(result):
        if group in groups.pins:
            result[group] = _PIN + groups.pins[group]
        elif result[group] in pinned_labels:
            # A community that gathered a pin anchor but no pinned group of its own stays apart.
            result[group] = "free:" + result[group]
    for a, b in constraints.apart:
        ga, gb = groups.group_of[a], groups.group_of[b]
        if result[ga] == result[gb]:
            movable = gb if gb not in groups.pins else ga
            result[movable] = f"apart:{movable}"
    return result


def _keep_apart(
    labels: dict[str, str], groups: Groups, constraints: Constraints
) -> dict[str, str]:
    # The repair variants move groups to their importers' packages and may join an apart pair
    # again. The second module of such a pair then gets a package of its own. The imports that
    # now point up the line are listed to cut.
    result = dict(labels)
    for a, b in constraints.apart:
        ga, gb = groups.group_of[a], groups.group_of[b]
        if ga != gb and result[ga] == result[gb]:
            movable = gb if gb not in groups.pins else ga
            label, used = f"apart:{movable}", set(result.values())
            while label in used:
                label += "+"
            result[movable] = label
    return result


def _label_edges(
    dependencies: Dependencies, groups: Groups, labels: Mapping[str, str]
) -> dict[tuple[str, str], int]:
    module_labels = {m: labels[groups.group_of[m]] for m in dependencies.modules}
    return metrics.package_edges(dependencies.sorted_pairs, module_labels)


def _repair(
    dependencies: Dependencies,
    groups: Groups,
    labels: dict[str, str],
    order: list[str],
    prepared: Prepared,
    constraints: Constraints,
) -> tuple[dict[str, str], list[str]]:
    sequence = prepared.sequence
    candidates = [
        _push(groups, labels, order, sequence, prepared.importers, downward=True),
        _push(groups, labels, order, sequence[::-1], prepared.imports, downward=False),
    ]
    merged = _merge_cycles(dependencies, groups, labels, constraints)
    if merged is not None:
        candidates.append(merged)
    scores = [
        (metrics.turbomq(dependencies.sorted_pairs, _module_labels(groups, candidate)), -rank)
        for rank, candidate in enumerate(candidates)
    ]
    best = candidates[scores.index(max(scores))]
    used = set(best.values())
    return best, [label for label in order if label in used]


def _merge_cycles(
    dependencies: Dependencies,
    groups: Groups,
    labels: Mapping[str, str],
    constraints: Constraints,
) -> dict[str, str] | None:
    # The third variant joins the packages of each package cycle into one package. It applies
    # only when no cycle joins two pinned packages or an apart pair, and otherwise returns None.
    merged_into: dict[str, str] = {}
    for cycle in _cycles(_label_edges(dependencies, groups, labels)):
        pinned = sorted(label for label in cycle if label.startswith(_PIN))
        members = {m for g, label in labels.items() if label in cycle for m in groups.members[g]}
        if len(pinned) > 1 or constraints.is_apart(members):
            return None
        size = Counter(label for label in labels.values() if label in cycle)
        keep = pinned[0] if pinned else min(cycle, key=lambda label: (-size[label], label))
        merged_into.update(dict.fromkeys(cycle, keep))
    return {group: merged_into.get(label, label) for group, label in labels.items()}


def _push(
    groups: Groups,
    labels: Mapping[str, str],
    order: Sequence[str],
    sequence: Sequence[str],
    adjacency: Mapping[str, tuple[str, ...]],
    *,
    downward: bool,
) -> dict[str, str]:
    # Positions grow downwards. Moving down, a group sinks to its lowest importer's package;
    # moving up, an importer rises to the highest package among what it imports.
    position = {label: index for index, label in enumerate(order)}
    placed: dict[str, int] = {}
    for group in sequence:
        own = position[labels[group]]
        seen = [placed[n] for n in adjacency[group] if n in placed]
        if group not in groups.pins and seen:
            own = max(own, *seen) if downward else min(own, *seen)
        placed[group] = own
    return {group: order[index] for group, index in placed.items()}


def _neighbour_groups(
    dependencies: Dependencies, groups: Groups, group: str, *, importers: bool
) -> tuple[str, ...]:
    adjacency = dependencies.imported_by if importers else dependencies.imports_of
    found = {groups.group_of[n] for m in groups.members[group] for n in adjacency.get(m, ())}
    found.discard(group)
    return tuple(sorted(found))


def _split_large(
    groups: Groups,
    labels: dict[str, str],
    order: list[str],
    max_size: int,
    sequence: Sequence[str],
) -> tuple[dict[str, str], list[str]]:
    result = dict(labels)
    new_order: list[str] = []
    for label in order:
        chunks = _chunks([g for g in sequence if labels[g] == label], groups, max_size)
        if label.startswith(_PIN) or len(chunks) == 1:
            new_order.append(label)
            continue
        for index, chunk in enumerate(chunks):
            name = label if index == 0 else f"{label}#{index + 1}"
            new_order.append(name)
            for group in chunk:
                result[group] = name
    return result, new_order


def _chunks(ordered: list[str], groups: Groups, max_size: int) -> list[list[str]]:
    # Consecutive runs in importers-first order, so a later chunk never imports an earlier one.
    # NOTE: a single cycle or --together group larger than max_size stays whole and oversized.
    chunks: list[list[str]] = [[]]
    size = 0
    for group in ordered:
        weight = len(groups.members[group])
        if chunks[-1] and size + weight > max_size:
            chunks.append([])
            size = 0
        chunks[-1].append(group)
        size += weight
    return chunks


def _merge_small(
    dependencies: Dependencies,
    groups: Groups,
    labels: dict[str, str],
    constraints: Constraints,
    options: ProposeOptions,
) -> dict[str, str]:
    min_size = options.min_size
    result = dict(labels)
    stuck: set[str] = set()
    while True:
        sizes: Counter[str] = Counter()
        for group, label in result.items():
            sizes[label] += len(groups.members[group])
        small = sorted((size, label) for label, size in sizes.items() if size < min_size)
        small = [item for item in small if item[1] not in stuck]
        if not small or len(sizes) == 1:
            return result
        label = small[0][1]
        target = _merge_target(dependencies, groups, result, constraints, label, sizes,
                               options.max_size)
        if target is None:
            logger.info("package %s stays below --min-size: every merge adds a cycle or goes "
                        "over --max-size", label)
            stuck.add(label)
            continue
        keep, drop = (target, label) if not label.startswith(_PIN) else (label, target)
        for group, current in result.items():
            if current == drop:
                result[group] = keep


def _merge_target(
    dependencies: Dependencies,
    groups: Groups,
    labels: dict[str, str],
    constraints: Constraints,
    label: str,
    sizes: Mapping[str, int],
    max_size: int | None,
) -> str | None:
    edges = _label_edges(dependencies, groups, labels)
    cycles_before = len(_cycles(edges))
    shared: Counter[str] = Counter()
    for (a, b), weight in edges.items():
        if label in (a, b):
            shared[b if a == label else a] += weight
    candidates = sorted(set(labels.values()) - {label}, key=lambda c: (-shared[c], c))
    for candidate in candidates:
        if label.startswith(_PIN) and candidate.startswith(_PIN):
            continue
        if max_size is not None and sizes[label] + sizes[candidate] > max_size:
            continue
        members = {m for g, lab in labels.items() if lab in (label, candidate)
                   for m in groups.members[g]}
        if constraints.is_apart(members):
            continue
        merged = {
            (candidate if a == label else a, candidate if b == label else b): w
            for (a, b), w in edges.items()
        }
        if len(_cycles(merged)) <= cycles_before:
            return candidate
    return None


def _cycles(edges: Mapping[tuple[str, str], int]) -> list[set[str]]:
    graph: nx.DiGraph = nx.DiGraph()
    graph.add_edges_from((a, b) for a, b in edges if a != b)
    return [c for c in nx.strongly_connected_components(graph) if len(c) > 1]


def _module_labels(groups: Groups, labels: Mapping[str, str]) -> dict[str, str]:
    return {m: labels[g] for g, members in groups.members.items() for m in members}
