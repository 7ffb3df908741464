"""Read the dependencies of ``setup.cfg`` and of a ``setup.py`` whose ``setup()`` call is literal.

``setup.py`` is parsed, never run: ``install_requires``, ``extras_require`` and
``tests_require`` are read when they are literal lists (or a dict of them), directly or through a
module-level name bound to one. Anything computed is reported as not statically readable.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as PackagingRequirement

from modsplit.deps.model import ManifestContents, Requirement
from modsplit.deps.pyproject import DEV_GROUPS
from modsplit.workspace.model import ManifestKind

_SECTION = re.compile(r"^\[([^\]]+)\]\s*$")
_KEY = re.compile(r"^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$")


def read_setup_cfg(directory: Path, relative: str, kind: ManifestKind) -> ManifestContents:
    """Read ``[options] install_requires``/``tests_require`` and ``[options.extras_require]``."""
    lines = (directory / relative).read_text(encoding="utf-8", errors="replace").splitlines()
    found: list[Requirement] = []
    problems: list[str] = []
    name = ""
    for section, key, values in _cfg_values(lines):
        if section == "metadata" and key == "name" and values:
            name = values[0][1]
        group = _cfg_group(section, key)
        if group is None:
            continue
        for line, value in values:
            entry_kind = ManifestKind.DEV if group in DEV_GROUPS else kind
            requirement = _requirement(relative, line, value, entry_kind, group, problems)
            if requirement is not None:
                found.append(requirement)
    return ManifestContents(relative, tuple(found), problems=tuple(problems), project_name=name)


def _cfg_group(section: str, key: str) -> str | None:
    if section == "options" and key == "install_requires":
        return ""
    if section == "options" and key == "tests_require":
        return "test"
    if section == "options.extras_require":
        return key
    return None


def _cfg_values(lines: list[str]) -> list[tuple[str, str, list[tuple[int, str]]]]:
    """Return (section, key, [(line, value)]) for each key, continuation lines included."""
    result: list[tuple[str, str, list[tuple[int, str]]]] = []
    section = ""
    for number, raw in enumerate(lines, start=1):
        text = raw.split(" #")[0].split(" ;")[0].rstrip() if not raw.lstrip().startswith(
            ("#", ";")) else ""
        header = _SECTION.match(text)
        if header:
            section = header.group(1).strip()
            continue
        if not text.strip():
            continue
        if text[0].isspace() and result:
            result[-1][2].append((number, text.strip()))
            continue
        key = _KEY.match(text)
        if key:
            first = key.group(2).strip()
            result.append((section, key.group(1), [(number, first)] if first else []))
    return result


def read_setup_py(directory: Path, relative: str, kind: ManifestKind) -> ManifestContents:
    """Read the literal requirement lists of the ``setup()`` call of a setup.py."""
    source = (directory / relative).read_text(encoding="utf-8", errors="replace")
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return ManifestContents(relative, problems=(f"{relative}:{error.lineno}: invalid Python",))
    call = _setup_call(tree)
    if call is None:
        return ManifestContents(relative)
    names = _module_assignments(tree)
    found: list[Requirement] = []
    problems: list[str] = []
    project_name = ""
    for keyword in call.keywords:
        value = names.get(keyword.value.id, keyword.value) if isinstance(
            keyword.value, ast.Name) else keyword.value
        if keyword.arg == "name" and isinstance(value, ast.Constant):
            project_name = str(value.value)
        groups = _setup_groups(keyword.arg, value)
        if groups is None:
            if keyword.arg in ("install_requires", "extras_require", "tests_require"):
                problems.append(f"{relative}:{keyword.lineno}: {keyword.arg} is not statically "
                                "readable; declare it in pyproject.toml or setup.cfg")
            continue
        for group, node in groups:
            entry_kind = ManifestKind.DEV if group in DEV_GROUPS else kind
            requirement = _requirement(relative, node.lineno, str(node.value), entry_kind, group,
                                       problems)
            if requirement is not None:
                found.append(requirement)
    return ManifestContents(relative, tuple(found), problems=tuple(problems),
                            project_name=project_name)


def _setup_call(tree: ast.Module) -> ast.Call | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            name = function.id if isinstance(function, ast.Name) else (
                function.attr if isinstance(function, ast.Attribute) else "")
            if name == "setup":
                return node
    return None


def _module_assignments(tree: ast.Module) -> dict[str, ast.expr]:
    names: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                names[target.id] = node.value
    return names


def _setup_groups(
    argument: str | None, value: ast.expr
) -> list[tuple[str, ast.Constant]] | None:
    if argument == "install_requires":
        strings = _literal_strings(value)
        return None if strings is None else [("", node) for node in strings]
    if argument == "tests_require":
        strings = _literal_strings(value)
        return None if strings is None else [("test", node) for node in strings]
    if argument == "extras_require":
        if not isinstance(value, ast.Dict):
            return None
        groups: list[tuple[str, ast.Constant]] = []
        for key, item in zip(value.keys, value.values, strict=True):
            strings = _literal_strings(item)
            if not isinstance(key, ast.Constant) or strings is None:
                return None
            groups += [(str(key.value), node) for node in strings]
        return groups
    return []


def _literal_strings(value: ast.expr) -> list[ast.Constant] | None:
    if not isinstance(value, ast.List | ast.Tuple):
        return None
    strings = [item for item in value.elts if isinstance(item, ast.Constant)
               and isinstance(item.value, str)]
    return strings if len(strings) == len(value.elts) else None


def _requirement(
    relative: str, line: int, value: str, kind: ManifestKind, group: str, problems: list[str]
) -> Requirement | None:
    try:
        parsed = PackagingRequirement(value)
    except InvalidRequirement as error:
        problems.append(f"{relative}:{line}: invalid requirement {value!r}: {error}")
        return None
    return Requirement(
        manifest=relative,
        line=line,
        name=parsed.name,
        kind=kind,
        text=value,
        extras=tuple(sorted(parsed.extras)),
        specifier=str(parsed.specifier),
        marker=str(parsed.marker) if parsed.marker else "",
        url=parsed.url or "",
        group=group,
    )
