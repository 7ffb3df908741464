"""The libcst engine: read the facts the lazy gates need from a module, and rewrite it.

This is the only module of modsplit that imports libcst. ``analyze_module`` reports each
module-level import binding with every reference to the bound name (found with libcst's scope
analysis, so shadowing and comprehensions are handled); ``rewrite_module`` removes import aliases
and inserts generated code while keeping every other byte, comments included.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

import libcst as cst
from libcst.metadata import (
    Access,
    CodeRange,
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
    Scope,
    ScopeProvider,
)

from modsplit.errors import AnalysisError
from modsplit.lazy.model import (
    ImportBinding,
    ModuleEdit,
    ModuleFacts,
    NameUse,
    Position,
    StatementContext,
    UseKind,
)

logger = logging.getLogger(__name__)

_ImportNode = cst.Import | cst.ImportFrom


def analyze_module(source: str, *, path: str) -> ModuleFacts:
    """Return the import bindings of a module and how the module uses each bound name."""
    wrapper = MetadataWrapper(_parse(source, path=path))
    module = wrapper.module
    positions = wrapper.resolve(PositionProvider)
    parents = wrapper.resolve(ParentNodeProvider)
    global_scope = wrapper.resolve(ScopeProvider)[module]
    assert global_scope is not None  # every parsed module has a global scope

    contexts = dict(_module_imports(module.body, StatementContext.TOP))
    bindings = tuple(
        _bindings_of(node, context, global_scope, positions, parents)
        for node, context in contexts.items()
    )
    all_names, has_all = _literal_all(module)
    bound_names = _bound_names(global_scope, contexts)
    return ModuleFacts(
        bindings=tuple(binding for group in bindings for binding in group),
        bound_names=bound_names,
        has_all=has_all,
        all_names=all_names,
        defines_module_getattr=any(name in ("__getattr__", "__dir__") for name, _ in bound_names),
        has_future_annotations=_has_future_annotations(contexts),
        type_checking_name=_binds_type_checking(global_scope, contexts),
        namespace_call=_namespace_call(module, global_scope, positions, parents),
    )


def rewrite_module(source: str, edit: ModuleEdit, *, path: str) -> str:
    """Return ``source`` with the import aliases in ``edit.removed`` deleted and code inserted."""
    wrapper = MetadataWrapper(_parse(source, path=path))
    positions = wrapper.resolve(PositionProvider)
    module = wrapper.module

    body = _remove_aliases(module.body, edit, positions)
    if edit.header:
        body = _insert_header(body, edit.header)
    code = module.with_changes(body=body).code
    if edit.trailer:
        # The inserted statements already end lines as the file does; the trailer is text.
        newline = module.default_newline
        trailer = edit.trailer.rstrip("\n").replace("\n", newline)
        code = code.rstrip("\r\n") + newline * 3 + trailer + newline
    return code


def check_syntax(source: str, *, path: str) -> None:
    """Raise ``AnalysisError`` when ``source`` is not valid Python."""
    _parse(source, path=path)


# --- analysis ------------------------------------------------------------------------------


def _parse(source: str, *, path: str) -> cst.Module:
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        raise AnalysisError(
            f"{path}:{error.raw_line}: invalid Python ({error.message}); fix the file first"
        ) from None


def _module_imports(
    statements: Sequence[cst.BaseStatement], context: StatementContext
) -> Iterator[tuple[_ImportNode, StatementContext]]:
    """Yield each import statement run by module-level code, with the block it sits in."""
    for statement in statements:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Import | cst.ImportFrom):
                    yield small, context
        elif isinstance(statement, cst.If):
            yield from _if_imports(statement, context)
        elif isinstance(statement, cst.Try | cst.TryStar):
            inner = _narrow(context, StatementContext.TRY)
            yield from _block_imports(statement.body, inner)
            for handler in statement.handlers:
                yield from _block_imports(handler.body, inner)
            for extra in (statement.orelse, statement.finalbody):
                if extra is not None:
                    yield from _block_imports(extra.body, inner)
        elif isinstance(statement, cst.With | cst.For | cst.While):
            inner = _narrow(context, StatementContext.CONDITIONAL)
            yield from _block_imports(statement.body, inner)
            orelse = getattr(statement, "orelse", None)
            if orelse is not None:
                yield from _block_imports(orelse.body, inner)


def _if_imports(
    statement: cst.If, context: StatementContext
) -> Iterator[tuple[_ImportNode, StatementContext]]:
    if _is_type_checking_test(statement.test):
        yield from _block_imports(statement.body, StatementContext.TYPE_CHECKING)
        inner = _narrow(context, StatementContext.CONDITIONAL)
    else:
        inner = _narrow(context, StatementContext.CONDITIONAL)
        yield from _block_imports(statement.body, inner)
    orelse = statement.orelse
    if isinstance(orelse, cst.If):
        yield from _if_imports(orelse, inner)
    elif orelse is not None:
        yield from _block_imports(orelse.body, inner)


def _block_imports(
    block: cst.BaseSuite, context: StatementContext
) -> Iterator[tuple[_ImportNode, StatementContext]]:
    if isinstance(block, cst.IndentedBlock):
        yield from _module_imports(block.body, context)
    elif isinstance(block, cst.SimpleStatementSuite):
        for small in block.body:
            if isinstance(small, cst.Import | cst.ImportFrom):
                yield small, context


def _narrow(outer: StatementContext, inner: StatementContext) -> StatementContext:
    # The outermost block decides: an import in a ``try`` inside ``if TYPE_CHECKING`` never runs.
    return inner if outer is StatementContext.TOP else outer


def _is_type_checking_test(test: cst.BaseExpression) -> bool:
    if isinstance(test, cst.Name):
        return test.value == "TYPE_CHECKING"
    return isinstance(test, cst.Attribute) and test.attr.value == "TYPE_CHECKING"


def _bindings_of(
    node: _ImportNode,
    context: StatementContext,
    scope: Scope,
    positions: Mapping[cst.CSTNode, CodeRange],
    parents: Mapping[cst.CSTNode, cst.CSTNode],
) -> tuple[ImportBinding, ...]:
    statement = _position(positions, node)
    module = _from_module(node) if isinstance(node, cst.ImportFrom) else ""
    if isinstance(node, cst.ImportFrom) and isinstance(node.names, cst.ImportStar):
        return (ImportBinding("*", module, "*", statement, statement, context),)
    assert not isinstance(node.names, cst.ImportStar)

    bindings = []
    for alias in node.names:
        name, imported, binds_top_level = _alias_names(alias)
        uses = _uses(name, node, scope, positions, parents)
        if isinstance(node, cst.ImportFrom):
            bindings.append(ImportBinding(
                name, module, imported, _position(positions, alias), statement, context, uses,
            ))
        else:
            bindings.append(ImportBinding(
                name, imported, None, _position(positions, alias), statement, context, uses,
                binds_top_level=binds_top_level,
            ))
    return tuple(bindings)


def _from_module(node: cst.ImportFrom) -> str:
    dots = "".join("." for _ in node.relative)
    target = cst.Module(body=()).code_for_node(node.module) if node.module else ""
    return dots + target


def _alias_names(alias: cst.ImportAlias) -> tuple[str, str, bool]:
    """Return the bound name, the imported dotted name, and whether ``import a.b`` binds ``a``."""
    imported = cst.Module(body=()).code_for_node(alias.name)
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value, imported, False
    first = imported.split(".")[0]
    return first, imported, "." in imported


def _uses(
    name: str,
    node: _ImportNode,
    scope: Scope,
    positions: Mapping[cst.CSTNode, CodeRange],
    parents: Mapping[cst.CSTNode, cst.CSTNode],
) -> tuple[NameUse, ...]:
    uses: list[NameUse] = []
    for assignment in scope.assignments[name]:
        if getattr(assignment, "node", None) is not node:
            continue
        for access in assignment.references:
            use = _classify(access, positions, parents)
            if use is not None:
                uses.append(use)
    return tuple(sorted(set(uses), key=lambda use: (use.line, use.kind.value)))


def _classify(
    access: Access,
    positions: Mapping[cst.CSTNode, CodeRange],
    parents: Mapping[cst.CSTNode, cst.CSTNode],
) -> NameUse | None:
    """Say how a reference runs: while the module executes, later in a function, or never."""
    if isinstance(access.node, cst.SimpleString):
        # NOTE: string annotations are evaluated only by typing.get_type_hints, so they do not
        # keep an import eager; get_type_hints on this module's functions then needs the name.
        return None
    kind: UseKind | None = None
    function: str | None = None
    child: cst.CSTNode = access.node
    while child in parents:
        parent = parents[child]
        local = _local_kind(parent, child)
        if local is UseKind.FUNCTION_BODY:
            kind, function = local, _function_name(parent)
        elif kind is None and local is not None:
            kind = local
        is_type_checking = isinstance(parent, cst.If) and _is_type_checking_test(parent.test)
        if is_type_checking and child is getattr(parent, "body", None):
            return None
        child = parent
    line = _position(positions, access.node).line
    return NameUse(line, kind or UseKind.MODULE_CODE, function)


def _local_kind(parent: cst.CSTNode, child: cst.CSTNode) -> UseKind | None:
    if isinstance(parent, cst.FunctionDef | cst.Lambda) and child is parent.body:
        return UseKind.FUNCTION_BODY
    if isinstance(parent, cst.Decorator):
        return UseKind.DECORATOR
    if isinstance(parent, cst.Param) and child is parent.default:
        return UseKind.DEFAULT
    if isinstance(parent, cst.Annotation):
        return UseKind.ANNOTATION
    if isinstance(parent, cst.ClassDef) and (child in parent.bases or child in parent.keywords):
        return UseKind.BASE_CLASS
    return None


def _function_name(node: cst.CSTNode) -> str:
    return node.name.value if isinstance(node, cst.FunctionDef) else "<lambda>"


def _position(positions: Mapping[cst.CSTNode, CodeRange], node: cst.CSTNode) -> Position:
    start = positions[node].start
    return Position(start.line, start.column)


def _bound_names(
    scope: Scope, contexts: dict[_ImportNode, StatementContext]
) -> tuple[tuple[str, int], ...]:
    counts: Counter[str] = Counter()
    for assignment in scope.assignments:
        node = getattr(assignment, "node", None)
        if "." in assignment.name:
            continue
        if _context_of(contexts, node) is StatementContext.TYPE_CHECKING:
            continue
        counts[assignment.name] += 1
    return tuple(sorted(counts.items()))


def _context_of(
    contexts: dict[_ImportNode, StatementContext], node: object
) -> StatementContext | None:
    return contexts.get(node) if isinstance(node, cst.Import | cst.ImportFrom) else None


def _literal_all(module: cst.Module) -> tuple[tuple[str, ...] | None, bool]:
    names: list[str] = []
    has_all = False
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            value = _all_value(small)
            if value is None:
                continue
            has_all = True
            literal = _string_list(value)
            if literal is None:
                return None, True
            names += literal
    return (tuple(names), True) if has_all else (None, False)


def _all_value(small: cst.BaseSmallStatement) -> cst.BaseExpression | None:
    if isinstance(small, cst.Assign) and any(
        isinstance(target.target, cst.Name) and target.target.value == "__all__"
        for target in small.targets
    ):
        return small.value
    if isinstance(small, cst.AugAssign | cst.AnnAssign) and (
        isinstance(small.target, cst.Name) and small.target.value == "__all__"
    ):
        return small.value
    return None


def _string_list(value: cst.BaseExpression) -> list[str] | None:
    if not isinstance(value, cst.List | cst.Tuple):
        return None
    names = []
    for element in value.elements:
        if not isinstance(element.value, cst.SimpleString):
            return None
        evaluated = element.value.evaluated_value
        if not isinstance(evaluated, str):
            return None
        names.append(evaluated)
    return names


# Builtins that list a namespace. Without arguments, dir(), vars() and locals() list the module's
# globals only when called from module-level code; globals() lists them from anywhere.
_NAMESPACE_CALLS = ("dir", "globals", "locals", "vars")


class _CallCollector(cst.CSTVisitor):
    def __init__(self) -> None:
        self.calls: list[cst.Call] = []

    def visit_Call(self, node: cst.Call) -> None:
        function = node.func
        if isinstance(function, cst.Name) and function.value in _NAMESPACE_CALLS and not node.args:
            self.calls.append(node)


def _namespace_call(
    module: cst.Module,
    scope: Scope,
    positions: Mapping[cst.CSTNode, CodeRange],
    parents: Mapping[cst.CSTNode, cst.CSTNode],
) -> tuple[str, int] | None:
    """Return the first call that lists the module's globals, and its line."""
    collector = _CallCollector()
    module.visit(collector)
    for call in collector.calls:
        assert isinstance(call.func, cst.Name)
        name = call.func.value
        if scope.assignments[name]:
            continue  # the module binds this name itself, so the call is not the builtin
        if name == "globals" or _runs_in_module_namespace(call, parents):
            return name, _position(positions, call).line
    return None


def _runs_in_module_namespace(
    node: cst.CSTNode, parents: Mapping[cst.CSTNode, cst.CSTNode]
) -> bool:
    child = node
    while child in parents:
        parent = parents[child]
        if isinstance(parent, cst.FunctionDef | cst.Lambda) and child is parent.body:
            return False
        if isinstance(parent, cst.ClassDef) and child is parent.body:
            return False
        child = parent
    return True


def _has_future_annotations(contexts: dict[_ImportNode, StatementContext]) -> bool:
    for node in contexts:
        if isinstance(node, cst.ImportFrom) and _from_module(node) == "__future__":
            names = node.names
            if not isinstance(names, cst.ImportStar) and any(
                isinstance(alias.name, cst.Name) and alias.name.value == "annotations"
                for alias in names
            ):
                return True
    return False


def _binds_type_checking(scope: Scope, contexts: dict[_ImportNode, StatementContext]) -> bool:
    return any(
        _context_of(contexts, getattr(assignment, "node", None))
        is not StatementContext.TYPE_CHECKING
        for assignment in scope.assignments["TYPE_CHECKING"]
    )


# --- rewriting -----------------------------------------------------------------------------


def _remove_aliases(
    body: Sequence[cst.BaseStatement],
    edit: ModuleEdit,
    positions: Mapping[cst.CSTNode, CodeRange],
) -> list[cst.BaseStatement]:
    """Delete the removed aliases; put the ``TYPE_CHECKING`` block where the first one was."""
    new_body: list[cst.BaseStatement] = []
    carried: list[cst.EmptyLine] = []
    block_pending = bool(edit.type_checking)
    for statement in body:
        kept = _kept_line(statement, edit.removed, positions)
        if kept is statement:
            new_body.append(_prepend_lines(statement, carried))
            carried = []
            continue
        if kept is not None:
            new_body.append(_prepend_lines(kept, carried))
            carried = []
        elif block_pending:
            carried += _leading_lines(statement)
        else:
            # Comments above a removed import stay, on the next statement.
            carried += [line for line in _leading_lines(statement) if line.comment is not None]
        if block_pending:
            new_body += _with_leading(_statements(edit.type_checking), carried)
            carried = []
            block_pending = False
    if carried and new_body:
        new_body[-1] = _prepend_lines(new_body[-1], carried)
    return new_body


def _kept_line(
    statement: cst.BaseStatement,
    removed: frozenset[Position],
    positions: Mapping[cst.CSTNode, CodeRange],
) -> cst.BaseStatement | None:
    """Return the statement unchanged, without its removed aliases, or None if nothing is left."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return statement
    kept_small: list[cst.BaseSmallStatement] = []
    changed = False
    for small in statement.body:
        new_small = _without_aliases(small, removed, positions)
        changed = changed or new_small is not small
        if new_small is not None:
            kept_small.append(new_small)
    if not changed:
        return statement
    if not kept_small:
        return None
    kept_small[-1] = kept_small[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
    return statement.with_changes(body=kept_small)


def _without_aliases(
    small: cst.BaseSmallStatement,
    removed: frozenset[Position],
    positions: Mapping[cst.CSTNode, CodeRange],
) -> cst.BaseSmallStatement | None:
    if not isinstance(small, cst.Import | cst.ImportFrom):
        return small
    if isinstance(small.names, cst.ImportStar):
        return small
    names = list(small.names)
    kept = [alias for alias in names if _position(positions, alias) not in removed]
    if len(kept) == len(names):
        return small
    if not kept:
        return None
    trailing = names[-1].comma if isinstance(small, cst.ImportFrom) and small.lpar else None
    kept[-1] = kept[-1].with_changes(comma=trailing or cst.MaybeSentinel.DEFAULT)
    return small.with_changes(names=kept)


def _insert_header(body: list[cst.BaseStatement], header: str) -> list[cst.BaseStatement]:
    index = 0
    for position, statement in enumerate(body):
        if (_is_docstring(statement) and position == 0) or _is_future_import(statement):
            index = position + 1
        else:
            break
    lines = [cst.EmptyLine()] if index else []
    return body[:index] + _with_leading(_statements(header), lines) + body[index:]


def _is_docstring(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


def _is_future_import(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(small, cst.ImportFrom) and _from_module(small) == "__future__"
        for small in statement.body
    )


def _statements(code: str) -> list[cst.BaseStatement]:
    return list(cst.parse_module(code).body)


def _with_leading(
    statements: list[cst.BaseStatement], lines: list[cst.EmptyLine]
) -> list[cst.BaseStatement]:
    if statements and lines:
        statements[0] = _prepend_lines(statements[0], lines)
    return statements


def _leading_lines(statement: cst.BaseStatement) -> list[cst.EmptyLine]:
    if isinstance(statement, cst.SimpleStatementLine | cst.BaseCompoundStatement):
        return list(statement.leading_lines)
    return []


def _prepend_lines(statement: cst.BaseStatement, lines: list[cst.EmptyLine]) -> cst.BaseStatement:
    if not lines:
        return statement
    if isinstance(statement, cst.SimpleStatementLine | cst.BaseCompoundStatement):
        return statement.with_changes(leading_lines=[*lines, *statement.leading_lines])
    return statement
