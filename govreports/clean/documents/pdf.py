"""PDF → blocks with PyMuPDF: prose in reading order, ruled tables as grids.

PyMuPDF was chosen over pdfplumber by measurement (bench/documents.py
--compare, on a 51-page LibreOffice PDF): with each library's own ruled-table
finder, PyMuPDF did 13 pages/s and pdfplumber 5.5 (its pure-Python parser
alone, without tables, about 6); PyMuPDF's glyphs and strokes alone come at
about 175 pages/s, and this module, tables and all, at about 55.

Each page gives its glyphs (rawdict) and its strokes (drawings); strokes
make tables (pdfgrid), the glyphs inside a table fill its cells and the
others make lines (pdflines). Tables that run over a page break are
joined, page furniture is dropped, lines become paragraphs.

Refusals: above max_bytes or max_pages, encrypted (unless the empty user
password opens it), damaged beyond MuPDF's repair, truncated (no %%EOF, or
PDF objects after the last one: a cut download is refused whole rather
than parsed in part, so the fetch can be retried), and over the time limit
(checked between pages: one pathological page is not interrupted).
A PDF with (almost) no text layer, or whose tables are pictures, is read
by OCR (`clean.ocr`): scanned pages whole, pictures on other pages for
their tables; the page content OCR gives is laid out like the text
layer's. When OCR cannot run (or is switched off) it comes back with
needs_ocr and its page count.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pymupdf

from govreports.clean.blocks import Block, Document, Paragraph, Table
from govreports.clean.documents.limits import (
    DEFAULT_LIMITS,
    Deadline,
    DocumentRefused,
    Limits,
    check_size,
)
from govreports.clean.documents.pdfgrid import (
    RuledTable,
    confidence_grid,
    continues,
    find_tables,
    grid,
    join,
    shifted,
)
from govreports.clean.documents.pdflines import (
    Char,
    Line,
    drop_chrome,
    fold_wrapped_cells,
    margins,
    page_chars,
    paragraphs,
    visual_lines,
    well_formed,
)
from govreports.clean.documents.text import tab_rows

log = logging.getLogger(__name__)

pymupdf.TOOLS.mupdf_display_errors(False)  # MuPDF's own messages go to stderr; ours are the refusals
pymupdf.TOOLS.mupdf_display_warnings(False)

TEXT_FLAGS = pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
SCANNED_CHARS = 20  # a page with fewer glyphs has no real text layer
PICTURE_SHARE = 0.3  # a picture covering this share of a page is content, not a logo
TABLE_PICTURE_SHARE = 0.05  # once a document needs OCR, a picture this large may be a table: it is read
OCR_DPI = 200  # pages are rasterized for OCR at this resolution (A4: 1654 × 2339 pixels)
PRODUCER_TITLE = re.compile(r"^(?:Microsoft Word\s*-\s*)|\.(?:docx?|wps|pdf)$", re.I)


@dataclass
class Page:
    """What one page contributes: its tables and prose lines, and whether it is a picture."""

    number: int
    height: float
    tables: list[RuledTable] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    chars: int = 0
    picture_share: float = 0.0

    @property
    def scanned(self) -> bool:
        return self.chars < SCANNED_CHARS and self.picture_share >= PICTURE_SHARE or self.chars == 0


# -- opening --------------------------------------------------------------------

def _truncated(data: bytes) -> bool:
    """No %%EOF, or PDF objects after the last one (a cut incremental update or linearized file).

    Junk after the marker (a server's appended HTML) is not truncation.
    """
    end = data.rfind(b"%%EOF")
    return end < 0 or OBJECT.search(data, end) is not None


def open_pdf(data: bytes) -> pymupdf.Document:
    """The parsed PDF, or a refusal saying why it cannot be read.

    A file cut short (no %%EOF at its end) that MuPDF had to repair is
    refused as truncated even when some pages survive: a partial report
    stored as parsed would hide the missing tables, a refusal gets it fetched
    again.
    """
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as error:
        if _truncated(data):
            raise DocumentRefused(f"truncated PDF: it ends after {len(data):,} bytes before its final %%EOF marker "
                                  "and cannot be opened") from None
        raise DocumentRefused(f"damaged PDF: MuPDF cannot open it ({error})") from None
    if doc.needs_pass and not doc.authenticate(""):
        doc.close()
        raise DocumentRefused("encrypted PDF: it needs a password to open")
    if doc.is_repaired and _truncated(data):
        pages = doc.page_count
        doc.close()
        raise DocumentRefused(f"truncated PDF: it ends after {len(data):,} bytes before its final %%EOF marker "
                              f"({pages} page(s) recoverable)")
    if doc.page_count == 0:
        doc.close()
        raise DocumentRefused("damaged PDF: no page could be read")
    return doc


# -- one page -------------------------------------------------------------------

def _picture_share(page: pymupdf.Page) -> float:
    area = abs(page.rect) or 1.0
    rects = [pymupdf.Rect(info["bbox"]) & page.rect for info in page.get_image_info()]
    return min(1.0, max((abs(r) for r in rects), default=0.0) / area)


def _into_cells(chars: list[Char], tables: list[RuledTable]) -> list[Char]:
    """Put a line's glyphs that fall in a table into their cells; the others are prose."""
    top, bottom = min(c.y0 for c in chars), max(c.y1 for c in chars)
    near = [t for t in tables if t.ys[0] <= bottom and top <= t.ys[-1]]
    if not near:
        return chars  # most lines: nowhere near a table
    rest = []
    for ch in chars:
        cx, cy = ch.cx, ch.cy
        table = next((t for t in near if t.contains(cx, cy)), None)
        cell = table.cell_at(cx, cy) if table else None
        if cell is None:
            rest.append(ch)
        else:
            cell.chars.append(ch)
    return rest


def read_page(page: pymupdf.Page, number: int) -> Page:
    """A page's tables (cells filled) and its prose lines."""
    out = Page(number, page.rect.height)
    tables = find_tables(page.get_drawings())
    prose = []
    for chars in page_chars(page.get_text("rawdict", flags=TEXT_FLAGS)):
        out.chars += len(chars)
        rest = _into_cells(chars, tables)
        if rest:
            prose.append(rest)
    for table in tables:
        for cell in table.cells:
            cell.finish()
    out.tables = [t for t in tables if any(c.text for c in t.cells)]
    out.lines = visual_lines(prose, number)
    return out


# -- the document -----------------------------------------------------------------

def _items(page: Page) -> list[tuple[float, Line | RuledTable]]:
    items: list[tuple[float, Line | RuledTable]] = [(line.y0, line) for line in page.lines]
    items += [(table.ys[0], table) for table in page.tables]
    return sorted(items, key=lambda item: item[0])


def stream(pages: list[Page], deadline: Deadline) -> Iterator[Line | RuledTable]:
    """Lines and tables in reading order, a table cut by page breaks in one piece.

    A table that ends its page is held back: if the next page opens with a
    table of the same width, that is its continuation. The parts are joined
    once, when the table ends.
    """
    parts: list[RuledTable] = []
    for page in pages:
        deadline.check(f"laying out page {page.number + 1}")
        for k, item in enumerate(item for _, item in _items(page)):
            if k == 0 and isinstance(item, RuledTable) and parts and continues(parts[-1], item):
                parts.append(item)
                continue
            if parts:
                yield join(parts)
                parts = []
            if isinstance(item, RuledTable):
                parts = [item]
            else:
                yield item
    if parts:
        yield join(parts)


def blocks(pages: list[Page], deadline: Deadline | None = None) -> list[Block]:
    """The document's blocks: paragraphs from runs of lines, grids from tables."""
    deadline = deadline or Deadline(DEFAULT_LIMITS.max_seconds)
    lines = [line for page in pages for line in page.lines]
    m = margins([line for line in lines if "\t" not in line.text])
    out: list[Block] = []
    run: list[Line] = []
    for item in stream(pages, deadline):
        if isinstance(item, Line):
            run.append(item)
            continue
        out.extend(Paragraph(text, confidence) for text, confidence in paragraphs(fold_wrapped_cells(run), m))
        run = []
        out.append(Table(grid(item), confidence_grid(item)))
    out.extend(Paragraph(text, confidence) for text, confidence in paragraphs(fold_wrapped_cells(run), m))
    return tab_rows(out)


def _title(doc: pymupdf.Document) -> str | None:
    title = PRODUCER_TITLE.sub("", well_formed((doc.metadata or {}).get("title") or "").strip()).strip()
    return title or None


def needs_ocr(doc: pymupdf.Document, pages: list[Page], found: list[Block], deadline: Deadline) -> bool:
    """No text layer on most pages, or no table while a page is mostly a picture (a table pasted as an image).

    Pictures are measured only when no table was found: the common case
    never pays for it.
    """
    if any(isinstance(b, Table) for b in found):
        return False
    for page in pages:
        deadline.check(f"measuring pictures on page {page.number + 1}")
        page.picture_share = _picture_share(doc.load_page(page.number))
    scanned = sum(1 for page in pages if page.scanned)
    return scanned * 2 >= len(pages) or any(p.picture_share >= PICTURE_SHARE for p in pages)


def extract_pdf(data: bytes, limits: Limits = DEFAULT_LIMITS, deadline: Deadline | None = None) -> Document:
    """A PDF as blocks, or DocumentRefused."""
    check_size(data, limits, "PDF")
    deadline = deadline or Deadline(limits.max_seconds)
    doc = open_pdf(data)
    try:
        if doc.page_count > limits.max_pages:
            raise DocumentRefused(f"PDF has {doc.page_count:,} pages, above the limit of {limits.max_pages:,}")
        pages = []
        for number in range(doc.page_count):
            deadline.check(f"after {number} of {doc.page_count} pages")
            try:
                page = read_page(doc.load_page(number), number)
            except (RuntimeError, ValueError) as error:
                raise DocumentRefused(f"damaged PDF: page {number + 1} cannot be read ({error})") from None
            pages.append(page)
        kept = drop_chrome([p.lines for p in pages], [p.height for p in pages])
        for page, lines in zip(pages, kept, strict=True):
            page.lines = lines
        found = blocks(pages, deadline)
        if not needs_ocr(doc, pages, found, deadline):
            return Document("pdf", found, doc.page_count, False, _title(doc))
        return ocr_pages(doc, pages, found, limits, deadline)
    finally:
        doc.close()


# -- OCR: scanned pages, tables printed as pictures ---------------------------------

def _pictures(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """The page's pictures large enough to hold a table, on the page."""
    area = abs(page.rect) or 1.0
    rects = [pymupdf.Rect(info["bbox"]) & page.rect for info in page.get_image_info()]
    return [r for r in rects if abs(r) >= TABLE_PICTURE_SHARE * area]


def _raster(page: pymupdf.Page, limits: Limits, clip: pymupdf.Rect | None = None) -> np.ndarray:
    """A page (or the part of it under `clip`) as grey pixels at OCR_DPI, within the pixel limit."""
    from govreports.clean.ocr import check_pixels

    rect = clip or page.rect
    zoom = OCR_DPI / 72
    check_pixels(int(rect.width * zoom), int(rect.height * zoom), limits, f"page {page.number + 1} at {OCR_DPI} dpi")
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=clip, colorspace=pymupdf.csGRAY, alpha=False)
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, :pix.width].copy()


def ocr_pages(doc: pymupdf.Document, pages: list[Page], found: list[Block], limits: Limits,
              deadline: Deadline) -> Document:
    """The document again, with its scanned pages read by OCR and the pictures of its other pages read as tables.

    A scanned page gives its text and tables; a page with a text layer
    keeps its text, and its large pictures give only their tables. When OCR
    cannot run here (or is switched off) the blocks `found` come back with
    needs_ocr and the reason. Refused beyond `max_ocr_pages`, `max_pixels`
    or `max_ocr_seconds`.
    """
    from govreports.clean import ocr

    try:
        engine = ocr.start(limits)
    except ocr.OcrUnavailable as why:
        log.warning("PDF needs OCR, not run: %s", why.reason)
        return Document("pdf", found, doc.page_count, True, _title(doc), ocr_unavailable=why.reason)
    work = [(page, [] if page.scanned else _pictures(doc.load_page(page.number))) for page in pages]
    work = [(page, clips) for page, clips in work if page.scanned or clips]
    if len(work) > limits.max_ocr_pages:
        raise DocumentRefused(f"PDF has {len(work):,} pages to read by OCR, above the limit of {limits.max_ocr_pages:,}")
    budget = Deadline(limits.max_ocr_seconds)
    scale = OCR_DPI / 72
    for page, clips in work:
        budget.check(f"OCR of page {page.number + 1}")
        pdf_page = doc.load_page(page.number)
        if page.scanned:
            read = ocr.read_picture(_raster(pdf_page, limits), engine, scale, page.number, deadline=budget.check)
            page.tables, page.lines = read.tables, read.lines
            continue
        for clip in clips:
            read = ocr.read_picture(_raster(pdf_page, limits, clip), engine, scale, page.number, prose=False,
                                    deadline=budget.check)
            page.tables += [shifted(table, clip.x0, clip.y0) for table in read.tables]
    deadline.extend(budget.elapsed())
    kept = drop_chrome([p.lines for p in pages], [p.height for p in pages])
    for page, lines in zip(pages, kept, strict=True):
        page.lines = lines
    found = blocks(pages, deadline)
    log.info("PDF: %d pages read by OCR in %.1f s", len(work), budget.elapsed())
    return Document("pdf", found, doc.page_count, False, _title(doc), ocr=True)
