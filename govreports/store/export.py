"""Export the analyst views as CSV or Parquet, or the reports as JSON lines.

JSON lines are the spec's JSON of each report's current version (the
interchange format); CSV and Parquet are the rows of one view. Filters
apply to every format: a province (四川 or 四川省) and a year covered.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from sqlalchemy import Engine, text

VIEWS = ("v_reports", "v_applications", "v_active", "v_review_litigation", "v_check_failures")
FORMATS = ("csv", "jsonl", "parquet")


@dataclass(frozen=True)
class Filters:
    province: str | None = None
    year: int | None = None

    def province_pattern(self) -> str:
        """四川 and 四川省 both select 四川省 (a LIKE pattern)."""
        return (self.province or "").rstrip("省市") + "%"

    def where(self, prefix: str = "") -> tuple[str, dict[str, Any]]:
        clauses, params = [], {}
        if self.province:
            clauses.append(f"{prefix}province LIKE :province")
            params["province"] = self.province_pattern()
        if self.year is not None:
            clauses.append(f"{prefix}year = :year")
            params["year"] = self.year
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def view_rows(engine: Engine, view: str, filters: Filters) -> tuple[list[str], Iterator[tuple]]:
    """Column names and rows of a view, filtered, ordered for stable output."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    where, params = filters.where()
    connection = engine.connect()
    result = connection.execute(text(f"SELECT * FROM {view}{where} ORDER BY report_id"), params)
    columns = list(result.keys())

    def rows() -> Iterator[tuple]:
        try:
            yield from (tuple(row) for row in result)
        finally:
            connection.close()

    return columns, rows()


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def write_csv(out: IO[str], columns: list[str], rows: Iterator[tuple]) -> int:
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_plain(v) for v in row])
        count += 1
    return count


def write_parquet(path: str, columns: list[str], rows: Iterator[tuple]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = [[_plain(v) for v in row] for row in rows]
    table = pa.table({name: [row[i] for row in data] for i, name in enumerate(columns)})
    pq.write_table(table, path)
    return len(data)


def write_jsonl(engine: Engine, out: IO[str], filters: Filters) -> int:
    """One spec JSON object per line: each report's current version."""
    where, params = filters.where("vr.")
    sql = ("SELECT v.document FROM v_reports vr JOIN reports r ON r.id = vr.report_id "
           f"JOIN report_versions v ON v.id = r.current_version_id{where} ORDER BY vr.report_id")
    count = 0
    with engine.connect() as connection:
        for (document,) in connection.execute(text(sql), params):
            if isinstance(document, str):  # SQLite returns the JSON column's text through text()
                document = json.loads(document)
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
            count += 1
    return count
