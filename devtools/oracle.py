"""The oracle corpus (tests/oracle/): real reports, values transcribed by reading them.

Loads each case's shapes (the documents as found, and the shapes standard
tools derive from them) and scores what the parser reads against the
transcribed values. Used by the oracle tests and by bench/accuracy.py; it
never writes expected values.

A cell is *right* when the parser read the transcribed value, *wrong* when
it read another number (or a number under a column of a transcribed row
that the transcription does not list), *missing* when it read none (left
out, or kept unread with a failed check). Wrong is what must never happen.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ORACLE = ROOT / "tests" / "oracle"
FIELDS = ("title", "agency", "year", "publish_date", "template", "region.province", "region.city", "region.county")
CHECK_OF_BREAK = {  # document_breaks entry prefix → the check that must fail
    "applications.balance": "applications.balance",
    "applications.row_total": "applications.row_total",
    "applications.total_processed": "applications.total_processed",
    "review_litigation.total": "review_litigation.total",
}


@dataclass(frozen=True)
class Shape:
    """One file of a case: the document as found, or a shape a tool made from it."""

    case: str
    name: str
    path: Path
    found: bool
    layout: str
    content_type: str | None
    url: str | None

    @property
    def id(self) -> str:
        return f"{self.case}/{self.name}"

    @property
    def family(self) -> str:
        return self.layout if self.found else f"derived:{self.layout}"


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    expected: dict[str, Any]
    shapes: tuple[Shape, ...]

    def cells(self) -> dict[tuple[str, str, str], Any]:
        return expected_cells(self.expected)


def scanned(pdf: bytes, dpi: int = 150, pages: Iterable[int] | None = None) -> bytes:
    """A PDF's pages as a scanner gives them: each page a grey picture at `dpi`, no text layer (PyMuPDF renders them;
    an agency that scans its printed report publishes such a file)."""
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as source:
        out = pymupdf.open()
        for number in range(len(source)) if pages is None else pages:
            page = source[number]
            picture = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
            out.new_page(width=page.rect.width, height=page.rect.height).insert_image(
                pymupdf.Rect(0, 0, page.rect.width, page.rect.height), stream=picture.tobytes("png"))
        return out.tobytes()


def load_cases(root: Path = ORACLE) -> list[Case]:
    cases = []
    for folder in sorted(p for p in root.iterdir() if (p / "expected.json").is_file()):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        shapes = tuple(
            Shape(folder.name, name, folder / name, bool(info.get("found")), info["layout"],
                  info.get("content_type"), meta.get("original_url"))
            for name, info in sorted(meta["shapes"].items()) if (folder / name).is_file()
        )
        cases.append(Case(folder.name, folder, expected, shapes))
    return cases


def expected_cells(expected: dict[str, Any]) -> dict[tuple[str, str, str], Any]:
    return {(t, r, c): v for t, rows in expected.get("tables", {}).items()
            for r, cells in rows.items() for c, v in cells.items()}


def field_value(document: dict[str, Any], name: str) -> Any:
    if name.startswith("region."):
        return (document.get("region") or {}).get(name.split(".", 1)[1])
    return document.get(name)


def same(found: Any, wanted: Any) -> bool:
    """Numbers equal as numbers; texts equal but for whitespace (a title printed 2024 年 or 2024年)."""
    if isinstance(found, (int, float)) and isinstance(wanted, (int, float)):
        return math.isclose(found, wanted, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(found, str) and isinstance(wanted, str):
        return "".join(found.split()) == "".join(wanted.split())
    return found == wanted


@dataclass
class Score:
    """Cells and fields of one parsed shape against its case's transcription."""

    cells: int = 0
    right: int = 0
    wrong: list[tuple[tuple[str, str, str], Any, Any]] = field(default_factory=list)
    missing: list[tuple[str, str, str]] = field(default_factory=list)
    fields: dict[str, bool] = field(default_factory=dict)

    def add(self, other: Score) -> None:
        self.cells += other.cells
        self.right += other.right
        self.wrong += other.wrong
        self.missing += other.missing
        for name, ok in other.fields.items():
            self.fields[name] = ok  # per-document scores keep their own; sums use field_counts

    @property
    def accuracy(self) -> float:
        return self.right / self.cells if self.cells else 1.0


def score(document: dict[str, Any], case: Case) -> Score:
    """How many transcribed cells the parsed JSON reads right, wrong or not at all."""
    out = Score()
    tables = document.get("tables") or {}
    expected = case.cells()
    for (table, row, column), wanted in expected.items():
        out.cells += 1
        cells = tables.get(table, {}).get(row, {})
        if column not in cells:
            out.missing.append((table, row, column))
            continue
        found = cells[column]
        if same(found, wanted):
            out.right += 1
        elif found is None:
            out.missing.append((table, row, column))
        else:
            out.wrong.append(((table, row, column), found, wanted))
    # A number under a column of a transcribed row that the transcription does not list: a value the document does
    # not print there (a block's cells keyed by the other template's columns), wrong as a number misread is.
    for table, rows in tables.items():
        for row, cells in rows.items():
            if not any((table, row, column) in expected for column in cells):
                continue
            out.wrong += [((table, row, column), found, None) for column, found in cells.items()
                          if found is not None and (table, row, column) not in expected]
    for name in FIELDS:
        wanted = field_value(case.expected, name)
        out.fields[name] = same(field_value(document, name), wanted)
    return out


def failed_checks(document: dict[str, Any]) -> set[str]:
    return {c["check"] for c in document.get("checks", []) if not c.get("ok")}


def unflagged_gaps(document: dict[str, Any], case: Case) -> list[str]:
    """Tables with cells missing while the report says nothing: no failed check for that table."""
    if document.get("status") != "parsed":
        return []
    failed = failed_checks(document)
    result = score(document, case)
    gaps = []
    for table in case.expected.get("tables", {}):
        missing = [m for m in result.missing if m[0] == table]
        if missing and not any(name.startswith(f"{table}.") for name in failed):
            gaps.append(f"{table}: {len(missing)} cells missing, no failed check")
    return gaps


ROWS_OF_CHECK = {  # the rows an identity reads, besides the one it names
    "applications.balance": ("new_received", "carried_over", "total_processed", "carried_forward"),
    "review_litigation.total": ("all",),
}


def flagged(document: dict[str, Any], check: str, where: str) -> bool:
    """Whether a broken identity shows: the check fails, or a row it reads is unread with a failed check."""
    rows = {where, *ROWS_OF_CHECK.get(check, ())}
    if check == "applications.total_processed":
        rows |= set((document.get("tables") or {}).get("applications", {}))
    for c in document.get("checks", []):
        if c.get("ok"):
            continue
        places = {c.get("row"), c.get("column")}
        if c["check"] == check and (where in places or f"{where}.total" in places):
            return True
        if c["check"].endswith((".glued_digits", ".short_row", ".stacked_row", ".long_row")) and places & rows:
            return True
    return False


def breaks(case: Case) -> Iterator[tuple[str, str]]:
    """(check, row or column) of each identity the document's own numbers break."""
    for entry in case.expected.get("document_breaks", []):
        check, _, where = entry.partition(":")
        yield CHECK_OF_BREAK.get(check, check), where
