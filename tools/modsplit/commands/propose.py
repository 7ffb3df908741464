"""Propose module boundaries for the split: packages, layers, moves and imports to cut.

Metrics for today's layout and the proposal are shown side by side. ``--move`` or ``--plan``
evaluate a hand-made plan instead. Exit codes: 0 done; 1 when ``--check`` finds that
config/boundaries.toml would change, or a plan creates a package cycle; 2 usage or configuration
error; 3 analysis error.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from modsplit.commands._common import add_format_argument, add_workspace_arguments


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_workspace_arguments(parser)
    add_format_argument(parser, ("text", "json", "markdown"))
    parser.add_argument("--include-type-checking", action="store_true",
                        help="also count imports under `if TYPE_CHECKING:`")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the community detection (default: 0)")
    parser.add_argument("--pin", action="append", default=[], metavar="MODULE=PACKAGE",
                        help="put MODULE in PACKAGE (repeatable)")
    parser.add_argument("--together", action="append", default=[], metavar="A,B",
                        help="keep these modules in one package (repeatable)")
    parser.add_argument("--apart", action="append", default=[], metavar="A,B",
                        help="keep these modules in different packages (repeatable)")
    parser.add_argument("--min-size", type=int, default=1, metavar="N",
                        help="merge packages of fewer than N modules where that adds no cycle")
    parser.add_argument("--max-size", type=int, metavar="N",
                        help="split packages of more than N modules")
    parser.add_argument("--no-kernel", action="store_true",
                        help="do not extract a shared kernel into the bottom layer")
    parser.add_argument("--kernel-min-importers", type=int, default=3, metavar="N",
                        help="a kernel module is imported from at least N other packages "
                        "(default: 3)")
    parser.add_argument("--inertia", type=float, default=1.0, metavar="W",
                        help="weight that ties a module to today's package, relative to its "
                        "imports; 0 ignores today's layout (default: 1.0)")
    parser.add_argument("--resolution", type=float, default=1.0, metavar="R",
                        help="Louvain resolution: above 1 gives smaller packages (default: 1.0)")
    parser.add_argument("--stability-runs", type=int, default=10, metavar="N",
                        help="seeds compared for the stability figure (default: 10)")
    parser.add_argument("--move", action="append", default=[], metavar="MODULE=PACKAGE",
                        help="what-if: move MODULE to PACKAGE in today's layout (repeatable)")
    parser.add_argument("--plan", type=Path, metavar="FILE",
                        help="what-if: read MODULE=PACKAGE lines from FILE ('#' starts a comment)")
    parser.add_argument("--title", default="Proposed split",
                        help="page title of --format markdown")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true",
                      help="write config/boundaries.toml in the analysed repository")
    mode.add_argument("--diff", action="store_true",
                      help="print the diff of config/boundaries.toml instead of the proposal")
    mode.add_argument("--check", action="store_true",
                      help="exit 1 when config/boundaries.toml differs from the proposal")


def run(args: argparse.Namespace) -> int:
    from modsplit.commands._common import emit, load_graph, load_workspace
    from modsplit.errors import ExitCode

    _check_numbers(args)
    moves = _plan_moves(args)
    if moves:
        _check_what_if_options(args)
    options: Any = None if moves else _options(args)
    workspace = load_workspace(args)
    graph = load_graph(args, workspace)
    if moves:
        return _run_what_if(graph, moves, args)

    from modsplit.propose import propose
    from modsplit.propose.render import render_json, render_markdown, render_text

    proposal = propose(graph, options)
    if args.write or args.diff or args.check:
        return _boundaries(proposal, workspace.directory, args)
    if args.format == "json":
        emit(render_json(proposal))
    elif args.format == "markdown":
        emit(render_markdown(proposal, title=args.title))
    else:
        emit(render_text(proposal))
    return ExitCode.OK


def _options(args: argparse.Namespace) -> Any:
    from modsplit.errors import UsageError
    from modsplit.propose import ProposeOptions

    pins: dict[str, str] = {}
    for text in args.pin:
        module, package = _assignment(text, "--pin")
        if pins.get(module, package) != package:
            raise UsageError(f"--pin {text}: {module} is already pinned to {pins[module]}; keep "
                             "one --pin per module")
        pins[module] = package
    return ProposeOptions(
        seed=args.seed,
        include_type_checking=args.include_type_checking,
        pins=tuple(pins.items()),
        together=tuple(_modules(text, "--together") for text in args.together),
        apart=tuple(_modules(text, "--apart") for text in args.apart),
        min_size=args.min_size,
        max_size=args.max_size,
        kernel=not args.no_kernel,
        kernel_min_importers=args.kernel_min_importers,
        inertia=args.inertia,
        resolution=args.resolution,
        stability_runs=args.stability_runs,
    )


def _check_what_if_options(args: argparse.Namespace) -> None:
    from modsplit.errors import UsageError

    given = [name for name, value in (("--write", args.write), ("--diff", args.diff),
                                      ("--check", args.check), ("--pin", args.pin),
                                      ("--together", args.together), ("--apart", args.apart))
             if value]
    if given:
        raise UsageError(f"{given[0]} does not apply to a what-if plan (--move, --plan); drop "
                         "one of them")
    if args.format == "markdown":
        raise UsageError("--format markdown does not apply to a what-if plan (--move, --plan); "
                         "use text or json")


def _run_what_if(
    graph: Any, moves: list[tuple[str, str, str]], args: argparse.Namespace
) -> int:
    from modsplit.commands._common import emit
    from modsplit.errors import ExitCode
    from modsplit.propose import evaluate_plan
    from modsplit.propose.render import render_what_if_json, render_what_if_text

    result = evaluate_plan(graph, [(module, package) for module, package, _ in moves],
                           include_type_checking=args.include_type_checking,
                           origins=[origin for _, _, origin in moves])
    emit(render_what_if_json(result) if args.format == "json" else render_what_if_text(result))
    return ExitCode.FINDINGS if result.creates_cycles else ExitCode.OK


def _boundaries(proposal: Any, directory: Path, args: argparse.Namespace) -> int:
    import sys

    from modsplit.commands._common import emit
    from modsplit.errors import ExitCode
    from modsplit.propose.boundaries import render_boundaries
    from modsplit.writing import WriteMode, write_text_files

    mode = WriteMode.WRITE if args.write else WriteMode.CHECK if args.check else WriteMode.DIFF
    path = _boundaries_path(directory)
    result = write_text_files({path: render_boundaries(proposal)}, mode=mode,
                              relative_to=directory)
    if mode is WriteMode.WRITE:
        state = "wrote" if result.has_changes else "unchanged:"
        sys.stderr.write(f"modsplit: {state} {path.relative_to(directory).as_posix()}\n")
        return ExitCode.OK
    emit(result.diff)
    return ExitCode.FINDINGS if mode is WriteMode.CHECK and result.has_changes else ExitCode.OK


def _boundaries_path(directory: Path) -> Path:
    """Return the file to write: config/boundaries.toml, or its link's target in the repository."""
    from modsplit.errors import UsageError
    from modsplit.propose.boundaries import BOUNDARIES_FILE

    path = directory / BOUNDARIES_FILE
    if not path.is_symlink():
        return path
    target = path.resolve()
    if not target.is_relative_to(directory.resolve()):
        raise UsageError(f"{BOUNDARIES_FILE.as_posix()} links to {target}, outside the "
                         "repository; replace the link with a file or write through it yourself")
    return directory / target.relative_to(directory.resolve())


def _plan_moves(args: argparse.Namespace) -> list[tuple[str, str, str]]:
    from modsplit.errors import UsageError

    moves = [(*_assignment(text, "--move"), "--move") for text in args.move]
    if args.plan is None:
        return moves
    try:
        text = args.plan.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"--plan {args.plan}: cannot be read ({error.strerror}); "
                         "pass a file of MODULE=PACKAGE lines") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"--plan {args.plan}: is not UTF-8 text (byte "
                         f"0x{error.object[error.start]:02x} at offset {error.start}); "
                         "save it as UTF-8") from None
    planned = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if content:
            origin = f"--plan {args.plan}:{number}"
            planned.append((*_assignment(content, origin), origin))
    if not planned:
        raise UsageError(f"--plan {args.plan} has no moves; add MODULE=PACKAGE lines")
    return moves + planned


def _assignment(text: str, option: str) -> tuple[str, str]:
    import re

    from modsplit.errors import UsageError

    module, separator, package = (part.strip() for part in text.partition("="))
    if not separator or not module or not package:
        raise UsageError(f"{option} {text!r}: expected MODULE=PACKAGE, e.g. core.cache=kernel")
    if not re.fullmatch(r"[\w.-]+", package):
        where = f"{option}:" if option.startswith("--plan") else f"{option} {text!r}:"
        raise UsageError(f"{where} package name {package!r} may hold only letters, digits, "
                         "'_', '-' and '.'")
    return module, package


def _modules(text: str, option: str) -> tuple[str, ...]:
    from modsplit.errors import UsageError

    modules = tuple(part.strip() for part in text.split(",") if part.strip())
    if len(modules) < 2:
        raise UsageError(f"{option} {text!r}: name at least two modules, separated by commas")
    twice = sorted({m for m in modules if modules.count(m) > 1})
    if twice:
        raise UsageError(f"{option} {text!r}: names {', '.join(twice)} twice; name different "
                         "modules")
    return modules


def _check_numbers(args: argparse.Namespace) -> None:
    import math

    from modsplit.errors import UsageError

    if args.min_size < 1:
        raise UsageError(f"--min-size {args.min_size}: must be at least 1")
    if args.max_size is not None and args.max_size < max(1, args.min_size):
        raise UsageError(f"--max-size {args.max_size}: must be at least --min-size "
                         f"({args.min_size}) and at least 1")
    for option, value in (("--inertia", args.inertia), ("--resolution", args.resolution)):
        if not math.isfinite(value):
            raise UsageError(f"{option} {value}: must be a finite number")
    if args.inertia < 0:
        raise UsageError(f"--inertia {args.inertia}: must be 0 or more")
    if args.resolution <= 0:
        raise UsageError(f"--resolution {args.resolution}: must be more than 0")
    if args.stability_runs < 1:
        raise UsageError(f"--stability-runs {args.stability_runs}: must be at least 1")
    if args.kernel_min_importers < 1:
        raise UsageError(f"--kernel-min-importers {args.kernel_min_importers}: must be at least 1")
