"""Time ``modsplit deps`` over all units of a monorepo against deptry over each service.

Usage: python benchmarks/bench_deps.py [--repeat N] [--config FILE] REPOSITORY [SERVICE...]

Both tools run as whole processes, the way a user runs them. modsplit checks every unit in one
run (once with its graph cache warm, once with --no-cache); deptry runs once per service folder,
in sequence, and its times are summed per round. Prints min and median in milliseconds and the
ratio of modsplit's median to deptry's.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_SERVICES = ("src/services/api", "src/services/data", "src/services/app",
                    "src/services/ai", "src/services/web")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repository", type=Path)
    parser.add_argument("services", nargs="*", default=list(DEFAULT_SERVICES))
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    config = ["--config", str(args.config)] if args.config else []
    modsplit = [sys.executable, "-m", "modsplit", "deps", *config, str(args.repository)]
    subprocess.run(modsplit, capture_output=True, check=False)  # fill the graph cache
    rows = {
        "modsplit deps, all units, warm cache": _time(lambda: _run(modsplit), args.repeat),
        "modsplit deps, all units, --no-cache": _time(
            lambda: _run([*modsplit[:4], "--no-cache", *modsplit[4:]]), args.repeat),
        f"deptry, {len(args.services)} services in sequence": _time(
            lambda: sum(_run([sys.executable, "-m", "deptry", "."], cwd=args.repository / s)
                        for s in args.services), args.repeat),
    }
    baseline = statistics.median(list(rows.values())[-1])
    for name, samples in rows.items():
        median = statistics.median(samples)
        print(f"{name:45} min {min(samples):7.0f} ms  median {median:7.0f} ms  "
              f"ratio {median / baseline:.2f}")


def _run(command: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    return (time.perf_counter() - start) * 1000


def _time(action: object, repeat: int) -> list[float]:
    assert callable(action)
    return [float(action()) for _ in range(repeat)]


if __name__ == "__main__":
    main()
