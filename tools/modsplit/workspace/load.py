"""Find the workspace of a directory: from its configuration, or by discovery."""

from __future__ import annotations

import logging
from pathlib import Path

from modsplit.errors import UsageError
from modsplit.workspace.config import find_config, read_config_file, workspace_from_table
from modsplit.workspace.model import Workspace

logger = logging.getLogger(__name__)


def load_workspace(directory: Path, *, config: Path | None = None) -> Workspace:
    """Return the workspace rooted at ``directory``.

    ``config`` names a configuration file to use instead of the directory's own. Without any
    configuration the roots and units are discovered, and a warning on stderr reports it.
    """
    directory = check_directory(directory)
    if config is not None:
        return workspace_from_table(directory, read_config_file(config), source=config)
    found = find_config(directory)
    if found is not None:
        source, table = found
        return workspace_from_table(directory, table, source=source)

    from modsplit.workspace.discovery import discover

    logger.warning(
        "no configuration in %s; discovered roots and units (see `modsplit init`)", directory
    )
    return discover(directory).workspace


def check_directory(directory: Path) -> Path:
    """Return ``directory`` made absolute, or raise a usage error naming it."""
    if not directory.exists():
        raise UsageError(f"{directory}: no such directory; pass the path of a repository")
    if not directory.is_dir():
        raise UsageError(f"{directory}: not a directory; pass the folder of a repository")
    return directory.resolve()
