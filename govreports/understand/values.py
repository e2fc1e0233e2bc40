"""Table cell text → number, keeping the raw text.

Rules of shared/spec/report-tables.md: a dash, slash or 无 alone is 0 (raw
kept); an empty cell is null; thousands separators, inner spaces and
trailing units are dropped; decimals and negatives are kept.
"""

from __future__ import annotations

import re

from govreports.model import Cell, Number

ZERO_MARKS = frozenset({"-", "--", "—", "——", "―", "─", "/", "无", "0"})
UNITS = "件个项条次人家份万元%"
NUMBER = re.compile(rf"^([-+]?)\s*(\d[\d,\s]*)(\.\d+)?\s*(?:[{UNITS}]{{1,2}})?$")


VALUE_START = frozenset("0123456789-+—―─/无")


def is_value(text: str) -> bool:
    """Whether a non-empty cell text reads as a table value."""
    if not text or text[0] not in VALUE_START:
        return False
    return text in ZERO_MARKS or NUMBER.match(text) is not None


def to_number(text: str) -> Number | None:
    """The number a cell prints, or None when it prints none."""
    text = text.strip()
    if text in ZERO_MARKS:
        return 0
    m = NUMBER.match(text)
    if m is None:
        return None
    sign, digits, fraction = m.group(1), re.sub(r"[,\s]", "", m.group(2)), m.group(3)
    if fraction:
        return float(f"{sign}{digits}{fraction}")
    return int(f"{sign}{digits}")


def to_cell(raw: str) -> Cell:
    return Cell(to_number(raw) if raw.strip() else None, raw)
