"""A document as reading-order blocks: what every extractor hands the parser.

HTML pages, DOCX, PDF and converted DOC/WPS files all reduce to paragraphs
and table grids; the table reader and metadata then never need to know
which format a report came in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Grid = list[list[tuple[str, bool]]]  # rows of (cell text, is a copy of a merged cell)


@dataclass(frozen=True)
class CellRow:
    """One line of a document as cells: what clean hands the table reader.

    A `grid` row comes from a table (HTML, DOCX, a ruled PDF table) or from an
    explicit separator (tabs, markdown pipes): its empty cells stand for
    table cells printed empty. Any other line of text is split at its
    separators (runs of spaces, single spaces before numbers), where no empty
    cell can be seen. `copies` are the positions that repeat a merged cell.
    """

    cells: tuple[str, ...]
    grid: bool = False
    copies: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    rows: Grid


Block = Paragraph | Table


@dataclass
class Document:
    """An extracted attachment: its blocks, and what the parser should know of it."""

    kind: str  # pdf | docx | doc | wps
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    needs_ocr: bool = False  # no text layer, or tables printed as images
    title: str | None = None  # document properties' title, if any
