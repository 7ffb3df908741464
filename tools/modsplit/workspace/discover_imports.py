"""Resolve dotted names the way Python's path finder does, over the folders of a scanned tree.

Discovery uses this to tell which imports a unit's roots already resolve, and to find, for an
import that no root resolves, the folders under which it would resolve.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable

from modsplit.workspace.discover_scan import ImportedName, Tree, join, parent_of

STANDARD_LIBRARY = frozenset(sys.stdlib_module_names) | {"__future__"}


class NameIndex:
    """The folders of a tree by the top-level names importable from each of them."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.modules = frozenset(tree.python_files)
        self.folders_with_code: set[str] = set()
        self.providers: dict[str, set[str]] = defaultdict(set)
        for relative in tree.python_files:
            self._index(relative)

    def resolves(self, roots: Iterable[str], imported: ImportedName) -> bool:
        """Tell whether any candidate of ``imported`` resolves under ``roots``."""
        roots = list(roots)
        return any(self.resolve(roots, candidate) for candidate in imported.candidates)

    def resolve(self, roots: list[str], dotted: str) -> bool:
        """Tell whether ``dotted`` resolves under ``roots``, in order, by the path finder's rules.

        The first root with a regular package or a module of a name wins. Folders without
        ``__init__.py`` are namespace portions, used only when no root has a regular one.
        """
        paths = roots
        parts = dotted.split(".")
        for position, part in enumerate(parts):
            found = self._find(paths, part)
            if found is None:
                return False
            kind, paths = found
            if kind == "module" and position < len(parts) - 1:
                return False
        return True

    def folders_providing(self, dotted: str) -> list[str]:
        """Return every folder under which ``dotted`` resolves when it is the only root."""
        first = dotted.split(".")[0]
        return sorted(
            folder for folder in self.providers.get(first, ()) if self.resolve([folder], dotted)
        )

    def _find(self, paths: list[str], part: str) -> tuple[str, list[str]] | None:
        portions = []
        for path in paths:
            candidate = join(path, part)
            if join(candidate, "__init__.py") in self.modules:
                return "package", [candidate]
            if candidate + ".py" in self.modules:
                return "module", []
            if candidate in self.folders_with_code:
                portions.append(candidate)
        return ("namespace", portions) if portions else None

    def _index(self, relative: str) -> None:
        folder = parent_of(relative)
        self.providers[relative.rpartition("/")[2].removesuffix(".py")].add(folder)
        while folder != ".":
            self.folders_with_code.add(folder)
            parent = parent_of(folder)
            self.providers[folder.rpartition("/")[2]].add(parent)
            folder = parent
