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
