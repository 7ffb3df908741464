"""Changed files between a git revision and the work tree (or another revision), as values."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class ChangeKind(enum.Enum):
    """What happened to a file between the two revisions."""

    ADDED = "added"
    MODIFIED = "modified"
    DELETED = "deleted"
    RENAMED = "renamed"


@dataclass(frozen=True, order=True)
class Change:
    """One changed file, by workspace-relative POSIX path.

    For a deletion ``path`` is the deleted file; for a rename it is the new path and
    ``old_path`` the old one.
    """

    path: str
    kind: ChangeKind = field(compare=False)
    old_path: str | None = field(default=None, compare=False)

    @property
    def removed_path(self) -> str | None:
        """Return the path that no longer exists after the change, if any."""
        if self.kind is ChangeKind.DELETED:
            return self.path
        if self.kind is ChangeKind.RENAMED:
            return self.old_path
        return None

    def describe(self) -> str:
        """Return the change as ``path (kind)``, naming the old path of a rename."""
        if self.kind is ChangeKind.RENAMED:
            return f"{self.path} (renamed from {self.old_path})"
        return f"{self.path} ({self.kind.value})"


@dataclass(frozen=True)
class ChangeSet:
    """The changed files since ``since``, up to ``until`` (None: the work tree)."""

    since: str
    until: str | None
    changes: tuple[Change, ...]

    @property
    def removed_python_files(self) -> tuple[str, ...]:
        """Return the Python files that were deleted or renamed away, sorted."""
        removed = (change.removed_path for change in self.changes)
        return tuple(sorted(path for path in removed if path and path.endswith(".py")))


def merge_changes(*groups: tuple[Change, ...]) -> tuple[Change, ...]:
    """Combine change lists path by path; a later group's change to a path wins."""
    by_path: dict[str, Change] = {}
    for group in groups:
        for change in group:
            by_path[change.path] = change
    return tuple(sorted(by_path.values()))
