"""The git engine: changed files between revisions, and files as they were at a revision.

This is the only module that runs git for changes. Every path it returns is relative to the
workspace directory, which may be a subfolder of the repository: git's ``--relative`` and
``ls-files`` run from that folder keep both the paths and the scope to it.
"""

from __future__ import annotations

import io
import logging
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from modsplit.build.changes import Change, ChangeKind, ChangeSet, merge_changes
from modsplit.errors import AnalysisError, UsageError

logger = logging.getLogger(__name__)

_STATUS_KINDS = {
    "A": ChangeKind.ADDED,
    "M": ChangeKind.MODIFIED,
    "T": ChangeKind.MODIFIED,  # type change, such as a file replaced by a symlink
    "U": ChangeKind.MODIFIED,  # unmerged
    "D": ChangeKind.DELETED,
}


def changed_files(
    directory: Path,
    *,
    since: str,
    until: str | None = None,
    include_uncommitted: bool = False,
) -> ChangeSet:
    """Return the files changed since ``since`` under ``directory``.

    Without ``until`` the comparison is with the work tree: commits after ``since``, staged and
    unstaged edits, and untracked files that are not ignored. With ``until`` it is between the
    two revisions; ``include_uncommitted`` then adds the work tree's changes against HEAD.
    """
    since_commit = _check_and_resolve(directory, since)
    if until is None:
        changes = merge_changes(*_diff_and_untracked(directory, since_commit))
    else:
        until_commit = resolve_revision(directory, until)
        changes = _diff(directory, since_commit, until_commit)
        if include_uncommitted:
            uncommitted = merge_changes(_diff(directory, "HEAD"), _untracked(directory))
            changes = merge_changes(changes, uncommitted)
    logger.info("%d files changed since %s", len(changes), since)
    return ChangeSet(since=since, until=until, changes=changes)


def _check_and_resolve(directory: Path, revision: str) -> str:
    """Check that ``directory`` is in a work tree and resolve ``revision``, in one git call.

    Each git process costs about 10 ms to start from Python; this is the hot path of
    ``modsplit affected``. On any failure the separate checks run, for their messages.
    """
    if revision and not revision.startswith("-"):
        found = _run(directory, "rev-parse", "--show-prefix", "--verify", "--quiet",
                     f"{revision}^{{commit}}", check=False)
        lines = found.stdout.decode().split("\n")
        if found.returncode == 0 and len(lines) >= 2 and lines[1].strip():
            return lines[1].strip()
    _check_work_tree(directory)
    return resolve_revision(directory, revision)


def resolve_revision(directory: Path, revision: str) -> str:
    """Return the commit id of ``revision``, or raise a usage error that names the fix."""
    if revision.startswith("-") or not revision:
        raise UsageError(f"invalid revision {revision!r}; pass a branch, tag or commit id")
    found = _run(directory, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}",
                 check=False)
    if found.returncode == 0:
        return found.stdout.decode().strip()
    if not _has_commits(directory):
        raise UsageError("the repository has no commits yet; commit first")
    if _is_shallow(directory):
        raise UsageError(
            f"revision {revision!r} not found in this shallow clone; fetch the history with "
            "`git fetch --unshallow` (in GitHub Actions: actions/checkout with fetch-depth: 0)"
        )
    raise UsageError(
        f"unknown revision {revision!r}; check the name, or fetch it with "
        f"`git fetch origin {revision}`"
    )


def export_tree(
    directory: Path, *, revision: str, destination: Path, wanted: Callable[[str], bool]
) -> int:
    """Write the files of ``directory`` at ``revision`` for which ``wanted(path)`` holds.

    Paths below ``destination`` are relative to ``directory``, as in the work tree. Return how
    many files were written.
    """
    prefix = _check_work_tree(directory).rstrip("/")
    commit = resolve_revision(directory, revision)
    # git archive of a subfolder's tree has to run from the top of the work tree.
    top = Path(_run(directory, "rev-parse", "--show-toplevel").stdout.decode().strip())
    tree = f"{commit}:{prefix}" if prefix else commit
    listing = _run(top, "ls-tree", "-r", "-z", "--name-only", tree).stdout.decode()
    paths = [path for path in listing.split("\0") if path and wanted(path)]
    if not paths:
        return 0
    import tarfile  # only here: the hot path of `modsplit affected` never exports a tree

    archive = _run(top, "archive", "--format=tar", tree, "--", *paths)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout), mode="r:") as bundle:
        members = [member for member in bundle.getmembers() if member.isfile()]
        bundle.extractall(destination, members=members, filter="data")
    return len(members)


def _check_work_tree(directory: Path) -> str:
    """Return the folder's path inside its repository (``sub/dir/`` or empty)."""
    found = _run(directory, "rev-parse", "--show-prefix", check=False)
    if found.returncode != 0:
        raise UsageError(
            f"{directory}: not inside a git work tree; --since needs git history "
            "(commit the tree with `git init` and `git commit`, or build every unit with --all)"
        )
    return found.stdout.decode().strip()


def _has_commits(directory: Path) -> bool:
    return _run(directory, "rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode == 0


def _is_shallow(directory: Path) -> bool:
    found = _run(directory, "rev-parse", "--is-shallow-repository", check=False)
    return found.stdout.decode().strip() == "true"


def _diff(directory: Path, *revisions: str) -> tuple[Change, ...]:
    output = _run(
        directory, "diff", "--name-status", "-z", "-M", "--relative", "--no-ext-diff",
        "--no-textconv", *revisions, "--",
    )
    return parse_name_status(output.stdout.decode("utf-8", "surrogateescape"))


def _diff_and_untracked(
    directory: Path, since: str
) -> tuple[tuple[Change, ...], tuple[Change, ...]]:
    """Run ``_diff`` and ``_untracked`` at the same time: each is a process start on a hot path."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        diff = pool.submit(_diff, directory, since)
        untracked = pool.submit(_untracked, directory)
        return diff.result(), untracked.result()


def _untracked(directory: Path) -> tuple[Change, ...]:
    output = _run(directory, "ls-files", "--others", "--exclude-standard", "-z")
    paths = output.stdout.decode("utf-8", "surrogateescape").split("\0")
    return tuple(Change(path, ChangeKind.ADDED) for path in sorted(paths) if path)


def parse_name_status(output: str) -> tuple[Change, ...]:
    """Parse ``git diff --name-status -z`` output into changes."""
    fields = output.split("\0")
    changes: list[Change] = []
    position = 0
    while position < len(fields) and fields[position]:
        status = fields[position]
        if status[0] in "RC":
            old_path, new_path = fields[position + 1], fields[position + 2]
            if status[0] == "R":
                changes.append(Change(new_path, ChangeKind.RENAMED, old_path))
            else:
                changes.append(Change(new_path, ChangeKind.ADDED))
            position += 3
            continue
        kind = _STATUS_KINDS.get(status[0], ChangeKind.MODIFIED)
        changes.append(Change(fields[position + 1], kind))
        position += 2
    return tuple(sorted(changes))


def _run(
    directory: Path, *arguments: str, check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    command = ["git", "-c", "core.quotepath=off", *arguments]
    try:
        completed = subprocess.run(command, cwd=directory, capture_output=True, check=False)
    except FileNotFoundError:
        raise AnalysisError("git not found on PATH; install git to use --since") from None
    if check and completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit code {completed.returncode}"
        raise AnalysisError(f"`git {' '.join(arguments[:2])}` failed in {directory}: {detail}")
    return completed
