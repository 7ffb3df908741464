"""Value types of the HTML report: sections made of parts, each part a table, matrix or picture.

Every section is built by one function and rendered by another, so a section whose capability is
missing or failing still has a place in the report, with a note that says why it is empty.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


class SectionStatus(enum.Enum):
    """Whether a section could be filled."""

    READY = "ready"
    NOT_AVAILABLE = "not_available"  # the capability behind it is not built yet
    NO_DATA = "no_data"  # the capability is there but has nothing to work on
    FAILED = "failed"  # the capability raised an error while the report was gathered


@dataclass(frozen=True)
class Cell:
    """One table cell: its text, an optional link, and the key used to sort its column."""

    text: str
    sort_key: float | None = None
    href: str = ""
    title: str = ""
    tone: str = ""  # "", "good", "bad" or "warn": colours the cell


@dataclass(frozen=True)
class Column:
    name: str
    is_numeric: bool = False


@dataclass(frozen=True)
class Table:
    """A sortable, filterable table."""

    id: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty_text: str = "Nothing to show."


@dataclass(frozen=True)
class Facts:
    """Key figures shown as tiles: (label, value, tone)."""

    items: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Note:
    """A paragraph of plain text; ``tone`` is "", "warn" or "bad"."""

    text: str
    tone: str = ""


@dataclass(frozen=True)
class ImportLine:
    """One import as the report lists it: who imports what, and where."""

    importer: str
    imported: str
    location: str  # path:line
    kind: str


@dataclass(frozen=True)
class DsmCell:
    count: int
    is_cycle: bool
    imports: tuple[ImportLine, ...]


@dataclass(frozen=True)
class Dsm:
    """A dependency structure matrix: row ``i`` imports column ``j`` ``cells[i, j].count`` times.

    Labels are ordered by layer, highest first, so that in a layered design every count sits
    above the diagonal; a count below it is an import that points upward.
    """

    id: str
    caption: str
    labels: tuple[str, ...]
    layers: tuple[int, ...]
    cells: Mapping[tuple[int, int], DsmCell]


@dataclass(frozen=True)
class Picture:
    """An inline SVG drawing with a caption and a legend."""

    caption: str
    svg: str
    legend: tuple[tuple[str, str], ...] = ()  # (css class of the swatch, meaning)


@dataclass(frozen=True)
class SideBySide:
    """Two tables shown next to each other, such as today's layout and the proposal."""

    left: Table
    right: Table


Part = Table | Facts | Note | Dsm | Picture | SideBySide


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    status: SectionStatus
    parts: tuple[Part, ...] = ()
    message: str = ""  # why the section is not READY, shown in its place

    @property
    def is_ready(self) -> bool:
        return self.status is SectionStatus.READY


@dataclass(frozen=True)
class Report:
    """Everything the HTML page shows, in order."""

    title: str
    directory: str
    config: str
    generated_at: str
    version: str
    sections: tuple[Section, ...] = field(default_factory=tuple)
