"""The template's identities (勾稽关系), evaluated and recorded, never enforced.

A failed check tells an analyst that the printed numbers disagree, either
through the agency's arithmetic or our parsing; the numbers stay as printed.
An identity whose cells are missing is not evaluated (and not listed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from govreports.model import TABLE_KEYS, Cell, Check, Number, Tables
from govreports.understand import labels

PROCESSED_GROUPS = ("granted", "partially_granted", "denied.", "unavailable.", "not_processed.", "other.")
REVIEW_GROUPS = ("review", "suit_direct", "suit_after_review")
REVIEW_PARTS = ("upheld", "corrected", "other", "pending")
TOLERANCE = 1e-6
# OCR confidence (the least sure character's probability) below which a value read from a picture is
# flagged: measured on the suite's rendered tables (README, "Tables printed as pictures").
LOW_CONFIDENCE = 0.5

# Where the prose states the year's new applications: 共收到政府信息公开申请3件,
# 共收到3份依申请公开信件, 共接收依申请公开政府信息2件.
PROSE_NEW_APPLICATIONS = (
    re.compile(r"(?:收到|受理|接收|接到)(?:各类|有效)?[^。;,\d]{0,16}?申请[^。;,\d]{0,8}?(\d+)(?:件|份|条|个|次)"),
    re.compile(r"(?:收到|受理|接收|接到)(\d+)(?:件|份|条|个)[^。;,\d]{0,6}?申请"),
)


def _values(tables: Tables, table: str, row: str, columns: tuple[str, ...]) -> list[Number] | None:
    cells = tables.get(table, {}).get(row, {})
    values = [cells[c].value if c in cells else None for c in columns]
    return None if any(v is None for v in values) else values  # type: ignore[return-value]


def _value(tables: Tables, table: str, row: str, column: str) -> Number | None:
    cell = tables.get(table, {}).get(row, {}).get(column)
    return None if cell is None else cell.value


def _clean(number: Number) -> Number:
    return round(number, 6) if isinstance(number, float) else number


def _check(name: str, expected: Number, found: Number, column: str | None = None,
           row: str | None = None) -> Check:
    return Check(name, abs(expected - found) <= TOLERANCE, _clean(expected), _clean(found), column, row)


def applications_balance(tables: Tables) -> Iterator[Check]:
    """new_received + carried_over = total_processed + carried_forward, per column."""
    for column in labels.APPLICANT_COLUMNS:
        parts = [_value(tables, "applications", r, column)
                 for r in ("new_received", "carried_over", "total_processed", "carried_forward")]
        if any(p is None for p in parts):
            continue
        a, b, c, d = parts
        yield _check("applications.balance", a + b, c + d, column=column)


def applications_row_totals(tables: Tables) -> Iterator[Check]:
    """In every row, total = the six applicant columns.

    A row whose six columns are all read but whose total cell is empty
    fails too (found: null): the total it should print is not there.
    """
    for row, cells in tables.get("applications", {}).items():
        values = _values(tables, "applications", row, labels.APPLICANT_COLUMNS)
        if values is not None:
            yield _check("applications.row_total", sum(values[:-1]), values[-1], column="total", row=row)
            continue
        parts = _values(tables, "applications", row, labels.APPLICANT_COLUMNS[:-1])
        total = cells.get("total")
        if parts is not None and total is not None and total.value is None and not total.raw.strip():
            yield Check("applications.row_total", False, _clean(sum(parts)), None, column="total", row=row)


def applications_total_processed(tables: Tables) -> Iterator[Check]:
    """total_processed = the sum of every 三(一)…三(六) row, per column."""
    rows = tables.get("applications", {})
    if "total_processed" not in rows:
        return
    parts = [r for r in rows if r.startswith(PROCESSED_GROUPS)]
    if not parts:
        return
    for column in labels.APPLICANT_COLUMNS:
        found = _value(tables, "applications", "total_processed", column)
        values = [_value(tables, "applications", r, column) for r in parts]
        if found is None or any(v is None for v in values):
            continue
        yield _check("applications.total_processed", sum(values), found, column=column)


def review_totals(tables: Tables) -> Iterator[Check]:
    """Each *.total of table 4 = upheld + corrected + other + pending."""
    for group in REVIEW_GROUPS:
        columns = tuple(f"{group}.{p}" for p in REVIEW_PARTS) + (f"{group}.total",)
        values = _values(tables, "review_litigation", labels.REVIEW_ROW, columns)
        if values is not None:
            yield _check("review_litigation.total", sum(values[:-1]), values[-1], column=f"{group}.total")


def expected_cells(table: str, template: str) -> int:
    if table == "review_litigation":
        return len(labels.REVIEW_COLUMNS)
    rows = labels.ACTIVE_ROWS[template] if table == "active" else labels.APPLICATION_ROWS[template]
    return sum(len(spec.columns) for spec in rows)


def readable(cell: Cell) -> bool:
    """A number, or a cell printed empty; not a cell whose text could not be read as numbers."""
    return cell.value is not None or not cell.raw.strip()


def completeness(tables: Tables, template: str, named: Iterable[str] = ()) -> Iterator[Check]:
    """Every row and cell of a table is there: a table cut in half, or named and not read, fails."""
    for table in TABLE_KEYS:
        if table not in tables and table not in named:
            continue
        rows = tables.get(table, {})
        expected = expected_cells(table, template)
        found = sum(1 for cells in rows.values() for cell in cells.values() if readable(cell))
        yield Check(f"{table}.complete", found >= expected, expected, found)


def prose_new_applications(text: str) -> int | None:
    """The count of new applications the prose states, if it states one."""
    for pattern in PROSE_NEW_APPLICATIONS:
        m = pattern.search(text)
        if m:
            return int(m.group(1))
    return None


def prose_agreement(tables: Tables, text: str) -> Iterator[Check]:
    """The prose and table 3 agree on the year's new applications."""
    found = _value(tables, "applications", "new_received", "total")
    stated = prose_new_applications(text)
    if found is not None and stated is not None:
        yield _check("prose.new_received", stated, found, column="total")


def ocr_confidence(tables: Tables) -> Iterator[Check]:
    """Values read by OCR that the engine was unsure of: one failed check each, with its row and column.

    A table read by OCR with every value sure enough gets one passing check
    whose `found` is its least sure value's confidence. The value stays as
    read: it is flagged, not corrected.
    """
    for table in TABLE_KEYS:
        read = [(row, column, cell.confidence) for row, cells in tables.get(table, {}).items()
                for column, cell in cells.items() if cell.confidence is not None]
        if not read:
            continue
        low = [(row, column, confidence) for row, column, confidence in read if confidence < LOW_CONFIDENCE]
        if not low:
            yield Check(f"{table}.ocr_confidence", True, LOW_CONFIDENCE, round(min(c for _, _, c in read), 3))
        for row, column, confidence in low:
            yield Check(f"{table}.ocr_confidence", False, LOW_CONFIDENCE, round(confidence, 3), column, row)


def run_checks(tables: Tables, template: str | None, text: str, named: Iterable[str] = ()) -> list[Check]:
    """Every identity that the parsed tables allow to evaluate, and each table's completeness.

    `named`: tables the text names; each must be there, or its check fails.
    """
    if template is None or not (tables or named):
        return []
    return [
        *completeness(tables, template, named),
        *applications_balance(tables),
        *applications_row_totals(tables),
        *applications_total_processed(tables),
        *review_totals(tables),
        *prose_agreement(tables, text),
        *ocr_confidence(tables),
    ]
