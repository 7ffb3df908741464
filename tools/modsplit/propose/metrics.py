"""Metrics of a layout: TurboMQ, modularity, crossing imports, cycles, sizes, instability, MoJo.

Every function takes the distinct (importer, imported) pairs, so two statements importing the
same module count once. Sources of the definitions:

- TurboMQ (Mitchell and Mancoridis): the sum over packages of the cluster factor
  ``2μ / (2μ + ε)``, with μ the pairs inside the package and ε the pairs entering or leaving it;
  a package without inner pairs scores 0.
- Modularity Q for directed graphs (Leicht and Newman, 2008): the sum over packages of
  ``m_c / m - out_c * in_c / m²``.
- Martin's instability: ``Ce / (Ca + Ce)``, with Ca the modules outside a package that import
  into it and Ce the modules inside that import out of it; None when both are 0.
- MoJo (Tzerpos and Holt) with the exact group assignment of Wen and Tzerpos: the number of
  Move and Join operations that turn one partition into another; MoJoFM scales it to a
  percentage of the maximum distance to the reference partition (100 means equal).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

import networkx as nx

Pairs = Iterable[tuple[str, str]]


def turbomq(pairs: Pairs, package_of: Mapping[str, str]) -> float:
    """Return the TurboMQ of a layout."""
    inner: Counter[str] = Counter()
    crossing: Counter[str] = Counter()
    for importer, imported in pairs:
        source, target = package_of[importer], package_of[imported]
        if source == target:
            inner[source] += 1
        else:
            crossing[source] += 1
            crossing[target] += 1
    return sum(2 * mu / (2 * mu + crossing[package]) for package, mu in inner.items())


def modularity(pairs: Pairs, package_of: Mapping[str, str]) -> float:
    """Return the directed modularity Q of a layout (0 for a graph without imports)."""
    pair_list = list(pairs)
    total = len(pair_list)
    if total == 0:
        return 0.0
    inner: Counter[str] = Counter()
    out_degree: Counter[str] = Counter()
    in_degree: Counter[str] = Counter()
    for importer, imported in pair_list:
        out_degree[package_of[importer]] += 1
        in_degree[package_of[imported]] += 1
        if package_of[importer] == package_of[imported]:
            inner[package_of[importer]] += 1
    packages = set(out_degree) | set(in_degree)
    return sum(
        inner[p] / total - out_degree[p] * in_degree[p] / total**2 for p in sorted(packages)
    )


def crossing_pairs(pairs: Pairs, package_of: Mapping[str, str]) -> list[tuple[str, str]]:
    """Return the sorted pairs whose importer and imported sit in different packages."""
    return sorted(pair for pair in pairs if package_of[pair[0]] != package_of[pair[1]])


def package_edges(pairs: Pairs, package_of: Mapping[str, str]) -> dict[tuple[str, str], int]:
    """Return the number of pairs from each package to each other package."""
    counts: Counter[tuple[str, str]] = Counter()
    for importer, imported in pairs:
        source, target = package_of[importer], package_of[imported]
        if source != target:
            counts[(source, target)] += 1
    return dict(sorted(counts.items()))


def package_cycles(pairs: Pairs, package_of: Mapping[str, str]) -> list[tuple[str, ...]]:
    """Return each group of two or more packages that import each other, sorted."""
    graph: nx.DiGraph = nx.DiGraph()
    graph.add_nodes_from(sorted(set(package_of.values())))
    graph.add_edges_from(package_edges(pairs, package_of))
    groups = [tuple(sorted(c)) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    return sorted(groups)


def instability(pairs: Pairs, package_of: Mapping[str, str]) -> dict[str, float | None]:
    """Return Martin's instability of each package."""
    efferent: dict[str, set[str]] = defaultdict(set)
    afferent: dict[str, set[str]] = defaultdict(set)
    for importer, imported in pairs:
        source, target = package_of[importer], package_of[imported]
        if source != target:
            efferent[source].add(importer)
            afferent[target].add(importer)
    result: dict[str, float | None] = {}
    for package in sorted(set(package_of.values())):
        ce, ca = len(efferent[package]), len(afferent[package])
        result[package] = ce / (ca + ce) if ca + ce else None
    return result


def sizes(package_of: Mapping[str, str]) -> tuple[int, float, int]:
    """Return the minimum, median and maximum number of modules per package."""
    counts = list(Counter(package_of.values()).values()) or [0]
    return min(counts), float(statistics.median(counts)), max(counts)


def mojo(source: Mapping[str, str], target: Mapping[str, str]) -> int:
    """Return the MoJo distance: Move and Join operations that turn ``source`` into ``target``.

    Only modules present in both layouts count.
    """
    shared = sorted(set(source) & set(target))
    if not shared:
        return 0
    overlap: dict[str, Counter[str]] = defaultdict(Counter)
    for module in shared:
        overlap[source[module]][target[module]] += 1
    moves = 0
    graph: nx.Graph = nx.Graph()
    for cluster in sorted(overlap):
        best = max(overlap[cluster].values())
        moves += sum(overlap[cluster].values()) - best
        graph.add_node(("source", cluster))
        for tag, count in sorted(overlap[cluster].items()):
            if count == best:
                graph.add_edge(("source", cluster), ("target", tag))
    left = [node for node in graph if node[0] == "source"]
    matching = nx.bipartite.hopcroft_karp_matching(graph, top_nodes=left)
    groups = sum(1 for node in left if node in matching)
    return moves + len(overlap) - groups


def mojofm(source: Mapping[str, str], reference: Mapping[str, str]) -> float:
    """Return MoJoFM of ``source`` against ``reference`` in percent (100 means the same)."""
    shared = set(source) & set(reference)
    if len(shared) <= 1:
        return 100.0
    worst = _max_mojo(Counter(reference[m] for m in shared).values(), len(shared))
    if worst == 0:
        return 100.0
    return (1 - mojo(source, reference) / worst) * 100


def _max_mojo(reference_sizes: Iterable[int], objects: int) -> int:
    # The largest MoJo distance any partition can have to the reference is n - g, where g grows
    # by one for each reference cluster, taken in ascending size, that is larger than g so far.
    groups = 0
    for size in sorted(reference_sizes):
        if groups < size:
            groups += 1
    return objects - groups
