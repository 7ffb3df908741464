"""Remove unused dependencies from manifests, changing only the lines of those entries.

Comments, blank lines, ordering and the formatting of every other entry stay as they are. An
entry in a file that another unit also reads is left alone unless that unit does not use it
either, because removing it there would break the other unit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from modsplit.deps.manifests import Declarations
from modsplit.deps.model import Code, Finding, Requirement


@dataclass(frozen=True)
class FixPlan:
    """New texts of the manifests to rewrite, what they drop, and what had to stay."""

    contents: Mapping[Path, str]
    removed: tuple[Requirement, ...]
    kept: tuple[str, ...]  # one explanation per entry left in place


def plan_fix(
    directory: Path, findings: Iterable[Finding], declarations: Mapping[str, Declarations]
) -> FixPlan:
    """Return the manifest texts without the entries of the unused (DEP002) findings."""
    unused: dict[str, set[str]] = defaultdict(set)
    for finding in findings:
        if finding.code is Code.UNUSED:
            unused[finding.unit].add(finding.distribution)
    readers = _readers_by_file(declarations)
    removals: dict[str, list[Requirement]] = defaultdict(list)
    kept: list[str] = []
    for unit, distributions in sorted(unused.items()):
        for requirement in declarations[unit].runtime():
            if requirement.distribution not in distributions:
                continue
            others = sorted(
                other for other in readers[requirement.manifest]
                if other != unit and requirement.distribution not in unused.get(other, set())
            )
            if others:
                kept.append(f"{requirement.location}: {requirement.name} kept, because unit "
                            f"{others[0]} also reads this file and uses it or was not checked")
            elif requirement not in removals[requirement.manifest]:
                removals[requirement.manifest].append(requirement)
    contents: dict[Path, str] = {}
    removed: list[Requirement] = []
    for manifest, requirements in sorted(removals.items()):
        path = directory / manifest
        text = path.read_text(encoding="utf-8")
        new_text, done = remove_entries(manifest, text, requirements)
        contents[path] = new_text
        removed += done
    return FixPlan(contents, tuple(removed), tuple(kept))


def unfixed_findings(findings: Iterable[Finding], plan: FixPlan) -> list[Finding]:
    """Return the findings that applying ``plan`` leaves: all but the removed unused entries."""
    removed = {requirement.location for requirement in plan.removed}
    return [f for f in findings if f.code is not Code.UNUSED or f.manifest not in removed]


def remove_entries(
    manifest: str, text: str, requirements: Iterable[Requirement]
) -> tuple[str, list[Requirement]]:
    """Return ``text`` without the given entries, and the entries actually removed."""
    lines = text.splitlines(keepends=True)
    delete: set[int] = set()
    removed: list[Requirement] = []
    is_requirements_file = not manifest.endswith((".toml", ".cfg", ".py"))
    for requirement in sorted(requirements, key=lambda r: r.line):
        index = requirement.line - 1
        if index >= len(lines):
            continue
        if is_requirements_file:
            delete.update(_continued(lines, index))
            removed.append(requirement)
            continue
        new_line = _without_literal(lines[index], requirement)
        if new_line is None:
            continue
        if new_line.strip() in ("", ","):
            delete.add(index)
        else:
            lines[index] = new_line
        removed.append(requirement)
    return "".join(line for i, line in enumerate(lines) if i not in delete), removed


def _continued(lines: list[str], index: int) -> list[int]:
    indexes = [index]
    while lines[indexes[-1]].rstrip("\r\n").endswith("\\") and indexes[-1] + 1 < len(lines):
        indexes.append(indexes[-1] + 1)
    return indexes


def _without_literal(line: str, requirement: Requirement) -> str | None:
    """Return the line without the entry's quoted literal, or None when it is not there."""
    ending = line[len(line.rstrip("\r\n")):]
    body = line.rstrip("\r\n")
    for quote in ('"', "'"):
        literal = re.escape(f"{quote}{requirement.text}{quote}")
        for pattern in (rf"{literal}\s*,\s*", rf",\s*{literal}", literal):
            if re.search(pattern, body):
                new_body = re.sub(pattern, "", body, count=1)
                return _drop_lone_comment(new_body) + ending
    key = re.match(rf"^(\s*)[\"']?{re.escape(requirement.name)}[\"']?\s*=", body, re.I)
    if key:  # a Poetry table key, or setup.cfg's ``install_requires = name``
        return ""
    if body.strip() == requirement.text:  # a setup.cfg continuation line
        return ""
    return None


def _drop_lone_comment(body: str) -> str:
    """An emptied line keeps no trailing comment that described the removed entry."""
    return "" if body.strip().startswith("#") or not body.strip() else body


def _readers_by_file(declarations: Mapping[str, Declarations]) -> dict[str, set[str]]:
    readers: dict[str, set[str]] = defaultdict(set)
    for unit, declared in declarations.items():
        for requirement in declared.requirements:
            readers[requirement.manifest].add(unit)
    return readers
