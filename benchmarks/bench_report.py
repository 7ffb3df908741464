"""Benchmark ``modsplit report`` on a checkout of fks, next to the commands it gathers.

    python benchmarks/bench_report.py --checkout /path/to/fks --config config/fks_main.toml

Every command runs in a fresh process with a warm graph cache. The report runs the graph,
propose, contracts and deps use cases in one process, so its time is compared with those
commands run one after another. fks has no contract files, so the report generates its
contracts from the configuration and checks them; ``contracts generate`` stands for that step.
The peer is pydeps 3, which also draws a module graph of one root; without Graphviz it can
only print its dependency JSON (``--show-deps --no-output``). Also printed: the size of the
written page, which must stay under 5 MB on fks.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from timing import Timing, print_timings, time_command

MAX_PAGE_BYTES = 5_000_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, required=True)
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    checkout, config = args.checkout.resolve(), args.config.resolve()

    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        timings = _timings(checkout, config, page, runs=args.runs)
        print_timings(timings)
        gathered = sum(t.median for t in timings[1:5])
        print(f"ratio report / (graph + propose + contracts + deps): "
              f"{timings[0].median / gathered:.2f}x")
        size = page.stat().st_size
        verdict = "met" if size < MAX_PAGE_BYTES else "MISSED"
        print(f"page size: {size / 1000:.0f} KB (target < {MAX_PAGE_BYTES // 1_000_000} MB) "
              f"{verdict}")
    return 0


def _timings(checkout: Path, config: Path, page: Path, *, runs: int) -> list[Timing]:
    modsplit = [sys.executable, "-m", "modsplit"]
    where = ["--config", str(config), str(checkout)]
    timings = [
        time_command("modsplit report", [*modsplit, "report", *where, "-o", str(page)],
                     runs=runs, warmup=1),
        time_command("modsplit graph --format json",
                     [*modsplit, "graph", *where, "--format", "json"], runs=runs, warmup=1),
        time_command("modsplit propose", [*modsplit, "propose", *where], runs=runs),
        time_command("modsplit contracts generate", [*modsplit, "contracts", "generate", *where],
                     runs=runs),
        time_command("modsplit deps", [*modsplit, "deps", *where], runs=runs),
    ]
    if shutil.which("pydeps"):
        pydeps = ["pydeps", "--show-deps", "--no-output", "--no-show", "src"]
        timings.append(time_command("pydeps src (JSON only)", pydeps, runs=1, cwd=checkout))
    return timings


if __name__ == "__main__":
    raise SystemExit(main())
