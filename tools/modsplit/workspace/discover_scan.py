"""Scan a repository once for discovery: its folders, Python files and their absolute imports.

Discovery needs the whole tree but not a full graph, so this module reads each Python file with
``ast`` for the names it imports absolutely, and falls back to a line scan for a file that does not
parse (newer syntax than the running interpreter, or not Python at all).
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

# Folders that never hold a project's own code.
IGNORED_FOLDERS = frozenset(
    {
        ".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv", ".tox", ".nox",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".modsplit_cache", "site-packages",
        ".eggs", "build", "dist",
    }
)

_IMPORT_LINE = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import\s+([\w, ()*]+)|import\s+([\w., ]+))")


@dataclass(frozen=True)
class ImportedName:
    """An absolute import in a file: the module it names and its line.

    ``candidates`` lists the dotted names the import may refer to, most specific first:
    ``from a.b import c`` may import the submodule ``a.b.c`` or take ``c`` from ``a.b``.
    """

    candidates: tuple[str, ...]
    line: int

    @property
    def first_name(self) -> str:
        return self.candidates[-1].split(".")[0]


@dataclass
class Tree:
    """The files of a repository, as POSIX paths relative to its directory."""

    directory: Path
    python_files: list[str] = field(default_factory=list)
    other_files: list[str] = field(default_factory=list)
    folders: set[str] = field(default_factory=set)
    package_folders: set[str] = field(default_factory=set)
    imports: dict[str, tuple[ImportedName, ...]] = field(default_factory=dict)

    def has_file(self, relative: str) -> bool:
        return (self.directory / relative).is_file()

    def is_package(self, folder: str) -> bool:
        """Tell whether ``folder`` holds an ``__init__.py``."""
        return folder in self.package_folders

    def read(self, relative: str) -> str:
        return (self.directory / relative).read_text(encoding="utf-8", errors="replace")


def scan_tree(directory: Path) -> Tree:
    """Walk ``directory`` and read the absolute imports of every Python file."""
    tree = Tree(directory=directory)
    tree.folders.add(".")
    _walk(directory, "", tree, set())
    tree.python_files.sort()
    tree.other_files.sort()
    for relative in tree.python_files:
        if relative.endswith("/__init__.py") or relative == "__init__.py":
            tree.package_folders.add(parent_of(relative))
        tree.imports[relative] = read_imports(directory / relative)
    return tree


def read_imports(path: Path) -> tuple[ImportedName, ...]:
    """Return the absolute imports of one Python file, in line order."""
    try:
        source = path.read_bytes()
    except OSError:
        return ()
    try:
        module = ast.parse(source)
    except (SyntaxError, ValueError):
        return _imports_from_lines(source.decode("utf-8", errors="replace"))
    found: list[ImportedName] = []
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            found += [ImportedName((alias.name,), node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += _from_import(node.module, [alias.name for alias in node.names], node.lineno)
    found.sort(key=lambda name: (name.line, name.candidates))
    return tuple(found)


def join(folder: str, name: str) -> str:
    """Join a workspace-relative folder and a name, treating ``.`` as the repository itself."""
    return name if folder in ("", ".") else f"{folder}/{name}"


def normalise(folder: str, entry: str) -> str | None:
    """Return ``entry``, relative to ``folder``, as a workspace-relative path.

    ``..`` steps are resolved; None means the path leaves the repository.
    """
    parts: list[str] = [] if folder in ("", ".") else folder.split("/")
    for part in entry.split("/"):
        if part in ("", "."):
            continue
        if part != "..":
            parts.append(part)
        elif parts:
            parts.pop()
        else:
            return None
    return "/".join(parts) or "."


def parent_of(relative: str) -> str:
    parent = relative.rpartition("/")[0]
    return parent or "."


def _walk(folder: Path, prefix: str, tree: Tree, seen: set[str]) -> None:
    real = os.path.realpath(folder)
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        relative = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name in IGNORED_FOLDERS or entry.name.endswith(".egg-info"):
                continue
            tree.folders.add(relative)
            _walk(Path(entry.path), relative + "/", tree, seen)
        elif entry.is_file():
            target = tree.python_files if entry.name.endswith(".py") else tree.other_files
            target.append(relative)


def _from_import(module: str, names: list[str], line: int) -> list[ImportedName]:
    return [
        ImportedName((f"{module}.{name}", module) if name != "*" else (module,), line)
        for name in names
    ]


def _imports_from_lines(text: str) -> tuple[ImportedName, ...]:
    found: list[ImportedName] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _IMPORT_LINE.match(line)
        if match is None:
            continue
        if match.group(1):
            names = match.group(2).replace("(", "").replace(")", "").split(",")
            found += _from_import(match.group(1), [n.split()[0] for n in names if n.strip()], number)
        else:
            for part in match.group(3).split(","):
                if part.strip():
                    found.append(ImportedName((part.split()[0],), number))
    return tuple(found)
