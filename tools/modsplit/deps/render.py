"""Render a dependency report as text or as JSON (schema ``modsplit.deps/1``)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping

from modsplit.deps.model import Code, DepsReport, Finding

SCHEMA = "modsplit.deps/1"

# The wording of deptry's messages for its four codes, with modsplit's DEP101 added.
DEFAULT_MESSAGES: Mapping[str, str] = {
    "DEP001": "'{name}' imported but missing from the dependency definitions",
    "DEP002": "'{name}' defined as a dependency but not used in the codebase",
    "DEP003": "'{name}' imported but it is a transitive dependency",
    "DEP004": "'{name}' imported but declared as a dev dependency",
    "DEP101": "'{name}' imported from unit '{distribution}', which is neither part of this unit "
              "nor declared",
}


def render_text(report: DepsReport, *, messages: Mapping[str, str] = DEFAULT_MESSAGES) -> str:
    """Return one line per finding, ``unit: path:line: CODE message``, and a summary line."""
    lines = [_text_line(finding, messages) for finding in report.findings]
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def render_json(report: DepsReport) -> str:
    """Return the report as JSON: the schema name, the checked units and the findings."""
    document = {
        "schema": SCHEMA,
        "units": list(report.units),
        "findings": [_json_finding(finding) for finding in report.findings],
    }
    return json.dumps(document, indent=2) + "\n"


def _text_line(finding: Finding, messages: Mapping[str, str]) -> str:
    code = finding.code.value
    name = finding.distribution if finding.code is Code.UNUSED else finding.import_name
    message = messages.get(code, DEFAULT_MESSAGES[code]).format(
        name=name, distribution=finding.distribution
    )
    if finding.code in (Code.MISSING, Code.TRANSITIVE, Code.MISPLACED_DEV):
        message += f" (distribution {finding.distribution})"
    if finding.code is Code.MISPLACED_DEV and finding.manifest:
        message += f", declared at {finding.manifest}"
    return f"{finding.unit}: {finding.location}: {code} {message}"


def _summary(report: DepsReport) -> str:
    units = len(report.units)
    unit_word = "unit" if units == 1 else "units"
    if not report.findings:
        return f"no dependency findings in {units} {unit_word}"
    counts = Counter(finding.code.value for finding in report.findings)
    by_code = ", ".join(f"{code} {counts[code]}" for code in sorted(counts))
    affected = len({finding.unit for finding in report.findings})
    noun = "finding" if len(report.findings) == 1 else "findings"
    return f"{len(report.findings)} {noun} in {affected} of {units} {unit_word} ({by_code})"


def _json_finding(finding: Finding) -> dict[str, object]:
    return {
        "unit": finding.unit,
        "code": finding.code.value,
        "distribution": finding.distribution,
        "import_name": finding.import_name,
        "path": finding.path,
        "line": finding.line,
        "manifest": finding.manifest,
    }
