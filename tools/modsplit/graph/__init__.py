"""Building, resolving and querying the import graph of a workspace."""

from modsplit.graph.model import (
    Cycle,
    ExternalImport,
    Graph,
    Import,
    ImportKind,
    Module,
    Shadowed,
    Skipped,
    SkipReason,
    Unresolved,
)

__all__ = [
    "Cycle",
    "ExternalImport",
    "Graph",
    "Import",
    "ImportKind",
    "Module",
    "Shadowed",
    "SkipReason",
    "Skipped",
    "Unresolved",
]
