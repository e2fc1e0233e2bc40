"""A document as reading-order blocks: what every extractor hands the parser.

HTML pages, DOCX, PDF and converted DOC/WPS files all reduce to paragraphs
and table grids; the table reader and metadata then never need to know
which format a report came in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Grid = list[list[tuple[str, bool]]]  # rows of (cell text, is a copy of a merged cell)


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
