"""The check use case with a fake engine: locations, stale entries, configuration errors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from modsplit.contracts.baseline import record_baseline
from modsplit.contracts.check import check_contracts
from modsplit.contracts.engine import EngineChain, EngineReport
from modsplit.contracts.model import BaselineEntry, Contract, ContractFile, Hop, StaleEntry
from modsplit.errors import ConfigError
from tests.helpers import graph_from_arrows

GRAPH = graph_from_arrows(["a.x -> b.y", "b.y -> c.z", "a.x -> b.y", "a.w -> c.z"])


class FakeEngine:
    """Returns a fixed report per contract id, and records what it was asked to ignore."""

    def __init__(self, reports: Mapping[str, EngineReport]) -> None:
        self.reports = reports
        self.ignored: list[tuple[str, tuple[str, ...]]] = []

    def check(self, contract: Contract, *, ignored: Sequence[str]) -> EngineReport:
        self.ignored.append((contract.id, tuple(ignored)))
        return self.reports[contract.id]


def contract_file(*contracts: Contract, path: str = "/repo/contracts/c.toml") -> ContractFile:
    return ContractFile(Path(path), contracts)


def test_chain_hops_get_file_and_every_line() -> None:
    engine = FakeEngine({"c": EngineReport(chains=(EngineChain("a", "c", ("a.x", "b.y", "c.z")),))})

    result = check_contracts([contract_file(Contract("c", "C", "forbidden"))], GRAPH,
                             lambda _: engine, relative_to="/repo")

    [violation] = result.violations
    assert violation.hops == (
        Hop("a.x", "b.y", "a/x.py", (1, 3)),
        Hop("b.y", "c.z", "b/y.py", (2,)),
    )
    assert result.outcomes[0].file == "contracts/c.toml"


def test_baseline_passed_to_engine() -> None:
    contract = Contract("c", "C", "forbidden", baseline=(BaselineEntry("a.x -> b.y"),))
    engine = FakeEngine({"c": EngineReport()})

    check_contracts([contract_file(contract)], GRAPH, lambda _: engine)

    assert engine.ignored == [("c", ("a.x -> b.y",))]


def test_unmatched_entries_become_stale() -> None:
    contract = Contract("c", "C", "forbidden", baseline=(
        BaselineEntry("a.x -> b.y", line=7), BaselineEntry("q.r -> s.t", line=8),
    ))
    engine = FakeEngine({"c": EngineReport(unmatched=("q.r -> s.t",), ignored_count=1)})

    result = check_contracts([contract_file(contract)], GRAPH, lambda _: engine,
                             relative_to="/repo")

    assert result.stale == (StaleEntry("c", "contracts/c.toml", 8, "q.r -> s.t"),)
    assert result.outcomes[0].is_kept
    assert result.has_findings


def test_problems_of_all_files_reported_together() -> None:
    first = contract_file(Contract("one", "1", "layers"), path="/repo/contracts/a.toml")
    second = contract_file(Contract("two", "2", "layers"), path="/elsewhere/b.toml")
    engine = FakeEngine({
        "one": EngineReport(problems=("layers: module 'x' does not exist",)),
        "two": EngineReport(problems=("bad option", "another")),
    })

    with pytest.raises(ConfigError) as raised:
        check_contracts([first, second], GRAPH, lambda _: engine, relative_to="/repo")

    assert raised.value.problems == [
        "contracts/a.toml: contract 'one': layers: module 'x' does not exist",
        "/elsewhere/b.toml: contract 'two': bad option",
        "/elsewhere/b.toml: contract 'two': another",
    ]


def test_clean_check_has_no_findings() -> None:
    engine = FakeEngine({"c": EngineReport()})

    result = check_contracts([contract_file(Contract("c", "C", "layers"))], GRAPH,
                             lambda _: engine)

    assert not result.has_findings
    assert (result.kept_count, result.broken_count) == (1, 0)


class ShrinkingEngine:
    """Reports one chain per import that is not ignored yet, as a real engine would."""

    def __init__(self, edges: Sequence[tuple[str, str]]) -> None:
        self.edges = edges

    def check(self, contract: Contract, *, ignored: Sequence[str]) -> EngineReport:
        left = [e for e in self.edges if f"{e[0]} -> {e[1]}" not in ignored]
        return EngineReport(chains=tuple(EngineChain("a", "c", e) for e in left[:1]))


def test_record_baseline_comments_file_and_lines() -> None:
    engine = ShrinkingEngine([("a.x", "b.y"), ("a.w", "c.z")])

    recorded = record_baseline(contract_file(Contract("c", "C", "forbidden")), GRAPH, engine)

    assert recorded.contracts[0].baseline == (
        BaselineEntry("a.w -> c.z", comment="a/w.py:4"),
        BaselineEntry("a.x -> b.y", comment="a/x.py:1, 3"),
    )
    assert [e.comment for e in recorded.contracts[0].baseline] == ["a/w.py:4", "a/x.py:1, 3"]
