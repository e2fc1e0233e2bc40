"""The parsed report as plain dataclasses: what every stage hands to the next.

Parsers return these and never a Scrapy Response, so that a report can be
parsed, stored and re-parsed without the crawler.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Number = int | float

TABLE_KEYS = ("active", "applications", "review_litigation")


@dataclass(frozen=True)
class Cell:
    """One table value, the text it was read from (kept for audits), and OCR's confidence when read from a picture.

    `confidence` is the recognizer's probability for the least sure character
    of the cell (0–1); None for a value read from the document's own text.
    """

    value: Number | None
    raw: str
    confidence: float | None = None


@dataclass
class Region:
    province: str | None = None
    city: str | None = None
    county: str | None = None


@dataclass
class HeaderMetadata:
    """The page's own header block (索引号 table), as printed."""

    index_no: str | None = None
    issuer: str | None = None
    doc_no: str | None = None
    created_date: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Check:
    """One evaluated identity; failures are recorded, numbers never corrected."""

    check: str
    ok: bool
    expected: Number | None
    found: Number | None
    column: str | None = None
    row: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"check": self.check}
        if self.row is not None:
            out["row"] = self.row
        if self.column is not None:
            out["column"] = self.column
        out.update(ok=self.ok, expected=self.expected, found=self.found)
        return out


@dataclass
class PageHints:
    """What the markup says beside the text (HTML <meta>, <title>, site name)."""

    titles: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)


# tables[table][row][column] -> Cell
Tables = dict[str, dict[str, dict[str, Cell]]]


@dataclass
class Report:
    """A parsed report. `status` says how far parsing got and why."""

    title: str | None = None
    agency: str | None = None
    region: Region = field(default_factory=Region)
    year: int | None = None
    publish_date: str | None = None
    metadata: HeaderMetadata = field(default_factory=HeaderMetadata)
    template: str | None = None
    tables: Tables = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    text: str = ""
    url: str | None = None
    status: str = "parsed"
    reason: str | None = None
    encoding: str | None = None
    document_type: str | None = None
    ocr: bool = False  # some of its table cells were read by OCR (a scan, a table printed as a picture)
    # Pictures in the page's body that may hold the tables its text announces and lacks (absolute URLs):
    # fetch them and parse again with `images=` to read those tables.
    wanted_images: list[str] = field(default_factory=list)


class ParseError(Exception):
    """An input that cannot be parsed at all (empty, binary, unsupported)."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
