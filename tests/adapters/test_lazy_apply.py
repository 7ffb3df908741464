"""The lazy rewrite planned on fixture packages with the real libcst engine: gates and shims."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from modsplit.adapters import libcst
from modsplit.errors import AnalysisError
from modsplit.lazy.apply import FilePlan, plan_apply
from modsplit.lazy.gates import Style
from modsplit.lazy.target import target_from_path
from tests.helpers import make_tree

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots" / "lazy"


def plan(
    tmp_path: Path, init: str, files: dict[str, str] | None = None, **options: object
) -> FilePlan:
    make_tree(tmp_path, {"pkg/__init__.py": init, **(files or {})})
    target = target_from_path(str(tmp_path / "pkg"), None)
    return plan_apply(target, engine=libcst, **options).files[0]  # type: ignore[arg-type]


def reasons(result: FilePlan) -> dict[str, str]:
    return {d.binding.name: d.reason for d in result.decisions}


SUBMODULES = {"pkg/core.py": "class Thing: pass\ndef helper(): return 1\n"}


def test_reexport_becomes_lazy(tmp_path: Path) -> None:
    result = plan(tmp_path, "from .core import Thing\n", SUBMODULES)

    assert reasons(result) == {"Thing": ""}
    assert "from .core import Thing\n" not in result.new_text.split("if TYPE_CHECKING")[0]
    assert '"Thing": (".core", "Thing"),' in result.new_text


def test_try_import_stays_eager(tmp_path: Path) -> None:
    init = "try:\n    from .core import Thing\nexcept ImportError:\n    Thing = None\n"
    result = plan(tmp_path, init, SUBMODULES)

    assert reasons(result)["Thing"] == (
        "inside try: the handler expects the import to fail right there"
    )
    assert not result.has_changes


def test_conditional_import_stays_eager(tmp_path: Path) -> None:
    init = "import sys\nif sys.platform:\n    from .core import Thing\n"
    result = plan(tmp_path, init, SUBMODULES)

    assert reasons(result)["Thing"] == (
        "inside if/with/for: whether it runs is decided when the module executes"
    )


def test_star_import_stays_eager(tmp_path: Path) -> None:
    result = plan(tmp_path, "from .core import *\n__all__ = ['Thing']\n", SUBMODULES)

    assert reasons(result)["*"] == "a star import binds names known only when it runs"


def test_future_import_stays_eager(tmp_path: Path) -> None:
    result = plan(tmp_path, "from __future__ import annotations\nfrom .core import Thing\n",
                  SUBMODULES)

    assert reasons(result)["annotations"] == "a __future__ import changes how the module compiles"
    assert result.new_text.startswith("from __future__ import annotations\n")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "class Local(Thing):\n    pass\n",
            "used while the module executes (base class at line 2)",
        ),
        ("@Thing\ndef f():\n    pass\n", "used while the module executes (decorator at line 2)"),
        ("def f(x=Thing):\n    pass\n", "used while the module executes (default value at line 2)"),
        ("print(Thing)\n", "used while the module executes (module-level code at line 2)"),
        ("def f(x: Thing):\n    pass\n", "used while the module executes (annotation at line 2)"),
        (
            "def f():\n    return Thing\n",
            "used by function f() at line 3: a name looked up as a global does not go through "
            "module __getattr__",
        ),
    ],
)
def test_module_use_keeps_import_eager(tmp_path: Path, code: str, expected: str) -> None:
    result = plan(tmp_path, "from .core import Thing\n" + code, SUBMODULES)

    assert reasons(result)["Thing"] == expected


def test_annotation_under_future_annotations_is_not_a_use(tmp_path: Path) -> None:
    init = "from __future__ import annotations\nfrom .core import Thing\ndef f(x: Thing): pass\n"
    result = plan(tmp_path, init, SUBMODULES)

    assert reasons(result)["Thing"] == ""


def test_name_bound_twice_stays_eager(tmp_path: Path) -> None:
    result = plan(tmp_path, "from .core import Thing\nThing = 1\n", SUBMODULES)

    assert reasons(result)["Thing"] == "'Thing' is bound more than once in this module"


@pytest.mark.parametrize(
    ("module", "marker"),
    [
        ("from django.db import models\nclass User(models.Model): pass\n",
         "base class models.Model at models.py:2"),
        ("from django.apps import AppConfig\nclass Cfg(AppConfig): pass\n",
         "base class AppConfig at models.py:2"),
        ("from celery import shared_task\n@shared_task\ndef job(): pass\n",
         "decorator shared_task at models.py:2"),
        ("from django.dispatch import receiver\n@receiver(1)\ndef on(): pass\n",
         "decorator receiver at models.py:2"),
        ("import signals\ndef on(): pass\nsignals.saved.connect(on)\n",
         "call signals.saved.connect at models.py:3"),
        ("import pluggy\nhookimpl = pluggy.HookimplMarker('x')\n@hookimpl\ndef hook(): pass\n",
         "decorator hookimpl at models.py:3"),
    ],
)
def test_registering_module_stays_eager(tmp_path: Path, module: str, marker: str) -> None:
    result = plan(tmp_path, "from .models import thing\n", {"pkg/models.py": module})

    assert reasons(result)["thing"] == f"pkg.models registers when imported ({marker})"


def test_registration_found_through_package_import(tmp_path: Path) -> None:
    files = {
        "pkg/api.py": "from . import tasks\nvalue = 1\n",
        "pkg/tasks.py": "@app.task\ndef run(): pass\n",
    }
    result = plan(tmp_path, "from .api import value\n", files)

    assert reasons(result)["value"] == (
        "pkg.tasks registers when imported (decorator app.task at tasks.py:1)"
    )


def test_configured_registering_name_keeps_import_eager(tmp_path: Path) -> None:
    files = {"pkg/plugins.py": "@plugin_hook\ndef p(): pass\n"}
    result = plan(tmp_path, "from .plugins import p\n", files, registering=["plugin_hook"])

    assert reasons(result)["p"] == (
        "pkg.plugins registers when imported (decorator plugin_hook at plugins.py:1)"
    )


def test_name_clash_with_submodule_stays_eager(tmp_path: Path) -> None:
    files = {"pkg/config.py": "config = {}\n"}
    result = plan(tmp_path, "from .config import config\n", files)

    assert reasons(result)["config"] == (
        "'config' is also the submodule pkg.config; importing that submodule would bind the "
        "module over the name"
    )


def test_submodule_imported_by_its_own_name_is_lazy(tmp_path: Path) -> None:
    result = plan(tmp_path, "from . import core\n", SUBMODULES)

    assert reasons(result) == {"core": ""}
    assert '"core": (".core", None),' in result.new_text


def test_outside_import_stays_eager(tmp_path: Path) -> None:
    result = plan(tmp_path, "import os\n", SUBMODULES)

    assert reasons(result)["os"] == (
        "imports from outside pkg; only the package's own modules are made lazy"
    )


def test_all_is_kept_and_star_export_added_when_missing(tmp_path: Path) -> None:
    with_all = plan(tmp_path / "a", "from .core import Thing\n__all__ = ['Thing']\n", SUBMODULES)
    without_all = plan(tmp_path / "b", "from .core import Thing\nVALUE = 1\n", SUBMODULES)

    assert with_all.new_text.count("__all__ =") == 1
    assert "__all__ = ['Thing']" in with_all.new_text
    assert '__all__ = [\n    "Thing",\n    "VALUE",\n    "core",\n]' in without_all.new_text


def test_star_import_without_all_skips_file(tmp_path: Path) -> None:
    result = plan(tmp_path, "from .core import *\nfrom .core import helper\n", SUBMODULES)

    assert result.skipped == (
        "has a star import and no __all__, so `import *` of it cannot list the lazy names"
    )
    assert not result.has_changes


def test_existing_module_getattr_skips_file(tmp_path: Path) -> None:
    init = "from .core import Thing\ndef __getattr__(name): raise AttributeError\n"
    result = plan(tmp_path, init, SUBMODULES)

    assert result.skipped.startswith("already defines module __getattr__")


def test_pep810_writes_lazy_modules(tmp_path: Path) -> None:
    init = '"""Doc."""\nfrom __future__ import annotations\nfrom .core import Thing\n'
    result = plan(tmp_path, init, SUBMODULES, style=Style.PEP810)

    assert result.new_text == (
        '"""Doc."""\nfrom __future__ import annotations\n\n'
        '__lazy_modules__ = [\n    "pkg.core",\n]\nfrom .core import Thing\n'
    )


def test_generated_shim_matches_snapshot(tmp_path: Path) -> None:
    init = (
        '"""A package."""\n'
        "import os\n"
        "# Public names.\n"
        "from .core import Thing, helper as h  # re-exported\n"
        "from . import sub\n"
        "from .config import config\n"
        "__all__ = ['Thing', 'h', 'sub', 'config', 'here']\n"
        "def here():\n    return os.getcwd()\n"
    )
    files = {**SUBMODULES, "pkg/sub.py": "from . import util\n", "pkg/util.py": "",
             "pkg/config.py": "config = {}\n"}
    result = plan(tmp_path, init, files)

    snapshot = SNAPSHOTS / "pep562_init.py"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        snapshot.write_text(result.new_text, encoding="utf-8")
    assert result.new_text == snapshot.read_text(encoding="utf-8")


def test_assigned_module_getattr_skips_file(tmp_path: Path) -> None:
    init = "from .core import Thing\n__getattr__ = make_getattr(__name__)\n"
    result = plan(tmp_path, init, SUBMODULES)

    assert result.skipped.startswith("already defines module __getattr__")


def test_abstract_base_class_register_is_not_a_registration(tmp_path: Path) -> None:
    files = {"pkg/cache.py": "from collections import abc\n@abc.MutableMapping.register\n"
                             "class Cache: pass\n"}
    result = plan(tmp_path, "from .cache import Cache\n", files)

    assert reasons(result) == {"Cache": ""}


@pytest.mark.parametrize(
    ("code", "call", "line"),
    [
        ('__all__ = [n for n in dir() if not n.startswith("_")]\n', "dir()", 3),
        ("NAMES = sorted(globals())\n", "globals()", 3),
        ("NAMES = list(vars())\n", "vars()", 3),
        ("NAMES = list(locals())\n", "locals()", 3),
        ("def names():\n    return list(globals())\n", "globals()", 4),
    ],
)
def test_namespace_listing_keeps_every_import_eager(
    tmp_path: Path, code: str, call: str, line: int
) -> None:
    result = plan(tmp_path, "from .core import Thing\nfrom . import core\n" + code, SUBMODULES)

    reason = (
        f"the module calls {call} at line {line}, which sees only names already bound and "
        "would miss lazy ones; every import stays eager"
    )
    assert reasons(result) == {"Thing": reason, "core": reason}
    assert not result.has_changes


def test_namespace_call_inside_function_or_with_argument_is_ignored(tmp_path: Path) -> None:
    code = "def f():\n    return dir(), vars(), locals()\nX = dir(f)\n"
    result = plan(tmp_path, "from .core import Thing\n" + code, SUBMODULES)

    assert reasons(result) == {"Thing": ""}


def test_shadowed_dir_is_not_the_builtin(tmp_path: Path) -> None:
    code = "def dir():\n    return []\nX = dir()\n"
    result = plan(tmp_path, "from .core import Thing\n" + code, SUBMODULES)

    assert reasons(result) == {"Thing": ""}


def test_crlf_line_endings_are_kept(tmp_path: Path) -> None:
    init = b'"""Doc."""\r\nimport os\r\nfrom .core import Thing\r\n__all__ = ["Thing"]\r\n'
    make_tree(tmp_path, {"pkg/__init__.py": init, **SUBMODULES})
    target = target_from_path(str(tmp_path / "pkg"), None)

    result = plan_apply(target, engine=libcst).files[0]

    assert result.old_text == init.decode()
    assert result.new_text.startswith('"""Doc."""\r\nimport os\r\nTYPE_CHECKING = False\r\n')
    assert "\n" not in result.new_text.replace("\r\n", "")


def test_coding_declaration_is_honoured(tmp_path: Path) -> None:
    init = "# -*- coding: latin-1 -*-\n# Café.\nfrom .core import Thing\n".encode("latin-1")
    make_tree(tmp_path, {"pkg/__init__.py": init, **SUBMODULES})
    target = target_from_path(str(tmp_path / "pkg"), None)

    result = plan_apply(target, engine=libcst).files[0]

    assert result.encoding == "iso-8859-1"
    assert result.new_text.startswith("# -*- coding: latin-1 -*-\n# Café.\n")
    assert reasons(result) == {"Thing": ""}


def test_undecodable_file_is_analysis_error(tmp_path: Path) -> None:
    make_tree(tmp_path, {"pkg/__init__.py": b"# caf\xe9\nfrom .core import Thing\n", **SUBMODULES})
    target = target_from_path(str(tmp_path / "pkg"), None)

    with pytest.raises(AnalysisError) as raised:
        plan_apply(target, engine=libcst)

    assert raised.value.message == (
        f"{tmp_path / 'pkg/__init__.py'}: invalid utf-8 at byte 5; declare the file's encoding "
        "in a `# -*- coding: NAME -*-` line or convert it to UTF-8"
    )
