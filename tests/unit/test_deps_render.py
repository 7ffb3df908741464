"""Text and JSON output of a dependency report."""

from __future__ import annotations

import json

from modsplit.deps.model import Code, DepsReport, Finding
from modsplit.deps.render import render_json, render_text

REPORT = DepsReport(
    units=("api", "web"),
    findings=(
        Finding("api", Code.MISSING, "pyyaml", "yaml", "api/config.py", 16, None),
        Finding("api", Code.UNUSED, "orjson", "orjson", None, None, "api/requirements.txt:5"),
        Finding("api", Code.MISPLACED_DEV, "pytest", "pytest", "api/main.py", 2,
                "api/requirements-dev.txt:1"),
        Finding("web", Code.WORKSPACE, "monolith", "core.models", "web/db.py", 9, None),
    ),
)


def test_text_lists_findings_and_counts() -> None:
    assert render_text(REPORT) == (
        "api: api/config.py:16: DEP001 'yaml' imported but missing from the dependency "
        "definitions (distribution pyyaml)\n"
        "api: api/requirements.txt:5: DEP002 'orjson' defined as a dependency but not used in "
        "the codebase\n"
        "api: api/main.py:2: DEP004 'pytest' imported but declared as a dev dependency "
        "(distribution pytest), declared at api/requirements-dev.txt:1\n"
        "web: web/db.py:9: DEP101 'core.models' imported from unit 'monolith', which is neither "
        "part of this unit nor declared\n"
        "4 findings in 2 of 2 units (DEP001 1, DEP002 1, DEP004 1, DEP101 1)\n"
    )


def test_text_without_findings() -> None:
    assert render_text(DepsReport(("api",), ())) == "no dependency findings in 1 unit\n"


def test_json_schema_and_fields() -> None:
    document = json.loads(render_json(REPORT))
    assert document["schema"] == "modsplit.deps/1"
    assert document["units"] == ["api", "web"]
    assert document["findings"][0] == {
        "unit": "api", "code": "DEP001", "distribution": "pyyaml", "import_name": "yaml",
        "path": "api/config.py", "line": 16, "manifest": None,
    }
    assert document["findings"][1] == {
        "unit": "api", "code": "DEP002", "distribution": "orjson", "import_name": "orjson",
        "path": None, "line": None, "manifest": "api/requirements.txt:5",
    }
