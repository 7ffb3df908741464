"""Read the dependencies a ``pyproject.toml`` declares, with the line of each entry.

Covers PEP 621 (``[project] dependencies`` and ``optional-dependencies``), PEP 735 dependency
groups (with ``include-group``), and Poetry (``[tool.poetry.dependencies]``, the old
``dev-dependencies`` and ``[tool.poetry.group.NAME.dependencies]``). ``tomllib`` gives no
positions, so each entry's line is found by scanning the text of its table in order.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as PackagingRequirement

from modsplit.deps.model import ManifestContents, Requirement
from modsplit.workspace.model import ManifestKind

# Names of optional dependencies and groups that only development needs.
DEV_GROUPS = frozenset(
    {
        "dev", "develop", "development", "test", "tests", "testing", "lint", "linting", "docs",
        "doc", "typing", "types", "mypy", "style", "format", "ci", "qa", "check", "coverage",
        "bench", "benchmark", "benchmarks",
    }
)
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def read_pyproject(directory: Path, relative: str, kind: ManifestKind) -> ManifestContents:
    """Read a pyproject.toml; entries of a dev manifest or a dev group are development ones."""
    text = (directory / relative).read_text(encoding="utf-8", errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return ManifestContents(path=relative, problems=(f"{relative}: invalid TOML: {error}",))
    lines = text.splitlines()
    builder = _Builder(relative, lines, kind)
    project = _table(data.get("project"))
    builder.add_array("project", "dependencies", project.get("dependencies"), group="")
    for group, entries in _table(project.get("optional-dependencies")).items():
        builder.add_array("project.optional-dependencies", group, entries, group=group)
    groups = _table(data.get("dependency-groups"))
    for group in groups:
        builder.add_group(groups, group)
    _read_poetry(builder, _table(_table(data.get("tool")).get("poetry")))
    return ManifestContents(
        path=relative,
        requirements=tuple(builder.requirements),
        problems=tuple(builder.problems),
        project_name=str(project.get("name") or ""),
        entry_points=tuple(_entry_points(lines, data)),
    )


class _Builder:
    def __init__(self, relative: str, lines: list[str], kind: ManifestKind) -> None:
        self.relative = relative
        self.lines = lines
        self.kind = kind
        self.requirements: list[Requirement] = []
        self.problems: list[str] = []
        self.tables = _table_starts(lines)

    def add_array(
        self, table: str, key: str, entries: Any, *, group: str, is_dev: bool = False
    ) -> None:
        if not isinstance(entries, list):
            return
        position = self.key_line(table, key)
        for entry in entries:
            if not isinstance(entry, str):
                continue
            position = self.find_literal(entry, position)
            self.add(entry, position + 1, group=group, is_dev=is_dev)

    def add_group(self, groups: Mapping[str, Any], group: str) -> None:
        # An ``{include-group = "x"}`` entry needs no expansion: group x is read on its own.
        entries = groups.get(group)
        if isinstance(entries, list):
            strings = [entry for entry in entries if isinstance(entry, str)]
            # Dependency groups are never part of a distribution's metadata: development only.
            self.add_array("dependency-groups", group, strings, group=group, is_dev=True)

    def add(
        self, entry: str, line: int, *, group: str, is_dev: bool = False, name: str | None = None
    ) -> None:
        is_dev = is_dev or group.lower() in DEV_GROUPS
        kind = ManifestKind.DEV if is_dev else self.kind
        try:
            parsed = PackagingRequirement(entry if name is None else name)
        except InvalidRequirement as error:
            self.problems.append(f"{self.relative}:{line}: invalid requirement {entry!r}: {error}")
            return
        self.requirements.append(
            Requirement(
                manifest=self.relative,
                line=line,
                name=parsed.name,
                kind=kind,
                text=entry,
                extras=tuple(sorted(parsed.extras)),
                specifier=str(parsed.specifier),
                marker=str(parsed.marker) if parsed.marker else "",
                url=parsed.url or "",
                group=group,
            )
        )

    def key_line(self, table: str, key: str) -> int:
        """Return the index of ``key = `` in ``[table]`` (or of the table header), else 0."""
        start, end = self.tables.get(table, (0, len(self.lines)))
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for index in range(start, end):
            if pattern.match(self.lines[index]):
                return index
        return start

    def find_literal(self, entry: str, start: int) -> int:
        for quote in ('"', "'"):
            literal = f"{quote}{entry}{quote}"
            for index in range(start, len(self.lines)):
                if literal in self.lines[index]:
                    return index
        return start


def _read_poetry(builder: _Builder, poetry: Mapping[str, Any]) -> None:
    tables = [("tool.poetry.dependencies", poetry.get("dependencies"), "")]
    tables.append(("tool.poetry.dev-dependencies", poetry.get("dev-dependencies"), "dev"))
    for group, body in _table(poetry.get("group")).items():
        table = f"tool.poetry.group.{group}.dependencies"
        tables.append((table, _table(body).get("dependencies"), group))
    for table, entries, group in tables:
        for name, value in _table(entries).items():
            if name.lower() == "python":
                continue
            line = builder.key_line(table, name) + 1
            # Poetry's main group is the runtime one; every other group is for development.
            is_dev = group not in ("", "main")
            builder.add(f"{name} {_poetry_constraint(value)}".strip(), line, group=group,
                        is_dev=is_dev, name=_poetry_requirement(name, value))


def _poetry_requirement(name: str, value: Any) -> str:
    extras = value.get("extras") if isinstance(value, dict) else None
    if isinstance(extras, list) and extras:
        return f"{name}[{','.join(str(extra) for extra in extras)}]"
    return name


def _poetry_constraint(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("version"), str):
        return str(value["version"])
    return ""


def _entry_points(lines: list[str], data: Mapping[str, Any]) -> Iterable[tuple[str, int]]:
    project = _table(data.get("project"))
    groups = [_table(project.get("scripts")), _table(project.get("gui-scripts"))]
    groups += [_table(group) for group in _table(project.get("entry-points")).values()]
    groups.append(_table(_table(_table(data.get("tool")).get("poetry")).get("scripts")))
    for group in groups:
        for value in group.values():
            if isinstance(value, str):
                yield value, _line_of(lines, value)


def _line_of(lines: list[str], literal: str) -> int:
    for index, line in enumerate(lines):
        if f'"{literal}"' in line or f"'{literal}'" in line:
            return index + 1
    return 1


def _table_starts(lines: list[str]) -> dict[str, tuple[int, int]]:
    """Return each table header's name with the index range of its lines."""
    headers: list[tuple[str, int]] = []
    for index, line in enumerate(lines):
        match = _HEADER.match(line)
        if match and not line.strip().startswith("[["):
            name = re.sub(r"\s*\.\s*", ".", match.group(1)).replace('"', "").replace("'", "")
            headers.append((name, index))
    spans: dict[str, tuple[int, int]] = {}
    for position, (name, index) in enumerate(headers):
        end = headers[position + 1][1] if position + 1 < len(headers) else len(lines)
        spans.setdefault(name, (index, end))
    return spans


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
