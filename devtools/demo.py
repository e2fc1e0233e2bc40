"""The main job on the bundled sample site: serve it, crawl it with the real spider, show what was stored.

    .venv/bin/python -m devtools.demo [--database-url URL] [--log FILE]

(`scripts/demo` runs this after installing what it needs.) The six sample
agencies are served on 127.0.0.x, the `agency` spider crawls them in a
subprocess (a real `scrapy crawl`, browser and archive included) into the
default SQLite database (data/govreports.sqlite3) or `--database-url`.
The summary comes from the database the crawl wrote: its crawl_runs row
(the verdict and one line per agency, judged from its stats by
govreports.fetch.outcome) and v_reports. Exit status: the crawl's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select, text

from devtools.crawl import run_crawl, sample_site_settings
from devtools.sample_site import serve_sample_site
from govreports.fetch.outcome import judge
from govreports.outfile import text_output
from govreports.store.config import database_url, redacted
from govreports.store.engine import make_engine
from govreports.store.models import CrawlRun


def last_run(url: str) -> CrawlRun | None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            row = connection.execute(select(CrawlRun.__table__).order_by(CrawlRun.id.desc()).limit(1)).first()
            return None if row is None else CrawlRun(**row._mapping)
    finally:
        engine.dispose()


def stored_reports(url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(
                "SELECT agency, province, year, template, status, sources, failed_checks FROM v_reports "
                "ORDER BY province, agency, year")).fetchall()
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m devtools.demo", description=__doc__.split("\n\n")[0])
    ap.add_argument("--database-url", help="SQLAlchemy URL (default: $GOVREPORTS_DATABASE_URL or data/…sqlite3)")
    ap.add_argument("--log", type=Path, help="also write the crawl's log to this file")
    args = ap.parse_args(argv)
    url = database_url(args.database_url)
    with tempfile.TemporaryDirectory(prefix="govreports-demo-") as folder, serve_sample_site() as site:
        print(f"sample site: {len(site.hosts)} agencies on {', '.join(sorted(site.hosts.values()))}")
        registry = site.write_registry(Path(folder) / "registry.csv")
        log_file = Path(folder) / "crawl.log"
        print("crawling with the agency spider (browser for the pages that need one)…", flush=True)
        started = time.perf_counter()
        result = run_crawl({}, sample_site_settings(registry), url, log_file)
        seconds = time.perf_counter() - started
        log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else result.stderr
        if args.log:
            with text_output(args.log) as out:
                out.write(log)
    print(f"crawl finished in {seconds:.1f}s with exit status {result.returncode}")
    run = last_run(url)
    if run is not None:
        verdict = judge(run.stats or {}, (run.stats or {}).get("finish_reason"))
        for agency in verdict.agencies:
            print("  " + agency.line())
        print("  " + (run.reason or verdict.line))
    rows = stored_reports(url)
    print(f"\n{redacted(url)} now holds {len(rows)} reports:")
    for row in rows:
        print(f"  {row.province:8} {row.agency:14} {row.year}  template {row.template}  {row.status}  "
              f"sources {row.sources}  failed checks {row.failed_checks}")
    if result.returncode != 0:
        print(log[-3000:], file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
