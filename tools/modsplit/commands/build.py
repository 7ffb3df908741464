"""Run nox sessions for the affected units (or every unit), upstream units first, and print a
summary: unit, session, result, time, and whether it ran or came from the result cache. A
session that passed before with exactly the same inputs is not run again. Exit code 1 when any
session failed. The noxfile defines per-unit sessions with modsplit.nox.define_sessions()."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from modsplit.commands._common import add_format_argument, emit

if TYPE_CHECKING:
    from modsplit.build.cache import ResultCache
    from modsplit.build.plan import BuildPlan
    from modsplit.build.run import SessionRunner
    from modsplit.build.settings import BuildSettings
    from modsplit.graph.model import Graph
    from modsplit.workspace.model import Workspace


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from modsplit.commands.affected import add_change_arguments

    parser.add_argument("path", nargs="?", default=".", metavar="PATH",
                        help="the monorepo to build (default: the current directory)")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="read configuration from FILE instead of the repository's own")
    add_change_arguments(parser, since_required=False)
    parser.add_argument("--all", action="store_true",
                        help="consider every unit, not only those affected since --since "
                             "(the default without --since)")
    parser.add_argument("--session", metavar="NAME",
                        help="the nox session to run for each unit (default: [build] session, "
                             "or tests)")
    parser.add_argument("-j", "--jobs", type=int, metavar="N",
                        help="run up to N sessions at once (default: [build] jobs, or 1)")
    parser.add_argument("--noxfile", type=Path, metavar="FILE",
                        help="the noxfile defining the per-unit sessions (default: [build] "
                             "noxfile, or noxfile.py in PATH)")
    parser.add_argument("--posargs", metavar="ARGS", default="",
                        help="arguments passed to each session, split like a shell does; "
                             "write --posargs='-k fast' for arguments that start with -")
    parser.add_argument("--no-cache", action="store_true",
                        help="run every selected session: ignore and do not write the result "
                             "cache (the graph cache, keyed by file content, is still used)")
    add_format_argument(parser, ("text", "json"))


def run(args: argparse.Namespace) -> int:
    import shlex

    from modsplit.build.render import render_build
    from modsplit.build.run import run_plan
    from modsplit.build.settings import build_settings
    from modsplit.commands._common import load_workspace
    from modsplit.errors import UsageError
    from modsplit.graph.build import build_graph

    if args.all and args.since:
        raise UsageError("--all and --since exclude each other; pass one of them")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: pass 1 or more")
    try:
        posargs = tuple(shlex.split(args.posargs))
    except ValueError as error:
        raise UsageError(
            f"--posargs {args.posargs!r}: {error}; close the quote or escape it with a backslash"
        ) from None
    workspace = load_workspace(args)
    settings = build_settings(workspace)
    graph = build_graph(workspace, use_cache=True)
    plan = _plan(args, workspace, graph, session=args.session or settings.session)
    if not plan.steps and args.format == "text":
        return 0
    cache, runner, keys = _prepare(args, workspace, settings, plan, posargs)
    result = run_plan(plan, runner=runner, cache=cache, keys=keys,
                      jobs=args.jobs or settings.jobs, posargs=posargs)
    emit(render_build(result, output_format=args.format, relative_to=workspace.directory))
    return 1 if result.failed else 0


def _plan(args: argparse.Namespace, workspace: Workspace, graph: Graph, *, session: str
          ) -> BuildPlan:
    from modsplit.build.plan import plan_build, upstream_units
    from modsplit.build.settings import affected_settings
    from modsplit.commands.affected import find_affected_from_args

    kinds = affected_settings(workspace).import_kinds
    if args.since:
        units = find_affected_from_args(args, workspace, graph).units
    else:
        units = tuple(unit.name for unit in workspace.units)
    return plan_build(units, session=session, upstream=upstream_units(graph, kinds))


def _prepare(
    args: argparse.Namespace,
    workspace: Workspace,
    settings: BuildSettings,
    plan: BuildPlan,
    posargs: tuple[str, ...],
) -> tuple[ResultCache, SessionRunner, dict[str, str]]:
    import os

    from modsplit.adapters.nox import NoxRunner
    from modsplit.build.cache import ResultCache
    from modsplit.build.digests import FileDigests
    from modsplit.build.keys import KeyContext, environment_values, plan_keys
    from modsplit.build.settings import affected_settings
    from modsplit.errors import UsageError

    noxfile = args.noxfile.resolve() if args.noxfile else workspace.absolute(settings.noxfile)
    if not noxfile.is_file():
        raise UsageError(
            f"{noxfile}: noxfile not found; write one that calls "
            "modsplit.nox.define_sessions(), or name yours with [build] noxfile"
        )
    cache = ResultCache(workspace.absolute(settings.cache_dir), enabled=not args.no_cache)
    cache.create()
    digests = FileDigests(workspace.directory, cache.load_digests())
    context = KeyContext(noxfile=str(noxfile), posargs=posargs,
                         env=environment_values(settings.env, os.environ))
    keys = plan_keys(workspace, plan, context=context, digests=digests,
                     settings=affected_settings(workspace))
    cache.store_digests(digests.updated)
    runner = NoxRunner(workspace.directory, noxfile, log_folder=cache.folder / "logs")
    return cache, runner, keys
