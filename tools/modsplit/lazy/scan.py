"""What importing a module of a package does: which package modules it loads, what it registers.

Reading a module only needs its module-level imports, decorators, base classes and calls, so this
uses the standard library's ``ast`` (fast, no scope analysis) rather than libcst.
"""

from __future__ import annotations

import ast
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from modsplit.graph.parse import dotted_name

logger = logging.getLogger(__name__)

# Names whose use at import time registers something in a global registry, matched against the
# dotted names of decorators, base classes and module-level calls (a pattern matches the whole
# name or its last components: "task" matches "app.task", "Model" matches "models.Model").
BUILTIN_REGISTERING: tuple[str, ...] = (
    "Model",  # Django, Flask-SQLAlchemy and peewee models register with their app or metadata
    "AppConfig",  # Django application configurations
    "receiver",  # Django signal receivers
    "connect",  # signal.connect(handler)
    "shared_task",  # Celery
    "task",  # Celery app.task, invoke and similar task registries
    "periodic_task",
    "register",  # admin.register, admin.site.register, atexit.register, plugin registries
    "hookimpl",  # pluggy plugins
)


@dataclass(frozen=True)
class Marker:
    """A decorator, base class or module-level call found in a module."""

    kind: str
    name: str
    line: int


@dataclass(frozen=True)
class ModuleScan:
    """The module-level imports (absolute names, maybe not modules) and markers of one module."""

    imports: tuple[str, ...]
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class Registration:
    """Why importing a module registers something: the module, its file and the marker."""

    module: str
    path: Path
    marker: Marker


class PackageIndex:
    """The modules below one package folder, scanned on demand and remembered."""

    def __init__(self, package: str, folder: Path) -> None:
        self.package = package
        self.folder = folder
        self._scans: dict[str, ModuleScan] = {}

    def path_of(self, module: str) -> Path | None:
        """Return the file of ``module`` if it lies below the package folder."""
        if module == self.package:
            init = self.folder / "__init__.py"
            return init if init.is_file() else None
        if not module.startswith(self.package + "."):
            return None
        relative = Path(*module[len(self.package) + 1 :].split("."))
        for candidate in (self.folder / relative / "__init__.py", self.folder / f"{relative}.py"):
            if candidate.is_file():
                return candidate
        return None

    def is_module(self, module: str) -> bool:
        return self.path_of(module) is not None

    def children(self) -> frozenset[str]:
        """Return the names of the package's direct submodules and subpackages."""
        names = {path.stem for path in self.folder.glob("*.py") if path.stem != "__init__"}
        names |= {path.name for path in self.folder.iterdir() if (path / "__init__.py").is_file()}
        return frozenset(name for name in names if name.isidentifier())

    def scan(self, module: str) -> ModuleScan:
        if module not in self._scans:
            path = self.path_of(module)
            self._scans[module] = _scan_file(path, module) if path else ModuleScan((), ())
        return self._scans[module]

    def loaded_by(self, modules: Iterable[str], *, skip: str) -> tuple[str, ...]:
        """Return the package modules that importing ``modules`` loads, in the order found.

        ``skip`` is the module being rewritten: it is already loading, so it is not followed.
        """
        seen: dict[str, None] = {}
        pending = [module for module in modules if self.is_module(module)]
        while pending:
            module = pending.pop(0)
            if module in seen or module == skip:
                continue
            seen[module] = None
            pending += [parent for parent in _parents(module) if self.is_module(parent)]
            pending += [name for name in self.scan(module).imports if self.is_module(name)]
        return tuple(seen)

    def registration(
        self, modules: Iterable[str], *, skip: str, patterns: Iterable[str]
    ) -> Registration | None:
        """Return the first registration that importing ``modules`` performs, if any."""
        pattern_list = tuple(patterns)
        for module in self.loaded_by(modules, skip=skip):
            for marker in self.scan(module).markers:
                if _matches(marker.name, pattern_list):
                    path = self.path_of(module)
                    assert path is not None
                    return Registration(module, path, marker)
        return None


def resolve_relative(module: str, *, package: str) -> str:
    """Return the absolute name of ``module`` (``.core``, ``..x``, ``pkg.core``) in ``package``."""
    level = len(module) - len(module.lstrip("."))
    if level == 0:
        return module
    base = package.split(".")
    if level > 1:
        base = base[: len(base) - (level - 1)]
    rest = module[level:]
    return ".".join([*base, rest]) if rest else ".".join(base)


def _parents(module: str) -> Iterator[str]:
    parts = module.split(".")
    for end in range(len(parts) - 1, 0, -1):
        yield ".".join(parts[:end])


# Registering a class with an abstract base class (``@abc.Mapping.register``) only changes what
# isinstance() answers for that class, whose instances cannot exist before the module loads.
_HARMLESS_PREFIXES = ("abc.", "collections.abc.", "typing.")


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    if name.startswith(_HARMLESS_PREFIXES):
        return False
    return any(name == pattern or name.endswith("." + pattern) for pattern in patterns)


def _scan_file(path: Path, module: str) -> ModuleScan:
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except (SyntaxError, ValueError) as error:
        # NOTE: a module that does not parse is treated as importing and registering nothing;
        # importing it would fail anyway, eagerly or lazily.
        logger.warning("%s: cannot be parsed (%s); not followed", path, error)
        return ModuleScan((), ())
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    scanner = _Scanner(package)
    scanner.visit(tree)
    return ModuleScan(tuple(dict.fromkeys(scanner.imports)), tuple(scanner.markers))


class _Scanner(ast.NodeVisitor):
    """Collect what runs at import time; function bodies are not entered."""

    def __init__(self, package: str) -> None:
        self.package = package
        self.imports: list[str] = []
        self.markers: list[Marker] = []

    def visit_Import(self, node: ast.Import) -> None:
        self.imports += [alias.name for alias in node.names]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = resolve_relative("." * node.level + (node.module or ""), package=self.package)
        self.imports.append(base)
        self.imports += [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"]

    def visit_If(self, node: ast.If) -> None:
        is_type_checking = (
            isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        ) or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
        if not is_type_checking:
            self.generic_visit(node)
            return
        for statement in node.orelse:
            self.visit(statement)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._decorators(node.decorator_list)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._decorators(node.decorator_list)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        return

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._decorators(node.decorator_list)
        for base in node.bases:
            name = dotted_name(base)
            if name:
                self.markers.append(Marker("base class", name, node.lineno))
        for statement in node.body:
            self.visit(statement)

    def visit_Call(self, node: ast.Call) -> None:
        name = dotted_name(node.func)
        if name:
            self.markers.append(Marker("call", name, node.lineno))
        self.generic_visit(node)

    def _decorators(self, decorators: list[ast.expr]) -> None:
        for decorator in decorators:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = dotted_name(target)
            if name:
                self.markers.append(Marker("decorator", name, decorator.lineno))
            if isinstance(decorator, ast.Call):
                for argument in decorator.args:
                    self.visit(argument)


