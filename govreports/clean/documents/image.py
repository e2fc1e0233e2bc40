"""Pictures (PNG, JPEG, GIF, TIFF, BMP) → a `Document` read by OCR, laid out as a PDF's pages are.

A picture sent as a report is a table's screenshot or a scanned page (a
TIFF may hold several). Each frame is read by OCR (`clean.ocr`): its ruled
tables with every cell's text and confidence, its other text as lines;
the PDF layout then makes paragraphs and joins a table continued on the
next page. When OCR cannot run here, or is switched off, the document
comes back empty with `needs_ocr` and the reason.
"""

from __future__ import annotations

import logging

from govreports.clean.blocks import Document, Table
from govreports.clean.documents.limits import (
    DEFAULT_LIMITS,
    Deadline,
    Limits,
    check_size,
)

log = logging.getLogger(__name__)


def extract_image(data: bytes, kind: str, limits: Limits = DEFAULT_LIMITS, deadline: Deadline | None = None,
                  ) -> Document:
    """A picture's tables and text, or DocumentRefused (too large, too many pages, too slow, damaged)."""
    from govreports.clean import ocr
    from govreports.clean.documents.pdf import Page, blocks
    from govreports.clean.documents.pdflines import drop_chrome

    check_size(data, limits, kind.upper())
    deadline = deadline or Deadline(limits.max_seconds)
    frames = ocr.decode_picture(data, kind, limits)  # a damaged or oversized picture is refused first
    try:
        engine = ocr.start(limits)
    except ocr.OcrUnavailable as why:
        log.warning("%s picture not read: %s", kind.upper(), why.reason)
        return Document(kind, [], len(frames), needs_ocr=True, ocr_unavailable=why.reason)
    budget = Deadline(limits.max_ocr_seconds)
    pages = []
    for number, grey in enumerate(frames):
        budget.check(f"OCR of page {number + 1} of {len(frames)}")
        read = ocr.read_picture(grey, engine, page=number, deadline=budget.check)
        pages.append(Page(number, read.height, read.tables, read.lines))
    deadline.extend(budget.elapsed())
    for page, lines in zip(pages, drop_chrome([p.lines for p in pages], [p.height for p in pages]), strict=True):
        page.lines = lines
    found = blocks(pages, deadline)
    log.debug("%s: %d pages read by OCR in %.1f s, %d tables", kind.upper(), len(pages), budget.elapsed(),
              sum(1 for b in found if isinstance(b, Table)))
    return Document(kind, found, len(frames), ocr=True)


def picture_tables(data: bytes, limits: Limits, budget: Deadline) -> list[Table]:
    """The ruled tables of a picture pasted into a page (its own text is the page's): grids with confidences.

    DocumentRefused when it is no picture, too large, damaged, or the OCR
    budget `budget` runs out; OcrUnavailable when OCR cannot run here.
    """
    from govreports.clean import ocr
    from govreports.clean.documents.limits import DocumentRefused
    from govreports.clean.documents.pdfgrid import confidence_grid, grid
    from govreports.clean.sniff import image_kind

    kind = image_kind(data[:32])
    if kind is None:
        raise DocumentRefused("not a picture this reader knows (PNG, JPEG, GIF, TIFF, BMP)")
    frames = ocr.decode_picture(data, kind, limits)
    engine = ocr.start(limits)
    out = []
    for grey in frames:
        budget.check("OCR of a picture in the page")
        read = ocr.read_picture(grey, engine, prose=False, deadline=budget.check)
        out += [Table(grid(table), confidence_grid(table)) for table in read.tables]
    return out
