"""The analysts' views at scale: seconds per query over many synthetic reports on SQLite, and the database size.

    .venv/bin/python bench/analysis.py [--reports 100000] [--database FILE]

Stores distinct copies of the seed reports through the Store (so the cross-year and completeness
checks and the search index are written as a crawl writes them): agencies of five years each
(2019–2023) spread over six provinces, a report left out now and then (a missing year), publish dates
on and after the deadline. Then times each query of the README's "Querying the data", each of
`govreports serve`'s other canned queries (govreports.serve), and a full read of every analyst view,
and prints the database size. Target: every README and canned query under 2 s.
Storing is the slow part (see bench/store.py): --database reuses a file built before.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from govreports.model import Region, Report  # noqa: E402
from govreports.report import ReportParser  # noqa: E402
from govreports.serve import ANALYST_QUERIES  # noqa: E402
from govreports.store.engine import make_engine, upgrade  # noqa: E402
from govreports.store.export import VIEWS  # noqa: E402
from govreports.store.writer import AgencyRef, Capture, Store  # noqa: E402

TARGET_SECONDS = 2.0
YEARS = range(2019, 2024)
PROVINCES = ("四川省", "广东省", "江苏省", "河南省", "贵州省", "天津市")
BATCH = 500


def seed_reports() -> list[Report]:
    parser = ReportParser()
    return [parser.parse_bytes(path.read_bytes())
            for path in sorted((ROOT / "tests" / "fixtures" / "reports").glob("seed00[0124]_text/body.txt"))]


def synthetic(seeds: list[Report], number: int) -> tuple[Report, Capture] | None:
    """Report `number`: agency number // 5, year 2019 + number % 5; every 37th left out (a missing year)."""
    if number % 37 == 36:
        return None
    base = seeds[number % len(seeds)]
    agency, year = number // len(YEARS), YEARS[number % len(YEARS)]
    province = PROVINCES[agency % len(PROVINCES)]
    name = f"{province}第{agency}号机关"
    published = f"{year + 1}-0{1 + number % 3}-{10 + number % 19:02d}"  # some after 1月31日: late departments
    report = dataclasses.replace(base, agency=name, year=year, region=Region(province), publish_date=published)
    capture = Capture.of(f"http://bench.example.gov.cn/{number}.html", str(number).encode())
    return report, dataclasses.replace(capture, agency=AgencyRef(name, province, None, None, "市级"))


def build(url: str, count: int) -> float:
    engine = make_engine(url)
    upgrade(engine)
    store, seeds = Store(engine), seed_reports()
    started = time.perf_counter()
    items = [item for n in range(count) if (item := synthetic(seeds, n)) is not None]
    for start in range(0, len(items), BATCH):
        store.store_many(items[start:start + BATCH])
    engine.dispose()
    return time.perf_counter() - started


def readme_queries() -> list[str]:
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Querying the data", 1)[1]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def timed(connection, sql: str, params: dict | None = None) -> tuple[float, int]:
    started = time.perf_counter()
    rows = connection.execute(text(sql), params or {}).fetchall()
    return time.perf_counter() - started, len(rows)


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--reports", type=int, default=100_000)
    options.add_argument("--database", type=Path, help="a SQLite file: built when missing, else reused")
    args = options.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.database or Path(folder.name) / "analysis.sqlite3"
    url = f"sqlite:///{path}"
    if not path.exists():
        seconds = build(url, args.reports)
        print(f"stored {args.reports} synthetic reports in {seconds:.0f} s")
    engine = make_engine(url)
    upgrade(engine)
    slowest = 0.0
    with engine.connect() as connection:
        reports = connection.scalar(text("SELECT COUNT(*) FROM reports"))
        print(f"database {path.stat().st_size / 2**20:.0f} MB, {reports} reports")
        for number, sql in enumerate(readme_queries(), start=1):
            seconds, rows = timed(connection, sql)
            slowest = max(slowest, seconds)
            first = " ".join(sql.split())[:70]
            print(f"README query {number}: {seconds:.2f} s, {rows} rows  ({first}…)")
        for query in ANALYST_QUERIES:  # the report_sources query lists every source when report_id is blank
            seconds, rows = timed(connection, query.sql, {"report_id": ""} if ":report_id" in query.sql else None)
            slowest = max(slowest, seconds)
            print(f"canned query {query.name}: {seconds:.2f} s, {rows} rows")
        for view in VIEWS:
            seconds, rows = timed(connection, f"SELECT * FROM {view}")
            print(f"all of {view}: {seconds:.2f} s, {rows} rows")
    engine.dispose()
    verdict = "met" if slowest < TARGET_SECONDS else "NOT met"
    print(f"slowest README query or canned query {slowest:.2f} s; target < {TARGET_SECONDS:.0f} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
