"""``modsplit deps`` end to end on a small monorepo written by the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modsplit.cli import main
from tests.helpers import make_tree

CONFIG = """
[units.api]
path = "api"
roots = ["api"]
manifests = ["api/requirements.txt"]
dev_manifests = ["api/requirements-dev.txt"]

[units.web]
path = "web"
roots = ["web", "."]
manifests = ["web/requirements.txt"]

[units.core]
path = "core"
roots = ["."]

[deps.units.web]
ignore = ["DEP002:gunicorn"]
"""

FILES = {
    "config/modsplit.toml": CONFIG,
    "api/requirements.txt": "# API\nPyYAML>=6  # config\norjson\n-r requirements-extra.txt\n",
    "api/requirements-extra.txt": "djangorestframework\n",
    "api/requirements-dev.txt": "pytest\n",
    "api/service/__init__.py": "",
    "api/service/main.py": """
        from typing import TYPE_CHECKING

        import yaml
        import rest_framework.views
        import pytest

        if TYPE_CHECKING:
            import boto3
    """,
    "web/requirements.txt": "django\ndjango-cors-headers\ngunicorn\npsycopg2-binary\n",
    "web/site/__init__.py": "",
    "web/site/settings.py": """
        INSTALLED_APPS = ["django.contrib.admin", "corsheaders"]
        DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}
    """,
    "web/site/views.py": "import core.models\n",
    "core/__init__.py": "",
    "core/models.py": "",
}


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    return make_tree(tmp_path / "repo", FILES)


def test_text_output_and_exit_code(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["deps", "--no-cache", str(repository)])
    assert capsys.readouterr().out == (
        "api: api/requirements.txt:3: DEP002 'orjson' defined as a dependency but not used in "
        "the codebase\n"
        "api: api/service/main.py:5: DEP004 'pytest' imported but declared as a dev "
        "dependency (distribution pytest), declared at api/requirements-dev.txt:1\n"
        "web: web/site/views.py:1: DEP101 'core.models' imported from unit 'core', which is "
        "neither part of this unit nor declared\n"
        "3 findings in 2 of 3 units (DEP002 1, DEP004 1, DEP101 1)\n"
    )
    assert code == 1


def test_json_for_one_unit(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["deps", "--no-cache", "--format", "json", "web", str(repository)])
    document = json.loads(capsys.readouterr().out)
    assert document == {
        "schema": "modsplit.deps/1",
        "units": ["web"],
        "findings": [{
            "unit": "web", "code": "DEP101", "distribution": "core",
            "import_name": "core.models", "path": "web/site/views.py", "line": 1,
            "manifest": None,
        }],
    }
    assert code == 1


def test_clean_unit_exits_zero(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deps", "--no-cache", "core", str(repository)]) == 0
    out = capsys.readouterr()
    assert out.out == "no dependency findings in 1 unit\n"
    assert "core: no manifest" in out.err


def test_unknown_unit_is_a_usage_error(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deps", "--no-cache", "nope", str(repository)]) == 2
    assert capsys.readouterr().err == (
        "modsplit: error: unknown unit 'nope'; known units: api, core, web\n"
    )


def test_unknown_deps_key_is_a_config_error(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = repository / "config" / "modsplit.toml"
    config.write_text(CONFIG + "\n[deps]\nignores = []\n", encoding="utf-8")
    assert main(["deps", "--no-cache", str(repository)]) == 2
    assert "[deps] unknown key 'ignores'; known keys: ignore, python, units" in (
        capsys.readouterr().err)


def test_fix_shows_a_diff_and_write_applies_it(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = repository / "api" / "requirements.txt"
    before = manifest.read_text(encoding="utf-8")
    assert main(["deps", "--no-cache", "--fix", "api", str(repository)]) == 1
    assert capsys.readouterr().out == (
        "--- a/api/requirements.txt\n"
        "+++ b/api/requirements.txt\n"
        "@@ -1,4 +1,3 @@\n"
        " # API\n"
        " PyYAML>=6  # config\n"
        "-orjson\n"
        " -r requirements-extra.txt\n"
    )
    assert manifest.read_text(encoding="utf-8") == before
    assert main(["deps", "--no-cache", "--fix", "--write", "api", str(repository)]) == 1
    assert manifest.read_text(encoding="utf-8") == (
        "# API\nPyYAML>=6  # config\n-r requirements-extra.txt\n"
    )


def test_write_without_fix_is_a_usage_error(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deps", "--write", str(repository)]) == 2
    assert "--write needs --fix" in capsys.readouterr().err


SHARED = {
    "config/modsplit.toml": """
        [units.shared]
        path = "src"
        roots = ["src"]
        manifests = ["requirements.txt"]

        [units.tests]
        path = "tests"
        roots = ["src", "."]
        manifests = ["requirements.txt"]
    """,
    "requirements.txt": "django\nrequests\n",
    "src/core/__init__.py": "import django\n",
    "tests/test_core.py": "import core\n",
}


def test_shared_manifest_entry_used_by_one_reader_is_not_unused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(tmp_path, SHARED)
    code = main(["deps", "--format", "json", str(tmp_path)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    unused = [(f["unit"], f["distribution"]) for f in findings if f["code"] == "DEP002"]
    assert unused == [("shared", "requests")]


def test_shared_manifest_rule_holds_for_one_selected_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(tmp_path, SHARED)
    main(["deps", "--format", "json", "tests", str(tmp_path)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    unused = [(f["unit"], f["distribution"]) for f in findings if f["code"] == "DEP002"]
    assert unused == [("tests", "requests")]
