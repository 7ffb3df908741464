"""Removing unused entries from manifests while keeping comments and formatting."""

from __future__ import annotations

from pathlib import Path

from modsplit.deps.fix import plan_fix, unfixed_findings
from modsplit.deps.manifests import Declarations, read_manifest
from modsplit.deps.model import Code, Finding
from modsplit.workspace.model import Manifest
from tests.helpers import make_tree

REQUIREMENTS = """\
# Web
fastapi>=0.115  # API
orjson

# Data
requests \\
    >=2.31
pandas
"""
PYPROJECT = """\
[project]
name = "api"
dependencies = [
  "fastapi",
  "orjson",  # fast JSON
  "pandas",
]
inline = 1

[project.optional-dependencies]
extra = ["requests", "orjson"]
"""


def _unused(unit: str, *names: str) -> list[Finding]:
    return [Finding(unit, Code.UNUSED, name, name, None, None, "x:1") for name in names]


def _declarations(tmp_path: Path, unit: str, *manifests: str) -> Declarations:
    listed = tuple(Manifest(path) for path in manifests)
    return Declarations(unit, listed, tuple(read_manifest(tmp_path, m) for m in listed))


def test_requirements_file_keeps_comments(tmp_path: Path) -> None:
    make_tree(tmp_path, {"requirements.txt": REQUIREMENTS})
    declarations = {"api": _declarations(tmp_path, "api", "requirements.txt")}
    plan = plan_fix(tmp_path, _unused("api", "orjson", "requests"), declarations)
    assert plan.contents == {tmp_path / "requirements.txt": (
        "# Web\nfastapi>=0.115  # API\n\n# Data\npandas\n"
    )}
    assert [r.location for r in plan.removed] == ["requirements.txt:3", "requirements.txt:6"]


def test_pyproject_lines_and_inline_arrays(tmp_path: Path) -> None:
    make_tree(tmp_path, {"pyproject.toml": PYPROJECT})
    declarations = {"api": _declarations(tmp_path, "api", "pyproject.toml")}
    plan = plan_fix(tmp_path, _unused("api", "orjson", "requests"), declarations)
    assert plan.contents[tmp_path / "pyproject.toml"] == (
        '[project]\nname = "api"\ndependencies = [\n  "fastapi",\n  "pandas",\n]\ninline = 1\n'
        '\n[project.optional-dependencies]\nextra = []\n'
    )


def test_shared_file_entry_kept_when_another_unit_uses_it(tmp_path: Path) -> None:
    make_tree(tmp_path, {"requirements.txt": "orjson\npandas\n"})
    declarations = {
        "api": _declarations(tmp_path, "api", "requirements.txt"),
        "web": _declarations(tmp_path, "web", "requirements.txt"),
    }
    findings = _unused("api", "orjson", "pandas") + _unused("web", "pandas")
    plan = plan_fix(tmp_path, findings, declarations)
    assert plan.contents == {tmp_path / "requirements.txt": "orjson\n"}
    assert plan.kept == ("requirements.txt:1: orjson kept, because unit web also reads this "
                         "file and uses it or was not checked",)


def test_unfixed_findings_leave_only_what_stays(tmp_path: Path) -> None:
    make_tree(tmp_path, {"requirements.txt": "orjson\n"})
    declarations = {"api": _declarations(tmp_path, "api", "requirements.txt")}
    unused = Finding("api", Code.UNUSED, "orjson", "orjson", None, None, "requirements.txt:1")
    missing = Finding("api", Code.MISSING, "pyyaml", "yaml", "a.py", 1, None)
    plan = plan_fix(tmp_path, [unused, missing], declarations)
    assert unfixed_findings([unused, missing], plan) == [missing]
