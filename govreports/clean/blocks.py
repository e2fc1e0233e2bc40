"""A document as reading-order blocks: what every extractor hands the parser.

HTML pages, DOCX, PDF and converted DOC/WPS files all reduce to paragraphs
and table grids; the table reader and metadata then never need to know
which format a report came in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Grid = list[list[tuple[str, bool]]]  # rows of (cell text, is a copy of a merged cell)
# The OCR engine's confidence (0–1) of each cell of a grid, None where a cell was not read by OCR.
ConfidenceGrid = tuple[tuple[float | None, ...], ...]


def least(*confidences: float | None) -> float | None:
    """The lowest of the confidences known: text put together from several readings is as sure as the weakest."""
    known = [c for c in confidences if c is not None]
    return min(known) if known else None


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
    confidence: tuple[float | None, ...] | None = None  # OCR's, per cell; None when no cell was read by OCR

    def confidence_at(self, k: int) -> float | None:
        return self.confidence[k] if self.confidence is not None and k < len(self.confidence) else None


@dataclass(frozen=True)
class Paragraph:
    text: str
    confidence: float | None = None  # OCR's, for text read from a picture


@dataclass(frozen=True)
class Table:
    rows: Grid
    confidence: ConfidenceGrid | None = None  # OCR's, for a table read from a picture


Block = Paragraph | Table


@dataclass
class Document:
    """An extracted attachment: its blocks, and what the parser should know of it."""

    kind: str  # pdf | docx | doc | wps | image
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    needs_ocr: bool = False  # no text layer, or tables printed as images, and OCR could not read them
    title: str | None = None  # document properties' title, if any
    ocr: bool = False  # some of its text was read by OCR (scanned pages, tables printed as images)
    ocr_unavailable: str | None = None  # why OCR did not run on a document that needs it
