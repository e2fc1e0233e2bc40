"""Crawl throughput of one process on a generated many-agency site: parsing in worker processes or not.

    .venv/bin/python bench/crawl_scale.py [--agencies 60] [--years 7] [--runs 3] [--workers 0,2]

Serves a generated site on loopback (tests/faultsite.py: each agency on
its own loopback host, 127.0.0.40 … then 127.0.1.1 …, so thousands of
agencies fit; a column of report pages with 下一页 paging; every report's
numbers known) and runs the real `agency` spider as a subprocess
per crawl at concurrency 16, alternating: pipelines off, then pipelines on
with each GOVREPORTS_PARSE_WORKERS value (0 = parse on the reactor thread).
Every crawl with pipelines must store every report (checked). Prints, per
variant, median responses/s and reports/s of the crawl's own elapsed time
and the peak RSS of the crawl process (its parse workers not included);
the CPU seconds each crawl took (the crawl process's and its parse
workers' stats, the site server's threads here), and the least time that
CPU needs on this machine's cores; then each variant's ratio to the crawl
with pipelines off, and the most its CPU allows. Target (issue
12): parsing on reaches ≥ 80% of the crawl with parsing off.

Several worker processes sharing one Redis frontier: bench/crawl_workers.py.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.crawl import run_crawl  # noqa: E402
from tests.faultsite import Host, serve_fault_site  # noqa: E402

TARGET_RATIO = 0.80
STAT = re.compile(r"'(downloader/response_count|elapsed_time_seconds|memusage/max|govreports/parse/cpu_seconds"
                  r"|govreports/cpu/crawl_process_seconds)': ([\d.]+)")
SETTINGS = {"GOVREPORTS_BUNDLED_REGISTRY": "False", "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0",
            "CONCURRENT_REQUESTS": "16", "CONCURRENT_REQUESTS_PER_DOMAIN": "4", "LOG_LEVEL": "INFO",
            "MEMUSAGE_ENABLED": "True"}


def crawl_once(registry: Path, folder: Path, name: str, settings: dict[str, str], reports: int) -> dict[str, float]:
    """One crawl's figures; `cpu`: the seconds of CPU the crawl process, its parse workers and the site's server
    (threads of this process) took (parsing in the crawl's own process is in that process's seconds already)."""
    log = folder / f"{name}.log"
    database = folder / f"{name}.sqlite3"
    server_cpu = time.process_time()
    result = run_crawl({}, {**SETTINGS, "GOVREPORTS_REGISTRY": str(registry),
                            "GOVREPORTS_ARCHIVE_DIR": str(folder / f"{name}-archive"), **settings},
                       f"sqlite:///{database}", log, timeout=1800)
    server_cpu = time.process_time() - server_cpu
    text = log.read_text(encoding="utf-8", errors="replace")
    if result.returncode != 0:
        sys.exit(f"crawl {name} failed ({result.returncode}):\n{text[-2000:]}")
    stats = {k: float(v) for k, v in STAT.findall(text)}
    stored = 0
    if settings.get("ITEM_PIPELINES") != "{}":
        with sqlite3.connect(database) as connection:
            stored = connection.execute("SELECT COUNT(*) FROM reports WHERE status = 'parsed'").fetchone()[0]
        if stored != reports:
            sys.exit(f"crawl {name} stored {stored} parsed reports, not {reports}")
    return {"responses": stats.get("downloader/response_count", 0.0), "seconds": stats["elapsed_time_seconds"],
            "rss": stats.get("memusage/max", 0.0), "reports": stored,
            "cpu": stats["govreports/cpu/crawl_process_seconds"] + server_cpu
            + (0.0 if settings.get("GOVREPORTS_PARSE_WORKERS") == "0" else stats.get("govreports/parse/cpu_seconds", 0.0))}


def site_arguments(description: str, agencies: int) -> argparse.ArgumentParser:
    """The options of a bench on a generated site (this one's and bench/reparse.py's)."""
    options = argparse.ArgumentParser(description=description)
    options.add_argument("--agencies", type=int, default=agencies, help="hosts, one agency each")
    options.add_argument("--years", type=int, default=7, help="reports per agency")
    options.add_argument("--runs", type=int, default=3)
    options.add_argument("--workers", default="0,2", help="GOVREPORTS_PARSE_WORKERS values to compare")
    return options


def site_hosts(name: str, args: argparse.Namespace) -> list[Host]:
    """args.agencies agencies (name + a number), each reporting on the args.years years before 2025."""
    return [Host(f"{name}{n:03d}局", "reports", years=range(2025 - args.years, 2025)) for n in range(args.agencies)]


def main(argv: list[str] | None = None) -> int:
    args = site_arguments(__doc__.split("\n")[0], agencies=60).parse_args(argv)
    hosts = site_hosts("规模", args)
    variants = {"pipelines off": {"ITEM_PIPELINES": "{}"}}
    for workers in args.workers.split(","):
        variants[f"parse workers {workers.strip()}"] = {"GOVREPORTS_PARSE_WORKERS": workers.strip()}
    measured: dict[str, list[dict[str, float]]] = {name: [] for name in variants}
    reports = args.agencies * args.years
    with tempfile.TemporaryDirectory(prefix="govreports-scale-") as folder, serve_fault_site(hosts) as site:
        folder = Path(folder)
        registry = site.write_registry(folder / "registry.csv")
        for run in range(args.runs):
            for index, (name, settings) in enumerate(variants.items()):
                measured[name].append(crawl_once(registry, folder, f"run{run}-{index}", settings, reports))
    print(f"{args.agencies} agencies x {args.years} years = {reports} reports, one crawl process, {args.runs} runs")
    rates = {}
    for name, runs in measured.items():
        per_second = [m["responses"] / m["seconds"] for m in runs]
        rates[name] = statistics.median(per_second)
        reports_rate = statistics.median(m["reports"] / m["seconds"] for m in runs)
        print(f"{name:18}: median {rates[name]:6.1f} responses/s, {reports_rate:5.1f} reports/s "
              f"(min {min(per_second):.1f}, max {max(per_second):.1f}; {runs[0]['responses']:.0f} responses; "
              f"peak RSS {statistics.median(m['rss'] for m in runs) / 2**20:.0f} MB)")
    # The CPU a crawl takes, spread over every core, is the least time it can last: what bounds the ratio.
    cores = len(os.sched_getaffinity(0))
    least, elapsed = {}, {}
    for name, runs in measured.items():
        cpu = statistics.median(m["cpu"] for m in runs)
        least[name], elapsed[name] = cpu / cores, statistics.median(m["seconds"] for m in runs)
        print(f"{name:18}: CPU {cpu:5.1f} s (crawl, parse workers, site server; {1000 * cpu / reports:.1f} ms "
              f"a report), elapsed {elapsed[name]:5.1f} s, at least {least[name]:.1f} s on {cores} cores")
    off = rates["pipelines off"]
    for name in list(variants)[1:]:
        ratio = rates[name] / off
        print(f"'{name}' / 'pipelines off': ratio {ratio:.2f}; target >= {TARGET_RATIO:.2f}: "
              f"{'met' if ratio >= TARGET_RATIO else 'NOT met'}; the CPU it takes allows at most "
              f"{elapsed['pipelines off'] / least[name]:.2f} on {cores} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
