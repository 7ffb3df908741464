"""Build the import graph of every unit and report modules, imports, cycles and problems.

Exit codes: 0 done; 1 when a finding named in --fail-on exists; 2 usage or configuration error;
3 analysis error.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from modsplit.commands._common import add_format_argument, add_workspace_arguments

if TYPE_CHECKING:
    from modsplit.workspace.model import Workspace

FAIL_ON = ("cycles", "unresolved", "skipped", "shadowed")
DEFAULT_LEVELS = ("unit", "package:1", "module")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_workspace_arguments(parser)
    add_format_argument(parser, ("text", "json", "dot", "mermaid"))
    parser.add_argument(
        "--units",
        action="store_true",
        help="draw the unit graph instead of the module graph (dot, mermaid)",
    )
    parser.add_argument(
        "--level",
        action="append",
        metavar="LEVEL",
        help="cycle level: module, unit, package or package:N (repeatable; "
        "default: unit, package:1 and module)",
    )
    parser.add_argument(
        "--include-type-checking",
        action="store_true",
        help="count imports under `if TYPE_CHECKING:` when finding cycles",
    )
    parser.add_argument(
        "--fail-on",
        default="",
        metavar="KINDS",
        help=f"exit 1 when any of these exist (comma-separated: {','.join(FAIL_ON)})",
    )


def run(args: argparse.Namespace) -> int:
    from modsplit.commands._common import emit, load_graph
    from modsplit.errors import ExitCode, UsageError
    from modsplit.graph.cycles import RUNTIME_KINDS, canonical_level, find_cycles
    from modsplit.graph.model import ImportKind
    from modsplit.graph.render import render_dot, render_json, render_mermaid, render_text

    # Options are checked before the graph is built, so a typo fails fast.
    levels = dict.fromkeys(canonical_level(level) for level in args.level or DEFAULT_LEVELS)
    fail_on = {item.strip() for item in args.fail_on.split(",") if item.strip()}
    unknown = sorted(fail_on - set(FAIL_ON))
    if unknown:
        raise UsageError(f"--fail-on {','.join(unknown)}: unknown; choose from {','.join(FAIL_ON)}")
    graph = load_graph(args)
    _check_graph_settings(graph.workspace)
    kinds = set(ImportKind) if args.include_type_checking else RUNTIME_KINDS
    cycles = [c for level in levels for c in find_cycles(graph, level=level, kinds=kinds)]
    if args.format == "json":
        emit(render_json(graph, cycles))
    elif args.format == "dot":
        emit(render_dot(graph, units=args.units))
    elif args.format == "mermaid":
        emit(render_mermaid(graph, units=args.units))
    else:
        emit(render_text(graph, cycles))
    found = {"cycles": bool(cycles), "unresolved": bool(graph.unresolved),
             "skipped": bool(graph.skipped), "shadowed": bool(graph.shadowed)}
    return ExitCode.FINDINGS if any(found[name] for name in fail_on) else ExitCode.OK


def _check_graph_settings(workspace: Workspace) -> None:
    """Reject keys in ``[graph]``: the graph has no settings of its own yet."""
    from modsplit.errors import ConfigError
    from modsplit.workspace.config import check_keys

    problems = check_keys("graph", workspace.section("graph"), {})
    if problems:
        raise ConfigError(problems, source=str(workspace.config_path or workspace.directory))
