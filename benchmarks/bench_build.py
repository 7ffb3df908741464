"""Time incremental builds on fks: a one-file change in a leaf service against a full run.

Usage: python benchmarks/bench_build.py [--repeat N] [--config FILE] [--leaf-file PATH] REPOSITORY

The repository is copied to a temporary folder, ``git init``-ed and committed with a noxfile of
cheap per-unit sessions (``smoke``: byte-compile the unit, then locate its top-level modules
with ``importlib.util.find_spec`` under the unit's roots). Every command runs as a whole process:

- full run, plain nox: ``nox -s smoke`` runs the session of every unit (the peer: nox alone);
- full run, modsplit: ``modsplit build --session smoke --no-cache`` (every unit, upstream first);
- one-file change: a line is appended to ``--leaf-file`` before each run, then
  ``modsplit build --session smoke`` reruns what that change reaches and takes the rest from
  the result cache;
- no-op rerun: ``modsplit build --session smoke`` with nothing changed;
- ``modsplit affected --since HEAD~1`` (warm graph cache) after committing one change.

Prints min and median in milliseconds, the one-file change as a ratio of the full run, and the
two seconds targets of ``config/performance_benchmarks.json``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import Timing, check_target, print_timings, time_command

ROOT = Path(__file__).resolve().parent.parent
# Seven files of the fks snapshot are not valid Python 3.11: five use 3.12 generic syntax and
# two scripts are broken. Byte-compiling them would fail every run, and failures are not cached.
NOT_PYTHON_311 = (
    r"(framework/cache/cache|circuit_breaker/utils|state_providers/base|exceptions/classes"
    r"|core/cache/cache|scripts/import_ai_issues|scripts/fetch_market_data)\.py$"
)
NOXFILE = '''"""Cheap per-unit sessions for timing modsplit build."""

import modsplit.nox

NOT_PYTHON_311 = {pattern!r}
SMOKE = (
    "import importlib.util, sys; "
    "missing = [n for n in sys.argv[1:] if importlib.util.find_spec(n) is None]; "
    "sys.exit(missing or 0)"
)


@modsplit.nox.unit_session(config={config!r}, venv_backend="none")
def smoke(session, unit):
    """Byte-compile the unit and locate its top-level modules."""
    session.run("python", "-m", "compileall", "-q", "-x", NOT_PYTHON_311, str(unit.folder))
    session.run("python", "-c", SMOKE, *unit.top_level_names,
                env={{"PYTHONPATH": unit.pythonpath}})
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repository", type=Path)
    parser.add_argument("--config", type=Path, default=ROOT / "config" / "fks_main.toml")
    parser.add_argument("--leaf-file", default="src/services/web/src/health.py")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    config = args.config.resolve()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}

    with tempfile.TemporaryDirectory(prefix="bench-build-") as scratch:
        copy = Path(scratch) / "repo"
        prepare(args.repository, copy, config)
        modsplit = [sys.executable, "-m", "modsplit"]
        build = [*modsplit, "build", "--config", str(config), "--session", "smoke", str(copy)]
        leaf = copy / args.leaf_file
        touch = ["sh", "-c", f"echo '# benchmark edit' >> '{leaf}'"]
        heavy = max(1, args.repeat // 2)

        timings = [
            time_command("full run, nox -s smoke", [sys.executable, "-m", "nox", "-s", "smoke"],
                         runs=heavy, cwd=copy, env=env),
            time_command("full run, modsplit build --no-cache", [*build, "--no-cache"],
                         runs=heavy, cwd=copy, env=env),
            time_command("full run, modsplit build -j 2 --no-cache",
                         [*build, "-j", "2", "--no-cache"], runs=heavy, cwd=copy, env=env),
            time_command("one-file change in a leaf service, modsplit build", build,
                         runs=args.repeat, cwd=copy, env=env, warmup=1, before_each=touch),
            time_command("no-op rerun, modsplit build", build, runs=args.repeat, cwd=copy,
                         env=env, warmup=1),
        ]
        git(copy, "commit", "-q", "-am", "Edit a leaf service")
        affected = [*modsplit, "affected", "--config", str(config), "--since", "HEAD~1",
                    str(copy)]
        timings.append(time_command("modsplit affected --since HEAD~1, warm", affected,
                                    runs=args.repeat, cwd=copy, env=env, warmup=1))
        report(timings)


def prepare(source: Path, copy: Path, config: Path) -> None:
    """Copy the repository, add the smoke noxfile and commit everything."""
    shutil.copytree(source, copy, symlinks=True,
                    ignore=shutil.ignore_patterns(".git", ".modsplit_cache", ".nox"))
    (copy / "noxfile.py").write_text(NOXFILE.format(pattern=NOT_PYTHON_311, config=str(config)))
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "Snapshot")


def git(directory: Path, *arguments: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com",
                    *arguments], cwd=directory, check=True, capture_output=True)


def report(timings: list[Timing]) -> None:
    print_timings(timings)
    by_label = {timing.label: timing for timing in timings}
    full = by_label["full run, modsplit build --no-cache"].median
    nox_full = by_label["full run, nox -s smoke"].median
    change = by_label["one-file change in a leaf service, modsplit build"].median
    print(f"one-file change / full modsplit run: {change / full:.2f}x")
    print(f"one-file change / full nox run: {change / nox_full:.2f}x")
    print(check_target("build_noop_seconds", by_label["no-op rerun, modsplit build"].median))
    print(check_target("affected_warm_seconds",
                       by_label["modsplit affected --since HEAD~1, warm"].median))


if __name__ == "__main__":
    main()
