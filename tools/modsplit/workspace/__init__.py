"""The model of a monorepo: roots, units, files and configuration."""

from modsplit.workspace.model import Manifest, ManifestKind, Unit, Workspace

__all__ = ["Manifest", "ManifestKind", "Unit", "Workspace"]
