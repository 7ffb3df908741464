"""Not built yet."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace) -> int:
    from modsplit.errors import UsageError

    raise UsageError("this command is not built yet")
