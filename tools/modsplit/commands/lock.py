"""Pin each unit's runtime dependencies with pip-tools under one shared constraints file.

All units are resolved together first, into the constraints file, so that a distribution used
by several units gets one version. Then each named unit (all by default) gets its own lock file,
resolved under those constraints. The files are shown as a diff unless --write. Exit status: 0
done, 1 a conflict between units or (with --check) a lock file out of date, 2 usage or
configuration error, 3 resolver error.
"""

from __future__ import annotations

import argparse
import sys

from modsplit.commands._common import add_workspace_arguments, emit


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("units", nargs="*", metavar="UNIT",
                        help="units to lock (default: all units with runtime dependencies)")
    add_workspace_arguments(parser, with_path=False)
    parser.add_argument("--path", dest="path", default=".", metavar="PATH",
                        help="the monorepo (default: the current directory)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write the lock files")
    mode.add_argument("--check", action="store_true",
                      help="exit 1 when a lock file would change, writing nothing")
    parser.add_argument("--hashes", action="store_true", default=None,
                        help="add --hash lines to the units' lock files")
    parser.add_argument("--dev", action="store_true", default=None,
                        help="lock development dependencies too")
    parser.add_argument("--find-links", action="append", default=[], metavar="DIR",
                        help="look for distributions in DIR too (repeatable)")
    parser.add_argument("--index-url", metavar="URL", help="the package index to resolve from")
    parser.add_argument("--no-index", action="store_true",
                        help="use only --find-links, never an index")


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from modsplit.adapters.piptools import PipCompile
    from modsplit.commands._common import load_workspace
    from modsplit.commands.deps import _split_path
    from modsplit.deps.hygiene import read_all_declarations, select_units
    from modsplit.deps.lock import lock_units, read_lock_settings, render_conflicts
    from modsplit.errors import AnalysisError, ExitCode
    from modsplit.writing import WriteMode, write_text_files

    units, args.path = _split_path(args.units, args.path)
    workspace = load_workspace(args)
    settings = read_lock_settings(workspace)
    if args.hashes is not None:
        settings = replace(settings, hashes=True)
    if args.dev is not None:
        settings = replace(settings, dev=True)
    names = [unit.name for unit in select_units(workspace, units)]
    compiler = PipCompile(find_links=tuple(args.find_links), index_url=args.index_url,
                          no_index=args.no_index)
    result = lock_units(workspace, read_all_declarations(workspace), unit_names=names,
                        compiler=compiler, settings=settings)
    if result.conflicts:
        emit(render_conflicts(result.conflicts))
        return ExitCode.FINDINGS
    if result.error:
        raise AnalysisError(f"pip-compile failed: {result.error}")
    mode = WriteMode.DIFF
    if args.write:
        mode = WriteMode.WRITE
    elif args.check:
        mode = WriteMode.CHECK
    contents = {workspace.absolute(path): text for path, text in result.files.items()}
    written = write_text_files(contents, mode=mode, relative_to=workspace.directory)
    if args.write:
        for path in written.changed:
            print(f"modsplit: wrote {path.relative_to(workspace.directory)}", file=sys.stderr)
        return ExitCode.OK
    emit(written.diff)
    return ExitCode.FINDINGS if args.check and written.has_changes else ExitCode.OK
