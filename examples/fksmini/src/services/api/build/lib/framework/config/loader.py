"""Read settings from a TOML file, overridden by FKSMINI_* environment variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10 and older
    import tomli as tomllib


def load_settings(path: Path | None = None) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    if path is not None and path.is_file():
        settings.update(tomllib.loads(path.read_text(encoding="utf-8")))
    for key, value in os.environ.items():
        if key.startswith("FKSMINI_"):
            settings[key.removeprefix("FKSMINI_").lower()] = value
    return settings
