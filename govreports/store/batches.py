"""Batch sizes of the Store's work: documents a transaction, and lists cut to the length one `IN (…)` of a
lookup takes, for its batched statements."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")
# Documents stored in one transaction: the crawl's (GOVREPORTS_STORE_BATCH's default), `govreports store`'s and
# `govreports reparse`'s.
STORE_BATCH = 50
CHUNK = 500  # SQLite allows 32,766 parameters a statement, PostgreSQL 65,535: kept far below both


def chunks(values: list[T], size: int = CHUNK) -> list[list[T]]:
    return [values[i:i + size] for i in range(0, len(values), size)]
