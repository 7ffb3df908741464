"""Reading every manifest form: requirements files, pyproject.toml, setup.cfg and setup.py."""

from __future__ import annotations

from pathlib import Path

from modsplit.deps.manifests import discover_manifests, read_manifest
from modsplit.deps.model import Requirement
from modsplit.workspace.model import Manifest, ManifestKind
from tests.helpers import make_tree


def _summary(requirements: tuple[Requirement, ...]) -> list[tuple[str, str, int, str]]:
    return [(r.distribution, r.manifest, r.line, r.kind.value) for r in requirements]


def test_requirements_file_forms(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "svc/requirements.txt": """
            # a comment line
            --index-url https://example.invalid/simple
            Django>=5.2  # trailing comment
            celery[redis]>=5.3
            zoneinfo-backport; python_version < "3.9"
            git+https://example.invalid/x/repo.git@main#egg=private_lib
            pkg @ https://example.invalid/pkg-1.0.tar.gz
            -e ../libs/shared
            requests \\
                >=2.31
            numpy==1.26.4 --hash=sha256:abc
            -r requirements-extra.txt
            -c constraints.txt
        """,
        "svc/requirements-extra.txt": "PyYAML\n",
        "svc/constraints.txt": "urllib3<3\n",
        "libs/shared/pyproject.toml": '[project]\nname = "shared-lib"\n',
    })
    contents = read_manifest(tmp_path, Manifest("svc/requirements.txt"))
    assert _summary(contents.requirements) == [
        ("django", "svc/requirements.txt", 3, "runtime"),
        ("celery", "svc/requirements.txt", 4, "runtime"),
        ("zoneinfo-backport", "svc/requirements.txt", 5, "runtime"),
        ("private-lib", "svc/requirements.txt", 6, "runtime"),
        ("pkg", "svc/requirements.txt", 7, "runtime"),
        ("shared-lib", "svc/requirements.txt", 8, "runtime"),
        ("requests", "svc/requirements.txt", 9, "runtime"),
        ("numpy", "svc/requirements.txt", 11, "runtime"),
        ("pyyaml", "svc/requirements-extra.txt", 1, "runtime"),
    ]
    by_name = {r.distribution: r for r in contents.requirements}
    assert by_name["celery"].extras == ("redis",)
    assert by_name["zoneinfo-backport"].marker == 'python_version < "3.9"'
    assert by_name["shared-lib"].is_editable
    assert by_name["shared-lib"].path == "libs/shared"
    assert by_name["requests"].specifier == ">=2.31"
    assert [c.distribution for c in contents.constraints] == ["urllib3"]
    assert contents.includes == ("svc/requirements-extra.txt", "svc/constraints.txt")
    assert contents.problems == ()


def test_requirements_include_cycle_read_once(tmp_path: Path) -> None:
    make_tree(tmp_path, {"a.txt": "-r b.txt\nalpha\n", "b.txt": "-r a.txt\nbeta\n"})
    contents = read_manifest(tmp_path, Manifest("a.txt"))
    assert [r.distribution for r in contents.requirements] == ["beta", "alpha"]


def test_requirements_invalid_line_reported(tmp_path: Path) -> None:
    make_tree(tmp_path, {"requirements.txt": "good\nbad name here!\n"})
    contents = read_manifest(tmp_path, Manifest("requirements.txt"))
    assert [r.distribution for r in contents.requirements] == ["good"]
    assert len(contents.problems) == 1
    assert contents.problems[0].startswith("requirements.txt:2: invalid requirement")


def test_dev_manifest_marks_entries_dev(tmp_path: Path) -> None:
    make_tree(tmp_path, {"requirements-dev.txt": "pytest\n"})
    contents = read_manifest(tmp_path, Manifest("requirements-dev.txt", ManifestKind.DEV))
    assert _summary(contents.requirements) == [("pytest", "requirements-dev.txt", 1, "dev")]


def test_pyproject_pep621_groups_and_poetry(tmp_path: Path) -> None:
    make_tree(tmp_path, {"pyproject.toml": """
        [project]
        name = "api-service"
        dependencies = [
          "fastapi",
          "uvicorn[standard]>=0.30",
        ]

        [project.optional-dependencies]
        websocket = ["websockets", "python-socketio"]
        dev = ["pytest"]

        [project.scripts]
        api = "api.main:run"

        [dependency-groups]
        lint = ["ruff", {include-group = "typing"}]
        typing = ["mypy"]

        [tool.poetry.dependencies]
        python = "^3.11"
        requests = "^2.31"
        celery = {version = "^5", extras = ["redis"]}

        [tool.poetry.group.test.dependencies]
        pytest-asyncio = "*"
    """})
    contents = read_manifest(tmp_path, Manifest("pyproject.toml"))
    assert _summary(contents.requirements) == [
        ("fastapi", "pyproject.toml", 4, "runtime"),
        ("uvicorn", "pyproject.toml", 5, "runtime"),
        ("websockets", "pyproject.toml", 9, "runtime"),
        ("python-socketio", "pyproject.toml", 9, "runtime"),
        ("pytest", "pyproject.toml", 10, "dev"),
        ("ruff", "pyproject.toml", 16, "dev"),
        ("mypy", "pyproject.toml", 17, "dev"),
        ("requests", "pyproject.toml", 21, "runtime"),
        ("celery", "pyproject.toml", 22, "runtime"),
        ("pytest-asyncio", "pyproject.toml", 25, "dev"),
    ]
    assert contents.project_name == "api-service"
    assert contents.entry_points == (("api.main:run", 13),)
    celery = contents.requirements[8]
    assert celery.extras == ("redis",)


def test_setup_cfg(tmp_path: Path) -> None:
    make_tree(tmp_path, {"setup.cfg": """
        [metadata]
        name = fks-core

        [options]
        install_requires =
            requests>=2
            pyyaml  # config files

        [options.extras_require]
        test =
            pytest
    """})
    contents = read_manifest(tmp_path, Manifest("setup.cfg"))
    assert _summary(contents.requirements) == [
        ("requests", "setup.cfg", 6, "runtime"),
        ("pyyaml", "setup.cfg", 7, "runtime"),
        ("pytest", "setup.cfg", 11, "dev"),
    ]
    assert contents.project_name == "fks-core"


def test_setup_py_literal_and_through_a_name(tmp_path: Path) -> None:
    make_tree(tmp_path, {"setup.py": """
        from setuptools import setup

        REQUIRES = [
            "requests>=2",
        ]

        setup(
            name="fks-data",
            install_requires=REQUIRES,
            extras_require={"dev": ["pytest"], "gpu": ["torch"]},
        )
    """})
    contents = read_manifest(tmp_path, Manifest("setup.py"))
    assert _summary(contents.requirements) == [
        ("requests", "setup.py", 4, "runtime"),
        ("pytest", "setup.py", 10, "dev"),
        ("torch", "setup.py", 10, "runtime"),
    ]
    assert contents.project_name == "fks-data"


def test_setup_py_computed_requirements_reported(tmp_path: Path) -> None:
    make_tree(tmp_path, {"setup.py": """
        from setuptools import setup
        setup(name="x", install_requires=open("requirements.txt").read().split())
    """})
    contents = read_manifest(tmp_path, Manifest("setup.py"))
    assert contents.requirements == ()
    assert contents.problems == (
        "setup.py:2: install_requires is not statically readable; declare it in "
        "pyproject.toml or setup.cfg",
    )


def test_discovery_guesses_dev_files_by_name(tmp_path: Path) -> None:
    make_tree(tmp_path, {
        "svc/requirements.txt": "", "svc/requirements.dev.txt": "",
        "svc/requirements-langgraph.txt": "", "svc/pyproject.toml": "",
    })
    assert discover_manifests(tmp_path / "svc", "svc") == (
        Manifest("svc/requirements-langgraph.txt"),
        Manifest("svc/requirements.dev.txt", ManifestKind.DEV),
        Manifest("svc/requirements.txt"),
        Manifest("svc/pyproject.toml"),
    )
