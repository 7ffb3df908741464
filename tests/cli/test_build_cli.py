"""`modsplit build` end to end: real nox processes, the result cache, failures, concurrency."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.build_fixtures import make_monorepo

pytestmark = pytest.mark.slow


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_monorepo(tmp_path / "repo", with_noxfile=True)


@pytest.fixture
def runs_log(tmp_path: Path) -> Path:
    return tmp_path / "runs.log"


def build(repo: Path, runs_log: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "RUNS_LOG": str(runs_log), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "modsplit", "build", str(repo), "--session", "check", *arguments],
        capture_output=True, text=True, env=environment, check=False,
    )


def runs(runs_log: Path) -> list[str]:
    lines = runs_log.read_text().splitlines() if runs_log.exists() else []
    runs_log.unlink(missing_ok=True)
    return lines


def table(output: str) -> list[tuple[str, ...]]:
    """Return the summary rows without the time column, which varies."""
    rows = [line.split() for line in output.splitlines()[1:] if line.count("  ") >= 3]
    return [(row[0], row[1], row[2], row[-1]) for row in rows]


def test_first_build_runs_upstream_first(repo: Path, runs_log: Path) -> None:
    completed = build(repo, runs_log)

    assert completed.returncode == 0, completed.stderr
    assert runs(runs_log) == ["core", "api", "web"]
    assert table(completed.stdout) == [
        ("core", "check", "passed", "ran"),
        ("api", "check", "passed", "ran"),
        ("web", "check", "passed", "ran"),
    ]
    assert completed.stdout.splitlines()[0].split() == ["unit", "session", "result", "time", "ran"]


def test_rerun_with_nothing_changed_runs_nothing(repo: Path, runs_log: Path) -> None:
    build(repo, runs_log)
    runs(runs_log)

    completed = build(repo, runs_log, "--format", "json")

    assert completed.returncode == 0
    assert runs(runs_log) == []
    document = json.loads(completed.stdout)
    assert document["schema"] == "modsplit.build/1"
    assert [(s["unit"], s["result"], s["cached"]) for s in document["steps"]] == [
        ("core", "passed", True), ("api", "passed", True), ("web", "passed", True),
    ]
    assert document["failed"] == 0


def test_changes_rerun_only_what_they_reach(repo: Path, runs_log: Path) -> None:
    build(repo, runs_log)
    runs(runs_log)

    (repo / "services/api/api/__init__.py").write_text("from core import cache  # edited\n")
    build(repo, runs_log)
    after_leaf = runs(runs_log)
    (repo / "libs/core/core/cache.py").write_text("SIZE = 3\n")
    build(repo, runs_log)

    assert after_leaf == ["api"]
    assert runs(runs_log) == ["core", "api", "web"]


def test_since_builds_only_affected_units(repo: Path, runs_log: Path) -> None:
    (repo / "services/web/web/__init__.py").write_text("import core.old  # edited\n")

    completed = build(repo, runs_log, "--since", "HEAD", "--no-cache")

    assert completed.returncode == 0, completed.stderr
    assert runs(runs_log) == ["web"]
    assert table(completed.stdout) == [("web", "check", "passed", "ran")]


def test_since_with_nothing_affected_prints_nothing(repo: Path, runs_log: Path) -> None:
    (repo / "README.md").write_text("Edited.\n")

    completed = build(repo, runs_log, "--since", "HEAD")

    assert (completed.returncode, completed.stdout) == (0, "")


def test_failure_exits_one_and_is_not_cached(repo: Path, runs_log: Path) -> None:
    (repo / "services/web/FAIL").write_text("")

    first = build(repo, runs_log, "-j", "2")
    runs(runs_log)
    second = build(repo, runs_log)

    assert first.returncode == 1
    assert ("web", "check", "failed", "ran") in table(first.stdout)
    assert "check failed for web; output in .modsplit_cache/build/logs/web.check.log" in (
        first.stdout
    )
    log = (repo / ".modsplit_cache/build/logs/web.check.log").read_text()
    assert "FAIL marker found" in log
    assert second.returncode == 1
    assert table(second.stdout) == [
        ("core", "check", "passed", "cached"),
        ("api", "check", "passed", "cached"),
        ("web", "check", "failed", "ran"),
    ]


def test_posargs_reach_the_session_without_cache(repo: Path, runs_log: Path) -> None:
    completed = build(repo, runs_log, "--posargs=-k fast", "--no-cache")

    assert completed.returncode == 0
    assert runs(runs_log) == ["core -k fast", "api -k fast", "web -k fast"]
    assert not (repo / ".modsplit_cache/build/results").exists()


def test_corrupt_cache_entry_warns_and_reruns(repo: Path, runs_log: Path) -> None:
    build(repo, runs_log)
    runs(runs_log)
    entries = sorted((repo / ".modsplit_cache/build/results").rglob("*.json"))
    for entry in entries:
        entry.write_text("{not json")

    completed = build(repo, runs_log)

    assert completed.returncode == 0
    assert completed.stderr.count("ignoring corrupt cache entry") == 3
    assert runs(runs_log) == ["core", "api", "web"]
    assert all(json.loads(entry.read_text())["schema"] == "modsplit.build-result/1"
               for entry in entries)


def test_two_concurrent_builds_leave_a_valid_cache(repo: Path, runs_log: Path) -> None:
    # Files older than two seconds get their digests stored, so both builds write them.
    for path in repo.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            os.utime(path, (path.stat().st_atime - 60, path.stat().st_mtime - 60))
    environment = {**os.environ, "RUNS_LOG": str(runs_log)}
    command = [sys.executable, "-m", "modsplit", "build", str(repo), "--session", "check",
               "-j", "2"]
    first = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    outputs = [first.communicate(timeout=120), second.communicate(timeout=120)]
    runs(runs_log)

    rerun = build(repo, runs_log)

    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert all("corrupt" not in err for _, err in outputs)
    assert rerun.returncode == 0
    assert runs(runs_log) == []
    results = sorted((repo / ".modsplit_cache/build/results").rglob("*.json"))
    assert len(results) == 3
    assert {json.loads(path.read_text())["unit"] for path in results} == {"core", "api", "web"}
    digests = json.loads((repo / ".modsplit_cache/build/digests.json").read_text())
    assert "libs/core/core/cache.py" in digests


def test_undefined_session_is_usage_error(repo: Path, runs_log: Path) -> None:
    completed = build(repo, runs_log, "--session", "docs")

    assert completed.returncode == 2
    assert "does not define docs(unit='core'), docs(unit='api'), docs(unit='web')" in (
        completed.stderr
    )


def test_missing_noxfile_is_usage_error(repo: Path, runs_log: Path) -> None:
    (repo / "noxfile.py").unlink()

    completed = build(repo, runs_log)

    assert completed.returncode == 2
    assert "noxfile.py: noxfile not found" in completed.stderr


def test_unterminated_posargs_quote_is_usage_error(repo: Path, runs_log: Path) -> None:
    completed = build(repo, runs_log, "--posargs", '"unterminated')

    assert completed.returncode == 2
    assert completed.stderr == (
        "modsplit: error: --posargs '\"unterminated': No closing quotation; close the quote or "
        "escape it with a backslash\n"
    )
    assert runs(runs_log) == []


def test_unwritable_cache_folder_is_analysis_error(repo: Path, runs_log: Path) -> None:
    config = repo / "config/modsplit.toml"
    config.write_text(config.read_text() + '\n[build]\ncache_dir = "README.md/cache"\n')

    completed = build(repo, runs_log)

    assert completed.returncode == 3
    assert completed.stderr == (
        f"modsplit: error: cannot create the build cache folder {repo / 'README.md/cache'}: "
        "Not a directory; set [build] cache_dir to a writable folder\n"
    )
    assert runs(runs_log) == []
