"""Re-parse throughput: `govreports reparse` of a crawl's archive into a fresh database, by parse workers.

    .venv/bin/python bench/reparse.py [--agencies 200] [--years 7] [--runs 3] [--workers 0,2]

Serves a generated site on loopback (tests/faultsite.py, as bench/crawl_scale.py
does: one agency a loopback host, every report's numbers known), crawls it
once with the archive on, then runs the real command (`govreports reparse`,
a subprocess) into a fresh SQLite file, alternating the
GOVREPORTS_PARSE_WORKERS values given. Every run must store every report
(checked). Prints, per value, the median reports/s of the command's elapsed
time, and the ratio of each value to the first.
"""

from __future__ import annotations

import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crawl_scale import SETTINGS, site_arguments, site_hosts  # noqa: E402
from devtools.crawl import run_crawl  # noqa: E402
from tests.faultsite import serve_fault_site  # noqa: E402

SUMMARY = re.compile(r"reparsed (\d+) captures: (\d+) new reports")


def reparse_once(folder: Path, registry: Path, workers: str, reports: int, name: str) -> float:
    """Seconds one `govreports reparse` into a new database took (the process's whole life)."""
    database = folder / f"{name}.sqlite3"
    env = {**os.environ, "GOVREPORTS_PARSE_WORKERS": workers, "GOVREPORTS_REGISTRY": str(registry),
           "GOVREPORTS_BUNDLED_REGISTRY": "False"}
    command = [str(Path(sys.executable).parent / "govreports"), "reparse", "--archive-dir", str(folder / "archive"),
               "--database-url", f"sqlite:///{database}"]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - started
    summary = SUMMARY.search(done.stdout)
    if done.returncode != 0 or summary is None or int(summary.group(2)) != reports:
        sys.exit(f"reparse {name} failed ({done.returncode}): {done.stdout[-500:]} {done.stderr[-2000:]}")
    with sqlite3.connect(database) as connection:
        stored = connection.execute("SELECT COUNT(*) FROM reports WHERE status = 'parsed'").fetchone()[0]
    if stored != reports:
        sys.exit(f"reparse {name} stored {stored} parsed reports, not {reports}")
    database.unlink()
    return seconds


def main(argv: list[str] | None = None) -> int:
    args = site_arguments(__doc__.split("\n")[0], agencies=200).parse_args(argv)
    hosts = site_hosts("重解", args)
    reports = args.agencies * args.years
    values = [w.strip() for w in args.workers.split(",")]
    seconds: dict[str, list[float]] = {w: [] for w in values}
    with tempfile.TemporaryDirectory(prefix="govreports-reparse-") as folder, serve_fault_site(hosts) as site:
        folder = Path(folder)
        registry = site.write_registry(folder / "registry.csv")
        crawl = run_crawl({}, {**SETTINGS, "GOVREPORTS_REGISTRY": str(registry),
                               "GOVREPORTS_ARCHIVE_DIR": str(folder / "archive")},
                          f"sqlite:///{folder / 'crawl.sqlite3'}", folder / "crawl.log", timeout=3600)
        if crawl.returncode != 0:
            sys.exit(f"the crawl that makes the archive failed ({crawl.returncode})")
        for run in range(args.runs):
            for workers in values:
                seconds[workers].append(reparse_once(folder, registry, workers, reports, f"run{run}-{workers}"))
    print(f"{args.agencies} agencies x {args.years} years = {reports} reports re-parsed from the archive into "
          f"SQLite, {args.runs} runs, {len(os.sched_getaffinity(0))} cores")
    rates = {w: statistics.median(reports / s for s in seconds[w]) for w in values}
    for workers in values:
        print(f"reparse, parse workers {workers}: median {rates[workers]:.0f} reports/s "
              f"(min {min(reports / s for s in seconds[workers]):.0f}, "
              f"max {max(reports / s for s in seconds[workers]):.0f})")
    for workers in values[1:]:
        print(f"ratio parse workers {workers} / parse workers {values[0]}: {rates[workers] / rates[values[0]]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
