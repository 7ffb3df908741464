"""Generate the code of a lazy-import shim: deterministic text that the rewriter places."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from modsplit.lazy.gates import LazyEntry
from modsplit.lazy.model import ImportBinding

# Globals the PEP 562 shim adds; its __dir__ hides them so dir() lists what it listed before.
SHIM_GLOBALS = ("_LAZY_IMPORTS", "__dir__", "__getattr__")

_GETATTR = '''
def __getattr__(name: str) -> object:
    try:
        module_name, attribute = _LAZY_IMPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    import importlib

    module = importlib.import_module(module_name, __package__)
    if attribute is None:
        value: object = module
    else:
        try:
            value = getattr(module, attribute)
        except AttributeError:
            # `from X import Y` also finds a submodule Y that X itself did not import.
            value = importlib.import_module(f"{module.__name__}.{attribute}")
    globals()[name] = value
    return value


def __dir__() -> "list[str]":
    hidden = {SHIM_GLOBALS}
    return sorted((set(globals()) - hidden) | set(_LAZY_IMPORTS))
'''


def pep562_trailer(entries: Sequence[LazyEntry], *, added_all: Sequence[str] | None) -> str:
    """Return the map of lazy names and the module ``__getattr__`` and ``__dir__`` using it.

    ``added_all`` is written as ``__all__`` when the module had none, so that
    ``from module import *`` still binds the names that are now lazy.
    """
    lines = [
        "# Written by `modsplit lazy apply`: each name below is imported on first access by",
        "# __getattr__, then kept in the module's globals. Relative module names resolve against",
        "# __package__ exactly as the `from . import` statements they replace did.",
    ]
    if added_all is not None:
        lines.append(f"__all__ = {_string_list(added_all)}")
    lines.append("_LAZY_IMPORTS = {")
    for entry in sorted(entries, key=lambda entry: entry.name):
        attribute = "None" if entry.attribute is None else _quoted(entry.attribute)
        lines.append(f"    {_quoted(entry.name)}: ({_quoted(entry.module)}, {attribute}),")
    lines.append("}")
    hidden_names = (*SHIM_GLOBALS, "__all__") if added_all is not None else SHIM_GLOBALS
    hidden = ", ".join(_quoted(name) for name in sorted(hidden_names))
    return "\n".join(lines) + "\n\n" + _GETATTR.replace("{SHIM_GLOBALS}", "{" + hidden + "}")


def type_checking_block(removed: Iterable[ImportBinding], *, define_name: bool) -> str:
    """Return an ``if TYPE_CHECKING:`` block that repeats the removed imports for type checkers.

    With ``define_name`` the block defines ``TYPE_CHECKING = False`` instead of importing
    ``typing`` (which costs milliseconds at start-up); type checkers treat the name as true, and
    the block deletes it so the module's names stay as they were.
    """
    statements = _import_statements(removed)
    lines = ["TYPE_CHECKING = False"] if define_name else []
    lines.append("if TYPE_CHECKING:  # the imports below are lazy; type checkers still read them")
    lines += [f"    {statement}" for statement in statements]
    if define_name:
        lines.append("del TYPE_CHECKING")
    return "\n".join(lines) + "\n"


def pep810_header(modules: Iterable[str]) -> str:
    """Return the ``__lazy_modules__`` declaration of PEP 810 for the given absolute names."""
    return f"__lazy_modules__ = {_string_list(sorted(set(modules)))}\n"


def _import_statements(bindings: Iterable[ImportBinding]) -> list[str]:
    grouped: dict[str, list[str]] = {}
    statements: list[str] = []
    for binding in bindings:
        if binding.attribute is None:
            statements.append(binding.text)
            continue
        if binding.module not in grouped:
            grouped[binding.module] = []
            statements.append(binding.module)
        alias = f" as {binding.name}" if binding.name != binding.attribute else ""
        grouped[binding.module].append(f"{binding.attribute}{alias}")
    return [
        f"from {statement} import {', '.join(grouped[statement])}"
        if statement in grouped
        else statement
        for statement in statements
    ]


def _string_list(names: Sequence[str]) -> str:
    if not names:
        return "[]"
    return "[\n" + "".join(f"    {_quoted(name)},\n" for name in names) + "]"


def _quoted(text: str) -> str:
    # Module and attribute names are identifiers, so JSON quoting is valid Python here.
    return json.dumps(text)
