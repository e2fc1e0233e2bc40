"""Dates as reports and listings print them (2025-01-20, 2025/1/20, 2025年1月20日): one reader for every stage."""

from __future__ import annotations

import re
from datetime import date

DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def iso_date(text: str) -> str | None:
    """The first plausible date in a text, as YYYY-MM-DD."""
    for m in DATE.finditer(text):
        year, month, day = (int(g) for g in m.groups())
        if not 1990 <= year <= 2100:
            continue
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            continue
    return None
