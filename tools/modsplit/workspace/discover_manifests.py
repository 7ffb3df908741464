"""Recognise dependency manifests and read the distribution names they declare.

A manifest is a ``requirements*.txt`` file, a ``pyproject.toml`` with ``[project]`` or Poetry
dependencies, a ``setup.cfg`` with ``[options]`` or ``[metadata]``, or a ``setup.py`` that calls
``setup(``. A ``setup.py`` module inside a package (``framework/logging/setup.py``) is code, not
a manifest.
"""

from __future__ import annotations

import ast
import configparser
import re
import tomllib
from dataclasses import dataclass

from modsplit.workspace.discover_scan import Tree

_REQUIREMENTS = re.compile(r"(.*[-_.])?requirements([-_.][\w.-]*)?\.(txt|in)|requirements\.txt")
_DEV_WORDS = frozenset(
    {"dev", "develop", "development", "test", "tests", "testing", "lint", "docs"}
)
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_SETUP_CALL = re.compile(r"\b(setuptools|distutils)\b[\s\S]*\bsetup\s*\(")

# Distributions whose import name is not their project name; enough for discovery to tell a
# third-party name from a folder of the repository. The dependency checks use a full mapping.
KNOWN_IMPORT_NAMES = {
    "beautifulsoup4": "bs4",
    "djangorestframework": "rest_framework",
    "opencv-python": "cv2",
    "opencv-python-headless": "cv2",
    "pillow": "PIL",
    "psycopg2-binary": "psycopg2",
    "pyjwt": "jwt",
    "python-dateutil": "dateutil",
    "python-dotenv": "dotenv",
    "python-jose": "jose",
    "pyyaml": "yaml",
    "scikit-learn": "sklearn",
    "python-multipart": "multipart",
    "protobuf": "google",
    "pytorch": "torch",
    "ta-lib": "talib",
}


@dataclass(frozen=True)
class ManifestFile:
    """A manifest found in the tree: its path and whether it only serves development."""

    path: str
    is_dev: bool


def find_manifests(tree: Tree) -> list[ManifestFile]:
    """Return every manifest in the tree, sorted by path."""
    found = []
    for relative in tree.other_files + tree.python_files:
        name = relative.rpartition("/")[2]
        if _is_manifest(tree, relative, name):
            found.append(ManifestFile(relative, is_dev=_is_dev(name)))
    return sorted(found, key=lambda manifest: manifest.path)


def declared_import_names(tree: Tree, manifests: list[ManifestFile]) -> set[str]:
    """Return the import names of every distribution the manifests declare (a close guess)."""
    names: set[str] = set()
    for manifest in manifests:
        for distribution in _declared(tree, manifest.path):
            key = distribution.lower().replace("_", "-")
            names.add(KNOWN_IMPORT_NAMES.get(key, key.replace("-", "_").replace(".", "_")))
    return names


def _is_manifest(tree: Tree, relative: str, name: str) -> bool:
    if _REQUIREMENTS.fullmatch(name):
        return True
    if name == "pyproject.toml":
        data = _toml(tree, relative)
        tool = data.get("tool", {})
        poetry = tool.get("poetry", {}) if isinstance(tool, dict) else {}
        return "project" in data or (isinstance(poetry, dict) and "dependencies" in poetry)
    if name == "setup.cfg":
        parser = _ini(tree, relative)
        return parser is not None and any(map(parser.has_section, ("options", "metadata")))
    if name == "setup.py":
        return _SETUP_CALL.search(tree.read(relative)) is not None
    return False


def _is_dev(name: str) -> bool:
    words = set(re.split(r"[-_.]", name.lower()))
    return bool(words & _DEV_WORDS)


def _declared(tree: Tree, relative: str) -> list[str]:
    name = relative.rpartition("/")[2]
    if name == "pyproject.toml":
        return _pyproject_names(_toml(tree, relative))
    if name == "setup.cfg":
        parser = _ini(tree, relative)
        text = parser.get("options", "install_requires", fallback="") if parser else ""
        return _requirement_names(text)
    if name == "setup.py":
        return _setup_py_names(tree.read(relative))
    return _requirement_names(tree.read(relative))


def _pyproject_names(data: dict[str, object]) -> list[str]:
    project = data.get("project", {})
    names: list[str] = []
    if isinstance(project, dict):
        names += _requirement_names("\n".join(project.get("dependencies", [])))
        for group in project.get("optional-dependencies", {}).values():
            names += _requirement_names("\n".join(group))
    tool = data.get("tool", {})
    poetry = tool.get("poetry", {}) if isinstance(tool, dict) else {}
    if isinstance(poetry, dict):
        names += [name for name in poetry.get("dependencies", {}) if name != "python"]
    return names


def _requirement_names(text: str) -> list[str]:
    names = []
    for line in text.splitlines():
        if line.strip().startswith(("-", "#")):
            continue
        match = _NAME.match(line)
        if match:
            names.append(match.group(1))
    return names


def _setup_py_names(text: str) -> list[str]:
    """Return the names in the literal ``install_requires`` lists of a setup script."""
    try:
        module = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    requirements = []
    for node in ast.walk(module):
        if not isinstance(node, ast.keyword) or node.arg != "install_requires":
            continue
        if isinstance(node.value, ast.List | ast.Tuple):
            requirements += [
                item.value
                for item in node.value.elts
                if isinstance(item, ast.Constant) and isinstance(item.value, str)
            ]
    return _requirement_names("\n".join(requirements))


def _toml(tree: Tree, relative: str) -> dict[str, object]:
    try:
        return tomllib.loads(tree.read(relative))
    except tomllib.TOMLDecodeError:
        return {}


def _ini(tree: Tree, relative: str) -> configparser.ConfigParser | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(tree.read(relative))
    except configparser.Error:
        return None
    return parser
