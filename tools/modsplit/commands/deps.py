"""Find unused, missing, transitive and misplaced dependencies of each unit.

Each unit's declared dependencies (requirements files with their includes, pyproject.toml,
setup.cfg, a literal setup.py) are compared with the names its code imports, its settings name
(Django INSTALLED_APPS and MIDDLEWARE, Celery brokers) and its entry points. Import names are
mapped to distributions with the target environment given by --python, else with the name
tables shipped with modsplit. Exit status: 0 clean, 1 findings, 2 usage or configuration error,
3 analysis error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from modsplit.commands._common import add_format_argument, add_workspace_arguments, emit

if TYPE_CHECKING:
    from modsplit.deps.model import DepsReport
    from modsplit.workspace.model import Workspace


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("units", nargs="*", metavar="UNIT",
                        help="units to check (default: all units)")
    add_workspace_arguments(parser, with_path=False)
    parser.add_argument("--path", dest="path", default=".", metavar="PATH",
                        help="the monorepo to analyse (default: the current directory)")
    add_format_argument(parser, ("text", "json"))
    parser.add_argument("--python", metavar="PATH",
                        help="interpreter of the target environment whose installed "
                        "distributions map import names (default: the shipped name tables)")
    parser.add_argument("--fix", action="store_true",
                        help="remove unused dependencies from the manifests "
                        "(a diff unless --write)")
    parser.add_argument("--write", action="store_true",
                        help="with --fix, rewrite the manifests instead of printing a diff")


def run(args: argparse.Namespace) -> int:
    from modsplit.commands._common import load_graph, load_workspace
    from modsplit.errors import ExitCode, UsageError

    if args.write and not args.fix:
        raise UsageError("--write needs --fix; add --fix to rewrite the manifests")
    units, path = _split_path(args.units, args.path)
    args.path = path
    workspace = load_workspace(args)
    graph = load_graph(args, workspace)

    from modsplit.adapters.deptry import violation_messages
    from modsplit.deps.hygiene import check_dependencies
    from modsplit.deps.render import DEFAULT_MESSAGES, render_json, render_text

    report = check_dependencies(graph, unit_names=units, python=args.python)
    for warning in report.warnings:
        print(f"modsplit: warning: {warning}", file=sys.stderr)
    if args.fix:
        return _fix(args, report, workspace)
    if args.format == "json":
        emit(render_json(report))
    else:
        emit(render_text(report, messages={**DEFAULT_MESSAGES, **violation_messages()}))
    return ExitCode.FINDINGS if report.has_findings else ExitCode.OK


def _split_path(units: list[str], path: str) -> tuple[list[str], str]:
    """Accept the monorepo as the last positional argument when it is an existing folder."""
    looks_like_path = bool(units) and ("/" in units[-1] or units[-1] in (".", ".."))
    if path == "." and looks_like_path and Path(units[-1]).is_dir():
        return units[:-1], units[-1]
    return units, path


def _fix(args: argparse.Namespace, report: DepsReport, workspace: Workspace) -> int:
    from modsplit.deps.fix import plan_fix, unfixed_findings
    from modsplit.deps.hygiene import read_all_declarations
    from modsplit.errors import ExitCode
    from modsplit.writing import WriteMode, write_text_files

    declarations = read_all_declarations(workspace)
    plan = plan_fix(workspace.directory, report.findings, declarations)
    for reason in plan.kept:
        print(f"modsplit: {reason}", file=sys.stderr)
    mode = WriteMode.WRITE if args.write else WriteMode.DIFF
    result = write_text_files(plan.contents, mode=mode, relative_to=workspace.directory)
    if not args.write:
        emit(result.diff)
        return ExitCode.FINDINGS if report.has_findings else ExitCode.OK
    count = len(plan.removed)
    print(f"modsplit: removed {count} unused {'entry' if count == 1 else 'entries'} "
          f"from {len(result.changed)} files", file=sys.stderr)
    return ExitCode.FINDINGS if unfixed_findings(report.findings, plan) else ExitCode.OK
