"""Measure what importing a module costs, and rank the imports its package makes by that cost.

``python -X importtime`` prints one line per module it imports, children before their parent,
indented by depth. Rebuilding the tree gives, for each module, the module that pulled it in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_LINE = re.compile(r"^import time:\s*(\d+) \|\s*(\d+) \|( *)(\S+)\s*$")
_FRAME = re.compile(r'^\s*File "([^"]+)", line \d+, in <module>$')
_MISSING = re.compile(r"No module named '([^']+)'")


@dataclass(frozen=True)
class ImportEdge:
    """One module pulled in by another, with the time its import took in microseconds."""

    importer: str
    imported: str
    self_us: int
    cumulative_us: int
    is_first_party: bool


@dataclass(frozen=True)
class ImportFailure:
    """Why the import stopped: the error line, the module not found and who imported it."""

    error: str
    missing: str | None
    importer: str | None


@dataclass(frozen=True)
class Profile:
    """The measured import of a target.

    ``total_us`` is None when the target's import failed before finishing; ``module_count``
    counts every module the import loaded, inside the package or not.
    """

    target: str
    total_us: int | None
    module_count: int
    edges: tuple[ImportEdge, ...]
    failure: ImportFailure | None


@dataclass
class _Node:
    name: str
    self_us: int
    cumulative_us: int
    depth: int
    parent: str | None = None
    children: list[_Node] = field(default_factory=list)
    is_wrapper: bool = False


def parse_importtime(
    stderr: str,
    *,
    target: str,
    returncode: int,
    module_for_file: Callable[[str], str | None],
) -> Profile:
    """Build the profile of ``target`` from the stderr of ``python -X importtime``.

    ``module_for_file`` maps a file in a traceback to its module name, to find which module was
    importing when an import failed.
    """
    timing_lines = [line for line in stderr.splitlines() if line.startswith("import time:")]
    other_lines = [line for line in stderr.splitlines() if not line.startswith("import time:")]
    nodes, orphans = _tree(timing_lines)
    chain = _module_chain(other_lines, module_for_file)
    for orphan in orphans:
        # Imported by a module whose own import never finished: its line was never printed.
        if 0 < orphan.depth <= len(chain):
            orphan.parent = chain[orphan.depth - 1]

    failure = _failure(other_lines, chain) if returncode != 0 else None
    total = next((node.cumulative_us for node in nodes if node.name == target), None)
    loaded = _loaded_by_target(nodes, target)
    return Profile(
        target=target,
        total_us=None if failure else total,
        module_count=len(loaded),
        edges=rank_edges(loaded, target=target),
        failure=failure,
    )


def rank_edges(nodes: Sequence[_Node], *, target: str) -> tuple[ImportEdge, ...]:
    """Return the imports made by modules of ``target``, the most expensive first."""
    edges = [
        ImportEdge(
            importer=node.parent,
            imported=node.name,
            self_us=node.self_us,
            cumulative_us=node.cumulative_us,
            is_first_party=_is_within(node.name, target),
        )
        for node in nodes
        if node.parent is not None and _is_within(node.parent, target)
    ]
    return tuple(sorted(edges, key=lambda e: (-e.cumulative_us, -e.self_us, e.imported)))


def module_namer(roots: Sequence[Path]) -> Callable[[str], str | None]:
    """Return a function mapping a file under one of ``roots`` to its module name."""

    def module_for_file(filename: str) -> str | None:
        path = Path(filename)
        for root in roots:
            try:
                relative = path.relative_to(root).with_suffix("")
            except ValueError:
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            return ".".join(parts) or None
        return None

    return module_for_file


def _tree(lines: Sequence[str]) -> tuple[list[_Node], list[_Node]]:
    """Return every module with its importer set, and the modules whose importer never finished.

    ``import a.b.c`` of a package whose parent ``a.b`` is not loaded yet prints ``a.b.c`` twice:
    once inside ``a.b`` where ``a.b`` imports it, and again around ``a.b``. The second line is
    only a wrapper, so its children are given to the wrapper's own importer.
    """
    nodes: list[_Node] = []
    pending: list[_Node] = []
    seen: set[str] = set()
    for line in lines:
        match = _LINE.match(line)
        if match is None:
            continue
        self_us, cumulative_us, indent, name = match.groups()
        node = _Node(name, int(self_us), int(cumulative_us), max(len(indent) - 1, 0) // 2)
        while pending and pending[-1].depth > node.depth:
            node.children.append(pending.pop())
        node.is_wrapper = name in seen
        seen.add(name)
        nodes.append(node)
        pending.append(node)
    for node in nodes:
        if not node.is_wrapper:
            _adopt(node.name, node.children)
    orphans = [node for node in _unwrapped(pending) if node.depth > 0]
    return [node for node in nodes if not node.is_wrapper], orphans


def _adopt(importer: str, children: Sequence[_Node]) -> None:
    for child in children:
        if child.is_wrapper:
            _adopt(importer, child.children)
        else:
            child.parent = importer


def _unwrapped(nodes: Sequence[_Node]) -> list[_Node]:
    result = []
    for node in nodes:
        result += _unwrapped(node.children) if node.is_wrapper else [node]
    return result


def _module_chain(lines: Sequence[str], module_for_file: Callable[[str], str | None]) -> list[str]:
    """Return the modules being executed when the import failed, outermost first."""
    chain = []
    for line in lines:
        match = _FRAME.match(line)
        if match is None or match.group(1).startswith("<"):
            continue
        module = module_for_file(match.group(1))
        if module is not None:
            chain.append(module)
    return chain


def _failure(lines: Sequence[str], chain: Sequence[str]) -> ImportFailure:
    error = next((line.strip() for line in reversed(lines) if line.strip()), "no error message")
    missing = _MISSING.search(error)
    return ImportFailure(
        error=error,
        missing=missing.group(1) if missing else None,
        importer=chain[-1] if chain else None,
    )


def _loaded_by_target(nodes: Sequence[_Node], target: str) -> list[_Node]:
    """Return the nodes whose outermost importer lies in the target's top-level package."""
    by_name = {node.name: node for node in nodes}
    top = target.split(".")[0]
    loaded = []
    for node in nodes:
        current = node
        while current.parent is not None and current.parent in by_name:
            current = by_name[current.parent]
        # A parent missing from the output is a module whose import never finished.
        outermost = current.parent or current.name
        if _is_within(outermost, top):
            loaded.append(node)
    return loaded


def _is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")
