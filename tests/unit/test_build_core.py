"""The build plan, running it against a fake runner, the result cache and cache keys."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from modsplit.build.cache import CachedResult, ResultCache
from modsplit.build.digests import FileDigests, unit_files
from modsplit.build.keys import KeyContext, plan_keys
from modsplit.build.plan import BuildPlan, BuildStep, plan_build, upstream_units
from modsplit.build.render import render_build
from modsplit.build.run import BuildResult, SessionOutcome, StepResult, StepStatus, run_plan
from modsplit.build.settings import AffectedSettings, BuildSettings, build_settings
from modsplit.errors import ConfigError, UsageError
from modsplit.workspace.model import Manifest, Unit, Workspace
from tests.helpers import graph_from_arrows, make_tree

UPSTREAM = {
    "api": frozenset({"core"}),
    "web": frozenset({"api", "core"}),
    "core": frozenset(),
    "a": frozenset({"b", "a"}),
    "b": frozenset({"a", "b"}),
}


class FakeRunner:
    """Records the steps it runs; fails the units in ``failing``."""

    def __init__(self, failing: Sequence[str] = (), defined: bool = True) -> None:
        self.failing = set(failing)
        self.defined = defined
        self.ran: list[str] = []
        self.lock = threading.Lock()

    def check(self, steps: Sequence[BuildStep]) -> None:
        if not self.defined:
            raise UsageError("not defined: " + ", ".join(step.unit for step in steps))

    def run(self, step: BuildStep, *, posargs: Sequence[str]) -> SessionOutcome:
        with self.lock:
            self.ran.append(step.unit)
        return SessionOutcome(succeeded=step.unit not in self.failing, seconds=0.5)


def test_upstream_units_are_transitive() -> None:
    graph = graph_from_arrows(["web.v -> api.x", "api.x -> core.c", "tools.t -> core.c"])

    closure = upstream_units(graph, kinds=None)

    assert closure == {
        "api": frozenset({"core"}),
        "core": frozenset(),
        "tools": frozenset({"core"}),
        "web": frozenset({"api", "core"}),
    }


def test_plan_puts_upstream_units_first() -> None:
    plan = plan_build(["web", "core", "api"], session="tests", upstream=UPSTREAM)

    assert plan.steps == (
        BuildStep("core", "tests"),
        BuildStep("api", "tests", ("core",)),
        BuildStep("web", "tests", ("api", "core")),
    )


def test_plan_waits_only_for_planned_units() -> None:
    plan = plan_build(["web", "core"], session="lint", upstream=UPSTREAM)

    assert plan.steps == (BuildStep("core", "lint"), BuildStep("web", "lint", ("core",)))


def test_plan_keeps_cycle_members_together() -> None:
    plan = plan_build(["b", "a"], session="tests", upstream=UPSTREAM)

    assert plan.steps == (BuildStep("a", "tests"), BuildStep("b", "tests"))


def make_cache(tmp_path: Path) -> ResultCache:
    return ResultCache(tmp_path / "cache")


def plan_of(*units: str) -> BuildPlan:
    return plan_build(units, session="tests", upstream=UPSTREAM)


def test_run_plan_records_successes_and_reuses_them(tmp_path: Path) -> None:
    cache = make_cache(tmp_path)
    keys = {"core": "k1", "api": "k2"}
    first = FakeRunner()

    run_plan(plan_of("core", "api"), runner=first, cache=cache, keys=keys)
    second = FakeRunner()
    result = run_plan(plan_of("core", "api"), runner=second, cache=cache, keys=keys)

    assert first.ran == ["core", "api"]
    assert second.ran == []
    assert [step.is_cached for step in result.steps] == [True, True]


def test_changed_key_misses_the_cache(tmp_path: Path) -> None:
    cache = make_cache(tmp_path)
    run_plan(plan_of("core", "api"), runner=FakeRunner(), cache=cache,
             keys={"core": "k1", "api": "k2"})
    runner = FakeRunner()

    run_plan(plan_of("core", "api"), runner=runner, cache=cache, keys={"core": "k1", "api": "k3"})

    assert runner.ran == ["api"]


def test_failure_is_not_recorded(tmp_path: Path) -> None:
    cache = make_cache(tmp_path)
    keys = {"core": "k1", "api": "k2"}
    result = run_plan(plan_of("core", "api"), runner=FakeRunner(failing=["api"]), cache=cache,
                      keys=keys)
    rerun = FakeRunner()

    run_plan(plan_of("core", "api"), runner=rerun, cache=cache, keys=keys)

    assert [step.status for step in result.failed] == [StepStatus.FAILED]
    assert rerun.ran == ["api"]


def test_downstream_runs_after_upstream_fails(tmp_path: Path) -> None:
    runner = FakeRunner(failing=["core"])

    result = run_plan(plan_of("core", "api", "web"), runner=runner, cache=make_cache(tmp_path),
                      keys={}, jobs=3)

    assert runner.ran == ["core", "api", "web"]
    assert [step.unit for step in result.failed] == ["core"]


def test_parallel_jobs_start_independent_units_together(tmp_path: Path) -> None:
    started = threading.Barrier(2, timeout=5)

    class Together(FakeRunner):
        def run(self, step: BuildStep, *, posargs: Sequence[str]) -> SessionOutcome:
            started.wait()  # raises BrokenBarrierError unless both run at once
            return super().run(step, posargs=posargs)

    plan = plan_build(["a", "core"], session="tests", upstream=UPSTREAM)
    result = run_plan(plan, runner=Together(), cache=make_cache(tmp_path), keys={}, jobs=2)

    assert len(result.steps) == 2


def test_missing_session_checked_before_running(tmp_path: Path) -> None:
    runner = FakeRunner(defined=False)

    with pytest.raises(UsageError, match="not defined: core"):
        run_plan(plan_of("core"), runner=runner, cache=make_cache(tmp_path), keys={})
    assert runner.ran == []


def test_disabled_cache_stores_nothing(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache", enabled=False)
    run_plan(plan_of("core"), runner=FakeRunner(), cache=cache, keys={"core": "k1"})
    runner = FakeRunner()

    run_plan(plan_of("core"), runner=runner, cache=cache, keys={"core": "k1"})

    assert runner.ran == ["core"]
    assert not (tmp_path / "cache").exists()


def test_cache_folder_is_tagged(tmp_path: Path) -> None:
    cache = make_cache(tmp_path)

    cache.record(CachedResult("core", "tests", "abc", 1.0, 0.0))

    tag = (tmp_path / "cache" / "CACHEDIR.TAG").read_text()
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    assert (tmp_path / "cache" / ".gitignore").read_text().endswith("*\n")


def test_corrupt_entry_ignored_with_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture
                                            ) -> None:
    cache = make_cache(tmp_path)
    cache.record(CachedResult("core", "tests", "abc", 1.0, 0.0))
    entry = tmp_path / "cache" / "results" / "ab" / "abc.json"
    entry.write_text('{"schema": "modsplit.build-result/1", "key": ')

    with caplog.at_level(logging.WARNING, logger="modsplit"):
        found = cache.lookup("abc")

    assert found is None
    assert f"ignoring corrupt cache entry {entry}" in caplog.text


def test_entry_under_wrong_key_is_corrupt(tmp_path: Path) -> None:
    cache = make_cache(tmp_path)
    cache.record(CachedResult("core", "tests", "abc", 1.0, 0.0))
    moved = tmp_path / "cache" / "results" / "ab" / "abd.json"
    (tmp_path / "cache" / "results" / "ab" / "abc.json").rename(moved)

    assert cache.lookup("abd") is None


def test_corrupt_digests_ignored(tmp_path: Path) -> None:
    cache = make_cache(tmp_path)
    cache.store_digests({"a.py": (1, 2, 3, "d")})
    (tmp_path / "cache" / "digests.json").write_text("[1, 2")

    assert cache.load_digests() == {}


def test_digests_merge(tmp_path: Path) -> None:
    cache = make_cache(tmp_path)
    cache.store_digests({"a.py": (1, 2, 3, "d")})
    cache.store_digests({"b.py": (4, 5, 6, "e")})

    assert cache.load_digests() == {"a.py": (1, 2, 3, "d"), "b.py": (4, 5, 6, "e")}


TREE = {
    "core/core/cache.py": "X = 1\n",
    "core/requirements.txt": "attrs\n",
    "core/poetry.lock": "lock\n",
    "core/core/__pycache__/cache.cpython-311.pyc": b"\0",
    "core/.nox/env/x.py": "",
    "api/api/x.py": "from core import cache\n",
    "api/web/v.py": "",
    "checks/test_core.py": "",
    "noxfile.py": "",
    "pyproject.toml": "",
}


def make_workspace(tmp_path: Path) -> Workspace:
    make_tree(tmp_path, TREE)
    return Workspace(
        directory=tmp_path,
        units=(
            Unit("core", "core", ("core",), manifests=(Manifest("core/requirements.txt"),),
                 tests=("checks",)),
            Unit("api", "api", ("api",)),
            Unit("web", "api/web", ("api",)),
        ),
        global_files=("pyproject.toml",),
    )


def test_unit_files_cover_tests_manifests_and_lockfiles(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path)

    files = unit_files(workspace, workspace.unit_named("core"), AffectedSettings())

    assert files == [
        "checks/test_core.py", "core/core/cache.py", "core/poetry.lock", "core/requirements.txt",
    ]


def test_unit_files_leave_out_nested_units(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path)

    assert unit_files(workspace, workspace.unit_named("api"), AffectedSettings()) == [
        "api/api/x.py"
    ]


def keys_for(workspace: Workspace, context: KeyContext | None = None) -> dict[str, str]:
    plan = plan_build(["core", "api"], session="tests",
                      upstream={"api": frozenset({"core"}), "core": frozenset()})
    return plan_keys(workspace, plan, context=context or KeyContext(noxfile="noxfile.py"),
                     digests=FileDigests(workspace.directory), settings=AffectedSettings())


def test_upstream_change_changes_downstream_key(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path)
    before = keys_for(workspace)

    (tmp_path / "core/core/cache.py").write_text("X = 2\n")
    after = keys_for(workspace)

    assert before["core"] != after["core"]
    assert before["api"] != after["api"]


def test_downstream_change_keeps_upstream_key(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path)
    before = keys_for(workspace)

    (tmp_path / "api/api/x.py").write_text("")
    after = keys_for(workspace)

    assert before["core"] == after["core"]
    assert before["api"] != after["api"]


@pytest.mark.parametrize(
    "context",
    [
        KeyContext(noxfile="noxfile.py", posargs=("-k", "fast")),
        KeyContext(noxfile="noxfile.py", env={"PYTHONHASHSEED": "0"}),
        KeyContext(noxfile="noxfile.py", python="CPython 3.99.0"),
    ],
    ids=["posargs", "env", "python"],
)
def test_context_changes_every_key(tmp_path: Path, context: KeyContext) -> None:
    workspace = make_workspace(tmp_path)

    assert keys_for(workspace)["core"] != keys_for(workspace, context)["core"]


@pytest.mark.parametrize("path", ["noxfile.py", "pyproject.toml", "core/poetry.lock",
                                  "checks/test_core.py"])
def test_input_file_changes_core_key(tmp_path: Path, path: str) -> None:
    workspace = make_workspace(tmp_path)
    before = keys_for(workspace)["core"]

    (tmp_path / path).write_text("changed\n")

    assert keys_for(workspace)["core"] != before


def test_cache_output_does_not_change_key(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path)
    before = keys_for(workspace)["core"]

    make_tree(tmp_path, {"core/__pycache__/x.pyc": b"1", "core/.nox/y.txt": "2"})

    assert keys_for(workspace)["core"] == before


def test_stat_fast_path_reuses_old_digest(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.txt": "one"})
    stat = (tmp_path / "a.txt").stat()
    known = {"a.txt": (stat.st_size, stat.st_mtime_ns, stat.st_ino, "remembered")}

    assert FileDigests(tmp_path, known).digest("a.txt") == "remembered"


def test_recent_file_not_remembered(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.txt": "one"})
    digests = FileDigests(tmp_path)

    digests.digest("a.txt")

    assert digests.updated == {}


def test_build_settings_validated() -> None:
    workspace = Workspace(Path("/repo"), units=(), settings={"build": {"jobs": 0, "sesion": 1}})

    with pytest.raises(ConfigError) as raised:
        build_settings(workspace)

    assert raised.value.problems == [
        "[build] unknown key 'sesion'; known keys: cache_dir, env, jobs, noxfile, session",
        "[build] jobs = 0 must be 1 or more",
    ]


def test_build_settings_defaults() -> None:
    assert build_settings(Workspace(Path("/repo"), units=())) == BuildSettings()


def test_render_build_table(tmp_path: Path) -> None:
    result = BuildResult(
        steps=(
            StepResult("core", "tests", StepStatus.PASSED, 1.23, is_cached=True),
            StepResult("api", "tests", StepStatus.FAILED, 0.5, is_cached=False,
                       log=tmp_path / "logs" / "api.tests.log"),
        ),
        seconds=0.61,
    )

    assert render_build(result, output_format="text", relative_to=tmp_path) == (
        "unit  session  result  time   ran\n"
        "core  tests    passed  1.2 s  cached\n"
        "api   tests    failed  0.5 s  ran\n"
        "2 sessions: 1 ran, 1 cached, 1 failed in 0.6 s\n"
        "tests failed for api; output in logs/api.tests.log\n"
    )
    assert json.loads(render_build(result, output_format="json", relative_to=tmp_path)) == {
        "schema": "modsplit.build/1",
        "steps": [
            {"unit": "core", "session": "tests", "result": "passed", "seconds": 1.23,
             "cached": True, "log": None},
            {"unit": "api", "session": "tests", "result": "failed", "seconds": 0.5,
             "cached": False, "log": "logs/api.tests.log"},
        ],
        "failed": 1,
        "seconds": 0.61,
    }


@pytest.mark.parametrize("seconds", ["-1e309", "1e309", "NaN", "-1"])
def test_entry_with_invalid_seconds_is_corrupt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, seconds: str
) -> None:
    cache = make_cache(tmp_path)
    cache.record(CachedResult("core", "tests", "abc", 1.0, 0.0))
    entry = tmp_path / "cache" / "results" / "ab" / "abc.json"
    entry.write_text(entry.read_text().replace('"seconds": 1.0', f'"seconds": {seconds}'))

    with caplog.at_level(logging.WARNING, logger="modsplit"):
        found = cache.lookup("abc")

    assert found is None
    assert (
        f"ignoring corrupt cache entry {entry} (seconds = {float(seconds)} is not a finite "
        "number of 0 or more)" in caplog.text
    )


def test_entry_with_negative_finish_time_is_corrupt(tmp_path: Path) -> None:
    cache = make_cache(tmp_path)
    cache.record(CachedResult("core", "tests", "abc", 1.0, -5.0))

    assert cache.lookup("abc") is None


def test_corrupt_digests_warned_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    cache = make_cache(tmp_path)
    cache.store_digests({"a.py": (1, 2, 3, "d")})
    (tmp_path / "cache" / "digests.json").write_text("[1, 2")

    with caplog.at_level(logging.WARNING, logger="modsplit"):
        cache.load_digests()
        cache.store_digests({"b.py": (4, 5, 6, "e")})

    assert caplog.text.count("ignoring corrupt file digests") == 1
    assert cache.load_digests() == {"b.py": (4, 5, 6, "e")}
