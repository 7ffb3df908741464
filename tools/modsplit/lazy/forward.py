"""Generate a module that forwards attribute access from a module's old name to its new one.

After the split moves ``old.name`` to ``new.name``, the forwarding module keeps ``import
old.name`` and ``from old.name import X`` working, imports the new module only on first access,
and warns with a ``DeprecationWarning`` that names the new module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from modsplit.errors import UsageError
from modsplit.lazy.target import Target, module_file

# The line that tells a forwarding module written by this command from a user's module.
FORWARD_MARKER = "# Written by `modsplit lazy forward`."

_TEMPLATE = '''"""Moved to {new}. This module forwards to it and will be removed; import {new}."""

import importlib as _importlib
import warnings as _warnings

{marker}
_NEW_MODULE = "{new}"


def __getattr__(name: str) -> object:
    if name.startswith("__") and name.endswith("__"):
        # Keeps the import system from treating this module as the new package (__path__).
        raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}")
    _warnings.warn(
        f"{{__name__}} has moved to {{_NEW_MODULE}}; import {{name}} from {{_NEW_MODULE}}",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(_importlib.import_module(_NEW_MODULE), name)


def __dir__() -> "list[str]":
    return dir(_importlib.import_module(_NEW_MODULE))
'''


@dataclass(frozen=True)
class ForwardPlan:
    """The forwarding module to write at the old module's path."""

    old: str
    new: str
    path: Path
    text: str


def plan_forward(old: str, new: Target, *, force: bool = False) -> ForwardPlan:
    """Return the forwarding module for ``old``, placed under the root where ``new`` is found.

    Raises ``UsageError`` when ``old`` is a module other than a forwarding module written by this
    command, unless ``force`` is set: replacing it would delete its code.
    """
    if old == new.name:
        raise UsageError(f"OLD and NEW are both {old}; name the module's previous import name")
    if not all(part.isidentifier() for part in old.split(".")):
        raise UsageError(f"{old!r} is not a dotted module name; pass OLD as a.b.c")
    existing = module_file(new.root, old)
    if existing is not None and not force and not is_forwarding_module(existing):
        raise UsageError(
            f"{old} is a module at {existing}, not a forwarding module written by modsplit; "
            f"move its code to {new.name} first, or pass --force to replace it"
        )
    path = existing or new.root / Path(*old.split(".")).with_suffix(".py")
    return ForwardPlan(old=old, new=new.name, path=path, text=forward_text(new.name))


def forward_text(new: str) -> str:
    """Return the source of a module forwarding every attribute to ``new``."""
    # NOTE: submodules of an old package (``old.pkg.sub``) are not forwarded, only attributes.
    return _TEMPLATE.format(new=new, marker=FORWARD_MARKER)


def is_forwarding_module(path: Path) -> bool:
    """Tell whether ``path`` holds a forwarding module that this command wrote."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return False
    return FORWARD_MARKER in lines
