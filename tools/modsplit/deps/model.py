"""Value types of dependency hygiene: declared requirements, uses of names, findings.

A *distribution* is what a manifest declares and pip installs (``djangorestframework``); an
*import name* is what code imports (``rest_framework``). Distribution names are compared in the
normalised form of PEP 503 (lower case, runs of ``-_.`` as one ``-``).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from modsplit.workspace.model import ManifestKind

_SEPARATORS = re.compile(r"[-_.]+")


def normalise(name: str) -> str:
    """Return the PEP 503 normal form of a distribution name."""
    return _SEPARATORS.sub("-", name).lower()


@dataclass(frozen=True, order=True)
class Requirement:
    """One declared dependency: a line of a requirements file or an entry of a manifest table.

    ``manifest`` and ``line`` say where it is written, which for an entry of an included file
    (``-r other.txt``) is that file. ``group`` names the optional dependency or dependency group
    it belongs to. ``path`` is the workspace-relative folder of a local path entry (``-e ../x``).
    """

    manifest: str
    line: int
    name: str
    kind: ManifestKind = field(default=ManifestKind.RUNTIME, compare=False)
    text: str = field(default="", compare=False)
    extras: tuple[str, ...] = field(default=(), compare=False)
    specifier: str = field(default="", compare=False)
    marker: str = field(default="", compare=False)
    url: str = field(default="", compare=False)
    path: str = field(default="", compare=False)
    is_editable: bool = field(default=False, compare=False)
    group: str = field(default="", compare=False)

    @property
    def distribution(self) -> str:
        return normalise(self.name)

    @property
    def location(self) -> str:
        return f"{self.manifest}:{self.line}"


@dataclass(frozen=True)
class ManifestContents:
    """What one manifest file declares, the files it includes, and what could not be read."""

    path: str
    requirements: tuple[Requirement, ...] = ()
    constraints: tuple[Requirement, ...] = ()
    includes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    project_name: str = ""
    entry_points: tuple[tuple[str, int], ...] = ()  # ("module:attr", line)


class UseSource(enum.Enum):
    """How a unit uses an import name."""

    IMPORT = "import"  # an import statement, or importlib with a literal name
    REFERENCE = "reference"  # a dotted name in a setting or entry point: the framework imports it
    IMPLIED = "implied"  # a setting that makes a framework import a driver (a database engine)


@dataclass(frozen=True, order=True)
class Use:
    """A use of an import name by a unit, at ``path:line``.

    ``is_runtime`` is false for imports under ``if TYPE_CHECKING:``; ``is_dev`` is true for uses
    in test files, which may rely on development dependencies.
    """

    path: str
    line: int
    import_name: str
    is_runtime: bool = field(default=True, compare=False)
    is_dev: bool = field(default=False, compare=False)
    source: UseSource = field(default=UseSource.IMPORT, compare=False)

    @property
    def top_level(self) -> str:
        return self.import_name.split(".")[0]


class Code(enum.Enum):
    """Finding codes: deptry's four, and modsplit's own for workspace dependencies."""

    MISSING = "DEP001"
    UNUSED = "DEP002"
    TRANSITIVE = "DEP003"
    MISPLACED_DEV = "DEP004"
    WORKSPACE = "DEP101"


@dataclass(frozen=True, order=True)
class Finding:
    """One dependency problem of a unit.

    ``path``/``line`` are the first use (absent for an unused dependency); ``manifest`` is the
    ``path:line`` of the manifest entry (absent for a dependency that is not declared).
    """

    unit: str
    code: Code
    distribution: str
    import_name: str
    path: str | None
    line: int | None
    manifest: str | None

    @property
    def location(self) -> str:
        if self.path is not None:
            return f"{self.path}:{self.line}"
        return self.manifest or ""


@dataclass(frozen=True)
class DepsReport:
    """The findings of ``modsplit deps`` over the units it checked, and what it could not read."""

    units: tuple[str, ...]
    findings: tuple[Finding, ...]
    warnings: tuple[str, ...] = ()
    mapping_source: str = "shipped"

    @property
    def has_findings(self) -> bool:
        return bool(self.findings)
