"""Find import names that code uses through strings rather than import statements.

Django imports every entry of ``INSTALLED_APPS`` and ``MIDDLEWARE`` and every dotted path in its
settings; Celery imports its broker's client from the broker URL; an entry point names the
module it runs. Only files whose text mentions such a setting are parsed.
"""

from __future__ import annotations

import ast
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from modsplit.deps.mapping import reference_tables
from modsplit.deps.model import Use, UseSource

logger = logging.getLogger(__name__)

# Setting names whose plain (undotted) string entries are import names.
APP_SETTINGS = frozenset({"INSTALLED_APPS", "MIDDLEWARE", "MIDDLEWARE_CLASSES"})
# Lower-case Celery settings (``app.conf.broker_url = ...``, ``Celery(broker=...)``).
CELERY_SETTINGS = frozenset({
    "broker", "backend", "broker_url", "result_backend", "beat_scheduler", "include", "imports",
})
# Text that a settings module contains; other files are not parsed, which keeps this fast.
_MARKERS = (b"INSTALLED_APPS", b"MIDDLEWARE", b"CELERY_", b"DATABASES", b"CACHES",
            b"BROKER_URL", b"broker_url", b"result_backend", b"beat_scheduler", b"Celery(")
_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(:[A-Za-z_][\w.]*)?$")
_URL_KEYS = ("BROKER", "BACKEND", "LOCATION", "CACHE")


@dataclass(frozen=True)
class _Setting:
    name: str
    value: ast.expr


def find_references(
    directory: Path, paths: Iterable[str], *, first_party: frozenset[str]
) -> tuple[Use, ...]:
    """Return the string references in the given workspace-relative Python files."""
    uses: list[Use] = []
    for path in paths:
        try:
            source = (directory / path).read_bytes()
        except OSError:
            continue
        if not any(marker in source for marker in _MARKERS):
            continue
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue  # the graph reports files that do not parse
        for setting in _settings(tree):
            uses += _uses_of_setting(path, setting, first_party)
    return tuple(uses)


def entry_point_uses(
    entry_points: Iterable[tuple[str, int]], manifest: str, *, first_party: frozenset[str]
) -> tuple[Use, ...]:
    """Return the modules that ``module:attr`` entry points of a manifest name."""
    uses = []
    for value, line in entry_points:
        module = value.split(":")[0].strip()
        if _DOTTED.match(module) and not _is_local(module, first_party):
            uses.append(Use(manifest, line, module, source=UseSource.REFERENCE))
    return tuple(uses)


def _settings(tree: ast.Module) -> Iterator[_Setting]:
    for node in _module_level(tree.body):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                name = _target_name(target)
                if name and node.value is not None and _is_setting_name(name):
                    yield _Setting(name, node.value)
        for call in _calls(node):
            for keyword in call.keywords:
                if keyword.arg and _is_setting_name(keyword.arg):
                    yield _Setting(keyword.arg, keyword.value)


def _module_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Yield the statements that run on import: module level, inside ``if``/``try``/``with``."""
    for node in body:
        yield node
        if isinstance(node, ast.If | ast.With | ast.For):
            yield from _module_level(node.body)
            yield from _module_level(node.orelse if not isinstance(node, ast.With) else [])
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _module_level(block)
            for handler in node.handlers:
                yield from _module_level(handler.body)


def _calls(node: ast.stmt) -> Iterator[ast.Call]:
    """Yield the call a statement makes at its top: ``Celery(...)``, ``app.conf.update(...)``."""
    value = getattr(node, "value", None)
    if isinstance(value, ast.Call):
        yield value


def _target_name(target: ast.expr) -> str:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    return ""


def _is_setting_name(name: str) -> bool:
    return (name.isupper() and len(name) > 1) or name in CELERY_SETTINGS


def _uses_of_setting(path: str, setting: _Setting, first_party: frozenset[str]) -> list[Use]:
    uses: list[Use] = []
    for node, key in _strings(setting.value, setting.name):
        value = str(node.value)
        uses += _implied(path, node.lineno, value, key)
        if not _DOTTED.match(value):
            continue
        module = value.split(":")[0]
        is_app_entry = setting.name in APP_SETTINGS
        if ("." in module or is_app_entry or ":" in value) and not _is_local(module, first_party):
            uses.append(Use(path, node.lineno, module, source=UseSource.REFERENCE))
    return uses


def _strings(value: ast.expr, key: str) -> Iterator[tuple[ast.Constant, str]]:
    """Yield each string constant in a setting's value with the innermost dict key above it."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        yield value, key
    elif isinstance(value, ast.Dict):
        for item_key, item in zip(value.keys, value.values, strict=True):
            inner = item_key.value if isinstance(item_key, ast.Constant) else key
            yield from _strings(item, str(inner) if isinstance(inner, str) else key)
    elif isinstance(value, ast.List | ast.Tuple | ast.Set):
        for item in value.elts:
            yield from _strings(item, key)
    elif isinstance(value, ast.BinOp):
        yield from _strings(value.left, key)
        yield from _strings(value.right, key)
    elif isinstance(value, ast.Call):
        # ``os.getenv("CELERY_BROKER_URL", "redis://...")``: the default is the setting's value.
        for argument in value.args[1:]:
            yield from _strings(argument, key)
        for keyword in value.keywords:
            if keyword.arg == "default":
                yield from _strings(keyword.value, key)


def _implied(path: str, line: int, value: str, key: str) -> list[Use]:
    implied, schemes, values = reference_tables()
    names: list[str] = []
    for prefix, imported in implied.items():
        if value == prefix or value.startswith(prefix + "."):
            names += imported
    if any(word in key.upper() for word in _URL_KEYS):
        if "://" in value:
            names += schemes.get(value.split("://")[0].lower(), ())
        names += values.get(value, ())
    return [Use(path, line, name, source=UseSource.IMPLIED) for name in names]


def _is_local(module: str, first_party: frozenset[str]) -> bool:
    top = module.split(".")[0]
    return top in first_party or top in sys.stdlib_module_names
