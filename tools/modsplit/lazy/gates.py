"""Decide which imports of a module may become lazy, and why the others stay eager.

Every import binding gets exactly one decision. The gates run in a fixed order and the first one
that applies gives the reason, so the printed reason is the most basic one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from modsplit.lazy.model import ImportBinding, ModuleFacts, StatementContext, UseKind
from modsplit.lazy.scan import PackageIndex, resolve_relative


class Style(enum.Enum):
    """How the lazy imports are written."""

    PEP562 = "pep562"
    PEP810 = "pep810"


@dataclass(frozen=True)
class LazyEntry:
    """One name the module's ``__getattr__`` imports on first access.

    ``module`` is written as in the source (``.core`` or ``pkg.core``); ``attribute`` is None
    when the name is the module itself.
    """

    name: str
    module: str
    attribute: str | None


@dataclass(frozen=True)
class Decision:
    """What happens to one import binding: lazy with its entry, or eager with the reason."""

    binding: ImportBinding
    entry: LazyEntry | None
    reason: str = ""

    @property
    def is_lazy(self) -> bool:
        return self.entry is not None


@dataclass(frozen=True)
class ModuleContext:
    """Where the module being rewritten sits: its import name and its package's modules."""

    module: str
    package: str
    is_package: bool
    index: PackageIndex
    registering: tuple[str, ...]


def decide(facts: ModuleFacts, context: ModuleContext, *, style: Style) -> tuple[Decision, ...]:
    """Return one decision per runtime import binding of the module, in source order."""
    return tuple(
        _decide_one(binding, facts, context, style=style)
        for binding in facts.bindings
        if binding.context is not StatementContext.TYPE_CHECKING
    )


def absolute_module(binding: ImportBinding, context: ModuleContext) -> str:
    """Return the absolute name of the module a binding imports from."""
    return resolve_relative(binding.module, package=context.package)


def _decide_one(
    binding: ImportBinding, facts: ModuleFacts, context: ModuleContext, *, style: Style
) -> Decision:
    reason = (
        _structural_reason(binding)
        or _package_reason(binding, context)
        or _namespace_reason(facts)
    )
    if reason is None and style is Style.PEP562:
        reason = _use_reason(binding, facts)
    if reason is None:
        reason = _clash_reason(binding, context) or _registration_reason(binding, context)
    if reason is not None:
        return Decision(binding, None, reason)
    return Decision(binding, _entry(binding, context))


def _structural_reason(binding: ImportBinding) -> str | None:
    if binding.is_future:
        return "a __future__ import changes how the module compiles"
    if binding.is_star:
        return "a star import binds names known only when it runs"
    if binding.context is StatementContext.TRY:
        return "inside try: the handler expects the import to fail right there"
    if binding.context is StatementContext.CONDITIONAL:
        return "inside if/with/for: whether it runs is decided when the module executes"
    if binding.binds_top_level:
        top = binding.module.split(".")[0]
        return f"`{binding.text}` binds {top!r}; write `import {binding.module} as NAME` instead"
    return None


def _package_reason(binding: ImportBinding, context: ModuleContext) -> str | None:
    absolute = absolute_module(binding, context)
    if absolute != context.package and not absolute.startswith(context.package + "."):
        return (
            f"imports from outside {context.package}; only the package's own modules are made lazy"
        )
    if absolute == context.package and binding.attribute is not None:
        submodule = f"{context.package}.{binding.attribute}"
        if not context.index.is_module(submodule):
            return f"{binding.attribute!r} is not a submodule of {context.package}"
    return None


def _namespace_reason(facts: ModuleFacts) -> str | None:
    if facts.namespace_call is None:
        return None
    call, line = facts.namespace_call
    return (
        f"the module calls {call}() at line {line}, which sees only names already bound and "
        "would miss lazy ones; every import stays eager"
    )


def _use_reason(binding: ImportBinding, facts: ModuleFacts) -> str | None:
    if facts.binding_count(binding.name) > 1:
        return f"{binding.name!r} is bound more than once in this module"
    for use in binding.uses:
        if use.kind is UseKind.ANNOTATION and facts.has_future_annotations:
            continue
        if use.kind is UseKind.FUNCTION_BODY:
            return (
                f"used by function {use.function}() at line {use.line}: a name looked up as a "
                "global does not go through module __getattr__"
            )
        return f"used while the module executes ({use.kind.value} at line {use.line})"
    return None


def _clash_reason(binding: ImportBinding, context: ModuleContext) -> str | None:
    if not context.is_package or binding.name not in context.index.children():
        return None
    submodule = f"{context.package}.{binding.name}"
    entry = _entry(binding, context)
    source = resolve_relative(entry.module, package=context.package)
    if entry.attribute is None and source == submodule:
        return None
    return (
        f"{binding.name!r} is also the submodule {submodule}; importing that submodule would "
        "bind the module over the name"
    )


def _registration_reason(binding: ImportBinding, context: ModuleContext) -> str | None:
    entry = _entry(binding, context)
    source = resolve_relative(entry.module, package=context.package)
    found = context.index.registration([source], skip=context.module, patterns=context.registering)
    if found is None:
        return None
    marker = found.marker
    return (
        f"{found.module} registers when imported ({marker.kind} {marker.name} at "
        f"{found.path.name}:{marker.line})"
    )


def _entry(binding: ImportBinding, context: ModuleContext) -> LazyEntry:
    if binding.attribute is None:
        return LazyEntry(binding.name, binding.module, None)
    if absolute_module(binding, context) == context.package:
        # `from . import sub` names the submodule itself.
        separator = "" if binding.module.endswith(".") else "."
        return LazyEntry(binding.name, f"{binding.module}{separator}{binding.attribute}", None)
    return LazyEntry(binding.name, binding.module, binding.attribute)
