"""Plan the lazy rewrite of a package's ``__init__.py`` and of named modules.

``plan_apply`` reads each file, runs the gates and returns the new text with every decision;
writing (or showing the diff) is the command's job.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import logging
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from modsplit.errors import AnalysisError
from modsplit.lazy.gates import Decision, LazyEntry, ModuleContext, Style, absolute_module, decide
from modsplit.lazy.model import ModuleEdit, ModuleFacts, StatementContext
from modsplit.lazy.scan import BUILTIN_REGISTERING, PackageIndex, resolve_relative
from modsplit.lazy.shim import pep562_trailer, pep810_header, type_checking_block
from modsplit.lazy.target import Target

logger = logging.getLogger(__name__)


class SourceEngine(Protocol):
    """Reads facts from Python source and rewrites it (``modsplit.adapters.libcst``)."""

    def analyze_module(self, source: str, *, path: str) -> ModuleFacts: ...

    def rewrite_module(self, source: str, edit: ModuleEdit, *, path: str) -> str: ...


@dataclass(frozen=True)
class FilePlan:
    """The rewrite of one file: its decisions, the names bound as a side effect, the texts.

    The texts keep the file's line endings; ``encoding`` is the one its bytes are decoded from
    and must be written back in (PEP 263). ``skipped`` is the reason the whole file is left
    unchanged, empty otherwise.
    """

    path: Path
    module: str
    decisions: tuple[Decision, ...]
    side_effect_entries: tuple[LazyEntry, ...]
    old_text: str
    new_text: str
    skipped: str = ""
    encoding: str = "utf-8"

    @property
    def lazy_count(self) -> int:
        return sum(decision.is_lazy for decision in self.decisions)

    @property
    def has_changes(self) -> bool:
        return self.old_text != self.new_text


@dataclass(frozen=True)
class ApplyResult:
    """The planned rewrite of a package."""

    package: str
    style: Style
    files: tuple[FilePlan, ...]


def plan_apply(
    target: Target,
    *,
    modules: Sequence[str] = (),
    style: Style = Style.PEP562,
    registering: Sequence[str] = (),
    engine: SourceEngine,
) -> ApplyResult:
    """Return the rewrite of the target's file and of each named module below it."""
    targets = [target, *(target.module(name) for name in modules)]
    patterns = (*BUILTIN_REGISTERING, *registering)
    files = tuple(
        _plan_file(each, style=style, patterns=patterns, engine=engine) for each in targets
    )
    return ApplyResult(package=target.name, style=style, files=files)


def read_source(path: Path) -> tuple[str, str]:
    """Return a Python file's text, line endings untouched, and the encoding it declares.

    Raises ``AnalysisError`` when the file cannot be read or decoded.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise AnalysisError(f"cannot read {path}: {reason}; check its permissions") from None
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        # detect_encoding also rejects first lines that are not UTF-8, so decoding finds the byte.
        encoding, problem = "utf-8", error.msg
    else:
        problem = ""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        name = codecs.lookup(error.encoding).name
        raise AnalysisError(
            f"{path}: invalid {name} at byte {error.start}; declare the file's encoding in a "
            "`# -*- coding: NAME -*-` line or convert it to UTF-8"
        ) from None
    if problem:
        raise AnalysisError(f"{path}: {problem}; fix its coding declaration")
    return text, encoding


def _plan_file(
    target: Target, *, style: Style, patterns: tuple[str, ...], engine: SourceEngine
) -> FilePlan:
    old_text, encoding = read_source(target.path)
    plan = _plan_text(target, old_text, style=style, patterns=patterns, engine=engine)
    return dataclasses.replace(plan, encoding=encoding)


def _plan_text(
    target: Target,
    old_text: str,
    *,
    style: Style,
    patterns: tuple[str, ...],
    engine: SourceEngine,
) -> FilePlan:
    facts = engine.analyze_module(old_text, path=str(target.path))
    index = PackageIndex(target.package, _package_folder(target))
    context = ModuleContext(target.name, target.package, target.is_package, index, patterns)

    skipped = _file_reason(facts, style=style)
    if skipped:
        return FilePlan(target.path, target.name, (), (), old_text, old_text, skipped)

    decisions = decide(facts, context, style=style)
    if style is Style.PEP810:
        decisions = _pep810_decisions(decisions, context)
    if not any(decision.is_lazy for decision in decisions):
        return FilePlan(target.path, target.name, decisions, (), old_text, old_text)

    if style is Style.PEP810:
        modules = [absolute_module(d.binding, context) for d in decisions if d.is_lazy]
        edit = ModuleEdit(removed=frozenset(), header=pep810_header(modules))
        new_text = engine.rewrite_module(old_text, edit, path=str(target.path))
        return FilePlan(target.path, target.name, decisions, (), old_text, new_text)

    side_effects = _side_effect_entries(decisions, facts, context)
    if not facts.has_all and any(decision.binding.is_star for decision in decisions):
        reason = "has a star import and no __all__, so `import *` of it cannot list the lazy names"
        return FilePlan(target.path, target.name, decisions, (), old_text, old_text, reason)
    edit = _pep562_edit(decisions, side_effects, facts, context)
    new_text = engine.rewrite_module(old_text, edit, path=str(target.path))
    return FilePlan(target.path, target.name, decisions, side_effects, old_text, new_text)


def _package_folder(target: Target) -> Path:
    return target.path.parent


def _file_reason(facts: ModuleFacts, *, style: Style) -> str:
    if style is Style.PEP562 and facts.defines_module_getattr:
        return "already defines module __getattr__ or __dir__; merge the lazy imports by hand"
    if style is Style.PEP810 and facts.binding_count("__lazy_modules__"):
        return "already defines __lazy_modules__"
    return ""


def _pep810_decisions(
    decisions: tuple[Decision, ...], context: ModuleContext
) -> tuple[Decision, ...]:
    """Keep a module eager when PEP 810 cannot make exactly the lazy imports of it lazy."""
    result = []
    eager_modules = {
        absolute_module(d.binding, context)
        for d in decisions
        if not d.is_lazy and d.binding.context is StatementContext.TOP
    }
    for decision in decisions:
        module = absolute_module(decision.binding, context)
        if not decision.is_lazy:
            result.append(decision)
        elif module == context.package:
            reason = "PEP 810 decides by the module after `from`, here the package itself"
            result.append(Decision(decision.binding, None, reason))
        elif module in eager_modules:
            reason = f"another import of {module} stays eager, and PEP 810 names whole modules"
            result.append(Decision(decision.binding, None, reason))
        else:
            result.append(decision)
    return tuple(result)


def _side_effect_entries(
    decisions: tuple[Decision, ...], facts: ModuleFacts, context: ModuleContext
) -> tuple[LazyEntry, ...]:
    """Return the submodules that the lazy imports used to bind on the package as a side effect.

    Importing ``pkg.core`` sets the attribute ``core`` of ``pkg``, so ``pkg.core`` and
    ``dir(pkg)`` worked without importing it by name. The shim keeps them working.
    """
    if not context.is_package:
        return ()
    lazy_names = {d.binding.name for d in decisions if d.is_lazy}
    sources = [_entry_module(d, context) for d in decisions if d.is_lazy]
    children = _children_loaded(sources, context)
    return tuple(
        LazyEntry(child, f".{child}", None)
        for child in sorted(children)
        if child not in lazy_names and not facts.binding_count(child)
    )


def _children_loaded(sources: Sequence[str], context: ModuleContext) -> set[str]:
    loaded = context.index.loaded_by(sources, skip=context.module)
    prefix = context.package + "."
    return {name[len(prefix):].split(".")[0] for name in loaded if name.startswith(prefix)}


def _entry_module(decision: Decision, context: ModuleContext) -> str:
    assert decision.entry is not None
    return resolve_relative(decision.entry.module, package=context.package)


def _pep562_edit(
    decisions: tuple[Decision, ...],
    side_effects: tuple[LazyEntry, ...],
    facts: ModuleFacts,
    context: ModuleContext,
) -> ModuleEdit:
    lazy = [decision for decision in decisions if decision.is_lazy]
    entries = [decision.entry for decision in lazy if decision.entry is not None]
    added_all = None if facts.has_all else _star_names(decisions, facts, context)
    return ModuleEdit(
        removed=frozenset(decision.binding.position for decision in lazy),
        type_checking=type_checking_block(
            [decision.binding for decision in lazy], define_name=not facts.type_checking_name
        ),
        trailer=pep562_trailer([*entries, *side_effects], added_all=added_all),
    )


def _star_names(
    decisions: tuple[Decision, ...], facts: ModuleFacts, context: ModuleContext
) -> list[str]:
    """Return what ``from module import *`` bound before: every public global of the module.

    That includes the submodules any of its imports loaded, which Python binds on the package.
    """
    names = {name for name, _ in facts.bound_names if not name.startswith("_")}
    if context.is_package:
        sources = [absolute_module(d.binding, context) for d in decisions]
        sources += [
            f"{absolute_module(d.binding, context)}.{d.binding.attribute}"
            for d in decisions
            if d.binding.attribute and not d.binding.is_star
        ]
        children = _children_loaded(sources, context)
        names |= {child for child in children if not child.startswith("_")}
    return sorted(names)
