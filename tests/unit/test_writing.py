"""The atomic writer: diff, check and write modes, and file modes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from modsplit.errors import AnalysisError
from modsplit.writing import WriteMode, write_atomically, write_text_files


def test_diff_mode_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old\n", encoding="utf-8")
    result = write_text_files({target: "new\n"}, mode=WriteMode.DIFF, relative_to=tmp_path)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert result.changed == (target,)
    assert result.diff.splitlines() == ["--- a/a.txt", "+++ b/a.txt", "@@ -1 +1 @@", "-old", "+new"]


def test_write_mode_replaces_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.txt"
    result = write_text_files({target: "new\n"}, mode=WriteMode.WRITE, relative_to=tmp_path)
    assert target.read_text(encoding="utf-8") == "new\n"
    assert result.diff.startswith("--- /dev/null\n+++ b/sub/a.txt\n")


def test_unchanged_file_is_not_reported(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("same\n", encoding="utf-8")
    assert not write_text_files({target: "same\n"}, mode=WriteMode.CHECK).has_changes


def test_new_file_gets_umask_mode(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_atomically(tmp_path / "new.txt", "x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "tool.sh"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o755)
    write_atomically(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o755
    assert list(tmp_path.iterdir()) == [target]


def test_unwritable_path_is_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(AnalysisError) as failure:
        write_atomically(blocker / "out.html", "text")
    assert failure.value.message.startswith(f"cannot write {blocker / 'out.html'}: ")
    assert "\n" not in failure.value.message


def test_crlf_file_written_back_unchanged_is_no_drift(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"one\r\ntwo\r\n")
    assert not write_text_files({target: "one\r\ntwo\r\n"}, mode=WriteMode.CHECK).has_changes
