"""Storage throughput: reports (each ~200 cells and ~46 checks) stored per second.

    .venv/bin/python bench/store.py [--reports 100] [--batches 5] [--where]

Parses the seed reports once, then stores distinct copies of them (another
agency name and year each, so every store writes a new report, version,
source, cells and checks) into a fresh SQLite file and into a PostgreSQL
started on 127.0.0.1 (skipped with a note if PostgreSQL is not installed).
Each database is measured committing every report and committing every 50
(Store.store_many, how the crawl pipeline writes). Prints the median
reports/s over batches and peak memory. Target (issue 12): at least 1,000
reports/s batched, into SQLite and into PostgreSQL. `--where` also prints,
for each batched run, the share of its time each kind of statement took
(the bulk inserts, COPY on PostgreSQL, included) and the rest: Python's
work on the reports, and the commits.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import dataclasses
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, event  # noqa: E402

import govreports.store.writer as writer  # noqa: E402
from govreports.model import Report  # noqa: E402
from govreports.report import ReportParser  # noqa: E402
from govreports.store.engine import make_engine, upgrade  # noqa: E402
from govreports.store.writer import Capture, Store  # noqa: E402

TARGET = 1000.0


def seed_reports() -> list[Report]:
    parser = ReportParser()
    reports = []
    for path in sorted((ROOT / "tests" / "fixtures" / "reports").glob("seed00[0124]_text/body.txt")):
        reports.append(parser.parse_bytes(path.read_bytes()))
    return reports


def copies(reports: list[Report], start: int, count: int) -> list[tuple[Report, Capture]]:
    out = []
    for i in range(start, start + count):
        base = reports[i % len(reports)]
        report = dataclasses.replace(base, agency=f"{base.agency}{i // 25}", year=2000 + i % 25)
        url = f"http://bench.example.gov.cn/{i}.html"
        out.append((report, Capture.of(url, f"{i}".encode())))
    return out


@contextlib.contextmanager
def statement_times(engine: Engine, seconds: collections.Counter):
    """Seconds per kind of statement (its first words and table) while inside, bulk inserts included (once:
    SQLite's executemany is a statement the events see too)."""
    bulk_running = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany) -> None:
        started = conn.info.pop("bench_started")
        if not bulk_running:
            words = statement.split("(", 1)[0].split()
            kind = " ".join(words[:3] if words[:1] in (["INSERT"], ["DELETE"]) else words[:2])
            seconds[kind] += time.perf_counter() - started

    def bulk(connection, table, columns, rows, _insert=writer.insert_rows) -> None:
        started = time.perf_counter()
        bulk_running.append(table)
        try:
            _insert(connection, table, columns, rows)
        finally:
            bulk_running.pop()
        seconds[f"{'COPY' if connection.dialect.name == 'postgresql' else 'executemany'} {table}"] += \
            time.perf_counter() - started

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    original, writer.insert_rows = writer.insert_rows, bulk
    try:
        yield
    finally:
        writer.insert_rows = original
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def run(url: str, reports: list[Report], per_batch: int, batches: int, commit_every: int,
        seconds: collections.Counter | None = None) -> tuple[list[float], int, float]:
    """Median-able rates over batches; memory traced on one extra batch (tracing slows). With `seconds`, the
    measured batches' time by kind of statement, and their total under "all"."""
    engine = make_engine(url)
    upgrade(engine)
    store = Store(engine)
    rates = []
    for batch in range(batches + 1):
        work = copies(reports, batch * per_batch, per_batch)
        if batch == batches:
            tracemalloc.start()
        timed = seconds is not None and batch < batches
        started = time.perf_counter()
        with statement_times(engine, seconds) if timed else contextlib.nullcontext():
            for start in range(0, len(work), commit_every):
                store.store_many(work[start:start + commit_every])
        if batch < batches:
            rates.append(per_batch / (time.perf_counter() - started))
            if timed:
                seconds["all"] += time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    cells = sum(len(c) for r in reports for rows in r.tables.values() for c in rows.values()) // len(reports)
    engine.dispose()
    return rates, cells, peak


def show(name: str, rates: list[float], cells: int, peak: float, target: float | None = None) -> None:
    median = statistics.median(rates)
    line = (f"{name}: median {median:.0f} reports/s (min {min(rates):.0f}, max {max(rates):.0f}; "
            f"~{cells} cells each), traced peak {peak / 1e6:.1f} MB")
    if target is not None:
        line += f"; target >= {target:.0f}: {'met' if median >= target else 'NOT met'}"
    print(line)


def show_where(seconds: collections.Counter, shown: int = 8) -> None:
    total = seconds.pop("all")
    kinds = seconds.most_common()
    parts = [f"{kind} {100 * t / total:.0f}%" for kind, t in kinds[:shown]]
    rest = sum(t for _, t in kinds[shown:])
    parts += [f"other statements {100 * rest / total:.0f}%"] if rest else []
    parts.append(f"the rest (Python, commits) {100 * (total - sum(seconds.values())) / total:.0f}%")
    print("  where its time goes: " + ", ".join(parts))


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--reports", type=int, default=100, help="reports per batch")
    options.add_argument("--batches", type=int, default=5)
    options.add_argument("--commit-every", type=int, default=50, help="reports per transaction, batched run")
    options.add_argument("--where", action="store_true", help="where a batched run's time goes, by statement")
    args = options.parse_args()
    reports = seed_reports()

    def measure(database: str, url: str, commit_every: int) -> None:
        label = "one commit per report" if commit_every == 1 else f"one commit per {commit_every} reports"
        seconds = collections.Counter() if args.where and commit_every > 1 else None
        show(f"{database}, {label}", *run(url, reports, args.reports, args.batches, commit_every, seconds),
             target=TARGET if commit_every > 1 else None)
        if seconds is not None:
            show_where(seconds)

    for commit_every in (1, args.commit_every):
        with tempfile.TemporaryDirectory() as folder:
            measure("SQLite", f"sqlite:///{folder}/bench.sqlite3", commit_every)
    try:
        from tests.pg import PostgresUnavailable, create_database, postgres_server

        with postgres_server() as server:
            for commit_every in (1, args.commit_every):
                measure("PostgreSQL", create_database(server), commit_every)
    except PostgresUnavailable as error:
        print(f"PostgreSQL: skipped ({error})")
    print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
