"""Helpers shared by the sections: guarding a section, finding a capability, import rows."""

from __future__ import annotations

import logging
from collections.abc import Callable

from modsplit.errors import ModsplitError
from modsplit.graph.model import Graph, Import, Unresolved
from modsplit.report.model import Cell, ImportLine, Section, SectionStatus
from modsplit.report.sources import NoData

logger = logging.getLogger(__name__)



class NotAvailable(Exception):
    """Raised by a section builder when its capability does not provide what it needs yet."""


def guarded(section_id: str, title: str, build: Callable[[], Section]) -> Section:
    """Run ``build``; turn any failure into a section that shows the error in its place."""
    try:
        return build()
    except NotAvailable as reason:
        return _not_available(section_id, title, str(reason))
    except NoData as reason:
        return Section(section_id, title, SectionStatus.NO_DATA, message=str(reason))
    except ModsplitError as error:
        logger.warning("report section %r failed: %s", title, error.message)
        return Section(section_id, title, SectionStatus.FAILED, message=error.message)
    except Exception as error:  # one failing section must not stop the report
        if isinstance(error, ModuleNotFoundError) and (error.name or "").startswith("modsplit."):
            return _not_available(section_id, title, f"this modsplit has no {error.name}.")
        logger.warning("report section %r failed: %s: %s", title, type(error).__name__, error,
                       exc_info=logger.isEnabledFor(logging.DEBUG))
        return Section(section_id, title, SectionStatus.FAILED,
                       message=f"This section failed: {type(error).__name__}: {error}")


def _not_available(section_id: str, title: str, reason: str) -> Section:
    return Section(section_id, title, SectionStatus.NOT_AVAILABLE,
                   message=f"Not available yet: {reason}")


def import_line(graph: Graph, edge: Import) -> ImportLine:
    return ImportLine(
        importer=graph.module(edge.importer).name or edge.importer,
        imported=graph.module(edge.imported).name or edge.imported,
        location=graph.location(edge),
        kind=edge.kind.value,
    )


def location_cell(location: str) -> Cell:
    return Cell(location, title="file:line of the import statement")


def kind_cell(kind: str) -> Cell:
    return Cell(kind.replace("_", " "))


def unresolved_location(graph: Graph, edge: Unresolved) -> str:
    module = graph.module_by_id.get(edge.importer)
    return f"{module.path}:{edge.line}" if module else f"{edge.importer}:{edge.line}"


def number(value: int) -> Cell:
    return Cell(f"{value:,}", sort_key=float(value))


def slug(text: str) -> str:
    """Return ``text`` reduced to characters that are safe in an HTML id."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text).strip("-") or "x"
