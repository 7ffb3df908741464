"""Extract the import statements of one Python file, with their line and kind.

Parsing uses the running interpreter's ``ast``. A file that only fails because it uses type
parameter syntax from Python 3.12 (``class Box[T]:``, ``def f[T](x: T)``, ``type Alias = ...``)
is parsed again after that syntax is blanked out token by token, so line numbers stay true and
such files are in the graph on Python 3.11 too.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from dataclasses import dataclass

from modsplit.graph.model import ImportKind

PARSED_FOR = f"Python {sys.version_info.major}.{sys.version_info.minor}"


@dataclass(frozen=True)
class RawImport:
    """An import statement before resolution.

    ``module`` is the dotted name after ``from`` (or after ``import``), ``level`` the number of
    leading dots, and ``names`` the imported names of a ``from`` import (empty for ``import``).
    """

    module: str
    level: int
    names: tuple[str, ...]
    line: int
    kind: ImportKind


class ParseFailure(Exception):
    """A file that is not valid Python for the grammars we try."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def extract_imports(source: bytes) -> tuple[RawImport, ...]:
    """Return the imports of a module's source, raising ``ParseFailure`` when it cannot parse."""
    tree = _parse(source)
    has_dynamic = b"import_module" in source or b"__import__" in source
    collector = _ImportCollector(has_dynamic=has_dynamic)
    collector.visit_block(tree.body)
    return tuple(sorted(collector.found, key=lambda found: found.line))


def _parse(source: bytes) -> ast.Module:
    try:
        return ast.parse(source)
    except SyntaxError as error:
        first_error = error
    except ValueError as error:  # null bytes in the source
        raise ParseFailure(0, str(error)) from None
    except (RecursionError, MemoryError):
        # CPython cannot compile such a file either (expressions nested tens of thousands deep).
        raise ParseFailure(0, f"too deeply nested to parse with {PARSED_FOR}") from None
    grammar = PARSED_FOR
    if sys.version_info < (3, 12):
        # NOTE: only 3.12's type parameter syntax is handled; a 3.12-only f-string (PEP 701)
        # still fails here, because 3.11's tokenizer cannot read it.
        grammar = f"{PARSED_FOR}, with 3.12 type parameter syntax allowed"
        desugared = _blank_type_parameters(source)
        if desugared is not None:
            try:
                return ast.parse(desugared)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                pass
    raise ParseFailure(
        first_error.lineno or 0, f"{first_error.msg} (parsed as {grammar})"
    ) from None


def _blank_type_parameters(source: bytes) -> bytes | None:
    """Return ``source`` with PEP 695 syntax replaced by spaces, or None if nothing changed."""
    try:
        tokens = list(tokenize.tokenize(io.BytesIO(source).readline))
    except (tokenize.TokenError, SyntaxError, ValueError):  # ValueError: undecodable bytes
        return None
    encoding = tokens[0].string if tokens and tokens[0].type == tokenize.ENCODING else "utf-8"
    lines = source.decode(encoding, errors="replace").splitlines(keepends=True)
    spans = list(_type_parameter_spans(tokens))
    if not spans:
        return None
    for (start_row, start_col), (end_row, end_col), filler in reversed(spans):
        _blank(lines, start_row, start_col, end_row, end_col, filler=filler)
    return "".join(lines).encode(encoding, errors="replace")


Span = tuple[tuple[int, int], tuple[int, int], str]


def _type_parameter_spans(tokens: list[tokenize.TokenInfo]) -> list[Span]:
    """Return the spans to blank, with the text that fills each one.

    ``type X = ...`` becomes ``_=0; X = ...``: the four characters of the keyword turn into a
    statement of the same length, so the alias stays an assignment on its own line.
    """
    spans: list[Span] = []
    significant = [t for t in tokens if t.type not in (tokenize.NL, tokenize.COMMENT)]
    for index, token in enumerate(significant[:-2]):
        follower, bracket = significant[index + 1], significant[index + 2]
        if token.string in ("def", "class") and follower.type == tokenize.NAME:
            if bracket.string == "[":
                spans.append((bracket.start, _closing_bracket(significant, index + 2).end, " "))
        elif (
            token.string == "type"
            and follower.type == tokenize.NAME
            and _starts_line(significant, index)
        ):
            spans.append((token.start, token.end, "_=0;"))
            if bracket.string == "[":
                spans.append((bracket.start, _closing_bracket(significant, index + 2).end, " "))
    return spans


def _starts_line(tokens: list[tokenize.TokenInfo], index: int) -> bool:
    previous = tokens[index - 1].type if index else tokenize.NEWLINE
    return previous in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)


def _closing_bracket(tokens: list[tokenize.TokenInfo], opening: int) -> tokenize.TokenInfo:
    depth = 0
    for token in tokens[opening:]:
        if token.string in "([{" and token.type == tokenize.OP:
            depth += 1
        elif token.string in ")]}" and token.type == tokenize.OP:
            depth -= 1
            if depth == 0:
                return token
    return tokens[-1]


def _blank(
    lines: list[str], start_row: int, start_col: int, end_row: int, end_col: int, *, filler: str
) -> None:
    for row in range(start_row, end_row + 1):
        text = lines[row - 1]
        begin = start_col if row == start_row else 0
        end = end_col if row == end_row else len(text.rstrip("\r\n"))
        replacement = filler if len(filler) == end - begin else " " * (end - begin)
        lines[row - 1] = text[:begin] + replacement + text[end:]


class _ImportCollector:
    """Walk a module's statements, tracking whether each sits in a function, a guard or a branch.

    Only statements are walked, because an import statement cannot sit inside an expression.
    Expressions are searched for ``import_module`` calls only in files that mention it.
    """

    def __init__(self, *, has_dynamic: bool) -> None:
        self.found: list[RawImport] = []
        self._has_dynamic = has_dynamic
        self._function_depth = 0
        self._type_checking_depth = 0
        self._branch_depth = 0
        self._import_module_aliases = {"importlib.import_module"}
        self._type_checking_names = {"TYPE_CHECKING"}

    def _kind(self) -> ImportKind:
        if self._type_checking_depth:
            return ImportKind.TYPE_CHECKING
        if self._function_depth:
            return ImportKind.FUNCTION
        if self._branch_depth:
            return ImportKind.CONDITIONAL
        return ImportKind.MODULE

    def visit_block(self, statements: list[ast.stmt]) -> None:
        for statement in statements:
            self._visit(statement)

    def _visit(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.found.append(RawImport(alias.name, 0, (), node.lineno, self._kind()))
        elif isinstance(node, ast.ImportFrom):
            self._visit_import_from(node)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            self._visit_function(node)
        elif isinstance(node, ast.If):
            self._visit_if(node)
        elif isinstance(node, ast.Try | ast.TryStar):
            for block in [node.body, node.orelse, node.finalbody]:
                self._visit_branch(block, type_checking=False)
            for handler in node.handlers:
                self._visit_branch(handler.body, type_checking=False)
        elif isinstance(node, ast.ClassDef):
            self._search_expressions([*node.decorator_list, *node.bases])
            self.visit_block(node.body)
        elif isinstance(node, ast.With | ast.AsyncWith):
            self._search_expressions([item.context_expr for item in node.items])
            self.visit_block(node.body)
        elif isinstance(node, ast.For | ast.AsyncFor | ast.While):
            self._search_expressions([node.iter if not isinstance(node, ast.While) else node.test])
            self._visit_branch(node.body, type_checking=False)
            self._visit_branch(node.orelse, type_checking=False)
        elif isinstance(node, ast.Match):
            self._search_expressions([node.subject])
            for case in node.cases:
                self._visit_branch(case.body, type_checking=False)
        else:
            self._search_expressions([node])

    def _visit_import_from(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        for alias in node.names:
            if module == "importlib" and alias.name == "import_module":
                self._import_module_aliases.add(alias.asname or alias.name)
            if module in ("typing", "typing_extensions") and alias.name == "TYPE_CHECKING":
                self._type_checking_names.add(alias.asname or alias.name)
        names = tuple(alias.name for alias in node.names)
        self.found.append(RawImport(module, node.level, names, node.lineno, self._kind()))

    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        # Decorators and defaults run when the function is defined, so search them outside.
        defaults = [d for d in [*node.args.defaults, *node.args.kw_defaults] if d is not None]
        self._search_expressions([*node.decorator_list, *defaults])
        self._function_depth += 1
        self.visit_block(node.body)
        self._function_depth -= 1

    def _visit_if(self, node: ast.If) -> None:
        self._search_expressions([node.test])
        guard = _type_checking_guard(node.test, self._type_checking_names)
        self._visit_branch(node.body, type_checking=guard is True)
        self._visit_branch(node.orelse, type_checking=guard is False)

    def _visit_branch(self, statements: list[ast.stmt], *, type_checking: bool) -> None:
        self._branch_depth += 1
        self._type_checking_depth += type_checking
        self.visit_block(statements)
        self._type_checking_depth -= type_checking
        self._branch_depth -= 1

    def _search_expressions(self, nodes: list[ast.AST]) -> None:
        """Record ``importlib.import_module("x")`` and ``__import__("x")`` calls in expressions."""
        if not self._has_dynamic:
            return
        for root in nodes:
            for node in ast.walk(root):
                if isinstance(node, ast.Call):
                    self._visit_call(node)

    def _visit_call(self, node: ast.Call) -> None:
        target = dotted_name(node.func)
        is_dynamic = target in self._import_module_aliases or target == "__import__"
        if not is_dynamic or not node.args or not isinstance(node.args[0], ast.Constant):
            return
        name = node.args[0].value
        if not isinstance(name, str) or not name:
            return
        stripped = name.lstrip(".")
        level = len(name) - len(stripped)
        if level and not _package_is_own(node):
            return
        kind = ImportKind.TYPE_CHECKING if self._type_checking_depth else ImportKind.DYNAMIC
        self.found.append(RawImport(stripped, level, (), node.lineno, kind))


def _type_checking_guard(test: ast.expr, names: set[str]) -> bool | None:
    """Return True for ``if TYPE_CHECKING``, False for ``if not TYPE_CHECKING``, else None.

    ``names`` contains the bare names bound to ``typing.TYPE_CHECKING`` in this module (an alias
    such as ``from typing import TYPE_CHECKING as TC`` adds ``TC``).
    """
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _type_checking_guard(test.operand, names)
        return None if inner is None else not inner
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        guards = [_type_checking_guard(value, names) for value in test.values]
        return True if any(guard is True for guard in guards) else None
    name = dotted_name(test)
    if name is None:
        return None
    return True if name in names or name.split(".")[-1] == "TYPE_CHECKING" else None


def _package_is_own(node: ast.Call) -> bool:
    """Tell whether a relative ``import_module`` call names this module's own package."""
    # NOTE: with package=__name__ in a plain module (not a package), Python resolves ".x"
    # below the module itself; the parser cannot tell the two apart, so it assumes a package.
    for keyword in node.keywords:
        if keyword.arg == "package":
            return dotted_name(keyword.value) in ("__name__", "__package__", "__spec__.parent")
    if len(node.args) > 1:
        return dotted_name(node.args[1]) in ("__name__", "__package__", "__spec__.parent")
    return False


def dotted_name(node: ast.expr) -> str | None:
    """Return ``a.b.c`` for a name or attribute chain such as ``a.b.c``, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr}" if base else None
    return None
