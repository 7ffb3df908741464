"""Discover the roots and units of a monorepo and print its configuration as commented TOML.

Nothing is asked. The roots come from pytest's ``pythonpath``, Dockerfiles (``ENV PYTHONPATH``,
``COPY``, ``WORKDIR`` and compose build arguments), ``src`` layouts and the first names of
absolute imports. The units are the folders that contain dependency manifests. ``--write`` saves
the result as ``config/modsplit.toml`` in the analysed repository.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=".", metavar="PATH",
                        help="the monorepo to analyse (default: the current directory)")
    parser.add_argument("--write", action="store_true",
                        help="write config/modsplit.toml in PATH instead of printing it")
    parser.add_argument("--force", action="store_true",
                        help="with --write, replace an existing config/modsplit.toml")


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from modsplit.commands._common import emit
    from modsplit.errors import ExitCode, UsageError
    from modsplit.workspace.config import CONFIG_FILE
    from modsplit.workspace.discovery import discover
    from modsplit.workspace.load import check_directory
    from modsplit.workspace.toml_render import render_configuration
    from modsplit.writing import WriteMode, write_text_files

    directory = check_directory(Path(args.path))
    target = directory / CONFIG_FILE
    if args.write and target.exists() and not args.force:
        raise UsageError(f"{target}: already exists; pass --force to replace it")
    discovery = discover(directory)
    if not any(count for _, count in discovery.file_counts):
        raise UsageError(
            f"{directory}: no Python files found; pass the folder of a Python repository"
        )
    text = render_configuration(discovery)
    if not args.write:
        emit(text)
        return ExitCode.OK
    write_text_files({target: text}, mode=WriteMode.WRITE, relative_to=directory)
    units = len(discovery.workspace.units)
    noun = "unit" if units == 1 else "units"
    print(f"modsplit: wrote {CONFIG_FILE.as_posix()} with {units} {noun}", file=sys.stderr)
    return ExitCode.OK
