"""modsplit's tasks. nox is the one task runner: `nox -l` lists the sessions."""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint"]
nox.options.reuse_existing_virtualenvs = True

HERE = Path(__file__).resolve().parent
FKS_CHECKOUT = os.environ.get("MODSPLIT_FKS_CHECKOUT", "")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (the same command as the README and CI)."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff, mypy --strict, and our own import contract."""
    session.install("-e", ".[test]")
    session.run("ruff", "check", "tools", "tests", "benchmarks", "noxfile.py")
    session.run("mypy")
    session.run("lint-imports", "contracts/modsplit.toml")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against the peer tools on a checkout of fks_main.

    Set MODSPLIT_FKS_CHECKOUT to a work tree of nuniesmith/fks (see docs/benchmarks.md).
    """
    if not FKS_CHECKOUT:
        session.error("set MODSPLIT_FKS_CHECKOUT to a work tree of nuniesmith/fks")
    session.install("-e", ".[test]", "tach")
    config = str(HERE / "config" / "fks_main.toml")
    session.chdir("benchmarks")
    checkout = ["--checkout", FKS_CHECKOUT, "--config", config]
    positional = ["--config", config, FKS_CHECKOUT]
    for script, arguments in [
        ("bench_graph.py", checkout),
        ("bench_contracts.py", positional),
        ("bench_deps.py", positional),
        ("bench_propose.py", checkout),
        ("bench_lazy.py", ["--fks", FKS_CHECKOUT, "--config", config]),
        ("bench_build.py", positional),
        ("bench_report.py", checkout),
    ]:
        session.run("python", script, *arguments)


@nox.session(python=False)
def split_doc(session: nox.Session) -> None:
    """Regenerate docs/fks_main-split.md from a work tree of fks (MODSPLIT_FKS_CHECKOUT)."""
    if not FKS_CHECKOUT:
        session.error("set MODSPLIT_FKS_CHECKOUT to a work tree of nuniesmith/fks")
    with open(HERE / "docs" / "fks_main-split.md", "w", encoding="utf-8") as out:
        session.run("modsplit", "--config", str(HERE / "config" / "fks_main.toml"), "propose",
                    FKS_CHECKOUT, "--format", "markdown", "--title", "fks_main: proposed split",
                    stdout=out)


@nox.session
def contracts(session: nox.Session) -> None:
    """Check fks_main against contracts/fks_main.toml (MODSPLIT_FKS_CHECKOUT)."""
    if not FKS_CHECKOUT:
        session.skip("set MODSPLIT_FKS_CHECKOUT to a work tree of nuniesmith/fks")
    session.install("-e", ".")
    session.run("modsplit", "contracts", "check", "--contracts", "contracts/fks_main.toml",
                "--config", "config/fks_main.toml", FKS_CHECKOUT, *session.posargs)


@nox.session(python=False)
def docs(session: nox.Session) -> None:
    """Regenerate docs/cli.md from the parser."""
    session.run("python", "docs/cli_reference.py")


# Per-unit sessions of the example monorepo, such as nox -s "fksmini-tests(unit='api')", defined
# by modsplit's own nox helper from the example's discovered units. The prefix keeps them apart
# from this project's sessions; `modsplit build examples/fksmini --noxfile noxfile.py
# --session fksmini-tests` runs them for the affected units only.
import modsplit.nox  # noqa: E402 - after this project's own sessions, on purpose

modsplit.nox.define_sessions("examples/fksmini", prefix="fksmini-")
