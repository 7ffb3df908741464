"""Import time of packages before and after ``modsplit lazy apply``, with ``verify`` passing.

Usage: python benchmarks/bench_lazy.py [--repeat N] [--fks REPOSITORY --config FILE]

PyPI packages: each installed package in PYPI_PACKAGES is copied twice into a temporary folder,
one copy is rewritten with ``modsplit lazy apply --write --force``, and ``modsplit lazy verify
--against`` compares it with the untouched copy. fks: the repository is copied, committed to a
fresh git repository, each package in FKS_PACKAGES is rewritten, and ``verify`` compares it with
git HEAD. Every import is timed in its own fresh interpreter (``--repeat`` runs after one
untimed run that writes the bytecode cache). Prints min and median in milliseconds and the
ratio of the medians.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Pure-Python packages whose __init__ imports many submodules eagerly. click already defines
# a module __getattr__, so apply leaves it unchanged and the row shows that.
PYPI_PACKAGES = ("jinja2", "flask", "requests", "attr", "click")
# fks packages that import without third-party dependencies: (unit root, import name).
FKS_PACKAGES = (
    "core",
    "framework.lifecycle",
    "src/services/api/src/domain/trading",
    "src/services/api/src/domain/trading/core",
    "providers",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--fks", type=Path, default=None)
    parser.add_argument("--config", type=Path, default=None)
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-lazy-") as scratch:
        for name in PYPI_PACKAGES:
            rows.append((name, bench_pypi(name, Path(scratch), repeat=args.repeat)))
        if args.fks:
            copy = fks_copy(args.fks, Path(scratch))
            for name in FKS_PACKAGES:
                config = args.config.resolve() if args.config else None
                rows.append((name, bench_fks(name, copy, config, repeat=args.repeat)))
    for name, line in rows:
        print(f"{name:<45} {line}")


def bench_pypi(name: str, scratch: Path, *, repeat: int) -> str:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return "not installed; skipped"
    source = Path(next(iter(spec.submodule_search_locations)))
    eager, lazy = scratch / f"{name}-eager", scratch / f"{name}-lazy"
    shutil.copytree(source, eager / name)
    shutil.copytree(source, lazy / name)
    applied = modsplit("lazy", "apply", str(lazy / name), "--write", "--force")
    if (lazy / name / "__init__.py").read_bytes() == (eager / name / "__init__.py").read_bytes():
        return f"left unchanged by apply: {_reason(applied.stdout + applied.stderr)}"
    return verify(str(lazy / name), "--against", str(eager), repeat=repeat)


def _reason(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else "no import to make lazy"


def fks_copy(repository: Path, scratch: Path) -> Path:
    copy = scratch / "fks"
    shutil.copytree(repository, copy, ignore=shutil.ignore_patterns(".git"))
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(["git", "-c", "user.email=b@example.com", "-c", "user.name=b", *command],
                       cwd=copy, check=True, capture_output=True)
    return copy


def bench_fks(name: str, copy: Path, config: Path | None, *, repeat: int) -> str:
    location = ["."] + (["--config", str(config)] if config else [])
    modsplit("lazy", "apply", name, *location, "--write", cwd=copy)
    return verify(name, *location, repeat=repeat, cwd=copy)


def verify(*arguments: str, repeat: int, cwd: Path | None = None) -> str:
    completed = modsplit("lazy", "verify", *arguments, "--repeat", str(repeat), cwd=cwd,
                         check=False)
    lines = completed.stdout.splitlines()
    times = [line for line in lines if line.startswith("import time")]
    verdict = "verify passed" if completed.returncode == 0 else f"verify FAILED: {lines[2:]}"
    return f"{times[0] if times else completed.stderr.strip()}; {verdict}"


def modsplit(*arguments: str, cwd: Path | None = None,
             check: bool = True) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run([sys.executable, "-m", "modsplit", *arguments], cwd=cwd,
                               capture_output=True, text=True, check=False)
    if check and completed.returncode not in (0, 1):
        raise SystemExit(f"modsplit {' '.join(arguments)} failed: {completed.stderr.strip()}")
    return completed


if __name__ == "__main__":
    main()
