"""Run a build plan: cached steps are skipped, the rest run upstream first, up to N at a time."""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from modsplit.build.cache import CachedResult, ResultCache
from modsplit.build.plan import BuildPlan, BuildStep

logger = logging.getLogger(__name__)


class StepStatus(enum.Enum):
    """How a step ended."""

    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True)
class SessionOutcome:
    """What running one session returned."""

    succeeded: bool
    seconds: float
    log: Path | None = None


class SessionRunner(Protocol):
    """Runs the sessions of a plan; ``adapters.nox.NoxRunner`` is the real one."""

    def check(self, steps: Sequence[BuildStep]) -> None:
        """Raise a usage error when a step's session is not defined."""

    def run(self, step: BuildStep, *, posargs: Sequence[str]) -> SessionOutcome:
        """Run one step and return its outcome."""


@dataclass(frozen=True)
class StepResult:
    """One row of the build summary."""

    unit: str
    session: str
    status: StepStatus
    seconds: float
    is_cached: bool
    log: Path | None = None


@dataclass(frozen=True)
class BuildResult:
    """Every step's result, in plan order, and the build's wall-clock time."""

    steps: tuple[StepResult, ...]
    seconds: float

    @property
    def failed(self) -> tuple[StepResult, ...]:
        return tuple(step for step in self.steps if step.status is StepStatus.FAILED)


def run_plan(
    plan: BuildPlan,
    *,
    runner: SessionRunner,
    cache: ResultCache,
    keys: Mapping[str, str],
    jobs: int = 1,
    posargs: Sequence[str] = (),
    clock: Callable[[], float] = time.time,
) -> BuildResult:
    """Run every step of ``plan`` whose key has no recorded success, and record new successes.

    A step starts once the units it waits for are finished, whether they passed or failed.
    """
    started = time.perf_counter()
    results: dict[str, StepResult] = {}
    to_run: list[BuildStep] = []
    for step in plan.steps:
        cached = cache.lookup(keys[step.unit]) if step.unit in keys else None
        if cached is not None and cached.session == step.session:
            results[step.unit] = StepResult(step.unit, step.session, StepStatus.PASSED,
                                            cached.seconds, is_cached=True)
        else:
            to_run.append(step)
    if to_run:
        runner.check(to_run)

    def finish(step: BuildStep, outcome: SessionOutcome) -> None:
        status = StepStatus.PASSED if outcome.succeeded else StepStatus.FAILED
        results[step.unit] = StepResult(step.unit, step.session, status, outcome.seconds,
                                        is_cached=False, log=outcome.log)
        if outcome.succeeded and step.unit in keys:
            cache.record(CachedResult(step.unit, step.session, keys[step.unit],
                                      outcome.seconds, clock()))
        logger.info("%s %s %s in %.1f s", step.session, step.unit, status.value, outcome.seconds)

    _execute(to_run, runner=runner, jobs=jobs, posargs=posargs, finish=finish)
    ordered = tuple(results[step.unit] for step in plan.steps)
    return BuildResult(steps=ordered, seconds=time.perf_counter() - started)


def _execute(
    steps: list[BuildStep],
    *,
    runner: SessionRunner,
    jobs: int,
    posargs: Sequence[str],
    finish: Callable[[BuildStep, SessionOutcome], None],
) -> None:
    planned = {step.unit for step in steps}
    done: set[str] = set()
    pending = list(steps)
    running: dict[Future[SessionOutcome], BuildStep] = {}
    with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        while pending or running:
            for step in list(pending):
                if len(running) >= jobs:
                    break
                if all(unit in done or unit not in planned for unit in step.waits_for):
                    pending.remove(step)
                    running[pool.submit(runner.run, step, posargs=posargs)] = step
            if not running:
                raise RuntimeError(f"no step can start: {[s.unit for s in pending]}")
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                step = running.pop(future)
                finish(step, future.result())
                done.add(step.unit)
