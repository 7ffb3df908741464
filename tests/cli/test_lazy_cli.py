"""``modsplit lazy`` end to end on packages written by the tests."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from modsplit.cli import main
from tests.helpers import make_tree

PACKAGE = {
    "pkg/__init__.py": '"""A package."""\nfrom .core import Thing\n__all__ = ["Thing"]\n',
    "pkg/core.py": "class Thing:\n    pass\n",
}


def git(directory: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *arguments],
        cwd=directory, check=True, capture_output=True,
    )


def committed_package(tmp_path: Path) -> Path:
    make_tree(tmp_path, PACKAGE)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path / "pkg"


def test_apply_without_write_prints_diff_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path, PACKAGE)
    monkeypatch.chdir(tmp_path)

    code = main(["lazy", "apply", "pkg"])

    captured = capsys.readouterr()
    assert code == 1
    assert captured.out.startswith("--- a/pkg/__init__.py\n+++ b/pkg/__init__.py\n")
    assert "-from .core import Thing\n" in captured.out
    assert captured.err == (
        "pkg/__init__.py (pkg): 1 imports made lazy, 0 kept eager\n"
        "  lazy   line 2: from .core import Thing\n"
        "  also lazy: submodules the lazy imports bound as a side effect: core\n"
    )
    assert (tmp_path / "pkg/__init__.py").read_text() == PACKAGE["pkg/__init__.py"]


@pytest.mark.slow
def test_apply_write_rejects_uncommitted_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = committed_package(tmp_path)
    (package / "__init__.py").write_text(PACKAGE["pkg/__init__.py"] + "# edited\n")

    code = main(["lazy", "apply", str(package), "--write"])

    assert code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"modsplit: error: {package / '__init__.py'} has uncommitted changes, so --write could "
        "not be undone; commit it or pass --force"
    )
    assert (package / "__init__.py").read_text().endswith("# edited\n")


@pytest.mark.slow
def test_apply_write_with_force_writes_dirty_file(tmp_path: Path) -> None:
    package = committed_package(tmp_path)
    (package / "__init__.py").write_text(PACKAGE["pkg/__init__.py"] + "# edited\n")

    code = main(["lazy", "apply", str(package), "--write", "--force"])

    assert code == 0
    assert "def __getattr__(name: str) -> object:" in (package / "__init__.py").read_text()


@pytest.mark.slow
def test_verify_passes_after_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = committed_package(tmp_path)
    assert main(["lazy", "apply", str(package), "--write"]) == 0
    capsys.readouterr()

    code = main(["lazy", "verify", str(package), "--repeat", "1"])

    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[0] == "verify pkg: 2 public names, 1 classes pickled, first access from 8 threads"
    assert lines[-1] == "no differences"


@pytest.mark.slow
def test_verify_reports_broken_shim(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = committed_package(tmp_path)
    assert main(["lazy", "apply", str(package), "--write"]) == 0
    init = package / "__init__.py"
    # Break the shim: the map points Thing at a module that does not define it.
    init.write_text(init.read_text().replace('(".core", "Thing")', '(".core", "Thing2")'))
    capsys.readouterr()

    code = main(["lazy", "verify", str(package), "--repeat", "1"])

    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines[2:] == [
        "1 difference:",
        "  Thing: access now fails: ModuleNotFoundError: No module named 'pkg.core.Thing2'; "
        "'pkg.core' is not a package",
    ]


def test_forward_writes_module_warning_with_new_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(tmp_path, PACKAGE)
    monkeypatch.chdir(tmp_path)

    assert main(["lazy", "forward", "oldpkg.core", "pkg.core", "."]) == 1
    assert capsys.readouterr().out.startswith("--- /dev/null\n+++ b/oldpkg/core.py\n")
    assert main(["lazy", "forward", "oldpkg.core", "pkg.core", ".", "--write", "--force"]) == 0

    monkeypatch.syspath_prepend(str(tmp_path))
    import oldpkg.core  # type: ignore[import-not-found]

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        thing = oldpkg.core.Thing
    assert thing.__module__ == "pkg.core"
    assert [str(w.message) for w in caught] == [
        "oldpkg.core has moved to pkg.core; import Thing from pkg.core"
    ]
    assert caught[0].category is DeprecationWarning
    for name in ("oldpkg.core", "oldpkg", "pkg.core", "pkg"):
        sys.modules.pop(name, None)


def test_lazy_without_subcommand_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lazy"]) == 2
    assert capsys.readouterr().err == (
        "modsplit: error: name a lazy command: profile, apply, forward or verify\n"
    )


def test_forward_rejects_real_module_at_old_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(tmp_path, {**PACKAGE, "oldpkg/__init__.py": "", "oldpkg/core.py": "REAL = 1\n"})
    monkeypatch.chdir(tmp_path)

    code = main(["lazy", "forward", "oldpkg.core", "pkg.core", ".", "--write"])

    assert code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"modsplit: error: oldpkg.core is a module at {tmp_path / 'oldpkg/core.py'}, not a "
        "forwarding module written by modsplit; move its code to pkg.core first, or pass "
        "--force to replace it"
    )
    assert (tmp_path / "oldpkg/core.py").read_text() == "REAL = 1\n"


def test_forward_force_replaces_real_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path, {**PACKAGE, "oldpkg/__init__.py": "", "oldpkg/core.py": "REAL = 1\n"})
    monkeypatch.chdir(tmp_path)

    code = main(["lazy", "forward", "oldpkg.core", "pkg.core", ".", "--write", "--force"])

    assert code == 0
    assert "forwards to it" in (tmp_path / "oldpkg/core.py").read_text()


def test_forward_rewrites_its_own_forwarding_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path, PACKAGE)
    monkeypatch.chdir(tmp_path)
    assert main(["lazy", "forward", "oldpkg.core", "pkg.core", ".", "--write", "--force"]) == 0
    forwarding = tmp_path / "oldpkg/core.py"
    forwarding.write_text(forwarding.read_text().replace("pkg.core", "pkg.other"))

    code = main(["lazy", "forward", "oldpkg.core", "pkg.core", ".", "--write", "--force"])

    assert code == 0
    assert '_NEW_MODULE = "pkg.core"' in forwarding.read_text()
    assert main(["lazy", "forward", "oldpkg.core", "pkg.core", "."]) == 0


@pytest.mark.slow
def test_apply_write_keeps_crlf_line_endings(tmp_path: Path) -> None:
    crlf = {"pkg/__init__.py": b'"""A package."""\r\nfrom .core import Thing\r\n# End.\r\n',
            "pkg/core.py": b"class Thing:\r\n    pass\r\n"}
    make_tree(tmp_path, crlf)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")

    code = main(["lazy", "apply", str(tmp_path / "pkg"), "--write"])

    written = (tmp_path / "pkg/__init__.py").read_bytes()
    assert code == 0
    assert written.startswith(b'"""A package."""\r\n')
    assert b"# End.\r\n" in written
    assert b"def __getattr__(name: str) -> object:\r\n" in written
    assert b"\n" not in written.replace(b"\r\n", b"")


def test_apply_write_keeps_declared_encoding(tmp_path: Path) -> None:
    init = "# -*- coding: latin-1 -*-\n# Café.\nfrom .core import Thing\n"
    make_tree(tmp_path, {"pkg/__init__.py": init.encode("latin-1"), "pkg/core.py": "X = 1\n"})

    code = main(["lazy", "apply", str(tmp_path / "pkg"), "--write", "--force"])

    written = (tmp_path / "pkg/__init__.py").read_bytes().decode("latin-1")
    assert code == 0
    assert written.startswith("# -*- coding: latin-1 -*-\n# Café.\n")
    assert "def __getattr__" in written


def test_apply_diff_of_latin1_file_shows_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init = "# -*- coding: latin-1 -*-\n# Café.\nfrom .core import Thing\n"
    make_tree(tmp_path, {"pkg/__init__.py": init.encode("latin-1"), "pkg/core.py": "X = 1\n"})

    code = main(["lazy", "apply", str(tmp_path / "pkg")])

    assert code == 1
    assert " # Café.\n-from .core import Thing\n" in capsys.readouterr().out


@pytest.mark.slow
def test_apply_write_through_symlink_writes_its_target(tmp_path: Path) -> None:
    make_tree(tmp_path, {"shared/init.py": PACKAGE["pkg/__init__.py"],
                         "pkg/core.py": PACKAGE["pkg/core.py"]})
    (tmp_path / "pkg/__init__.py").symlink_to("../shared/init.py")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")

    code = main(["lazy", "apply", str(tmp_path / "pkg"), "--write"])

    assert code == 0
    assert (tmp_path / "pkg/__init__.py").is_symlink()
    assert "def __getattr__" in (tmp_path / "shared/init.py").read_text()


def test_apply_write_rejects_symlink_leaving_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = make_tree(tmp_path / "outside", {"init.py": PACKAGE["pkg/__init__.py"]})
    repo = make_tree(tmp_path / "repo", {"pkg/core.py": PACKAGE["pkg/core.py"]})
    (repo / "pkg/__init__.py").symlink_to(outside / "init.py")
    git(repo, "init", "-q")

    code = main(["lazy", "apply", str(repo / "pkg"), "--write", "--force"])

    assert code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"modsplit: error: {repo / 'pkg/__init__.py'} is a symbolic link to "
        f"{outside / 'init.py'}, outside {repo}; edit that file there or replace the link "
        "with a copy"
    )
    assert (repo / "pkg/__init__.py").is_symlink()
    assert (outside / "init.py").read_text() == PACKAGE["pkg/__init__.py"]


def test_verify_against_empty_folder_is_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(tmp_path / "work", PACKAGE)
    (tmp_path / "empty").mkdir()

    code = main(["lazy", "verify", str(tmp_path / "work/pkg"), "--against",
                 str(tmp_path / "empty")])

    assert code == 2
    assert capsys.readouterr().err == (
        f"modsplit: error: pkg not found under {tmp_path / 'empty'}; pass the folder above the "
        "package\n"
    )


def test_verify_against_package_folder_itself_is_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(tmp_path / "work", PACKAGE)
    make_tree(tmp_path / "eager", PACKAGE)

    code = main(["lazy", "verify", str(tmp_path / "work/pkg"), "--against",
                 str(tmp_path / "eager/pkg")])

    assert code == 2
    assert capsys.readouterr().err == (
        f"modsplit: error: pkg not found under {tmp_path / 'eager/pkg'}; pass the folder above "
        "the package\n"
    )


def test_verify_against_identical_copy_is_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(tmp_path / "work", PACKAGE)
    make_tree(tmp_path / "eager", PACKAGE)

    code = main(["lazy", "verify", str(tmp_path / "work/pkg"), "--against",
                 str(tmp_path / "eager")])

    assert code == 2
    assert capsys.readouterr().err == (
        f"modsplit: error: pkg under {tmp_path / 'eager'} is byte-identical to the one "
        "verified, so there is nothing to compare; pass --against a copy from before the "
        "lazy rewrite\n"
    )


@pytest.mark.slow
def test_verify_after_commit_says_head_is_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = committed_package(tmp_path)

    code = main(["lazy", "verify", str(package), "--repeat", "1"])

    assert code == 2
    assert capsys.readouterr().err == (
        "modsplit: error: pkg at git HEAD is byte-identical to the work tree, so there is "
        "nothing to compare; run verify before committing the lazy rewrite, or pass --against "
        "a copy from before it\n"
    )


def test_verify_outside_git_is_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(tmp_path, PACKAGE)

    code = main(["lazy", "verify", str(tmp_path / "pkg"), "--repeat", "1"])

    assert code == 2
    assert capsys.readouterr().err == (
        f"modsplit: error: {tmp_path / 'pkg'} is not in a git repository; pass --against DIR "
        "with the eager version\n"
    )


@pytest.mark.slow
def test_verify_reports_lazy_version_failing_to_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = committed_package(tmp_path)
    (package / "core.py").write_text("X = 1\nclass Thing\n    pass\n")

    code = main(["lazy", "verify", str(package), "--repeat", "1"])

    assert code == 1
    assert capsys.readouterr().out == (
        "verify pkg: 2 public names, 1 classes pickled, first access from 8 threads\n"
        "import time: not measured, because the lazy version fails to import\n"
        "1 difference:\n"
        "  the lazy version fails to import: SyntaxError: expected ':' at "
        f"{package / 'core.py'}:2\n"
    )


@pytest.mark.parametrize("limit", ["-3", "-1"])
def test_profile_negative_limit_is_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], limit: str
) -> None:
    make_tree(tmp_path, PACKAGE)

    code = main(["lazy", "profile", str(tmp_path / "pkg"), "--limit", limit])

    assert code == 2
    assert capsys.readouterr().err == (
        f"modsplit: error: --limit {limit}: pass 0 (all) or a positive number\n"
    )
