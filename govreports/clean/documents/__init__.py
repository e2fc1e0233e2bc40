"""Attachments (PDF, DOCX, DOC/WPS, ODT, RTF, pictures) → a `Document` of blocks the parser reads like a page.

    extract(data, kind, limits) -> Document

`kind` is what `clean.sniff.sniff` says of the bytes: "pdf", "docx",
"doc" (WPS files are OLE2 like DOC and take the same LibreOffice path), "odt" or "rtf"
(LibreOffice too), or
a picture's format ("png", "jpeg", "gif", "tiff", "bmp": read by OCR). No
Scrapy here, and no network. Every refusal — too large, too many pages, a
zip bomb, encrypted, damaged, too slow, LibreOffice missing — raises
`DocumentRefused` with a plain-English reason the caller stores.
"""

from __future__ import annotations

import logging

from govreports.clean.blocks import Document
from govreports.clean.documents.limits import (
    DEFAULT_LIMITS,
    Deadline,
    DocumentRefused,
    Limits,
)

log = logging.getLogger(__name__)

KINDS = ("pdf", "docx", "doc", "odt", "rtf", "png", "jpeg", "gif", "tiff", "bmp")
IMAGES = ("png", "jpeg", "gif", "tiff", "bmp")


def extract(data: bytes, kind: str, limits: Limits | None = None) -> Document:
    """The document's blocks, or DocumentRefused saying why not.

    Whatever a hostile file makes a library raise is a refusal too (logged
    with its traceback): one bad attachment must not stop a crawl.
    """
    limits = limits or DEFAULT_LIMITS
    try:
        return _extract(data, kind, limits)
    except DocumentRefused:
        raise
    except Exception as error:  # RecursionError, MemoryError, zlib.error, lxml's …
        log.exception("%s extraction failed", kind)
        raise DocumentRefused(f"{kind.upper()} could not be read: {type(error).__name__}: {error}") from error


def _extract(data: bytes, kind: str, limits: Limits) -> Document:
    """Dispatch on kind; each extractor is imported when first needed (PyMuPDF alone takes 0.1 s)."""
    deadline = Deadline(limits.max_seconds)
    if kind == "pdf":
        from govreports.clean.documents.pdf import extract_pdf

        return extract_pdf(data, limits, deadline)
    if kind == "docx":
        from govreports.clean.documents.docx import extract_docx

        return extract_docx(data, limits, deadline=deadline)
    if kind in ("doc", "wps", "odt", "rtf"):
        from govreports.clean.documents.office import extract_doc

        return extract_doc(data, limits, deadline, "doc" if kind == "wps" else kind)
    if kind in IMAGES:
        from govreports.clean.documents.image import extract_image

        return extract_image(data, kind, limits, deadline)
    raise DocumentRefused(f"not an attachment kind this extractor reads: {kind!r} (expected one of {', '.join(KINDS)})")


__all__ = ["DEFAULT_LIMITS", "IMAGES", "Document", "DocumentRefused", "KINDS", "Limits", "extract"]
