"""Read pytest's ``pythonpath`` and ``testpaths`` from the files pytest reads them from.

pytest takes its settings from ``pytest.ini`` (``[pytest]``), ``pyproject.toml``
(``[tool.pytest.ini_options]``), ``tox.ini`` (``[pytest]``) and ``setup.cfg`` (``[tool:pytest]``).
Paths in ``pythonpath`` and ``testpaths`` are relative to the folder of that file.
"""

from __future__ import annotations

import configparser
import logging
import tomllib
from dataclasses import dataclass

from modsplit.workspace.discover_scan import Tree, normalise, parent_of

logger = logging.getLogger(__name__)

_INI_SECTIONS = {"pytest.ini": "pytest", "tox.ini": "pytest", "setup.cfg": "tool:pytest"}


@dataclass(frozen=True)
class PytestSettings:
    """The path settings of one pytest configuration file, as workspace-relative folders."""

    source: str
    pythonpath: tuple[str, ...]
    testpaths: tuple[str, ...]

    @property
    def folder(self) -> str:
        return parent_of(self.source)


def read_pytest_settings(tree: Tree) -> list[PytestSettings]:
    """Return the settings of every pytest configuration file in the tree that sets a path."""
    found = []
    for relative in tree.other_files:
        name = relative.rpartition("/")[2]
        if name in _INI_SECTIONS:
            values = _ini_values(tree, relative, _INI_SECTIONS[name])
        elif name == "pyproject.toml":
            values = _pyproject_values(tree, relative)
        else:
            continue
        if values is None:
            continue
        folder = parent_of(relative)
        pythonpath = _inside(folder, values[0], relative)
        testpaths = _inside(folder, values[1], relative)
        if pythonpath or testpaths:
            found.append(PytestSettings(relative, pythonpath, testpaths))
    return found


def _ini_values(tree: Tree, relative: str, section: str) -> tuple[list[str], list[str]] | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(tree.read(relative), source=relative)
    except configparser.Error as error:
        logger.warning("%s: cannot read pytest settings: %s", relative, error)
        return None
    if not parser.has_section(section):
        return None
    pythonpath = parser.get(section, "pythonpath", fallback="").split()
    testpaths = parser.get(section, "testpaths", fallback="").split()
    return pythonpath, testpaths


def _pyproject_values(tree: Tree, relative: str) -> tuple[list[str], list[str]] | None:
    try:
        data = tomllib.loads(tree.read(relative))
    except tomllib.TOMLDecodeError as error:
        logger.warning("%s: invalid TOML, its pytest settings are ignored: %s", relative, error)
        return None
    table = data.get("tool", {}).get("pytest", {}).get("ini_options")
    if not isinstance(table, dict):
        return None
    return _string_list(table.get("pythonpath")), _string_list(table.get("testpaths"))


def _string_list(value: object) -> list[str]:
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _inside(folder: str, entries: list[str], source: str) -> tuple[str, ...]:
    paths = []
    for entry in entries:
        path = normalise(folder, entry)
        if path is None:
            logger.info("%s: %s is outside the repository; ignored", source, entry)
        else:
            paths.append(path)
    return tuple(paths)
