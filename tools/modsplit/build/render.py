"""Render affected units and build results as text, JSON, a GitHub matrix or plain names."""

from __future__ import annotations

import json
from typing import Any

from modsplit.build.affected import Affected, Reason

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
