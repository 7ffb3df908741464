"""Time a warm ``modsplit contracts check`` against a warm ``lint-imports`` with the same contracts.

Usage: python benchmarks/bench_contracts.py [--repeat N] [--config FILE] REPOSITORY

The repository is copied to a temporary folder, so both tools may write their caches there.
modsplit generates its contract file (``modsplit contracts generate``), of which the layers and
independence contracts are kept. The same contracts are written for lint-imports with import
names instead of module ids (``src.services.api`` becomes ``services.api``, run with
``PYTHONPATH=src``), leaving out the members that lint-imports cannot name, which are listed.
Both run once untimed to fill their caches, then ``--repeat`` times each, alternating, as whole
processes. Prints min and median in milliseconds and modsplit's median as a ratio of
lint-imports'.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repository", type=Path)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    # Bytecode is written as a user's interpreter does; lint-imports' is already installed.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}

    with tempfile.TemporaryDirectory(prefix="bench-contracts-") as scratch:
        copy = Path(scratch) / "repo"
        shutil.copytree(args.repository, copy, ignore=shutil.ignore_patterns(".modsplit_cache",
                                                                            ".import_linter_cache"))
        config = ["--config", str(args.config.resolve())] if args.config else []
        subprocess.run([sys.executable, "-m", "modsplit", "contracts", "generate", "--write",
                        "-o", str(Path(scratch) / "contracts"), *config, str(copy)],
                       check=True, capture_output=True, env=env)
        [generated] = sorted((Path(scratch) / "contracts").glob("*.toml"))
        ours = Path(scratch) / "modsplit.toml"
        keep_types(generated, ours, ("layers", "independence"))
        theirs = Path(scratch) / "lint-imports.toml"
        dropped = write_lint_imports_config(ours, theirs, source_root=copy / "src")
        if dropped:
            print(f"left out of the lint-imports contracts: {', '.join(dropped)}")

        modsplit = [sys.executable, "-m", "modsplit", "contracts", "check", "--contracts",
                    str(ours), *config, str(copy)]
        lint_imports = [str(Path(sys.executable).with_name("lint-imports")), str(theirs)]
        lint_env = {**env, "PYTHONPATH": str(copy / "src")}
        commands = {
            "modsplit contracts check, warm": (modsplit, env),
            "lint-imports, warm": (lint_imports, lint_env),
        }
        for command, command_env in commands.values():
            result = subprocess.run(command, cwd=copy, env=command_env, capture_output=True,
                                    text=True, check=False)
            print(f"{Path(command[0]).name} ... exit {result.returncode}: "
                  f"{result.stdout.strip().splitlines()[-1]}")
        samples: dict[str, list[float]] = {label: [] for label in commands}
        for _ in range(args.repeat):
            for label, (command, command_env) in commands.items():
                samples[label].append(_run(command, cwd=copy, env=command_env))

    baseline = statistics.median(samples["lint-imports, warm"])
    for label, times in samples.items():
        median = statistics.median(times)
        print(f"{label:32} min {min(times):6.0f} ms  median {median:6.0f} ms  "
              f"ratio {median / baseline:.2f}")


def keep_types(source: Path, target: Path, types: tuple[str, ...]) -> None:
    """Write the contracts of ``source`` that have one of ``types`` to ``target``."""
    from modsplit.adapters.importlinter import read_contract_file, render_contract_file

    contract_file = read_contract_file(source)
    kept = tuple(c for c in contract_file.contracts if c.type in types)
    target.write_text(render_contract_file(dataclasses.replace(contract_file, contracts=kept)),
                      encoding="utf-8")


def write_lint_imports_config(ours: Path, theirs: Path, *, source_root: Path) -> list[str]:
    """Write ``ours`` with import names under ``source_root``; return the members left out."""
    table = tomllib.loads(ours.read_text(encoding="utf-8"))["tool"]["importlinter"]
    dropped: list[str] = []
    contracts = []
    for contract in table["contracts"]:
        contract = dict(contract)
        for key in ("layers", "modules"):
            if key in contract:
                contract[key] = [_translate(value, source_root, dropped) for value in contract[key]]
        contract.pop("ignore_imports", None)
        contracts.append(contract)
    names = {name.split(".")[0] for c in contracts for key in ("layers", "modules")
             for value in c.get(key, []) for name in value.replace(":", " ").split()}
    lines = ["[tool.importlinter]", f"root_packages = {json.dumps(sorted(names))}"]
    for contract in contracts:
        lines += ["", "[[tool.importlinter.contracts]]"]
        lines += [f"{key} = {_toml(value)}" for key, value in contract.items()]
    theirs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sorted(set(dropped))


def _translate(value: str, source_root: Path, dropped: list[str]) -> str:
    kept = []
    for member in (part.strip() for part in value.split(":")):
        name = member.removeprefix("src.")
        # lint-imports names packages only, and src/tests would clash with the root's tests.
        if not (source_root / name.replace(".", "/")).is_dir() or name == "tests":
            dropped.append(member)
            continue
        kept.append(name)
    return " : ".join(kept)


def _toml(value: Any) -> str:
    return json.dumps(value)


def _run(command: list[str], *, cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    main()
