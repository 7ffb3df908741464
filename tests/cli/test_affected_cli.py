"""`modsplit affected` and `modsplit why-affected` end to end on real git repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modsplit.cli import main
from tests.cli.build_fixtures import FILES, git, make_monorepo
from tests.helpers import make_tree


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_monorepo(tmp_path / "repo")


def affected(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(["affected", *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_module_change_text(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "libs/core/core/cache.py").write_text("SIZE = 2\n")

    code, out, _ = affected(capsys, "--since", "HEAD", str(repo))

    assert code == 0
    assert out == (
        "api: libs/core/core/cache.py (modified), through core\n"
        "core: libs/core/core/cache.py (modified)\n"
        "web: libs/core/core/cache.py (modified), through core\n"
    )


def test_leaf_change_affects_only_leaf(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "services/web/web/__init__.py").write_text("import core.old  # edited\n")

    assert affected(capsys, "--since", "HEAD", "--format", "names", str(repo))[1] == "web\n"


def test_explain_shows_chain(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "libs/core/core/cache.py").write_text("SIZE = 2\n")

    out = affected(capsys, "--since", "HEAD", "--explain", str(repo))[1]

    assert out.startswith(
        "api\n"
        "  libs/core/core/cache.py (modified)\n"
        "  services/api/api/__init__.py:1 imports core.cache\n"
    )


def test_deleted_module_affects_its_importers(repo: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "libs/core/core/old.py").unlink()

    out = affected(capsys, "--since", "HEAD", "--explain", str(repo))[1]

    assert "web\n  libs/core/core/old.py (deleted)\n" in out
    assert "  services/web/web/__init__.py:1 imports core.old (at HEAD)\n" in out


def test_renamed_module(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "mv", "libs/core/core/old.py", "services/api/api/old.py")

    out = affected(capsys, "--since", "HEAD", "--format", "json", str(repo))[1]

    document = json.loads(out)
    assert document["units"] == ["api", "core", "web"]
    assert document["changes"] == [
        {"path": "services/api/api/old.py", "change": "renamed",
         "old_path": "libs/core/core/old.py"},
    ]
    assert document["reasons"]["web"] == [
        "libs/core/core/old.py (renamed to services/api/api/old.py)",
        "services/web/web/__init__.py:1 imports core.old (at HEAD)",
    ]


def test_global_file_names_the_cause(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text("[project]\nname = 'mono2'\n")

    out = affected(capsys, "--since", "HEAD", str(repo))[1]

    assert out == (
        "api: pyproject.toml (modified, global file)\n"
        "core: pyproject.toml (modified, global file)\n"
        "web: pyproject.toml (modified, global file)\n"
    )


def test_configuration_is_a_global_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (repo / "config/modsplit.toml").open("a") as config:
        config.write("\n# edited\n")

    out = affected(capsys, "--since", "HEAD", "--format", "names", str(repo))[1]

    assert out == "api\ncore\nweb\n"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("libs/core/requirements.txt", "core: libs/core/requirements.txt (modified, manifest)"),
        ("libs/core/tests/conftest.py", "core: libs/core/tests/conftest.py (modified, conftest)"),
        ("libs/core/data/prices.csv", "core: libs/core/data/prices.csv (modified, file)"),
        ("libs/core/tests/test_cache.py",
         "core: libs/core/tests/test_cache.py (modified, test file)"),
    ],
)
def test_each_input_kind(repo: Path, capsys: pytest.CaptureFixture[str], path: str,
                         expected: str) -> None:
    with (repo / path).open("a") as changed:
        changed.write("\n")

    out = affected(capsys, "--since", "HEAD", str(repo))[1]

    assert expected in out.splitlines()


def test_test_inputs_do_not_reach_downstream(repo: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "libs/core/tests/conftest.py").write_text("# edited\n")

    assert affected(capsys, "--since", "HEAD", "--format", "names", str(repo))[1] == "core\n"


def test_untracked_lockfile(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "services/api/requirements.lock").write_text("attrs==23.1\n")

    out = affected(capsys, "--since", "HEAD", str(repo))[1]

    assert out == "api: services/api/requirements.lock (added, lockfile)\n"


def test_github_matrix(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "services/api/api/__init__.py").write_text("")

    out = affected(capsys, "--since", "HEAD", "--format", "github-matrix", str(repo))[1]

    assert out == '{"include": [{"unit": "api"}]}\n'


def test_nothing_affected_is_empty(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "README.md").write_text("Edited.\n")

    assert affected(capsys, "--since", "HEAD", str(repo)) == (0, "", "")


def test_committed_range_with_until(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "services/api/api/__init__.py").write_text("")
    git(repo, "commit", "-q", "-am", "edit api")
    (repo / "services/web/web/__init__.py").write_text("")

    out = affected(capsys, "--since", "HEAD~1", "--until", "HEAD", "--format", "names", str(repo))

    assert out[1] == "api\n"


def test_include_uncommitted_needs_until(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = affected(capsys, "--since", "HEAD", "--include-uncommitted", str(repo))

    assert code == 2
    assert "--include-uncommitted needs --until" in err


def test_unknown_revision_exit_code(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = affected(capsys, "--since", "nope", str(repo))

    assert (code, out) == (2, "")
    assert err == (
        "modsplit: error: unknown revision 'nope'; check the name, or fetch it with "
        "`git fetch origin nope`\n"
    )


def test_repository_without_commits_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(tmp_path, FILES)
    git(tmp_path, "init", "-q")

    code, out, err = affected(capsys, "--since", "HEAD", str(tmp_path))

    assert (code, out) == (2, "")
    assert err == "modsplit: error: the repository has no commits yet; commit first\n"


def test_why_affected(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "libs/core/core/cache.py").write_text("SIZE = 2\n")
    (repo / "services/web/web/__init__.py").write_text("import core.old\n\n")

    code = main(["why-affected", "web", str(repo), "--since", "HEAD"])

    assert code == 0
    assert capsys.readouterr().out == (
        "web is affected by 2 files changed since HEAD:\n"
        "  services/web/web/__init__.py (modified)\n"
        "  libs/core/core/cache.py (modified)\n"
        "    services/web/web/__init__.py:1 imports core.old\n"
    )


def test_why_affected_unknown_unit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["why-affected", "mobile", str(repo), "--since", "HEAD"])

    assert code == 2
    assert capsys.readouterr().err == (
        "modsplit: error: unknown unit 'mobile'; known units: core, api, web\n"
    )
