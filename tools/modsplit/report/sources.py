"""The sources of the report's capability sections.

The command line wires each source to its capability's use case (and the engines behind it),
so this package depends only on their result types. A source that is None stands for a
capability that is not built yet; a source may raise ``NoData`` when there is nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modsplit.contracts.model import CheckResult
    from modsplit.deps.model import DepsReport
    from modsplit.lazy.profile import Profile
    from modsplit.propose import Proposal


class NoData(Exception):
    """Raised by a source when its capability has nothing to work on; its message is the reason."""


@dataclass(frozen=True)
class ContractStatus:
    """Checked contracts, and where they came from when no contract file was found."""

    result: CheckResult
    generated_from: str = ""  # "" when read from the repository's contract files


@dataclass(frozen=True)
class ReportSources:
    proposal: Callable[[], Proposal] | None = None
    contracts: Callable[[], ContractStatus] | None = None
    dependencies: Callable[[], DepsReport] | None = None
    lazy: Callable[[], Profile] | None = None
