"""Lazy-import candidates, when an import-time profile is available."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from modsplit.report.model import Section, SectionStatus
from modsplit.report.sections.common import NotAvailable, guarded

SECTION_ID = "lazy-imports"
TITLE = "Lazy-import candidates"


def lazy_section(source: Callable[[], Any] | None) -> Section:
    """Return the section of the lazy-import candidates that ``source`` finds."""
    return guarded(SECTION_ID, TITLE, lambda: _build(source))


def _build(source: Callable[[], Any] | None) -> Section:
    if source is None:
        raise NotAvailable("modsplit lazy is not wired into the report.")
    source()
    return Section(SECTION_ID, TITLE, SectionStatus.READY)
