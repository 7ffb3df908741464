"""The git adapter on real repositories: changed files, renames, deletions and clear errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from modsplit.adapters.git import changed_files, export_tree, parse_name_status
from modsplit.build.changes import Change
from modsplit.errors import UsageError
from tests.helpers import make_tree


def git(directory: Path, *arguments: str) -> str:
    completed = subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.com",
         "-c", "init.defaultBranch=main", *arguments],
        cwd=directory, capture_output=True, text=True, check=True,
    )
    return completed.stdout


def make_repository(directory: Path, files: dict[str, str]) -> Path:
    make_tree(directory, files)
    git(directory, "init", "-q")
    git(directory, "add", "-A")
    git(directory, "commit", "-q", "-m", "first")
    return directory


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    return make_repository(tmp_path / "repo", {
        "pkg/a.py": "A = 1\n" * 20,
        "pkg/b.py": "B = 2\n",
        "docs/readme.md": "hello\n",
    })


def kinds(changes: tuple[Change, ...]) -> list[tuple[str, str, str | None]]:
    return [(change.path, change.kind.value, change.old_path) for change in changes]


def test_work_tree_changes_include_untracked(repository: Path) -> None:
    (repository / "pkg/b.py").write_text("B = 3\n")
    (repository / "pkg/new.py").write_text("")

    found = changed_files(repository, since="HEAD")

    assert kinds(found.changes) == [
        ("pkg/b.py", "modified", None),
        ("pkg/new.py", "added", None),
    ]


def test_committed_changes_since_revision(repository: Path) -> None:
    (repository / "pkg/b.py").unlink()
    git(repository, "commit", "-q", "-am", "remove b")

    found = changed_files(repository, since="HEAD~1")

    assert kinds(found.changes) == [("pkg/b.py", "deleted", None)]
    assert found.removed_python_files == ("pkg/b.py",)


def test_rename_detected(repository: Path) -> None:
    git(repository, "mv", "pkg/a.py", "pkg/c.py")

    found = changed_files(repository, since="HEAD")

    assert kinds(found.changes) == [("pkg/c.py", "renamed", "pkg/a.py")]
    assert found.removed_python_files == ("pkg/a.py",)


def test_until_ignores_work_tree(repository: Path) -> None:
    (repository / "pkg/b.py").write_text("B = 3\n")
    git(repository, "commit", "-q", "-am", "second")
    (repository / "docs/readme.md").write_text("edited\n")
    (repository / "pkg/untracked.py").write_text("")

    found = changed_files(repository, since="HEAD~1", until="HEAD")

    assert kinds(found.changes) == [("pkg/b.py", "modified", None)]


def test_until_with_uncommitted_changes(repository: Path) -> None:
    (repository / "pkg/b.py").write_text("B = 3\n")
    git(repository, "commit", "-q", "-am", "second")
    (repository / "docs/readme.md").write_text("edited\n")
    (repository / "pkg/untracked.py").write_text("")

    found = changed_files(repository, since="HEAD~1", until="HEAD", include_uncommitted=True)

    assert kinds(found.changes) == [
        ("docs/readme.md", "modified", None),
        ("pkg/b.py", "modified", None),
        ("pkg/untracked.py", "added", None),
    ]


def test_subfolder_paths_are_relative_to_it(repository: Path) -> None:
    (repository / "pkg/b.py").write_text("B = 3\n")
    (repository / "docs/readme.md").write_text("edited\n")

    found = changed_files(repository / "pkg", since="HEAD")

    assert kinds(found.changes) == [("b.py", "modified", None)]


def test_unknown_revision_names_the_fix(repository: Path) -> None:
    with pytest.raises(UsageError) as raised:
        changed_files(repository, since="no-such-branch")

    assert raised.value.message == (
        "unknown revision 'no-such-branch'; check the name, or fetch it with "
        "`git fetch origin no-such-branch`"
    )


def test_repository_without_commits_says_commit_first(tmp_path: Path) -> None:
    make_tree(tmp_path, {"pkg/a.py": "A = 1\n"})
    git(tmp_path, "init", "-q")

    with pytest.raises(UsageError) as raised:
        changed_files(tmp_path, since="HEAD")

    assert raised.value.message == "the repository has no commits yet; commit first"


def test_option_like_revision_rejected(repository: Path) -> None:
    with pytest.raises(UsageError, match="invalid revision '--output=x'"):
        changed_files(repository, since="--output=x")


def test_shallow_clone_names_unshallow(repository: Path, tmp_path: Path) -> None:
    (repository / "pkg/b.py").write_text("B = 3\n")
    git(repository, "commit", "-q", "-am", "second")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repository}", str(clone))

    with pytest.raises(UsageError) as raised:
        changed_files(clone, since="HEAD~1")

    assert "shallow clone" in raised.value.message
    assert "`git fetch --unshallow`" in raised.value.message


def test_not_a_work_tree(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()

    with pytest.raises(UsageError, match="not inside a git work tree"):
        changed_files(tmp_path / "plain", since="HEAD")


def test_export_tree_writes_files_at_revision(repository: Path, tmp_path: Path) -> None:
    (repository / "pkg/b.py").unlink()
    destination = tmp_path / "out"

    count = export_tree(repository / "pkg", revision="HEAD", destination=destination,
                        wanted=lambda path: path.endswith(".py"))

    assert count == 2
    assert (destination / "b.py").read_text() == "B = 2\n"


def test_parse_name_status_handles_every_status() -> None:
    output = "M\0a.py\0A\0b c.py\0D\0d.py\0R095\0old.py\0new.py\0C100\0x.py\0y.py\0T\0link\0"

    assert kinds(parse_name_status(output)) == [
        ("a.py", "modified", None),
        ("b c.py", "added", None),
        ("d.py", "deleted", None),
        ("link", "modified", None),
        ("new.py", "renamed", "old.py"),
        ("y.py", "added", None),
    ]
