"""Render a discovered configuration as TOML, with the evidence for each decision as a comment."""

from __future__ import annotations

import json
from collections.abc import Iterable

from modsplit.workspace.discovery import Discovery, Unresolved
from modsplit.workspace.model import ManifestKind, Unit

# The unresolved names listed in the header; `modsplit graph` lists every unresolved import.
MAX_UNRESOLVED_SHOWN = 25


def render_configuration(discovery: Discovery) -> str:
    """Return the configuration file text for a discovery: header notes, then each unit."""
    sections = [
        _header(discovery),
        _array("global_files", discovery.workspace.global_files, indent=""),
    ]
    sections += [_unit(discovery, unit) for unit in discovery.workspace.units]
    return "\n\n".join(section.rstrip("\n") for section in sections) + "\n"


def _header(discovery: Discovery) -> str:
    lines = [
        "# modsplit configuration, discovered by `modsplit init`.",
        "# Each comment gives the evidence for the line below it; review it, then edit freely.",
        "#",
        "# Python files per unit: "
        + ", ".join(f"{name} {count}" for name, count in discovery.file_counts)
        + ".",
    ]
    shared = [d for d in discovery.decisions if d.subject == "roots"]
    if shared:
        lines += ["#", "# Shared roots, which every unit gets after its own roots:"]
        lines += [f"#   {d.value}: {d.reason.removesuffix(_SHARED_SUFFIX)}" for d in shared]
    notes = discovery.decisions_about("notes")
    if notes:
        lines += ["#", "# Notes:"] + [f"#   {note}" for note in notes]
    if discovery.shadowed:
        lines += ["#", "# Top-level packages provided by more than one root",
                  "# (a unit imports the copy in the first of its roots that has one):"]
        lines += [f"#   {name}: {', '.join(paths)}" for name, paths in discovery.shadowed]
    if discovery.unresolved:
        lines += ["#", "# Imported names that no root of the importing unit resolves",
                  "# (neither standard library nor declared by a manifest):"]
        shown = discovery.unresolved[:MAX_UNRESOLVED_SHOWN]
        lines += [f"#   {_unresolved(entry)}" for entry in shown]
        rest = len(discovery.unresolved) - MAX_UNRESOLVED_SHOWN
        if rest > 0:
            lines.append(f"#   ... and {rest} more names; `modsplit graph` lists every import.")
    return "\n".join(lines)


_SHARED_SUFFIX = "; every unit gets it after its own roots"


def _unresolved(entry: Unresolved) -> str:
    where = f"{entry.first_importer}:{entry.first_line}"
    places = (
        f"a folder or module of that name exists only at {', '.join(entry.found_in)}"
        if entry.found_in
        else "exists nowhere in the repository"
    )
    return f"{entry.name}: {entry.count} import(s), first at {where}; {places}"


def _unit(discovery: Discovery, unit: Unit) -> str:
    subject = f"units.{unit.name}"
    lines = [f"# {reason}" for reason in discovery.decisions_about(subject)]
    lines += [f"[{subject}]", f"path = {_string(unit.path)}"]
    lines.append(_roots(discovery, unit))
    runtime = [m.path for m in unit.manifests if m.kind is ManifestKind.RUNTIME]
    dev = [m.path for m in unit.manifests if m.kind is ManifestKind.DEV]
    for key, values in (("manifests", runtime), ("dev_manifests", dev), ("tests", unit.tests)):
        if values:
            comments = {value: discovery.decisions_about(f"{subject}.manifests", value)
                        for value in values}
            lines.append(_array(key, values, indent="", comments=comments))
    return "\n".join(lines)


def _roots(discovery: Discovery, unit: Unit) -> str:
    comments = {}
    for root in unit.roots:
        reasons = discovery.decisions_about(f"units.{unit.name}.roots", root)
        shared = discovery.decisions_about("roots", root)
        reasons += [f"shared root: {reason.removesuffix(_SHARED_SUFFIX)}" for reason in shared]
        if not reasons and root == unit.path:
            reasons = ["the unit's own folder, for want of other evidence"]
        comments[root] = reasons
    lines = [_array("roots", unit.roots, indent="", comments=comments)]
    left_out = [
        (d.value, d.reason)
        for d in discovery.decisions
        if d.subject == f"units.{unit.name}.roots" and d.value not in unit.roots
    ]
    for root, reason in left_out:
        lines.insert(0, f"# {root or '.'} is {reason}")
    return "\n".join(lines)


def _array(
    key: str,
    values: Iterable[str],
    *,
    indent: str,
    comments: dict[str, list[str]] | None = None,
) -> str:
    lines = [f"{indent}{key} = ["]
    for value in values:
        lines += [f"{indent}    # {reason}" for reason in (comments or {}).get(value, [])]
        lines.append(f"{indent}    {_string(value)},")
    lines.append(f"{indent}]")
    return "\n".join(lines)


def _string(value: str) -> str:
    # A JSON string is a valid TOML basic string for the paths and names written here.
    return json.dumps(value, ensure_ascii=False)
