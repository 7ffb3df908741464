"""Facts about one module's source, as the parser adapter reports them to the lazy core.

The adapter (``modsplit.adapters.libcst``) fills these values; the gates and the shim generator
read them. Positions are 1-based lines and 0-based columns of the source.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class StatementContext(enum.Enum):
    """Where a module-level import statement sits."""

    TOP = "top"
    TRY = "try"
    CONDITIONAL = "conditional"
    TYPE_CHECKING = "type-checking"


class UseKind(enum.Enum):
    """How a module refers to a name it imported."""

    BASE_CLASS = "base class"
    DECORATOR = "decorator"
    DEFAULT = "default value"
    ANNOTATION = "annotation"
    MODULE_CODE = "module-level code"
    FUNCTION_BODY = "function body"

    @property
    def runs_at_import(self) -> bool:
        """Tell whether this use is evaluated while the module itself executes."""
        return self is not UseKind.FUNCTION_BODY


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file."""

    line: int
    column: int


@dataclass(frozen=True)
class NameUse:
    """One reference to a module-level name."""

    line: int
    kind: UseKind
    function: str | None = None


@dataclass(frozen=True)
class ImportBinding:
    """One name bound by a module-level import statement.

    ``module`` is written as in the source, with its leading dots (``.core``, ``..x``,
    ``pkg.core``); ``attribute`` is the imported name of a ``from`` import and None for a plain
    ``import``. ``name`` is the name bound in the module (``*`` for a star import).
    """

    name: str
    module: str
    attribute: str | None
    position: Position
    statement: Position
    context: StatementContext
    uses: tuple[NameUse, ...] = ()
    binds_top_level: bool = False

    @property
    def is_star(self) -> bool:
        return self.attribute == "*"

    @property
    def is_future(self) -> bool:
        return self.module == "__future__"

    @property
    def text(self) -> str:
        """Return the import as it reads in the source, for messages."""
        if self.attribute is None:
            alias = f" as {self.name}" if self.name != self.module.split(".")[0] else ""
            return f"import {self.module}{alias}"
        alias = f" as {self.name}" if self.name != self.attribute else ""
        return f"from {self.module} import {self.attribute}{alias}"


@dataclass(frozen=True)
class ModuleFacts:
    """What the lazy gates need to know about a module that may be rewritten.

    ``all_names`` is None when ``__all__`` is absent or not a literal list of strings;
    ``has_all`` tells the two apart. ``bound_names`` maps each name bound at module level
    outside ``if TYPE_CHECKING:`` to the number of statements that bind it.
    ``namespace_call`` is the first call that lists the module's globals (``dir()`` at module
    level, ``globals()`` anywhere) with its line, or None.
    """

    bindings: tuple[ImportBinding, ...]
    bound_names: tuple[tuple[str, int], ...]
    has_all: bool
    all_names: tuple[str, ...] | None
    defines_module_getattr: bool
    has_future_annotations: bool
    type_checking_name: bool
    namespace_call: tuple[str, int] | None = None

    def binding_count(self, name: str) -> int:
        """Return how many statements bind ``name`` at module level."""
        return dict(self.bound_names).get(name, 0)


@dataclass(frozen=True)
class ModuleEdit:
    """How the rewriter changes one module.

    ``removed`` holds the positions of the import aliases to delete; ``type_checking`` is code
    put where the first removed import was; ``header`` goes after the docstring and the
    ``__future__`` imports; ``trailer`` is appended at the end.
    """

    removed: frozenset[Position]
    type_checking: str = ""
    header: str = ""
    trailer: str = ""
