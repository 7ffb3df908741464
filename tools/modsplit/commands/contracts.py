"""Generate import contracts, check them on the graph, and keep their baselines.

`generate` writes import-linter contract files for the units and layers, or for the packages of
config/boundaries.toml. `check` runs them on modsplit's multi-root graph: exit 1 on a violation
outside the baseline or on a baseline entry that matches no import, 2 on a contract that names a
module that does not exist. `baseline` records today's violations or prunes stale entries.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from modsplit.commands._common import add_format_argument, add_workspace_arguments

if TYPE_CHECKING:
    from collections.abc import Callable

    from modsplit.contracts.engine import ContractEngine
    from modsplit.contracts.model import ContractFile
    from modsplit.graph.model import Graph
    from modsplit.workspace.model import Workspace

FORMATS = ("text", "json", "github", "junit", "sarif")
BOUNDARIES_FILE = Path("config") / "boundaries.toml"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="contracts_action", metavar="ACTION", required=True)

    generate = actions.add_parser("generate", help="write import-linter contracts for the units")
    add_workspace_arguments(generate)
    generate.add_argument("-o", "--output", type=Path, metavar="DIR",
                          help="folder for the contract file (default: [contracts] output, "
                               "else contracts/ in the repository)")
    generate.add_argument("--baseline", action="store_true",
                          help="record today's violations as ignored imports")
    generate.add_argument("--boundaries", type=Path, metavar="FILE",
                          help="read boundaries from FILE (default: config/boundaries.toml "
                               "when it exists)")
    _add_write_mode(generate)

    check = actions.add_parser("check", help="check the contracts on the graph")
    add_workspace_arguments(check)
    check.add_argument("--contracts", type=Path, action="append", metavar="FILE",
                       help="contract file to check; repeat for more (default: every .toml "
                            "file in the contracts folder)")
    add_format_argument(check, FORMATS)

    baseline = actions.add_parser("baseline", help="record or prune the baselines of contracts")
    add_workspace_arguments(baseline)
    baseline.add_argument("--contracts", type=Path, action="append", metavar="FILE",
                          help="contract file to update; repeat for more (default: every "
                               ".toml file in the contracts folder)")
    baseline.add_argument("--prune", action="store_true",
                          help="only remove entries that match no import or are not needed")
    _add_write_mode(baseline)


def run(args: argparse.Namespace) -> int:
    from modsplit.commands._common import load_workspace

    workspace = load_workspace(args)
    action = args.contracts_action
    if action == "generate":
        return _generate(args, workspace)
    if action == "check":
        return _check(args, workspace)
    return _baseline(args, workspace)


def _add_write_mode(parser: argparse.ArgumentParser) -> None:
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write the files (default: show a diff)")
    mode.add_argument("--check", action="store_true",
                      help="exit 1 when a file would change, without writing it")


def _generate(args: argparse.Namespace, workspace: Workspace) -> int:
    from modsplit.adapters.importlinter import render_contract_file
    from modsplit.contracts.generate import contracts_from_workspace, read_settings

    settings = read_settings(workspace)
    if args.output:
        folder = _absolute(args.output, workspace, from_cwd=True)
    else:
        folder = workspace.absolute(settings.output)
    path = folder / settings.file
    source = _boundaries(args, workspace)
    from modsplit.commands._common import load_graph

    graph = load_graph(args, workspace)
    header = _header(workspace, baseline=args.baseline, boundaries=source)
    if source is None:
        contract_file = contracts_from_workspace(workspace, settings, graph, path=path,
                                                 header=header)
        if not contract_file.contracts:
            from modsplit.errors import ConfigError

            # An empty file passes nothing: `contracts check` and lint-imports both reject it.
            raise ConfigError(["no layers in the configuration; nothing to generate; add "
                               "`layers` or run `modsplit propose --write`"],
                              source=str(workspace.config_path or workspace.directory))
    else:
        from modsplit.contracts.boundaries import read_boundaries
        from modsplit.contracts.generate import contracts_from_boundaries

        contract_file = contracts_from_boundaries(workspace, settings, graph,
                                                  read_boundaries(source), path=path,
                                                  header=header)
    if args.baseline:
        from modsplit.contracts.baseline import record_baseline

        contract_file = record_baseline(contract_file, graph, _engine_factory(graph)(contract_file))
    return _write({path: render_contract_file(contract_file)}, args, workspace)


def _check(args: argparse.Namespace, workspace: Workspace) -> int:
    from modsplit import __version__
    from modsplit.commands._common import emit, load_graph
    from modsplit.contracts.check import check_contracts
    from modsplit.contracts.render import render

    files = _read_files(args, workspace)
    graph = load_graph(args, workspace)
    result = check_contracts(files, graph, _engine_factory(graph),
                             relative_to=workspace.directory.as_posix())
    emit(render(result, format=args.format, version=__version__))
    return 1 if result.has_findings else 0


def _baseline(args: argparse.Namespace, workspace: Workspace) -> int:
    from modsplit.adapters.importlinter import render_contract_file
    from modsplit.commands._common import load_graph
    from modsplit.contracts.baseline import prune_baseline, record_baseline, remove_entry_lines
    from modsplit.contracts.check import display_path

    files = _read_files(args, workspace)
    graph = load_graph(args, workspace)
    engine_for = _engine_factory(graph)
    contents = {}
    for contract_file in files:
        if args.prune:
            shown = display_path(contract_file, workspace.directory.as_posix())
            pruned = prune_baseline(contract_file, engine_for(contract_file), shown_path=shown)
            text = contract_file.path.read_text(encoding="utf-8")
            contents[contract_file.path] = remove_entry_lines(text, pruned.removed)
        else:
            recorded = record_baseline(contract_file, graph, engine_for(contract_file))
            contents[contract_file.path] = render_contract_file(recorded)
    return _write(contents, args, workspace)


def _engine_factory(graph: Graph) -> Callable[[ContractFile], ContractEngine]:
    from modsplit.adapters.importlinter import ImportLinterEngine

    def engine_for(contract_file: ContractFile) -> ImportLinterEngine:
        return ImportLinterEngine.for_file(graph, contract_file)

    return engine_for


def _read_files(args: argparse.Namespace, workspace: Workspace) -> list[ContractFile]:
    from modsplit.adapters.importlinter import read_contract_file
    from modsplit.errors import UsageError

    if args.contracts:
        # The same file named twice is checked once.
        paths = list(dict.fromkeys(
            _absolute(path, workspace, from_cwd=True).resolve() for path in args.contracts))
        folders = [str(path) for path in paths if path.is_dir()]
        if folders:
            raise UsageError(f"--contracts {folders[0]} is a directory; pass a contract file, or "
                             "leave out --contracts to check every file of the contracts folder")
        missing = [str(path) for path in paths if not path.is_file()]
        if missing:
            raise UsageError(f"contract file not found: {', '.join(missing)}; pass an existing "
                             "file to --contracts")
    else:
        from modsplit.contracts.generate import read_settings

        folder = workspace.absolute(read_settings(workspace).output)
        paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        if not paths:
            raise UsageError(f"no contract files in {folder}; run `modsplit contracts generate "
                             "--write` or pass --contracts FILE")
    return [read_contract_file(path) for path in paths]


def _write(contents: dict[Path, str], args: argparse.Namespace, workspace: Workspace) -> int:
    from modsplit.commands._common import emit
    from modsplit.writing import WriteMode, write_text_files

    mode = WriteMode.DIFF
    if args.write:
        mode = WriteMode.WRITE
    elif args.check:
        mode = WriteMode.CHECK
    # Inside the repository, diff headers name paths relative to it; else `b/tmp/...`, as git.
    relative = workspace.directory if all(
        path.is_relative_to(workspace.directory) for path in contents
    ) else Path(workspace.directory.anchor)
    result = write_text_files(contents, mode=mode, relative_to=relative)
    if mode is WriteMode.WRITE:
        for path in result.changed:
            emit(f"wrote {_shown(path, workspace)}")
        return 0
    emit(result.diff)
    return 1 if mode is WriteMode.CHECK and result.has_changes else 0


def _boundaries(args: argparse.Namespace, workspace: Workspace) -> Path | None:
    if args.boundaries is not None:
        return _absolute(args.boundaries, workspace, from_cwd=True)
    default = workspace.directory / BOUNDARIES_FILE
    return default if default.is_file() else None


def _header(workspace: Workspace, *, baseline: bool, boundaries: Path | None) -> str:
    command = "modsplit contracts generate" + (" --baseline" if baseline else "")
    config = workspace.config_path
    if boundaries is not None:
        source = f"the boundaries of {_relative_name(boundaries, workspace)}"
    elif config is None:
        source = "the discovered units"
    else:
        source = f"the units and layers of {_relative_name(config, workspace)}"
    return (f"Generated by `{command}` from {source}.\n"
            "Regenerate rather than edit; `modsplit contracts baseline --prune` drops fixed "
            "violations.")


def _relative_name(path: Path, workspace: Workspace) -> str:
    """Return a path relative to the repository, or its file name when it lies outside."""
    resolved = path.resolve()
    if resolved.is_relative_to(workspace.directory):
        return resolved.relative_to(workspace.directory).as_posix()
    return path.name


def _absolute(path: Path, workspace: Workspace, *, from_cwd: bool = False) -> Path:
    if path.is_absolute():
        return path
    return (Path.cwd() / path).resolve() if from_cwd else workspace.directory / path


def _shown(path: Path, workspace: Workspace) -> str:
    return path.relative_to(workspace.directory).as_posix() if path.is_relative_to(
        workspace.directory) else str(path)
