"""The propose use case on tiny graphs: layouts, cycles, constraints, kernel and determinism."""

from __future__ import annotations

import pytest

from modsplit.errors import UsageError
from modsplit.propose import ProposeOptions, propose
from modsplit.propose.layout import current_layout
from modsplit.propose.metrics import package_cycles
from modsplit.propose.render import render_json, render_text
from tests.helpers import graph_from_arrows

# Two top-level packages of one unit that import each other (like core and framework), and a
# service package above them.
CYCLIC = [
    "core.cache -> core.db",
    "core.db -> fw.constants",
    "fw.mid -> core.cache",
    "fw.mid -> fw.constants",
    "fw.app -> fw.mid",
    "svc.api -> fw.app",
    "svc.api -> svc.models",
    "svc.models -> fw.constants",
]
UNITS = {"core": "mono", "fw": "mono"}


def package_of(arrows: list[str], **options: object) -> dict[str, str]:
    graph = graph_from_arrows(arrows, units=UNITS)
    proposal = propose(graph, ProposeOptions(**options))  # type: ignore[arg-type]
    return dict(proposal.layout.package_of)


def test_today_package_is_unit_plus_top_level_name() -> None:
    graph = graph_from_arrows(CYCLIC, units=UNITS)
    layout = current_layout(graph)
    assert layout["core.cache"] == "mono.core"
    assert layout["fw.mid"] == "mono.fw"
    assert layout["svc.api"] == "svc"


def test_proposal_has_no_package_cycle() -> None:
    graph = graph_from_arrows(CYCLIC, units=UNITS)
    proposal = propose(graph, ProposeOptions())
    assert proposal.current.package_cycles == 1
    assert proposal.proposed.package_cycles == 0
    assert proposal.cut == ()


def test_proposal_layers_point_down() -> None:
    graph = graph_from_arrows(CYCLIC, units=UNITS)
    proposal = propose(graph, ProposeOptions())
    layer = {p.name: p.layer for p in proposal.packages}
    for arrow in CYCLIC:
        importer, imported = (part.strip() for part in arrow.split("->"))
        source = proposal.layout.package_of[importer]
        target = proposal.layout.package_of[imported]
        assert source == target or layer[source] > layer[target], arrow


def test_kernel_takes_widely_imported_leaf() -> None:
    layout = package_of(CYCLIC, kernel_min_importers=2)
    assert layout["fw.constants"] == "kernel"


def test_no_kernel_keeps_leaf_home() -> None:
    layout = package_of(CYCLIC, kernel=False)
    assert "kernel" not in layout.values()


def test_module_cycle_stays_in_one_package() -> None:
    arrows = ["a.x -> b.y", "b.y -> a.x", "a.x -> a.z", "b.y -> b.w"]
    layout = package_of(arrows)
    assert layout["a.x"] == layout["b.y"]


def test_pin_puts_module_in_named_package() -> None:
    layout = package_of(CYCLIC, pins=(("svc.models", "models"),))
    assert layout["svc.models"] == "models"


def test_pin_unknown_module_is_usage_error() -> None:
    graph = graph_from_arrows(CYCLIC, units=UNITS)
    with pytest.raises(UsageError, match="'nope' is not in the graph"):
        propose(graph, ProposeOptions(pins=(("nope", "x"),)))


def test_together_joins_unrelated_modules() -> None:
    layout = package_of(CYCLIC, together=(("svc.models", "core.db"),))
    assert layout["svc.models"] == layout["core.db"]


def test_apart_splits_cycle_and_lists_cut() -> None:
    arrows = ["a.x -> a.y", "a.y -> a.x", "a.x -> a.z"]
    graph = graph_from_arrows(arrows)
    proposal = propose(graph, ProposeOptions(apart=(("a.x", "a.y"),)))
    layout = proposal.layout.package_of
    assert layout["a.x"] != layout["a.y"]
    assert len(proposal.cut) == 1
    cut = proposal.cut[0]
    assert (cut.importer, cut.imported) in {("a.x", "a.y"), ("a.y", "a.x")}
    assert cut.location in {"a/x.py:1", "a/y.py:2"}


# Shaped like the bundled example: fw.audit imports core.cache, and both have importers elsewhere.
FAN_IN = [
    "core.cache -> fw.constants",
    "core.database -> fw.constants",
    "core.summary -> core.cache",
    "fw.audit -> core.cache",
    "web.retrieval -> core.cache",
    "web.views -> core.cache",
    "web.views -> fw.constants",
    "web.views -> web.rag",
    "web.rag -> web.retrieval",
    "web.manage -> web.views",
    "tests.test_core -> core.cache",
    "tests.test_core -> core.summary",
    "tests.test_core -> fw.audit",
]


def test_apart_survives_the_repair_of_the_line() -> None:
    graph = graph_from_arrows(FAN_IN)
    proposal = propose(graph, ProposeOptions(apart=(("core.cache", "fw.audit"),)))
    layout = proposal.layout.package_of
    assert layout["core.cache"] != layout["fw.audit"]


def test_apart_pair_pushed_into_one_package_is_split_again() -> None:
    # The repair moves a.l down into the package that --apart made for a.m.
    arrows = ["a.i -> b.x", "a.m -> a.l", "a.t -> a.i", "a.t -> a.m", "b.y -> b.x", "c.z -> a.l"]
    proposal = propose(graph_from_arrows(arrows), ProposeOptions(apart=(("a.l", "a.m"),)))
    layout = proposal.layout.package_of
    assert layout["a.l"] != layout["a.m"]


def test_apart_across_a_cycle_lists_the_closing_import() -> None:
    graph = graph_from_arrows([*FAN_IN, "core.cache -> fw.audit"])
    proposal = propose(graph, ProposeOptions(apart=(("core.cache", "fw.audit"),)))
    layout = proposal.layout.package_of
    assert layout["core.cache"] != layout["fw.audit"]
    assert [c.location for c in proposal.cut] == ["fw/audit.py:4"]


def test_pins_across_cycle_cut_imports() -> None:
    arrows = ["a.x -> b.y", "b.y -> a.x"]
    graph = graph_from_arrows(arrows)
    pins = (("a.x", "top"), ("b.y", "bottom"))
    proposal = propose(graph, ProposeOptions(pins=pins))
    remaining = [
        (c, d) for c, d in [("a.x", "b.y"), ("b.y", "a.x")]
        if (c, d) not in {(cut.importer, cut.imported) for cut in proposal.cut}
    ]
    assert len(proposal.cut) == 1
    assert package_cycles(remaining, proposal.layout.package_of) == []


def test_together_with_conflicting_pins_is_usage_error() -> None:
    graph = graph_from_arrows(CYCLIC, units=UNITS)
    options = ProposeOptions(pins=(("core.db", "p"), ("fw.app", "q")),
                             together=(("core.db", "fw.app"),))
    with pytest.raises(UsageError, match="pinned to different packages"):
        propose(graph, options)


def test_max_size_splits_large_package() -> None:
    arrows = [f"a.m{i} -> a.m{i + 1}" for i in range(9)]
    layout = package_of(arrows, max_size=4, kernel=False)
    counts: dict[str, int] = {}
    for package in layout.values():
        counts[package] = counts.get(package, 0) + 1
    assert max(counts.values()) <= 4
    assert len(counts) >= 3


def test_min_size_merges_small_packages() -> None:
    arrows = ["a.x -> a.y", "a.y -> a.z", "b.q -> a.x", "c.r -> a.y"]
    layout = package_of(arrows, min_size=2, kernel=False)
    counts: dict[str, int] = {}
    for package in layout.values():
        counts[package] = counts.get(package, 0) + 1
    assert min(counts.values()) >= 2


def test_min_size_merges_stay_within_max_size() -> None:
    arrows = [f"a.m{i:02} -> a.m{i + 1:02}" for i in range(24)]
    layout = package_of(arrows, min_size=6, max_size=10, kernel=False)
    counts: dict[str, int] = {}
    for package in layout.values():
        counts[package] = counts.get(package, 0) + 1
    assert max(counts.values()) <= 10
    assert min(counts.values()) >= 6


def test_package_over_max_size_is_reported(caplog: pytest.LogCaptureFixture) -> None:
    arrows = ["a.x -> a.y", "a.y -> a.z", "a.z -> a.x", "b.w -> a.x"]
    package_of(arrows, max_size=2, kernel=False, stability_runs=1)
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
        "package a has 3 modules, over --max-size 2: an import cycle or --together group of "
        "3 modules cannot be split"
    ]


def test_moves_have_reasons_in_numbers() -> None:
    arrows = ["a.x -> b.y", "a.x -> b.z", "b.w -> a.x", "b.y -> b.z", "a.p -> a.q"]
    graph = graph_from_arrows(arrows)
    proposal = propose(graph, ProposeOptions(kernel=False))
    for move in proposal.moves:
        assert " of " in move.reason
        assert move.imports_in_target <= move.imports


def test_same_seed_gives_identical_output() -> None:
    graph = graph_from_arrows(CYCLIC, units=UNITS)
    first = propose(graph, ProposeOptions(seed=7))
    second = propose(graph_from_arrows(CYCLIC, units=UNITS), ProposeOptions(seed=7))
    assert render_json(first) == render_json(second)
    assert render_text(first) == render_text(second)


def test_stability_reported_for_proposal_only() -> None:
    graph = graph_from_arrows(CYCLIC, units=UNITS)
    proposal = propose(graph, ProposeOptions())
    assert proposal.current.stability is None
    assert proposal.proposed.stability is not None
    assert 0 <= proposal.proposed.stability <= 100
