"""Read pipeline definitions from TOML or YAML files."""

from __future__ import annotations

from pathlib import Path

import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10 and older
    import tomli as tomllib


def load_pipelines(folder: Path) -> list[str]:
    names = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".toml":
            names.append(tomllib.loads(path.read_text(encoding="utf-8"))["name"])
        elif path.suffix in (".yaml", ".yml"):
            names.append(yaml.safe_load(path.read_text(encoding="utf-8"))["name"])
    return names
