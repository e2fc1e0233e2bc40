"""Lists cut to the length one `IN (…)` of a lookup takes, for the Store's batched statements."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")
CHUNK = 500  # SQLite allows 32,766 parameters a statement, PostgreSQL 65,535: kept far below both


def chunks(values: list[T], size: int = CHUNK) -> list[list[T]]:
    return [values[i:i + size] for i in range(0, len(values), size)]
