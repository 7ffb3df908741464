"""Explain why a change affects a unit: every chain from a changed file, through imports, to
the unit, shortest first."""

from __future__ import annotations

import argparse

from modsplit.commands._common import add_format_argument, add_workspace_arguments, emit


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from modsplit.commands.affected import add_change_arguments

    parser.add_argument("unit", metavar="UNIT", help="the unit to explain")
    add_workspace_arguments(parser)
    add_change_arguments(parser, since_required=True)
    add_format_argument(parser, ("text", "json"))


def run(args: argparse.Namespace) -> int:
    from modsplit.build.render import render_why_affected
    from modsplit.commands._common import load_graph, load_workspace
    from modsplit.commands.affected import find_affected_from_args
    from modsplit.errors import UsageError

    workspace = load_workspace(args)
    try:
        workspace.unit_named(args.unit)
    except KeyError as error:
        raise UsageError(str(error.args[0])) from None
    affected = find_affected_from_args(args, workspace, load_graph(args, workspace))
    emit(render_why_affected(affected, args.unit, output_format=args.format))
    return 0
