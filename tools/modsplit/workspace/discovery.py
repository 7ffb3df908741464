"""Discover the roots and units of a monorepo without configuration.

NOTE: a first version that treats the whole directory as one unit; the full discovery (pytest
``pythonpath``, Dockerfiles, src layouts, manifests, first names of imports) replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from modsplit.workspace.model import Unit, Workspace


@dataclass(frozen=True)
class Decision:
    """One thing discovery decided, and the evidence for it."""

    subject: str
    reason: str


@dataclass(frozen=True)
class Discovery:
    """The discovered workspace and the decisions behind it."""

    workspace: Workspace
    decisions: tuple[Decision, ...]


def discover(directory: Path) -> Discovery:
    """Return a workspace for ``directory`` guessed from its layout."""
    roots = ["src", "."] if (directory / "src").is_dir() else ["."]
    unit = Unit(name=directory.name or "root", path=".", roots=tuple(roots))
    workspace = Workspace(directory=directory, units=(unit,))
    return Discovery(workspace, (Decision("unit " + unit.name, "the whole directory"),))
