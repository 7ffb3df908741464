"""Render a contract check for people and for CI: text, JSON, GitHub, JUnit and SARIF."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modsplit.contracts.model import (
    SUPPORTED_TYPES,
    CheckResult,
    ContractOutcome,
    Hop,
    StaleEntry,
    Violation,
)

if TYPE_CHECKING:
    import xml.etree.ElementTree as ElementTree

FORMATS = ("text", "json", "github", "junit", "sarif")
JSON_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
STALE_RULE = "stale-baseline-entry"
PRUNE_HINT = "remove it with `modsplit contracts baseline --prune`"


def render(result: CheckResult, *, format: str, version: str) -> str:
    """Return the check's result in one of ``FORMATS``."""
    renderers: Mapping[str, Callable[[CheckResult, str], str]] = {
        "text": lambda r, _: render_text(r),
        "json": lambda r, _: render_json(r),
        "github": lambda r, _: render_github(r),
        "junit": lambda r, _: render_junit(r),
        "sarif": render_sarif,
    }
    return renderers[format](result, version)


# Text
# ----


def render_text(result: CheckResult) -> str:
    lines: list[str] = []
    for outcome in result.outcomes:
        lines.append(_outcome_heading(outcome))
        for violation in outcome.violations:
            lines.append(f"  {violation.importer} is not allowed to import {violation.imported}:")
            lines += [f"    {_hop_text(hop)}" for hop in violation.hops]
    for entry in result.stale:
        lines.append(f"STALE   {entry.path}:{entry.line}: {entry.contract}: ignored import "
                     f'"{entry.expression}" matches no import; {PRUNE_HINT}')
    lines += ["", _summary(result)]
    return "\n".join(lines) + "\n"


def _outcome_heading(outcome: ContractOutcome) -> str:
    contract = outcome.contract
    status = "KEPT  " if outcome.is_kept else "BROKEN"
    details = []
    if outcome.violations:
        details.append(_count(len(outcome.violations), "violation"))
    if outcome.ignored_count:
        details.append(f"{_count(outcome.ignored_count, 'import')} ignored by the baseline")
    suffix = f" ({', '.join(details)})" if details else ""
    return f"{status}  {contract.label}: {contract.name} [{outcome.file}]{suffix}"


def _summary(result: CheckResult) -> str:
    parts = [
        f"{_count(len(result.outcomes), 'contract')}: {result.kept_count} kept, "
        f"{result.broken_count} broken",
        _count(len(result.violations), "violation"),
        _count(len(result.stale), "stale baseline entry", "stale baseline entries"),
    ]
    return "; ".join(parts) + "."


def _hop_text(hop: Hop) -> str:
    return f"{hop.location}: {hop.importer} -> {hop.imported}"


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


# JSON
# ----


def render_json(result: CheckResult) -> str:
    document = {
        "version": JSON_VERSION,
        "summary": {
            "contracts": len(result.outcomes),
            "kept": result.kept_count,
            "broken": result.broken_count,
            "violations": len(result.violations),
            "stale": len(result.stale),
        },
        "contracts": [_outcome_json(outcome) for outcome in result.outcomes],
        "stale": [_stale_json(entry) for entry in result.stale],
    }
    return json.dumps(document, indent=2) + "\n"


def _outcome_json(outcome: ContractOutcome) -> dict[str, Any]:
    contract = outcome.contract
    return {
        "id": contract.id,
        "name": contract.name,
        "type": contract.type,
        "file": outcome.file,
        "kept": outcome.is_kept,
        "ignored": outcome.ignored_count,
        "violations": [
            {
                "importer": violation.importer,
                "imported": violation.imported,
                "chain": [_hop_json(hop) for hop in violation.hops],
            }
            for violation in outcome.violations
        ],
    }


def _hop_json(hop: Hop) -> dict[str, Any]:
    return {"importer": hop.importer, "imported": hop.imported, "path": hop.path,
            "line": hop.line, "lines": list(hop.lines)}


def _stale_json(entry: StaleEntry) -> dict[str, Any]:
    return {"contract": entry.contract, "path": entry.path, "line": entry.line,
            "expression": entry.expression}


# GitHub Actions workflow commands
# --------------------------------


def render_github(result: CheckResult) -> str:
    """Return one ``::error`` annotation per violation, on the line of its first import."""
    lines = []
    for violation in result.violations:
        hop = violation.first_hop
        lines.append(_workflow_command(
            "error", path=hop.path, line=hop.line,
            title=f"Contract {violation.contract} broken",
            message=f"{_violation_sentence(violation)}: {_chain_text(violation.hops)}",
        ))
    for entry in result.stale:
        lines.append(_workflow_command(
            "error", path=entry.path, line=entry.line,
            title=f"Stale baseline entry of {entry.contract}",
            message=f'ignored import "{entry.expression}" matches no import; {PRUNE_HINT}',
        ))
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


def _workflow_command(kind: str, *, path: str, line: int, title: str, message: str) -> str:
    if path.startswith("/"):
        # A file outside the repository cannot carry an annotation; name it in the message.
        where = f"{path}:{line}" if line else path
        return (f"::{kind} title={_escape_property(title)}::"
                f"{_escape_data(f'{where}: {message}')}")
    properties = [f"file={_escape_property(path)}"]
    if line:
        properties.append(f"line={line}")
    properties.append(f"title={_escape_property(title)}")
    return f"::{kind} {','.join(properties)}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _violation_sentence(violation: Violation) -> str:
    return f"{violation.importer} is not allowed to import {violation.imported}"


def _chain_text(hops: Iterable[Hop]) -> str:
    return " then ".join(f"{hop.importer} -> {hop.imported} ({hop.location})" for hop in hops)


# JUnit XML
# ---------


def render_junit(result: CheckResult) -> str:
    """Return one test case per contract, failed when it has violations or stale entries."""
    # Imported here: the other formats do without it, and it slows every check's start-up.
    import xml.etree.ElementTree as ElementTree

    stale_by_contract: dict[tuple[str, str], list[StaleEntry]] = {}
    for entry in result.stale:
        stale_by_contract.setdefault((entry.path, entry.contract), []).append(entry)

    failures = 0
    suites = ElementTree.Element("testsuites", name="modsplit contracts")
    by_file: dict[str, ElementTree.Element] = {}
    for outcome in result.outcomes:
        suite = by_file.get(outcome.file)
        if suite is None:
            suite = ElementTree.SubElement(suites, "testsuite", name=outcome.file)
            by_file[outcome.file] = suite
        stale = stale_by_contract.get((outcome.file, outcome.contract.label), [])
        failures += _junit_case(suite, outcome, stale)

    for suite in by_file.values():
        cases = suite.findall("testcase")
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(1 for case in cases if case.find("failure") is not None)))
        suite.set("errors", "0")
    suites.set("tests", str(len(result.outcomes)))
    suites.set("failures", str(failures))
    suites.set("errors", "0")
    ElementTree.indent(suites)
    body = ElementTree.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _junit_case(
    suite: ElementTree.Element, outcome: ContractOutcome, stale: list[StaleEntry]
) -> int:
    import xml.etree.ElementTree as ElementTree

    contract = outcome.contract
    case = ElementTree.SubElement(suite, "testcase", classname=outcome.file,
                                  name=f"{contract.label}: {contract.name}")
    if not outcome.violations and not stale:
        return 0
    lines = []
    for violation in outcome.violations:
        lines.append(f"{_violation_sentence(violation)}:")
        lines += [f"  {_hop_text(hop)}" for hop in violation.hops]
    lines += [f'{entry.path}:{entry.line}: ignored import "{entry.expression}" matches no '
              f"import; {PRUNE_HINT}" for entry in stale]
    summary = [_count(len(outcome.violations), "violation")] if outcome.violations else []
    if stale:
        summary.append(_count(len(stale), "stale baseline entry", "stale baseline entries"))
    kind = "broken contract" if outcome.violations else "stale baseline"
    failure = ElementTree.SubElement(case, "failure", message=", ".join(summary), type=kind)
    failure.text = "\n".join(lines)
    return 1


# SARIF 2.1.0
# -----------


def render_sarif(result: CheckResult, version: str) -> str:
    """Return a SARIF 2.1.0 log: one rule per contract type, one result per violation."""
    rules = [*SUPPORTED_TYPES, STALE_RULE]
    results = [_sarif_violation(v, outcome, rules) for outcome in result.outcomes
               for v in outcome.violations]
    results += [_sarif_stale(entry, rules) for entry in result.stale]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "modsplit",
                "version": version,
                "rules": [_sarif_rule(rule) for rule in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2) + "\n"


_RULE_TEXT = {
    "layers": "A lower layer imports a higher layer.",
    "independence": "Modules that must be independent import each other.",
    "forbidden": "A module imports a module it is forbidden to import.",
    "acyclic_siblings": "Sibling packages import each other in a cycle.",
    STALE_RULE: "A baseline entry matches no import any more.",
}


def _sarif_rule(rule: str) -> dict[str, Any]:
    return {"id": rule, "shortDescription": {"text": _RULE_TEXT[rule]},
            "defaultConfiguration": {"level": "error"}}


def _sarif_violation(
    violation: Violation, outcome: ContractOutcome, rules: list[str]
) -> dict[str, Any]:
    contract = outcome.contract
    hop = violation.first_hop
    return {
        "ruleId": contract.type,
        "ruleIndex": rules.index(contract.type),
        "level": "error",
        "message": {"text": f"Contract {contract.label} ({contract.name}): "
                            f"{_violation_sentence(violation)}: {_chain_text(violation.hops)}"},
        "locations": [_sarif_location(hop.path, hop.line)],
        "codeFlows": [{"threadFlows": [{"locations": [
            {"location": {**_sarif_location(h.path, h.line),
                          "message": {"text": f"{h.importer} -> {h.imported}"}}}
            for h in violation.hops
        ]}]}],
        "partialFingerprints": {
            "modsplitContract/v1": f"{contract.label}:{violation.importer}:{violation.imported}:"
                                   + ">".join(h.importer for h in violation.hops)
                                   + f">{violation.hops[-1].imported}",
        },
    }


def _sarif_stale(entry: StaleEntry, rules: list[str]) -> dict[str, Any]:
    return {
        "ruleId": STALE_RULE,
        "ruleIndex": rules.index(STALE_RULE),
        "level": "error",
        "message": {"text": f'Contract {entry.contract}: ignored import "{entry.expression}" '
                            f"matches no import; {PRUNE_HINT}"},
        "locations": [_sarif_location(entry.path, entry.line)],
    }


def _sarif_location(path: str, line: int) -> dict[str, Any]:
    # Paths inside the repository are relative to it; a file outside gets an absolute file URI.
    artifact = ({"uri": Path(path).as_uri()} if path.startswith("/")
                else {"uri": path, "uriBaseId": "%SRCROOT%"})
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if line > 0:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}
