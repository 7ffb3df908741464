"""Generate ``config/boundaries.toml`` from a proposal (format ``modsplit.boundaries/1``).

The format is documented in docs/propose.md. Patterns are module ids: ``a.b`` matches that module
only, ``a.b.**`` matches ``a.b`` and everything below it. The generator picks the highest prefix
whose modules all sit in one package, so patterns of different packages never overlap.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from modsplit.propose.model import Proposal

BOUNDARIES_FILE = Path("config") / "boundaries.toml"
SCHEMA = "modsplit.boundaries/1"
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def render_boundaries(proposal: Proposal) -> str:
    """Return the text of ``config/boundaries.toml`` for ``proposal``."""
    patterns = module_patterns(proposal.layout.package_of)
    lines = [
        "# Written by `modsplit propose`; edit it by hand or regenerate it.",
        "# Format: modsplit.boundaries/1 (see docs/propose.md of modsplit).",
        f"schema = {_string(SCHEMA)}",
        "",
        "# Layers, top layer first. A package may import only packages in lower layers.",
        "layers = [",
    ]
    lines += [f"    [{', '.join(_string(name) for name in layer)}]," for layer in proposal.layers]
    lines += ["]", "", "[proposal]", f"seed = {proposal.options.seed}",
              f"include_type_checking = {str(proposal.options.include_type_checking).lower()}"]
    for package in proposal.packages:
        lines += ["", f"[packages.{_key(package.name)}]", f"layer = {package.layer}",
                  "modules = ["]
        lines += [f"    {_string(pattern)}," for pattern in patterns[package.name]]
        lines.append("]")
    return "\n".join(lines) + "\n"


def module_patterns(package_of: Mapping[str, str]) -> dict[str, list[str]]:
    """Return each package's sorted, non-overlapping module patterns covering its modules."""
    subtree: dict[str, set[str]] = {}
    for module, package in package_of.items():
        parts = module.split(".")
        for length in range(1, len(parts) + 1):
            subtree.setdefault(".".join(parts[:length]), set()).add(package)
    parents = {prefix.rpartition(".")[0] for prefix in subtree}
    result: dict[str, list[str]] = {package: [] for package in set(package_of.values())}
    for prefix in sorted(subtree):
        parent = prefix.rpartition(".")[0]
        if parent and len(subtree[parent]) == 1:
            continue  # covered by an ancestor's pattern
        if len(subtree[prefix]) == 1:
            (package,) = subtree[prefix]
            only_itself = prefix in package_of and prefix not in parents
            result[package].append(prefix if only_itself else f"{prefix}.**")
        elif prefix in package_of:
            result[package_of[prefix]].append(prefix)
    return {package: sorted(patterns) for package, patterns in sorted(result.items())}


def matches(pattern: str, module: str) -> bool:
    """Tell whether a boundaries pattern matches a module id."""
    if pattern.endswith(".**"):
        prefix = pattern[:-3]
        return module == prefix or module.startswith(prefix + ".")
    return module == pattern


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else _string(name)


def _string(text: str) -> str:
    # A JSON string literal is a valid TOML basic string.
    return json.dumps(text)
