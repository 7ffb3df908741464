"""Names and layers of proposed packages."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from modsplit.propose.model import KERNEL

PIN_PREFIX = "pin:"
ANCHOR_PREFIX = "anchor:"


def name_packages(
    label_of: Mapping[str, str], current: Mapping[str, str]
) -> dict[str, str]:
    """Return a unique name for each label.

    A pinned label keeps its pin's name. Any other package is named after today's package most of
    its modules come from. When several share that name, the one that grew from that package keeps
    it (else the largest). The others add the most common next part of their module ids
    (``api.framework.config``), or else ``-2``, ``-3``.
    """
    members: dict[str, list[str]] = defaultdict(list)
    for module, label in sorted(label_of.items()):
        members[label].append(module)
    names = {label[len(PIN_PREFIX):]: label for label in members if label.startswith(PIN_PREFIX)}
    taken = dict(names)
    source_of = {label: majority(current[m] for m in found) for label, found in members.items()}
    # A label that grew from today's package P (its anchor is P) has the first claim on P's name,
    # so modules that never moved are not reported as moves.
    free = sorted(
        (label for label in members if not label.startswith(PIN_PREFIX)),
        key=lambda label: (label != ANCHOR_PREFIX + source_of[label], -len(members[label]), label),
    )
    prefixes = _common_prefixes(current)
    for label in free:
        source = source_of[label]
        for candidate in _candidates(source, members[label], prefixes[source]):
            if candidate not in taken:
                taken[candidate] = label
                break
    return {label: name for name, label in taken.items()}


def majority(values: Iterable[str]) -> str:
    """Return the most common value, the smallest one on a tie."""
    counts = Counter(values)
    return min(counts, key=lambda value: (-counts[value], value))


def infer_layers(packages: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Return each package's layer in an acyclic package graph: 0 for a package importing none.

    A package's layer is one more than the highest layer it imports, so two packages in the same
    layer never import each other.
    """
    imports: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        if a != b:
            imports[a].add(b)
    layers: dict[str, int] = {}

    def layer(package: str, visiting: frozenset[str]) -> int:
        if package not in layers:
            below = [layer(p, visiting | {package}) for p in sorted(imports[package])
                     if p not in visiting]
            layers[package] = 1 + max(below) if below else 0
        return layers[package]

    for package in sorted(set(packages)):
        layer(package, frozenset())
    return layers


def _candidates(source: str, modules: list[str], prefix: int) -> Iterable[str]:
    yield source
    parts = Counter(m.split(".")[prefix] for m in modules if len(m.split(".")) > prefix)
    if parts and max(parts.values()) > 1:
        yield f"{source}.{majority(parts.elements())}"
    for number in itertools.count(2):
        yield f"{source}-{number}"


def _common_prefixes(current: Mapping[str, str]) -> dict[str, int]:
    by_package: dict[str, list[list[str]]] = defaultdict(list)
    for module, package in current.items():
        by_package[package].append(module.split("."))
    result: dict[str, int] = {}
    for package, ids in by_package.items():
        length = min(len(parts) for parts in ids)
        common = 0
        while common < length and len({parts[common] for parts in ids}) == 1:
            common += 1
        result[package] = common
    result.setdefault(KERNEL, 0)
    return result
