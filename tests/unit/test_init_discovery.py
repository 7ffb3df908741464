"""Discovery of roots and units, one evidence source at a time, on fixture trees."""

from __future__ import annotations

from pathlib import Path

from modsplit.workspace.discover_docker import read_compose_builds, read_images
from modsplit.workspace.discover_scan import read_imports, scan_tree
from modsplit.workspace.discovery import Discovery, discover
from modsplit.workspace.model import Manifest, ManifestKind
from tests.helpers import make_tree


def _roots(discovery: Discovery) -> dict[str, tuple[str, ...]]:
    return {unit.name: unit.roots for unit in discovery.workspace.units}


def _paths(discovery: Discovery) -> dict[str, str]:
    return {unit.name: unit.path for unit in discovery.workspace.units}


def test_pytest_ini_pythonpath_is_shared_root(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "pytest.ini": "[pytest]\npythonpath = lib\n",
        "lib/shared/__init__.py": "",
        "app.py": "import shared\n",
    })

    discovery = discover(tmp_path)

    assert _roots(discovery) == {"toplevel": ("lib",)}
    assert discovery.decisions_about("roots", "lib") == [
        "pythonpath in pytest.ini; every unit gets it after its own roots"
    ]


def test_pyproject_pythonpath_is_unit_root(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "requirements.txt": "",
        "svc/pyproject.toml": """
            [project]
            name = "svc"
            dependencies = []

            [tool.pytest.ini_options]
            pythonpath = ["code"]
        """,
        "svc/code/handlers/__init__.py": "",
    })

    discovery = discover(tmp_path)

    assert _roots(discovery)["svc"] == ("svc/code",)
    assert discovery.decisions_about("units.svc.roots", "svc/code") == [
        "pythonpath in svc/pyproject.toml"
    ]


def test_compose_build_args_resolve_dockerfile_variables(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "docker-compose.yml": """
            services:
              api:
                build:
                  context: .
                  dockerfile: ./docker/Dockerfile.api
                  args:
                    - SERVICE_DIR=./services/api
        """,
        "docker/Dockerfile.api": """
            FROM python:3.11-slim
            ARG SERVICE_DIR
            WORKDIR /app
            COPY ${SERVICE_DIR}/requirements.txt ./
            COPY ${SERVICE_DIR} .
            ENV PYTHONPATH=/app/src
        """,
        "services/api/requirements.txt": "fastapi\n",
        "services/api/src/routes/__init__.py": "",
    })
    tree = scan_tree(tmp_path)

    builds = read_compose_builds(tree)
    images = read_images(tree)

    assert [(b.dockerfile, b.args) for b in builds] == [
        ("docker/Dockerfile.api", {"SERVICE_DIR": "./services/api"})
    ]
    assert [root.folder for root in images[0].roots] == ["services/api/src"]
    assert images[0].roots[0].reason == (
        "ENV PYTHONPATH in docker/Dockerfile.api:6 puts /app/src on the path, "
        "copied from services/api/src"
    )
    assert images[0].copied_files == ["services/api/requirements.txt"]


def test_dockerfile_arg_default_without_compose(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "Dockerfile": """
            FROM python:3.11-slim
            ARG SERVICE_DIR=./services/worker
            WORKDIR /app
            COPY ${SERVICE_DIR}/src/ ./src/
            CMD ["uvicorn", "src.main:app"]
        """,
        "services/worker/src/main.py": "",
    })

    discovery = discover(tmp_path)

    # /app/src is services/worker/src, so /app itself plays services/worker.
    assert _paths(discovery)["worker"] == "services/worker"
    assert "services/worker" in _roots(discovery)["worker"]


def test_dockerfile_script_folder_is_root(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "Dockerfile": """
            FROM python:3.11-slim
            WORKDIR /srv
            COPY \\
                job/ /srv/
            CMD ["python", "bin/run.py"]
        """,
        "job/bin/run.py": "",
        "job/requirements.txt": "",
    })

    discovery = discover(tmp_path)

    assert _roots(discovery)["job"] == ("job/bin",)


def test_dockerfile_command_of_missing_script_is_ignored(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "Dockerfile": """
            FROM python:3.11-slim
            WORKDIR /srv
            COPY job/ .
            CMD ["python", "manage.py"]
        """,
        "job/tasks.py": "",
        "job/requirements.txt": "",
    })
    tree = scan_tree(tmp_path)

    assert read_images(tree)[0].roots == []


def test_src_layout_without_init_is_root(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "pkg/pyproject.toml": "[project]\nname = 'pkg'\n",
        "pkg/src/pkg/__init__.py": "",
        "other/requirements.txt": "",
        "other/src/__init__.py": "",
        "other/src/mod.py": "",
    })

    discovery = discover(tmp_path)

    assert _roots(discovery)["pkg"] == ("pkg/src",)
    assert _roots(discovery)["other"] == ("other",)


def test_manifest_folders_make_units(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "requirements.txt": "",
        "svc/requirements.txt": "",
        "svc/requirements-dev.txt": "",
        "svc/src/__init__.py": "",
        "svc/src/requirements.txt": "",
        "svc/src/helpers/setup.py": "def configure():\n    pass\n",
        "docs/conf.py": "",
    })

    discovery = discover(tmp_path)
    units = {unit.name: unit for unit in discovery.workspace.units}

    assert sorted(units) == ["svc", "toplevel"]
    assert units["svc"].manifests == (
        Manifest("svc/requirements.txt"),
        Manifest("svc/src/requirements.txt"),
        Manifest("svc/requirements-dev.txt", ManifestKind.DEV),
    )
    assert units["toplevel"].manifests == (Manifest("requirements.txt"),)


def test_folder_without_code_is_no_unit(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "rust/requirements.txt": "",
        "rust/main.rs": "",
        "app.py": "",
    })

    discovery = discover(tmp_path)

    assert list(_paths(discovery)) == ["toplevel"]
    assert discovery.decisions_about("notes") == [
        "rust holds no Python file of its own, so it is no unit"
    ]


def test_import_through_repository_package_adds_root(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "src/__init__.py": "",
        "src/services/ai/requirements.txt": "",
        "src/services/ai/src/__init__.py": "",
        "src/services/ai/src/agents/__init__.py": "",
        "src/services/ai/src/agents/state.py": "",
        "src/services/ai/src/agents/run.py": """
            from src.services.ai.src.agents import state
            import src.services.ai.src.agents.state
            from src.services.ai.src.agents.state import State
            from agents.state import State
            from agents import state
            import agents.state
        """,
    })

    discovery = discover(tmp_path)

    assert _roots(discovery)["ai"] == ("src/services/ai/src", ".")
    assert discovery.decisions_about("roots", ".") == [
        "3 import(s) in ai resolve only here, such as src.services.ai.src.agents; "
        "every unit gets it after its own roots"
    ]
    assert discovery.decisions_about("units.ai.roots", "src/services/ai/src")[0] == (
        "3 import(s) in ai resolve only here, such as agents.state"
    )


def test_few_matching_imports_make_no_root(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "svc/requirements.txt": "",
        "svc/lib/helpers.py": "",
        "svc/main.py": "import helpers\n",
    })

    discovery = discover(tmp_path)

    assert _roots(discovery)["svc"] == ("svc",)
    assert discovery.decisions_about("notes") == [
        "svc/lib is not made a root of svc: only 1 import(s) in svc resolve only here, "
        "such as helpers"
    ]


def test_import_of_other_unit_makes_no_root(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "pytest.ini": "[pytest]\npythonpath = src\n",
        "src/core/__init__.py": "",
        "src/core/a.py": "import api.x\nimport api.x\nimport api.x\n",
        "src/services/api/requirements.txt": "",
        "src/services/api/x.py": "",
        "src/services/web/requirements.txt": "",
        "src/services/web/y.py": "",
    })

    discovery = discover(tmp_path)

    assert _roots(discovery)["src"] == ("src",)


def test_shared_root_that_hides_imports_is_left_out(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "pytest.ini": "[pytest]\npythonpath = lib\ntestpaths = tests\n",
        "tests/__init__.py": "",
        "tests/test_a.py": "",
        "lib/__init__.py": "",
        "lib/util.py": "",
        "src/__init__.py": "",
        "app/requirements.txt": "",
        "app/src/metrics.py": "",
        "app/main.py": "import src.metrics\n",
        "Dockerfile": "FROM python\nWORKDIR /w\nCOPY app/ .\nCMD [\"python\", \"main.py\"]\n",
    })

    discovery = discover(tmp_path)

    assert _roots(discovery)["app"] == ("app", "app/src", "lib")
    assert discovery.decisions_about("units.app.roots", ".") == [
        "not a root here: it would hide 1 import(s) such as src.metrics"
    ]


def test_top_level_tests_and_shared_root_become_units(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "requirements.txt": "",
        "requirements.dev.txt": "pytest\n",
        "pytest.ini": "[pytest]\npythonpath = src\ntestpaths = tests\n",
        "tests/test_core.py": "import core\n",
        "src/core/__init__.py": "",
        "src/services/a/requirements.txt": "",
        "src/services/a/main.py": "",
        "src/services/b/requirements.txt": "",
        "src/services/b/main.py": "",
        "scripts/tool.py": "",
    })

    discovery = discover(tmp_path)
    units = {unit.name: unit for unit in discovery.workspace.units}

    assert _paths(discovery) == {
        "a": "src/services/a",
        "b": "src/services/b",
        "src": "src",
        "tests": "tests",
        "toplevel": ".",
    }
    assert units["tests"].manifests == (
        Manifest("requirements.txt"),
        Manifest("requirements.dev.txt", ManifestKind.DEV),
    )
    assert units["tests"].tests == ("tests",)
    assert dict(discovery.file_counts) == {"a": 1, "b": 1, "src": 1, "tests": 1, "toplevel": 1}


def test_unresolved_names_counted_per_statement(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "requirements.txt": "PyYAML\nrequests\n",
        "a.py": "from trading.orders import buy, sell\nimport yaml, requests, os\n",
        "b.py": "\n\nimport trading\n",
        "pkg/__init__.py": "",
        "pkg/trading.py": "",
    })

    discovery = discover(tmp_path)

    assert [(u.name, u.count, u.first_importer, u.first_line, u.found_in)
            for u in discovery.unresolved] == [("trading", 2, "a.py", 1, ("pkg/trading.py",))]


def test_shadowed_packages_listed_with_paths(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "pytest.ini": "[pytest]\npythonpath = src\n",
        "src/framework/__init__.py": "",
        "svc/requirements.txt": "",
        "svc/src/framework/__init__.py": "",
    })

    discovery = discover(tmp_path)

    assert discovery.shadowed == (("framework", ("src/framework", "svc/src/framework")),)


def test_scan_skips_docstrings_and_reads_parentheses(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "m.py": '''
            """Usage:

                import not_an_import
            """
            from a.b import (
                c,
                d as e,
            )
            text = '"""'
            import f.g as h, i
            from . import sibling
            if x: import j
        ''',
    })

    imports = read_imports(tmp_path / "m.py")

    assert [(i.candidates, i.line) for i in imports] == [
        (("a.b.c", "a.b"), 5),
        (("a.b.d", "a.b"), 5),
        (("f.g",), 10),
        (("i",), 10),
    ]
