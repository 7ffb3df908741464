"""Import extraction: kinds, guards and syntax handling."""

from __future__ import annotations

import textwrap

import pytest

from modsplit.graph.model import ImportKind
from modsplit.graph.parse import ParseFailure, extract_imports


def kinds_of(source: str) -> list[tuple[str, int, str]]:
    found = extract_imports(textwrap.dedent(source).encode())
    return [(raw.module, raw.line, raw.kind.value) for raw in found]


def test_top_level_import_is_module_kind() -> None:
    assert kinds_of("import os\nfrom a.b import c\n") == [("os", 1, "module"), ("a.b", 2, "module")]


def test_import_inside_function_is_function_kind() -> None:
    source = """
    def load():
        import json
    class Box:
        def method(self):
            from a import b
    """
    assert kinds_of(source) == [("json", 3, "function"), ("a", 6, "function")]


@pytest.mark.parametrize(
    "guard",
    [
        "if TYPE_CHECKING:",
        "if typing.TYPE_CHECKING:",
        "if t.TYPE_CHECKING:",
        "if TYPE_CHECKING and sys.version_info > (3, 9):",
    ],
)
def test_type_checking_guard_however_spelled(guard: str) -> None:
    source = f"{guard}\n    import heavy\nelse:\n    import light\n"
    assert kinds_of(source) == [("heavy", 2, "type_checking"), ("light", 4, "conditional")]


def test_negated_type_checking_guard_marks_else_branch() -> None:
    source = "if not TYPE_CHECKING:\n    import light\nelse:\n    import heavy\n"
    assert kinds_of(source) == [("light", 2, "conditional"), ("heavy", 4, "type_checking")]


def test_try_and_if_at_module_level_are_conditional() -> None:
    source = """
    try:
        import ujson
    except ImportError:
        import json
    if sys.platform == "win32":
        import winreg
    """
    assert [k for _, _, k in kinds_of(source)] == ["conditional"] * 3


def test_literal_import_module_and_dunder_import_are_dynamic() -> None:
    source = """
    import importlib
    from importlib import import_module as load
    importlib.import_module("plugins.alpha")
    load("plugins.beta")
    __import__("plugins.gamma")
    importlib.import_module(name_from_config)
    """
    dynamic = [(m, k) for m, _, k in kinds_of(source) if k == "dynamic"]
    assert dynamic == [
        ("plugins.alpha", "dynamic"),
        ("plugins.beta", "dynamic"),
        ("plugins.gamma", "dynamic"),
    ]


def test_relative_dynamic_import_needs_own_package() -> None:
    source = 'import importlib\nimportlib.import_module(".sub", __package__)\n'
    found = extract_imports(source.encode())
    assert [(r.module, r.level, r.kind) for r in found][1:] == [("sub", 1, ImportKind.DYNAMIC)]


def test_python_312_type_parameters_parse_on_any_version() -> None:
    source = """
    from collections.abc import Callable
    class Box[T: dict[str, int]]:
        pass
    def apply[F: Callable[..., int]](f: F) -> F:
        import inner
        return f
    type Pair[K] = tuple[K, K]
    """
    assert kinds_of(source) == [("collections.abc", 2, "module"), ("inner", 6, "function")]


def test_syntax_error_reports_line() -> None:
    with pytest.raises(ParseFailure) as failure:
        extract_imports(b"import os\ndef broken(:\n")
    assert failure.value.line == 2


def test_pep_263_latin_1_cookie_is_honoured() -> None:
    source = "# -*- coding: latin-1 -*-\nimport os\nname = 'caf\xe9'\n".encode("latin-1")
    assert [r.module for r in extract_imports(source)] == ["os"]


def test_utf8_bom_is_accepted() -> None:
    assert [r.module for r in extract_imports(b"\xef\xbb\xbfimport os\n")] == ["os"]


def test_from_import_keeps_imported_names_and_level() -> None:
    (raw,) = extract_imports(b"from ..pkg import a, b\n")
    assert (raw.module, raw.level, raw.names) == ("pkg", 2, ("a", "b"))


def test_undecodable_file_without_coding_line_is_a_parse_failure() -> None:
    with pytest.raises(ParseFailure):
        extract_imports(b'import os\ns = "caf\xe9"\n')


def test_too_deeply_nested_file_is_a_parse_failure() -> None:
    with pytest.raises(ParseFailure) as failure:
        extract_imports(b"x = " + b"(" * 100_000 + b"1" + b")" * 100_000 + b"\n")
    assert "nested" in failure.value.message or "parenthes" in failure.value.message


def test_aliased_type_checking_guard() -> None:
    source = "from typing import TYPE_CHECKING as TC\nif TC:\n    import heavy\n"
    assert kinds_of(source)[-1] == ("heavy", 3, "type_checking")


def test_syntax_error_message_names_grammar_tried() -> None:
    with pytest.raises(ParseFailure) as failure:
        extract_imports(b"def broken(:\n")
    assert failure.value.message.endswith(")")
    assert "parsed as Python 3." in failure.value.message
