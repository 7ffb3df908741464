"""The command line: parse, call one use case, render its result, return an exit code.

Each command lives in ``modsplit.commands.<name>`` with ``add_arguments(parser)`` and
``run(args) -> int``. Those modules import only the standard library at import time, so that
``modsplit --help`` stays fast; the work they do is imported inside ``run``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from modsplit import __version__
from modsplit.errors import ExitCode, ModsplitError

# (command, module in modsplit.commands, one-line help). Order is the order of ``--help``.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("init", "init", "discover roots and units and print the configuration"),
    ("graph", "graph", "build the import graph of the workspace"),
    ("why", "why", "show the shortest import chains between two modules or units"),
    ("propose", "propose", "propose module boundaries for the split"),
    ("contracts", "contracts", "generate and check import contracts"),
    ("lazy", "lazy", "profile slow imports and make them lazy"),
    ("deps", "deps", "find unused, missing and transitive dependencies per unit"),
    ("lock", "lock", "pin each unit's dependencies with pip-tools"),
    ("affected", "affected", "list the units a change affects"),
    ("why-affected", "why_affected", "explain why a change affects a unit"),
    ("build", "build", "run nox sessions for the affected units"),
    ("report", "report", "write the HTML report"),
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run modsplit and return its exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(only=_command_named(arguments))
    args = parser.parse_args(arguments)
    _configure_logging(verbose=args.verbose, debug=args.debug)
    if not getattr(args, "command_module", None):
        parser.print_help()
        return ExitCode.USAGE
    module = importlib.import_module(f"modsplit.commands.{args.command_module}")
    try:
        return int(module.run(args))
    except ModsplitError as error:
        if args.debug:
            raise
        print(f"modsplit: error: {error.message}", file=sys.stderr)
        return int(error.exit_code)
    except KeyboardInterrupt:
        print("modsplit: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (``modsplit graph | head``): not an error.
        sys.stderr.close()
        return ExitCode.OK


def build_parser(*, only: str | None = None) -> argparse.ArgumentParser:
    """Return the parser with every command and its options, or with command ``only``.

    Building one command's parser is enough to parse its arguments, and saves importing and
    building the other eleven on every run.
    """
    parser = argparse.ArgumentParser(
        prog="modsplit",
        description="Import graph, split proposals, contracts, lazy imports, dependency "
        "hygiene and incremental builds for Python monorepos.",
    )
    parser.add_argument("--version", action="version", version=f"modsplit {__version__}")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="read configuration from FILE (also accepted after the command)")
    _add_global_options(parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name, module_name, help_text in COMMANDS:
        if only is not None and name != only:
            continue
        module = importlib.import_module(f"modsplit.commands.{module_name}")
        sub = commands.add_parser(name, help=help_text, description=module.__doc__)
        _add_global_options(sub, suppress_defaults=True)
        module.add_arguments(sub)
        _keep_value_given_before_command(sub, "config")
        sub.set_defaults(command_module=module_name)
    return parser


def _add_global_options(
    parser: argparse.ArgumentParser, *, suppress_defaults: bool = False
) -> None:
    # Accepted both before and after the command; SUPPRESS keeps a sub-parser from resetting a
    # value given before the command.
    default = argparse.SUPPRESS if suppress_defaults else False
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=default,
        help="log progress details on stderr",
    )
    parser.add_argument(
        "--debug", action="store_true", default=default, help="show tracebacks and debug logs"
    )


def _command_named(arguments: list[str]) -> str | None:
    """Return the command in ``arguments``, or None when there is none (``--help``, a typo)."""
    names = {name for name, _, _ in COMMANDS}
    for position, argument in enumerate(arguments):
        if argument in names:
            return argument
        if argument == "--config":
            # The next argument is the option's value, not a command.
            return _command_named(arguments[position + 2 :])
        if not argument.startswith("-"):
            return None
    return None


def _keep_value_given_before_command(parser: argparse.ArgumentParser, dest: str) -> None:
    # A sub-parser's default would overwrite `modsplit --config FILE graph`; SUPPRESS leaves
    # the value from before the command in place.
    # argparse offers no public accessor for its actions.
    for action in parser._actions:
        if action.dest == dest:
            action.default = argparse.SUPPRESS
        if isinstance(action, argparse._SubParsersAction):
            for inner in action.choices.values():
                _keep_value_given_before_command(inner, dest)


def _configure_logging(*, verbose: bool, debug: bool) -> None:
    import logging  # Not at module level: ``--help`` exits before logging is needed.

    level = logging.WARNING
    if verbose:
        level = logging.INFO
    if debug:
        level = logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("modsplit: %(levelname)s: %(message)s"))
    root = logging.getLogger("modsplit")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def color_enabled() -> bool:
    """Tell whether output may use colour: a terminal, and ``NO_COLOR`` not set."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
