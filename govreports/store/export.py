"""Export the analyst views as CSV, Parquet or Excel, the reports as JSON lines, or the database as SQLite.

JSON lines are the spec's JSON of each report's current version (the
interchange format); CSV and Parquet are the rows of one view; Excel (xlsx)
has one sheet per view, Chinese headers (govreports.store.titles), the header
row frozen and numbers as numbers. A SQLite snapshot is the whole database (its
schema migrated, every table's rows copied): what `govreports serve` opens
for a PostgreSQL deployment (Datasette reads SQLite only). Filters apply to every format: a province
(四川 or 四川省) and a year covered, to the views that have that column.
"""

from __future__ import annotations

import contextlib
import csv
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, text

from govreports.store import titles

VIEWS = tuple(titles.VIEWS)
FORMATS = ("csv", "jsonl", "parquet", "xlsx", "sqlite")
SNAPSHOT_BATCH = 5_000  # rows per INSERT of a SQLite snapshot
XLSX_MAX_ROWS = 1_048_575  # a sheet's rows, less its header
XLSX_COLUMN_WIDTH = 14


@dataclass(frozen=True)
class Filters:
    province: str | None = None
    year: int | None = None

    def province_pattern(self) -> str:
        """四川 and 四川省 both select 四川省 (a LIKE pattern)."""
        return (self.province or "").rstrip("省市") + "%"

    def applies(self, columns: list[str]) -> bool:
        """Whether a view of these columns has every column filtered on."""
        return (not self.province or "province" in columns) and (self.year is None or "year" in columns)

    def where(self, prefix: str = "", columns: list[str] | None = None) -> tuple[str, dict[str, Any]]:
        """The WHERE clause; with `columns`, a filter on a column the view lacks is refused (ValueError)."""
        clauses, params = [], {}
        if columns is not None and not self.applies(columns):
            raise ValueError("this view has no column for the filter (province, year) given")
        if self.province:
            clauses.append(f"{prefix}province LIKE :province")
            params["province"] = self.province_pattern()
        if self.year is not None:
            clauses.append(f"{prefix}year = :year")
            params["year"] = self.year
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def view_columns(engine: Engine, view: str) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(text(f"SELECT * FROM {view} WHERE 1 = 0")).keys())


def view_rows(engine: Engine, view: str, filters: Filters) -> tuple[list[str], Iterator[tuple]]:
    """Column names and rows of a view, filtered, ordered for stable output."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    connection = engine.connect()
    try:
        columns = list(connection.execute(text(f"SELECT * FROM {view} WHERE 1 = 0")).keys())
        where, params = filters.where(columns=columns)
    except Exception:
        connection.close()
        raise
    # A view of reports in report order; an aggregate by all its columns (a stable order either way).
    order = "report_id" if "report_id" in columns else ", ".join(str(i + 1) for i in range(len(columns)))
    result = connection.execute(text(f"SELECT * FROM {view}{where} ORDER BY {order}"), params)

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


def write_xlsx(path: str, engine: Engine, views: tuple[str, ...], filters: Filters) -> dict[str, int]:
    """One sheet per view (its Chinese title), Chinese headers, the header row frozen, numbers as numbers.

    Returns the rows written per view. A view without a column filtered on (v_rates_by_year has no
    province) is left out rather than shown unfiltered. Written row by row (constant memory): a view of
    more rows than a sheet holds is refused (ValueError) rather than cut.
    """
    import xlsxwriter

    views = tuple(v for v in views if filters.applies(view_columns(engine, v)))
    if not views:
        raise ValueError("no view has the columns filtered on")
    counts: dict[str, int] = {}
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False,
                                          "strings_to_formulas": False, "strings_to_urls": False})
    try:
        header = workbook.add_format({"bold": True})
        for view in views:
            columns, rows = view_rows(engine, view, filters)
            sheet = workbook.add_worksheet(titles.VIEWS[view][:31])
            sheet.freeze_panes(1, 0)
            sheet.set_column(0, len(columns) - 1, XLSX_COLUMN_WIDTH)
            sheet.write_row(0, 0, [titles.column_title(view, c) for c in columns], header)
            count = 0
            for count, row in enumerate(rows, start=1):
                if count > XLSX_MAX_ROWS:
                    rows.close()
                    raise ValueError(f"{view} has more rows than an Excel sheet holds ({XLSX_MAX_ROWS}): "
                                     "filter with --province or --year, or export it as csv or parquet")
                for column, value in enumerate(row):
                    _write_cell(sheet, count, column, value)
            counts[view] = count
    finally:
        workbook.close()
    return counts


def _write_cell(sheet: Any, row: int, column: int, value: Any) -> None:
    """A number as a number (Excel sums it), a boolean as a boolean, anything else as its text."""
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, (int, float, Decimal)):
        sheet.write_number(row, column, float(value))
    else:
        sheet.write_string(row, column, str(_plain(value)))


def write_sqlite(path: str, engine: Engine) -> dict[str, int]:
    """A SQLite snapshot of the whole database at `path` (a new file): rows copied per table; returns them.

    The snapshot's schema is made by the migrations (the same tables, views and full-text index as
    a SQLite database of this version), then each table's rows are copied in batches, parents
    first; foreign keys are checked once, at commit (reports and their current version point at
    each other). One read transaction on the source, so the snapshot is consistent.
    """
    from sqlalchemy import insert, select

    from govreports.store.engine import make_engine, upgrade
    from govreports.store.models import Base

    target = make_engine(f"sqlite:///{path}")
    counts: dict[str, int] = {}
    try:
        upgrade(target)
        with engine.connect() as source, target.begin() as out:
            out.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            for table in Base.metadata.sorted_tables:
                count = 0
                result = source.execution_options(yield_per=SNAPSHOT_BATCH).execute(
                    select(table).order_by(*table.primary_key.columns))
                for batch in result.partitions():
                    out.execute(insert(table), [row._asdict() for row in batch])
                    count += len(batch)
                counts[table.name] = count
    finally:
        target.dispose()
        Path(f"{path}.upgrade-lock").unlink(missing_ok=True)
    # One self-contained file (no -wal beside it): a snapshot is copied around and opened read-only.
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    return counts
