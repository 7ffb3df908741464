"""Render affected units and build results as text, JSON, a GitHub matrix or plain names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modsplit.build.affected import Affected, Reason

if TYPE_CHECKING:
    # Only a type here: `modsplit affected` renders without loading the build runner.
    from modsplit.build.run import BuildResult

AFFECTED_SCHEMA = "modsplit.affected/1"
WHY_AFFECTED_SCHEMA = "modsplit.why-affected/1"
AFFECTED_FORMATS = ("text", "json", "github-matrix", "names")


def render_affected(affected: Affected, *, output_format: str, explain: bool = False) -> str:
    """Return the affected units in ``output_format``.

    Nothing affected gives empty text in every format but JSON, which is always a document.
    """
    if output_format == "json":
        return _dump(affected_document(affected))
    if not affected.units:
        return ""
    if output_format == "names":
        return "".join(f"{unit}\n" for unit in affected.units)
    if output_format == "github-matrix":
        return json.dumps({"include": [{"unit": unit} for unit in affected.units]}) + "\n"
    return _explained_text(affected) if explain else _summary_text(affected)


def affected_document(affected: Affected) -> dict[str, Any]:
    """Return the ``modsplit.affected/1`` JSON document."""
    return {
        "schema": AFFECTED_SCHEMA,
        "since": affected.changes.since,
        "until": affected.changes.until,
        "units": list(affected.units),
        "reasons": {unit: list(affected.reason(unit).chain()) for unit in affected.units},
        "changes": [
            {"path": change.path, "change": change.kind.value, "old_path": change.old_path}
            for change in affected.changes.changes
        ],
        "unowned": list(affected.unowned),
    }


def render_why_affected(affected: Affected, unit: str, *, output_format: str) -> str:
    """Return every chain from a changed file to ``unit``, shortest first."""
    reasons = affected.reasons.get(unit, ())
    if output_format == "json":
        return _dump(
            {
                "schema": WHY_AFFECTED_SCHEMA,
                "since": affected.changes.since,
                "until": affected.changes.until,
                "unit": unit,
                "affected": bool(reasons),
                "reasons": [list(reason.chain()) for reason in reasons],
            }
        )
    since = _since_text(affected)
    if not reasons:
        count = len(affected.changes.changes)
        return f"{unit} is not affected by the {_files(count)} changed {since}\n"
    lines = [f"{unit} is affected by {_files(len(reasons))} changed {since}:"]
    for reason in reasons:
        first, *rest = reason.chain()
        lines.append(f"  {first}")
        lines += [f"    {step}" for step in rest]
    return "\n".join(lines) + "\n"


def _summary_text(affected: Affected) -> str:
    lines = [f"{unit}: {_summary(affected.reason(unit))}" for unit in affected.units]
    return "\n".join(lines) + "\n"


def _summary(reason: Reason) -> str:
    text = reason.cause.describe()
    if reason.links:
        path = ", ".join(link.imported_unit for link in reason.links)
        text += f", through {path}"
    return text


def _explained_text(affected: Affected) -> str:
    lines: list[str] = []
    for unit in affected.units:
        lines.append(unit)
        lines += [f"  {step}" for step in affected.reason(unit).chain()]
    if affected.unowned:
        lines.append("Changed files that affect no unit:")
        lines += [f"  {path}" for path in affected.unowned]
    return "\n".join(lines) + "\n"


def _since_text(affected: Affected) -> str:
    changes = affected.changes
    if changes.until is None:
        return f"since {changes.since}"
    return f"between {changes.since} and {changes.until}"


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2) + "\n"


BUILD_SCHEMA = "modsplit.build/1"


def render_build(result: BuildResult, *, output_format: str, relative_to: Path) -> str:
    """Return the build summary: a table of unit, session, result, time and how it ran."""
    if output_format == "json":
        return _dump(build_document(result, relative_to=relative_to))
    if not result.steps:
        return ""
    rows = [("unit", "session", "result", "time", "ran")]
    rows += [
        (step.unit, step.session, step.status.value, f"{step.seconds:.1f} s",
         "cached" if step.is_cached else "ran")
        for step in result.steps
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
             + "  " + row[4] for row in rows]
    ran = sum(not step.is_cached for step in result.steps)
    lines.append(
        f"{_sessions(len(result.steps))}: {ran} ran, {len(result.steps) - ran} cached, "
        f"{len(result.failed)} failed in {result.seconds:.1f} s"
    )
    lines += [
        f"{step.session} failed for {step.unit}; output in {_shown(step.log, relative_to)}"
        for step in result.failed
    ]
    return "\n".join(lines) + "\n"


def build_document(result: BuildResult, *, relative_to: Path) -> dict[str, Any]:
    """Return the ``modsplit.build/1`` JSON document."""
    return {
        "schema": BUILD_SCHEMA,
        "steps": [
            {
                "unit": step.unit,
                "session": step.session,
                "result": step.status.value,
                "seconds": round(step.seconds, 3),
                "cached": step.is_cached,
                "log": _shown(step.log, relative_to) if step.log else None,
            }
            for step in result.steps
        ],
        "failed": len(result.failed),
        "seconds": round(result.seconds, 3),
    }


def _sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


def _shown(path: Path | None, relative_to: Path) -> str:
    if path is None:
        return "-"
    if path.is_relative_to(relative_to):
        return path.relative_to(relative_to).as_posix()
    return str(path)
