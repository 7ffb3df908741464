"""Import contracts and the results of checking them, as values.

A contract file is import-linter's own TOML format: a ``[tool.importlinter]`` table of session
options and a list of contracts. Each contract keeps its options as import-linter reads them,
except ``ignore_imports``, which modsplit treats as the contract's baseline: today's violations,
one import expression per entry, with the file and line of the import as a comment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# A contract option as TOML holds it: a string, a boolean, an integer or a list of strings.
OptionValue = str | bool | int | tuple[str, ...]

# The contract types modsplit checks, in the order the documentation lists them.
SUPPORTED_TYPES = ("layers", "independence", "forbidden", "acyclic_siblings")


@dataclass(frozen=True, order=True)
class BaselineEntry:
    """One ignored import of a contract: an import expression such as ``a.b -> c.d``.

    ``comment`` is the text after ``#`` (where the import is, ``path:line``); ``line`` is the
    entry's line in its contract file, 0 when the entry was not read from a file.
    """

    expression: str
    comment: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Contract:
    """One import-linter contract: its id, name, type, options and baseline."""

    id: str
    name: str
    type: str
    options: tuple[tuple[str, OptionValue], ...] = ()
    baseline: tuple[BaselineEntry, ...] = ()

    def option(self, key: str) -> OptionValue | None:
        """Return the value of one option, None when the contract does not set it."""
        for name, value in self.options:
            if name == key:
                return value
        return None

    @property
    def label(self) -> str:
        """The contract's id when it has one, else its name: how messages refer to it."""
        return self.id or self.name


@dataclass(frozen=True)
class ContractFile:
    """A contract file: how it was made, its session options and its contracts."""

    path: Path
    contracts: tuple[Contract, ...]
    header: str = ""
    session: tuple[tuple[str, OptionValue], ...] = ()

    def session_option(self, key: str) -> OptionValue | None:
        for name, value in self.session:
            if name == key:
                return value
        return None


@dataclass(frozen=True, order=True)
class Hop:
    """One import of a chain: the importing module, the imported one and where the import is.

    ``path`` is the importing file relative to the repository; ``lines`` are the lines that
    import the module, first one first (empty when the graph has no line for it).
    """

    importer: str
    imported: str
    path: str
    lines: tuple[int, ...]

    @property
    def line(self) -> int:
        """The first line of the import, 0 when unknown."""
        return self.lines[0] if self.lines else 0

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True, order=True)
class Violation:
    """One chain of imports that breaks a contract, not covered by the contract's baseline.

    ``importer`` and ``imported`` are the modules or packages the contract keeps apart (the
    lower and the higher layer, two independent modules, a source and a forbidden module);
    ``hops`` lead from the first to the second, each with its file and line.
    """

    contract: str
    importer: str
    imported: str
    hops: tuple[Hop, ...]

    @property
    def first_hop(self) -> Hop:
        return self.hops[0]


@dataclass(frozen=True, order=True)
class StaleEntry:
    """A baseline entry that matches no import of the graph any more."""

    contract: str
    path: str
    line: int
    expression: str


@dataclass(frozen=True)
class ContractOutcome:
    """The result of checking one contract."""

    contract: Contract
    file: str
    violations: tuple[Violation, ...]
    stale: tuple[StaleEntry, ...]
    ignored_count: int

    @property
    def is_kept(self) -> bool:
        return not self.violations


@dataclass(frozen=True)
class CheckResult:
    """The result of checking every contract of one or more files."""

    outcomes: tuple[ContractOutcome, ...]

    @property
    def violations(self) -> tuple[Violation, ...]:
        return tuple(v for outcome in self.outcomes for v in outcome.violations)

    @property
    def stale(self) -> tuple[StaleEntry, ...]:
        return tuple(s for outcome in self.outcomes for s in outcome.stale)

    @property
    def has_findings(self) -> bool:
        """Whether the check fails: a violation, or a baseline entry that no longer occurs."""
        return bool(self.violations or self.stale)

    @property
    def kept_count(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.is_kept)

    @property
    def broken_count(self) -> int:
        return len(self.outcomes) - self.kept_count
