"""Exit codes and the errors that map onto them.

Every error modsplit raises on purpose is a ``ModsplitError``: the command line prints its message
on one line and exits with its code. Anything else is a bug and shows a traceback only with
``--debug``.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Process exit codes, the same for every command."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
    ANALYSIS = 3
    INTERRUPTED = 130


class ModsplitError(Exception):
    """An error with a message meant for the user and the exit code it maps to."""

    exit_code: ExitCode = ExitCode.ANALYSIS

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(ModsplitError):
    """A bad argument or a bad path on the command line."""

    exit_code = ExitCode.USAGE


class ConfigError(ModsplitError):
    """One or more invalid configuration values, reported together."""

    exit_code = ExitCode.USAGE

    def __init__(self, problems: list[str], *, source: str) -> None:
        self.problems = list(problems)
        self.source = source
        lines = [f"{source}: {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


class AnalysisError(ModsplitError):
    """The analysis could not run: an unreadable tree, a failing engine, a broken environment."""

    exit_code = ExitCode.ANALYSIS
