"""Write one self-contained HTML report of the workspace: graph, matrices, cycles, proposal,
contracts, dependency findings and lazy-import candidates.

The page needs no network: all styles and scripts are inline. Sections whose capability is not
built yet, or failed, say so in their place.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from modsplit.commands._common import add_workspace_arguments

if TYPE_CHECKING:
    from modsplit.contracts.model import ContractFile
    from modsplit.deps.model import DepsReport
    from modsplit.graph.model import Graph
    from modsplit.lazy.profile import Profile
    from modsplit.propose import Proposal
    from modsplit.report import ContractStatus, ReportSources

DEFAULT_OUTPUT = "modsplit-report.html"
BOUNDARIES_FILE = Path("config") / "boundaries.toml"  # written by `modsplit propose --write`


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_workspace_arguments(parser)
    parser.add_argument("-o", "--output", type=Path, default=Path(DEFAULT_OUTPUT), metavar="FILE",
                        help=f"write the report to FILE (default: {DEFAULT_OUTPUT})")
    parser.add_argument("--profile", type=Path, metavar="FILE",
                        help="the stderr of `python -X importtime -c 'import PACKAGE'`, for the "
                        "lazy-import section")


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from modsplit import __version__
    from modsplit.commands._common import load_graph, load_workspace
    from modsplit.errors import ExitCode, UsageError
    from modsplit.report import build_report, render_html
    from modsplit.writing import write_atomically

    output: Path = args.output
    if output.is_dir():
        raise UsageError(f"{output}: is a folder; pass the path of the HTML file to write")
    if args.profile is not None and not args.profile.is_file():
        raise UsageError(f"{args.profile}: no such file; pass the output of python -X importtime")

    with _progress() as step:
        step("Loading the workspace")
        workspace = load_workspace(args)
        step("Building the import graph")
        graph = load_graph(args, workspace)
        generated_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        report = build_report(graph, sources=_sources(graph, profile=args.profile),
                              generated_at=generated_at, version=__version__, on_step=step)
        step("Writing the page")
        write_atomically(output, render_html(report))

    print(f"modsplit: wrote {output}", file=sys.stderr)
    return ExitCode.OK


def _sources(graph: Graph, *, profile: Path | None) -> ReportSources:
    """Wire each capability section to its use case; the imports run when the section does."""
    from modsplit.report import ReportSources

    return ReportSources(
        proposal=lambda: _proposal(graph),
        contracts=lambda: _contracts(graph),
        dependencies=lambda: _dependencies(graph),
        lazy=lambda: _lazy_profile(profile),
    )


def _proposal(graph: Graph) -> Proposal:
    from modsplit.propose import ProposeOptions, propose

    return propose(graph, ProposeOptions())


def _dependencies(graph: Graph) -> DepsReport:
    from modsplit.deps.hygiene import check_dependencies

    return check_dependencies(graph)


def _lazy_profile(path: Path | None) -> Profile:
    """Read a ``python -X importtime`` log; the last module it lists is the profiled package."""
    from modsplit.lazy.profile import parse_importtime
    from modsplit.report import NoData

    if path is None:
        raise NoData("No import-time profile was given. Run `python -X importtime -c 'import "
                      "PACKAGE' 2> importtime.txt` where PACKAGE imports, then pass "
                      "--profile importtime.txt.")
    text = path.read_text(encoding="utf-8", errors="replace")
    timings = [line for line in text.splitlines() if line.startswith("import time:")]
    if not timings or "|" not in timings[-1]:
        raise NoData(f"{path} has no `import time:` lines; pass the stderr of "
                     "python -X importtime.")
    target = timings[-1].rsplit("|", 1)[1].strip()
    return parse_importtime(text, target=target, returncode=0, module_for_file=lambda _: None)


def _contracts(graph: Graph) -> ContractStatus:
    """Check the repository's contract files, or, without any, the contracts generated now."""
    from modsplit.adapters.importlinter import ImportLinterEngine, read_contract_file
    from modsplit.contracts.check import check_contracts
    from modsplit.contracts.generate import read_settings
    from modsplit.report import ContractStatus

    workspace = graph.workspace
    settings = read_settings(workspace)
    folder = workspace.absolute(settings.output)
    paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    files = [read_contract_file(path) for path in paths]
    generated_from = ""
    if not files:
        generated_from, contract_file = _generated_contracts(graph, folder / settings.file)
        files = [contract_file]

    def engine_for(contract_file: ContractFile) -> ImportLinterEngine:
        return ImportLinterEngine.for_file(graph, contract_file)

    result = check_contracts(files, graph, engine_for, relative_to=workspace.directory.as_posix())
    return ContractStatus(result, generated_from=generated_from)


def _generated_contracts(graph: Graph, path: Path) -> tuple[str, ContractFile]:
    """Return the contracts `modsplit contracts generate` writes, and what they come from."""
    from modsplit.contracts.boundaries import read_boundaries
    from modsplit.contracts.generate import (
        contracts_from_boundaries,
        contracts_from_workspace,
        read_settings,
    )

    workspace = graph.workspace
    settings = read_settings(workspace)
    boundaries = workspace.directory / BOUNDARIES_FILE
    if boundaries.is_file():
        return (f"the boundaries of {BOUNDARIES_FILE.as_posix()}",
                contracts_from_boundaries(workspace, settings, graph, read_boundaries(boundaries),
                                          path=path, header=""))
    config = workspace.config_path
    source = f"the units and layers of {config.name}" if config else "the discovered units"
    return source, contracts_from_workspace(workspace, settings, graph, path=path, header="")


@contextlib.contextmanager
def _progress() -> Iterator[Callable[[str], None]]:
    """Yield a function that shows the current step on stderr; silent when not a terminal."""
    if not sys.stderr.isatty():
        yield lambda text: None
        return

    from rich.console import Console

    with Console(stderr=True).status("Starting…") as status:
        yield lambda text: status.update(f"{text}…")
