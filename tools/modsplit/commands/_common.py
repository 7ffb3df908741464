"""Options and steps that many commands share: where the workspace is, and loading its graph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modsplit.graph.model import Graph
    from modsplit.workspace.model import Workspace


def add_workspace_arguments(parser: argparse.ArgumentParser, *, with_path: bool = True) -> None:
    """Add PATH, ``--config`` and ``--no-cache``."""
    if with_path:
        parser.add_argument(
            "path",
            nargs="?",
            default=".",
            metavar="PATH",
            help="the monorepo to analyse (default: the current directory)",
        )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="read configuration from FILE instead of the repository's own",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="ignore and do not write the graph cache"
    )


def add_format_argument(
    parser: argparse.ArgumentParser, choices: tuple[str, ...], *, default: str = "text"
) -> None:
    parser.add_argument(
        "--format", choices=choices, default=default, help=f"output format (default: {default})"
    )


def load_workspace(args: argparse.Namespace) -> Workspace:
    """Return the workspace at ``args.path``, read from configuration or discovered."""
    from modsplit.workspace.load import load_workspace as load

    return load(Path(args.path), config=getattr(args, "config", None))


def load_graph(args: argparse.Namespace, workspace: Workspace | None = None) -> Graph:
    """Return the import graph of the workspace, from the cache unless ``--no-cache``."""
    from modsplit.graph.build import build_graph

    workspace = workspace or load_workspace(args)
    return build_graph(workspace, use_cache=not getattr(args, "no_cache", False))


def emit(text: str) -> None:
    """Write a result to stdout, ending it with exactly one newline when it is not empty."""
    if text:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
