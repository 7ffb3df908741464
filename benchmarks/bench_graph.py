"""Benchmark ``modsplit graph`` against grimp, tach, ruff and pydeps on one checkout.

    python benchmarks/bench_graph.py --checkout /path/to/fks --config config/fks_main.toml

Everything runs in one invocation on the same machine, so the ratios compare like with like.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from timing import Timing, check_target, print_timings, time_command

HERE = Path(__file__).resolve().parent
FKS_ROOTS = (
    "src", ".", "src/services/api/src", "src/services/data/src", "src/services/web",
    "src/services/ai/src",
)
TACH_TOML = """source_roots = {roots}
exclude = ["**/__pycache__"]

[[modules]]
path = "core"
depends_on = ["framework"]

[[modules]]
path = "framework"
depends_on = ["core"]
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, required=True)
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--roots", nargs="*", default=list(FKS_ROOTS))
    args = parser.parse_args()
    checkout, config = args.checkout.resolve(), args.config.resolve()
    modsplit = [sys.executable, "-m", "modsplit"]
    graph = [*modsplit, "graph", "--config", str(config), str(checkout), "--format", "json"]
    scratch = Path(tempfile.mkdtemp(prefix="modsplit-bench-"))
    timings: list[Timing] = []
    try:
        timings.append(time_command("modsplit --help", [*modsplit, "--help"], runs=args.runs))
        timings.append(time_command("modsplit graph cold", [*graph, "--no-cache"], runs=3))
        timings.append(time_command("modsplit graph warm", graph, runs=args.runs, warmup=1))
        grimp = [sys.executable, str(HERE / "grimp_roots.py"), str(scratch / "grimp"), *args.roots]
        timings.append(time_command("grimp six roots warm", grimp, runs=args.runs, warmup=1,
                                    cwd=checkout))
        timings += _optional_peers(checkout, scratch, args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print_timings(timings)
    by_label = {t.label: t for t in timings}
    warm = by_label["modsplit graph warm"].median
    print(check_target("graph_warm_vs_grimp_warm", warm / by_label["grimp six roots warm"].median))
    if "tach check" in by_label:
        print(check_target("graph_warm_vs_tach_check", warm / by_label["tach check"].median))
    print(check_target("help_seconds", by_label["modsplit --help"].median))
    return 0


def _optional_peers(checkout: Path, scratch: Path, args: argparse.Namespace) -> list[Timing]:
    timings = []
    if shutil.which("tach"):
        tree = scratch / "tach-tree"
        shutil.copytree(checkout, tree, ignore=shutil.ignore_patterns(".git", ".modsplit_cache"))
        (tree / "tach.toml").write_text(TACH_TOML.format(roots=list(args.roots)), encoding="utf-8")
        timings.append(time_command("tach check", ["tach", "check"], runs=args.runs, cwd=tree,
                                    warmup=1))
    if shutil.which("ruff"):
        timings.append(time_command("ruff analyze graph", ["ruff", "analyze", "graph", "."],
                                    runs=args.runs, cwd=checkout))
    if shutil.which("pydeps"):
        pydeps = ["pydeps", "--show-deps", "--no-output", "--no-show", "src"]
        timings.append(time_command("pydeps src", pydeps, runs=1, cwd=checkout))
    return timings


if __name__ == "__main__":
    sys.exit(main())
