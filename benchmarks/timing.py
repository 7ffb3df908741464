"""Time whole commands side by side and print figures against the targets.

Used by every ``bench_*.py``: each command runs in a fresh process, so start-up and imports
count, as they do for a user.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TARGETS = Path(__file__).resolve().parent.parent / "config" / "performance_benchmarks.json"


@dataclass(frozen=True)
class Timing:
    """Wall times of repeated runs of one command."""

    label: str
    seconds: tuple[float, ...]
    exit_code: int

    @property
    def minimum(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def time_command(
    label: str,
    command: Sequence[str],
    *,
    runs: int,
    cwd: Path | None = None,
    warmup: int = 0,
    env: dict[str, str] | None = None,
    before_each: Sequence[str] | None = None,
) -> Timing:
    """Run ``command`` ``warmup`` times untimed, then ``runs`` times timed."""
    full_env = {**os.environ, **(env or {})}
    code = 0
    for _ in range(warmup):
        subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, check=False)
    seconds = []
    for _ in range(runs):
        if before_each:
            subprocess.run(before_each, cwd=cwd, env=full_env, capture_output=True, check=False)
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, check=False)
        seconds.append(time.perf_counter() - start)
        code = done.returncode
    return Timing(label, tuple(seconds), code)


def print_timings(timings: Sequence[Timing]) -> None:
    width = max(len(t.label) for t in timings)
    print(f"{'command'.ljust(width)}  {'runs':>4}  {'min ms':>8}  {'median ms':>9}  exit")
    for t in timings:
        print(f"{t.label.ljust(width)}  {len(t.seconds):>4}  {t.minimum * 1000:>8.0f}  "
              f"{t.median * 1000:>9.0f}  {t.exit_code}")


def check_target(name: str, value: float) -> str:
    """Return one line: the figure, its target from the targets file, and whether it is met."""
    target = json.loads(TARGETS.read_text(encoding="utf-8"))["targets"][name]
    unit = "x" if target["kind"] == "ratio" else " s"
    verdict = "met" if value <= target["max"] else "MISSED"
    return f"{name}: {value:.2f}{unit} (target <= {target['max']}{unit}) {verdict}"
