"""List the units a change affects: the units owning the changed files, and every unit
downstream of them through imports. Global files such as the root pyproject.toml affect every
unit. With nothing affected the output is empty and the exit code 0."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from modsplit.commands._common import add_format_argument, add_workspace_arguments, emit

if TYPE_CHECKING:
    from modsplit.build.affected import Affected
    from modsplit.build.changes import ChangeSet
    from modsplit.graph.model import Graph
    from modsplit.workspace.model import Workspace

FORMATS = ("text", "json", "github-matrix", "names")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_workspace_arguments(parser)
    add_change_arguments(parser, since_required=True)
    add_format_argument(parser, FORMATS)
    parser.add_argument("--explain", action="store_true",
                        help="show the chain of files and imports behind each affected unit")


def add_change_arguments(parser: argparse.ArgumentParser, *, since_required: bool) -> None:
    """Add ``--since``, ``--until`` and ``--include-uncommitted``."""
    parser.add_argument("--since", metavar="REF", required=since_required,
                        help="git revision to compare with (branch, tag or commit)")
    parser.add_argument("--until", metavar="REV",
                        help="compare with this revision instead of the work tree")
    parser.add_argument("--include-uncommitted", action="store_true",
                        help="with --until, also count uncommitted and untracked changes")


def run(args: argparse.Namespace) -> int:
    from concurrent.futures import ThreadPoolExecutor

    from modsplit.build.render import render_affected
    from modsplit.commands._common import load_graph, load_workspace

    workspace = load_workspace(args)
    # git runs in other processes: asking it for the changes while the graph loads saves the
    # time of the git calls on this hot path.
    with ThreadPoolExecutor(max_workers=1) as pool:
        changes = pool.submit(changes_from_args, args, workspace)
        graph = load_graph(args, workspace)
        affected = find_affected_from_args(args, workspace, graph, changes=changes.result())
    emit(render_affected(affected, output_format=args.format, explain=args.explain))
    return 0


def changes_from_args(args: argparse.Namespace, workspace: Workspace) -> ChangeSet:
    """Return the git changes that ``args`` select."""
    from modsplit.adapters import git
    from modsplit.errors import UsageError

    if args.include_uncommitted and args.until is None:
        raise UsageError("--include-uncommitted needs --until; without it the work tree is "
                         "compared already")
    return git.changed_files(workspace.directory, since=args.since, until=args.until,
                             include_uncommitted=args.include_uncommitted)


def find_affected_from_args(
    args: argparse.Namespace,
    workspace: Workspace,
    graph: Graph,
    *,
    changes: ChangeSet | None = None,
) -> Affected:
    """Return the units affected by the git changes that ``args`` select.

    ``changes`` are those changes when the caller has already asked git for them.
    """
    from modsplit.build.affected import find_affected
    from modsplit.build.settings import affected_settings

    settings = affected_settings(workspace)
    if changes is None:
        changes = changes_from_args(args, workspace)
    base_graph = None
    if changes.removed_python_files:
        base_graph = graph_at_revision(workspace, args.since)
    return find_affected(workspace, graph, changes, settings=settings, base_graph=base_graph)


def graph_at_revision(workspace: Workspace, revision: str) -> Graph | None:
    """Build the import graph of the workspace's Python files as they were at ``revision``."""
    import dataclasses
    import logging
    import tempfile
    from pathlib import Path

    from modsplit.adapters import git
    from modsplit.errors import AnalysisError
    from modsplit.graph.build import build_graph

    manifests = {m.path for unit in workspace.units for m in unit.manifests}

    def is_graph_input(path: str) -> bool:
        return path.endswith((".py", ".pyi")) or path in manifests

    with tempfile.TemporaryDirectory(prefix="modsplit-base-") as folder:
        git.export_tree(workspace.directory, revision=revision, destination=Path(folder),
                        wanted=is_graph_input)
        at_revision = dataclasses.replace(workspace, directory=Path(folder))
        try:
            return build_graph(at_revision, use_cache=False)
        except AnalysisError as error:
            logging.getLogger(__name__).warning(
                "no import graph at %s (%s); deleted modules' importers are not followed",
                revision, error.message)
            return None
