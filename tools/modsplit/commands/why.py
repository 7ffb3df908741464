"""Show the shortest import chains from one module, package or unit to another.

Each hop is printed with the file and line of its import statement. Exit code 1 when there is
no chain.
"""

from __future__ import annotations

import argparse

from modsplit.commands._common import add_format_argument, add_workspace_arguments


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="FROM", help="module id, dotted name, package or unit")
    parser.add_argument("target", metavar="TO", help="module id, dotted name, package or unit")
    add_workspace_arguments(parser)
    add_format_argument(parser, ("text", "json"))
    parser.add_argument("--limit", type=int, default=5, help="show at most this many chains")
    parser.add_argument(
        "--include-type-checking",
        action="store_true",
        help="follow imports under `if TYPE_CHECKING:` too",
    )


def run(args: argparse.Namespace) -> int:
    import json

    from modsplit.commands._common import emit, load_graph
    from modsplit.errors import ExitCode
    from modsplit.graph.query import shortest_chains

    if args.limit < 1:
        from modsplit.errors import UsageError

        raise UsageError(f"--limit {args.limit}: must be 1 or more")
    graph = load_graph(args)
    chains = shortest_chains(
        graph,
        args.source,
        args.target,
        limit=args.limit,
        include_type_checking=args.include_type_checking,
    )
    if args.format == "json":
        emit(
            json.dumps(
                {
                    "schema": "modsplit.why/1",
                    "chains": [
                        [
                            {
                                "importer": h.importer,
                                "imported": h.imported,
                                "line": h.line,
                                "path": graph.module(h.importer).path,
                            }
                            for h in chain.hops
                        ]
                        for chain in chains
                    ],
                },
                indent=1,
            )
        )
    elif not chains:
        emit(f"no import chain from {args.source} to {args.target}")
    else:
        for number, chain in enumerate(chains, start=1):
            emit(f"chain {number} ({len(chain.hops)} imports):")
            for hop in chain.hops:
                emit(
                    f"  {graph.location(hop)}  {graph.module(hop.importer).name} -> "
                    f"{graph.module(hop.imported).name} ({hop.kind.value})"
                )
    return ExitCode.OK if chains else ExitCode.FINDINGS
