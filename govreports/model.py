"""The parsed report as plain dataclasses: what every stage hands to the next.

Parsers return these and never a Scrapy Response, so that a report can be
parsed, stored and re-parsed without the crawler.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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


def plain_tables(tables: Tables) -> dict[str, dict[str, dict[str, Number | None]]]:
    """Tables as the JSON shape: values only, in template order."""
    return {t: {r: {c: cell.value for c, cell in cols.items()} for r, cols in rows.items()}
            for t, rows in tables.items()}


def to_json(report: Report) -> dict[str, Any]:
    """The spec's JSON (shared/spec/report-json.md): the interchange shape every stage and export writes.

    Keys stable; `status` and `reason` added after the spec's. A report
    whose tables were read by OCR also says so (`ocr: true`) and gives each
    value's confidence in `confidence`, keyed like `tables`; other reports
    have neither key.
    """
    out = {
        "title": report.title,
        "agency": report.agency,
        "region": asdict(report.region),
        "year": report.year,
        "publish_date": report.publish_date,
        "metadata": asdict(report.metadata),
        "template": report.template,
        "tables": plain_tables(report.tables),
        "checks": [c.to_json() for c in report.checks],
        "text": report.text,
        "status": report.status,
        "reason": report.reason,
    }
    if report.ocr:
        out["ocr"] = True
        out["confidence"] = confidences(report)
    return out


CONFIDENCE_DIGITS = 3


def confidences(report: Report) -> dict[str, dict[str, dict[str, float]]]:
    """OCR's confidence of each value read from a picture, keyed like the tables."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for table, rows in report.tables.items():
        for row, cells in rows.items():
            for column, cell in cells.items():
                if cell.confidence is not None:
                    out.setdefault(table, {}).setdefault(row, {})[column] = round(cell.confidence, CONFIDENCE_DIGITS)
    return out
