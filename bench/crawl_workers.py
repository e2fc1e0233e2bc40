"""Crawl throughput of 1, 2, 4 … `scrapy crawl agency` worker processes sharing one Redis frontier.

    .venv/bin/python bench/crawl_workers.py [--agencies 1000] [--years 7] [--workers 1,2,4]
                                            [--parse-workers 0] [--concurrency 16] [--keep DIR]

Serves a generated site on loopback (tests/faultsite.py: each agency on an
origin of its own, 127.0.0.40 … then 127.0.1.1 …; its registry row names
its column, 10 entries a page with 下一页 paging, one report page a year), starts Debian's redis-server and a
throwaway PostgreSQL on 127.0.0.1 (tests/pg.py), and for each worker count N
crawls the whole site with N worker processes started together, each with
GOVREPORTS_REDIS_URL set (spiders/distributed.py), its own WARC folder and
the shared database: fresh Redis keys (a crawl name of its own) and a fresh
database per N. Parsing runs in each worker's process by default
(GOVREPORTS_PARSE_WORKERS=0), so that the workers are the only parallelism.

A worker fetches robots.txt once per origin it visits (its robots parser
is its own): N workers fetch up to N × agencies of them, counted in the
responses. The site closes a kept-alive connection idle for 5 s, so that
the bench's own process does not keep a thread per pooled connection.

Checked per N: every worker exits 0, every report is stored (parsed) once,
and every report page was served exactly once across the workers (the
site's own hit counts). Printed per N: total responses/s and reports/s
over the wall time from the first worker's start to the last one's exit,
the speed-up against the first N (normally 1 worker), and per worker its
responses, reports, and resident memory (VmRSS of /proc/<pid>/status,
sampled every second) when the site had served 25%, 50%, 75% and 100% of
the crawl's responses, and its peak; its child processes (the browser
driver, a parse pool) apart. Flat means memory does not grow with the
crawl's size. On a machine with C cores, more than C workers cannot be
faster than C (the site server, Redis and PostgreSQL share the same
cores): the figures are printed as measured, with the load average at
the start of each N. --keep DIR keeps the workers' logs and archives.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.crawl import crawl_command  # noqa: E402
from tests.faultsite import Host, serve_fault_site  # noqa: E402
from tests.pg import create_database, postgres_server  # noqa: E402
from tests.services import redis_server  # noqa: E402

STAT = re.compile(r"'(downloader/response_count|item_scraped_count)': (\d+)")
SETTINGS = {"GOVREPORTS_BUNDLED_REGISTRY": "False", "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0",
            "CONCURRENT_REQUESTS_PER_DOMAIN": "4", "LOG_LEVEL": "INFO", "TELNETCONSOLE_ENABLED": "False"}
REPORT_PATH = re.compile(r"/nb/(\d{4})\.html$")
QUARTERS = (0.25, 0.50, 0.75, 1.00)
# The site closes a kept-alive connection idle this long: else the bench process keeps one thread per
# connection the workers pooled (up to 4 per host per worker, for Twisted's 240 s), 10,000s of them.
IDLE_TIMEOUT = 5.0


def vm_rss(pid: int) -> int:
    """VmRSS of a process in kB (/proc/<pid>/status); 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
    except OSError:
        return 0


def rss_kb(pid: int) -> tuple[int, int]:
    """VmRSS of a worker and of its children (its browser driver, a parse pool), in kB."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            kids = [int(p) for p in children.read().split()]
    except OSError:
        return 0, 0
    return vm_rss(pid), sum(vm_rss(kid) for kid in kids)


class Sampler(threading.Thread):
    """Every second: each live worker's RSS, and the responses the site has served so far."""

    def __init__(self, workers: list[subprocess.Popen], site) -> None:  # noqa: ANN001
        super().__init__(daemon=True)
        self.workers, self.site = workers, site
        # (time, responses served, (RSS kB, its children's RSS kB) per worker)
        self.samples: list[tuple[float, int, list[tuple[int, int]]]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            served = sum(self.site.hits.values())
            rss = [rss_kb(w.pid) if w.poll() is None else (0, 0) for w in self.workers]
            self.samples.append((time.monotonic(), served, rss))
            self.stop.wait(1.0)

    def at(self, worker: int, fraction: float, total: int) -> int:
        """The worker's RSS at the first sample where the site had served `fraction` of its responses.

        At 100%: the last sample up to then, before the worker began to close (its crawl is done).
        """
        alive = [(served, rss[worker][0]) for _, served, rss in self.samples if rss[worker][0]]
        if not alive:
            return 0
        if fraction >= 1:
            before = [rss for served, rss in alive if served < total]
            return before[-1] if before else alive[0][1]
        return next((rss for served, rss in alive if served >= fraction * total), alive[-1][1])

    def peak(self, worker: int, children: bool = False) -> int:
        return max((rss[worker][1 if children else 0] for _, _, rss in self.samples), default=0)


def crawl(count: int, site, registry: Path, folder: Path, redis_url: str, database: str,  # noqa: ANN001
          settings: dict[str, str], timeout: float) -> dict:
    crawl_name = f"bench{count}-{uuid.uuid4().hex[:8]}"  # fresh Redis keys
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "govreports.settings", "GOVREPORTS_DATABASE_URL": database}
    logs = [folder / f"n{count}-worker{n}.log" for n in range(count)]
    site.hits.clear()
    started = time.monotonic()
    workers = []
    for n in range(count):
        worker_settings = {**settings, "GOVREPORTS_REGISTRY": str(registry),
                           "GOVREPORTS_ARCHIVE_DIR": str(folder / f"n{count}-archive{n}"),
                           "GOVREPORTS_REDIS_URL": redis_url, "GOVREPORTS_REDIS_CRAWL": crawl_name,
                           "LOG_FILE": str(logs[n])}
        with (folder / f"n{count}-worker{n}.err").open("wb") as err:  # the child keeps its own copy
            workers.append(subprocess.Popen(crawl_command({}, worker_settings), env=env, cwd=ROOT,
                                            stdout=subprocess.DEVNULL, stderr=err))
    sampler = Sampler(workers, site)
    sampler.start()
    try:
        deadline = started + timeout
        for worker in workers:
            worker.wait(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGKILL)
        sys.exit(f"{count} workers: not done in {timeout:.0f} s (logs in {folder})")
    finally:
        wall = time.monotonic() - started
        sampler.stop.set()
        sampler.join()
    for n, worker in enumerate(workers):
        if worker.returncode != 0:
            text = logs[n].read_text(errors="replace") if logs[n].exists() else ""
            err = (folder / f"n{count}-worker{n}.err").read_text(errors="replace")
            sys.exit(f"{count} workers: worker {n} exited {worker.returncode}:\n{text[-2000:]}\n{err[-1000:]}")
    per_worker = []
    for n in range(count):
        stats = {k: int(v) for k, v in STAT.findall(logs[n].read_text(errors="replace"))}
        per_worker.append({"responses": stats.get("downloader/response_count", 0),
                           "reports": stats.get("item_scraped_count", 0)})
    served = dict(site.hits)
    return {"wall": wall, "workers": per_worker, "served": served, "sampler": sampler}


def check_stored(database: str, site, expected: dict) -> int:  # noqa: ANN001
    """Every report stored once (parsed, one version) and every report page served once: the count stored."""
    from govreports.store.engine import make_engine

    engine = make_engine(database)
    with engine.connect() as connection:
        stored = sorted(connection.exec_driver_sql(
            "SELECT a.name, r.year FROM reports r JOIN agencies a ON a.id = r.agency_id "
            "WHERE r.status = 'parsed'").all())
        versions = connection.exec_driver_sql("SELECT COUNT(*) FROM report_versions").scalar()
    engine.dispose()
    if sorted(expected) != [tuple(row) for row in stored]:
        missing = set(expected) - {tuple(row) for row in stored}
        sys.exit(f"stored {len(stored)} parsed reports, not {len(expected)}; missing e.g. {sorted(missing)[:5]}")
    if versions != len(expected):
        sys.exit(f"{versions} report versions for {len(expected)} reports")
    return len(stored)


def report_page_fetches(served: dict) -> list[int]:
    return [hits for (_, path), hits in served.items() if REPORT_PATH.search(path)]


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--agencies", type=int, default=1000, help="agencies, one origin each")
    options.add_argument("--years", type=int, default=7, help="reports per agency")
    options.add_argument("--workers", default="1,2,4", help="worker process counts to compare")
    options.add_argument("--parse-workers", default="0", help="GOVREPORTS_PARSE_WORKERS of each worker")
    options.add_argument("--concurrency", type=int, default=16, help="CONCURRENT_REQUESTS of each worker")
    options.add_argument("--timeout", type=float, default=1800, help="seconds per worker count")
    options.add_argument("--keep", type=Path, help="a folder for the logs, archives and registry, kept afterwards")
    args = options.parse_args(argv)
    counts = [int(n) for n in args.workers.split(",")]
    hosts = [Host(f"规模{n:04d}局", "reports", years=range(2025 - args.years, 2025)) for n in range(args.agencies)]
    settings = {**SETTINGS, "CONCURRENT_REQUESTS": str(args.concurrency),
                "GOVREPORTS_PARSE_WORKERS": args.parse_workers}
    from govreports.store.engine import make_engine, upgrade

    results = {}
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    keep = nullcontext(str(args.keep)) if args.keep else tempfile.TemporaryDirectory(prefix="govreports-workers-")
    with keep as folder, serve_fault_site(hosts, idle_timeout=IDLE_TIMEOUT) as site, \
            redis_server("127.0.0.1", Path(folder)) as redis_url, postgres_server() as pg:
        folder = Path(folder)
        registry = site.write_registry(folder / "registry.csv")
        expected = site.expected()
        for count in counts:
            database = create_database(pg)
            engine = make_engine(database)
            upgrade(engine)  # the schema before the clock starts
            engine.dispose()
            load = os.getloadavg()[0]
            result = crawl(count, site, registry, folder, redis_url, database, settings, args.timeout)
            result["stored"] = check_stored(database, site, expected)
            fetches = report_page_fetches(result["served"])
            if len(fetches) != len(expected) or max(fetches) != 1:
                sys.exit(f"{count} workers: {len(fetches)} report pages served, "
                         f"{sum(1 for f in fetches if f > 1)} more than once")
            result["load"] = load
            results[count] = result
            print(f"... {count} workers done in {result['wall']:.1f} s (load {load:.2f})", flush=True)
    print(f"{args.agencies} agencies x {args.years} years = {len(expected)} reports; workers share one Redis "
          f"frontier, one PostgreSQL; CONCURRENT_REQUESTS {args.concurrency} each, parse workers "
          f"{args.parse_workers}; {os.cpu_count()} cores")
    base = None
    for count, result in results.items():
        served_total = sum(result["served"].values())
        responses = sum(w["responses"] for w in result["workers"])
        rate = responses / result["wall"]
        base = base or (count, rate)
        print(f"{count} worker{'s' if count > 1 else ' '}: {rate:6.1f} responses/s, "
              f"{result['stored'] / result['wall']:5.1f} reports/s in {result['wall']:.1f} s wall "
              f"({responses} responses, {served_total} served; every report stored once, each report page served "
              f"once); speed-up vs {base[0]} worker{'s' if base[0] > 1 else ''}: {rate / base[1]:.2f}x "
              f"({rate / base[1] / (count / base[0]):.2f} per worker); load average {result['load']:.2f} at start")
        sampler = result["sampler"]
        for n, worker in enumerate(result["workers"]):
            quarters = ", ".join(f"{sampler.at(n, q, served_total) / 1024:.0f}" for q in QUARTERS)
            print(f"    worker {n}: {worker['responses']} responses, {worker['reports']} reports; RSS MB at "
                  f"25/50/75/100% of the crawl: {quarters}; peak {sampler.peak(n) / 1024:.0f} MB "
                  f"(its child processes: peak {sampler.peak(n, children=True) / 1024:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
