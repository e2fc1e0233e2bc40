"""Limits against hostile attachments, and the refusal every extractor raises.

An attachment comes from the open web: it may be a 2 GB "PDF", a 40,000-page
file, a zip bomb named report.docx, or a file built to keep a parser busy
for hours. Each limit turns such a file into a clear refusal instead of an
exhausted worker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

MIB = 1024 * 1024


class DocumentRefused(Exception):
    """A document the extractors will not (or cannot) read; `reason` says why, in plain English."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    """Bounds per document; the defaults leave room for a 100-page report with photos."""

    max_bytes: int = 50 * MIB  # the file as fetched
    max_pages: int = 300  # PDF pages (a long report has about 100)
    max_unzipped_bytes: int = 200 * MIB  # DOCX: all entries together, as the zip declares them
    max_zip_entries: int = 5_000  # DOCX: a real one has a few dozen
    max_xml_bytes: int = 50 * MIB  # DOCX: its XML parts together (a parsed tree takes ~10x); text is a few MB
    max_seconds: float = 60.0  # extraction time, checked between pages and blocks
    # OCR (scanned pages, tables printed as pictures): about 5 s a table picture, 10 s a scanned page on 2 cores.
    ocr: bool = True  # False: a document that needs OCR is left as needs_ocr (a fast crawl, or no engine wanted)
    max_pixels: int = 40_000_000  # one picture or rasterized page (an A4 scan at 300 dpi has 8.7 million)
    max_ocr_pages: int = 60  # pages (or frames of a TIFF) read by OCR in one document
    max_ocr_seconds: float = 300.0  # OCR time for one document, on top of extraction's


DEFAULT_LIMITS = Limits()


@dataclass
class Deadline:
    """The time left for one document, checked where work can stop cleanly."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def remaining(self) -> float:
        return max(0.0, self.seconds - self.elapsed())

    def check(self, where: str) -> None:
        if self.elapsed() > self.seconds:
            raise DocumentRefused(f"time limit of {self.seconds:g} s exceeded ({where})")

    def extend(self, seconds: float) -> None:
        """Add time spent elsewhere: OCR has its own budget, and what it took is not counted against extraction."""
        self.seconds += seconds


def check_size(data: bytes, limits: Limits, what: str) -> None:
    """Refuse a file above max_bytes before anything parses it."""
    if len(data) > limits.max_bytes:
        raise DocumentRefused(f"{what} of {len(data):,} bytes is above the limit of {limits.max_bytes:,} bytes")
