"""Several `scrapy crawl agency` workers sharing one frontier in a real Redis (GOVREPORTS_REDIS_URL) and
one real PostgreSQL.

Debian's redis-server is started on 127.0.0.32 (every write kept in its
append-only file) and a PostgreSQL of the tests' own on 127.0.0.1; the
sample site is crawled once by a single process into SQLite (the reference)
and then by three workers at once into a PostgreSQL database, PostgreSQL
stopped mid-crawl and started again 2 s later, then Redis stopped and
started again 3 s later on the same port and data: the workers wait for
both, and the reports and their cells must be the same, and no report page
fetched twice across the workers' archives; a fourth worker, on a frontier
of its own and allowed to wait 1 s, gives up (exit 1). Then a worker is
killed with SIGKILL mid-crawl: the two others requeue its in-flight requests
and finish the run with the same database; started again, it leaves the
same database still.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis
from sqlalchemy import text

from devtools.crawl import crawl_command, run_crawl, sample_site_settings
from devtools.sample_site import serve_sample_site
from govreports.archive.reader import iter_captures
from govreports.store.engine import make_engine
from tests.pg import PostgresUnavailable, Server, create_database, own_server
from tests.services import RestartableRedis, service_missing, wait_for

ADDRESS = "127.0.0.32"
WORKERS = 3


@pytest.fixture(scope="module")
def redis(tmp_path_factory) -> Iterator[RestartableRedis]:
    server = RestartableRedis(ADDRESS, tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def redis_url(redis) -> str:
    return redis.url


@pytest.fixture(scope="module")
def postgres() -> Iterator[Server]:
    try:
        with own_server() as running:
            yield running
    except PostgresUnavailable as error:
        service_missing(str(error), f"PostgreSQL is required in CI: {error}")


@pytest.fixture
def spawned() -> Iterator[list[subprocess.Popen]]:
    """The workers a test started: any still running at its end (a failed assertion) are killed."""
    started: list[subprocess.Popen] = []
    yield started
    for worker in started:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=30)


@pytest.fixture(scope="module")
def site():
    with serve_sample_site() as running:
        yield running


def content(url: str) -> dict[str, list]:
    """What a crawl stored, without ids and times: reports, their cells, their sources."""
    engine = make_engine(url)
    with engine.connect() as connection:
        found = {
            "reports": sorted(connection.execute(text("SELECT report_key, status, year FROM reports"))),
            "cells": sorted(connection.execute(text(
                "SELECT r.report_key, c.table_code, c.row_code, c.column_code, c.value FROM table_cells c "
                "JOIN reports r ON r.current_version_id = c.version_id"))),
            # URLs only: a page behind the anti-bot challenge is fetched plain where a worker holds the
            # browser's cookie and rendered where it does not; its report and cells are the same.
            "sources": sorted(connection.execute(text("SELECT url, report_id IS NOT NULL FROM sources"))),
        }
    engine.dispose()
    return found


@pytest.fixture(scope="module")
def reference(site, tmp_path_factory) -> dict[str, list]:
    folder = tmp_path_factory.mktemp("single")
    registry = site.write_registry(folder / "registry.csv")
    settings = {**sample_site_settings(registry), "GOVREPORTS_ARCHIVE_DIR": str(folder / "archive")}
    result = run_crawl({}, settings, f"sqlite:///{folder / 'single.sqlite3'}", folder / "crawl.log")
    assert result.returncode == 0, (folder / "crawl.log").read_text(errors="replace")[-3000:]
    return content(f"sqlite:///{folder / 'single.sqlite3'}")


def assert_same(found: dict[str, list], reference: dict[str, list]) -> None:
    for what in reference:
        extra, missing = set(found[what]) - set(reference[what]), set(reference[what]) - set(found[what])
        assert not extra and not missing, (what, sorted(extra)[:5], sorted(missing)[:5])


def start_worker(spawned: list[subprocess.Popen], n: int, folder: Path, registry: Path, redis_url: str, crawl: str,
                 database: str, more: dict[str, str] | None = None) -> subprocess.Popen:
    settings = {**sample_site_settings(registry), "GOVREPORTS_ARCHIVE_DIR": str(folder / f"archive{n}"),
                "GOVREPORTS_REDIS_URL": redis_url, "GOVREPORTS_REDIS_CRAWL": crawl,
                "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0.25",  # long enough for all three to join
                "CONCURRENT_REQUESTS": "2",  # no worker takes the whole queue at once
                "GOVREPORTS_HOST_DELAY": "0.1",  # one site's downloads spaced across the workers (HostGate)
                "GOVREPORTS_STORE_BATCH": "5", "GOVREPORTS_STORE_INTERVAL": "0.5",  # writing while it is away
                "LOG_FILE": str(folder / f"worker{n}.log"), **(more or {})}
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "govreports.settings",
           "GOVREPORTS_DATABASE_URL": database}
    # Output to a file, not a pipe: a killed worker's children (browser, parse pool) may hold a pipe open a while.
    worker = subprocess.Popen(crawl_command({}, settings), env=env, stdout=subprocess.DEVNULL,
                              stderr=(folder / f"worker{n}.err").open("ab"), cwd=Path(__file__).resolve().parent.parent)
    spawned.append(worker)
    return worker


def report_fetches(folder: Path) -> Counter:
    """Report pages and attachments fetched (2xx, as the spider's report callbacks), over every worker's archive."""
    fetched: Counter = Counter()
    for archive in folder.glob("archive*"):
        for capture in iter_captures(archive):
            if getattr(capture, "callback", None) in ("parse_report", "parse_document") and \
                    200 <= capture.status < 300:
                fetched[capture.url] += 1
    return fetched


def finish(workers: list[subprocess.Popen], folder: Path, first: int = 0) -> list[int]:
    codes = []
    for n, worker in enumerate(workers, start=first):
        worker.wait(timeout=240)
        log = (folder / f"worker{n}.log").read_text(errors="replace") if (folder / f"worker{n}.log").exists() else ""
        err = (folder / f"worker{n}.err").read_text(errors="replace")
        codes.append(worker.returncode)
        verdict = [line for line in log.splitlines() if "[govreports.crawl]" in line][-1:]
        assert worker.returncode in (0, -signal.SIGKILL), f"worker {n}: {verdict} {err[-1500:]}"
    return codes


def test_three_workers_store_what_one_process_stores_fetch_each_report_once_and_wait_for_a_restarted_database_and_redis(
        site, redis, postgres, reference, spawned, tmp_path) -> None:
    """PostgreSQL, then Redis, restarted mid-crawl: the workers wait for each (GOVREPORTS_DATABASE_WAIT, 300 s;
    GOVREPORTS_REDIS_WAIT, 60 s) and lose nothing; a worker on a frontier of its own allowed 1 s closes its
    crawl as incomplete ("frontier unavailable")."""
    registry = site.write_registry(tmp_path / "registry.csv")
    database = create_database(postgres.url)
    workers = [start_worker(spawned, n, tmp_path, registry, redis.url, "three", database) for n in range(WORKERS)]
    (tmp_path / "gone").mkdir()
    quitter = start_worker(spawned, 0, tmp_path / "gone", registry, redis.url, "gone",  # slow: mid-crawl at the restart
                           f"sqlite:///{tmp_path / 'gone' / 'shared.sqlite3'}",
                           {"GOVREPORTS_REDIS_WAIT": "1", "DOWNLOAD_DELAY": "1"})
    wait_for(lambda: stored_sources(database) >= 3, timeout=120)
    assert all(worker.poll() is None for worker in workers)
    postgres.stop()
    time.sleep(2)
    postgres.start()
    before = stored_sources(database)
    wait_for(lambda: stored_sources(database) >= before + 3  # stored again, and by both frontiers
             and stored_sources(f"sqlite:///{tmp_path / 'gone' / 'shared.sqlite3'}") >= 1, timeout=120)
    assert all(worker.poll() is None for worker in (*workers, quitter))
    redis.stop()
    time.sleep(3)
    redis.start()
    assert finish(workers, tmp_path) == [0] * WORKERS
    assert_same(content(database), reference)
    fetched = report_fetches(tmp_path)
    assert fetched and max(fetched.values()) == 1, [u for u, n in fetched.items() if n > 1]
    logs = [(tmp_path / f"worker{n}.log").read_text(errors="replace") for n in range(WORKERS)]
    assert sum("frontier three done" in log for log in logs) >= 1
    busy = [log for log in logs if "'item_scraped_count'" in log]
    assert len(busy) >= 2  # the work was shared
    assert any("'govreports/politeness/waits'" in log for log in logs)  # a site's downloads spaced across workers
    waited = [log for log in logs if "database unavailable (" in log]
    assert waited and all("database available again after " in log for log in waited)
    for log in logs:
        assert f"Redis unavailable at {redis.url} (" in log and "; waiting up to 60 s" in log
        assert "Redis back after " in log and "Traceback" not in log and "giving up" not in log
    quitter.wait(timeout=120)
    log = (tmp_path / "gone" / "worker0.log").read_text(errors="replace")
    verdict = [line for line in log.splitlines() if "[govreports.crawl]" in line][-1]
    assert quitter.returncode == 1, verdict
    assert "crawl incomplete: " in verdict and f"frontier unavailable (Redis at {redis.url} unavailable" in verdict
    assert "changed layout" not in log  # an agency whose listing was cut short is not judged empty
    assert "Traceback" not in log


def stored_sources(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT COUNT(*) FROM sources")).scalar()
    except Exception:  # noqa: BLE001 - not there yet (the schema is being created), or the server is stopped
        return 0
    finally:
        engine.dispose()


def in_flight(server: Redis, crawl: str, pid: int) -> tuple[str, int] | None:
    """The worker of this process id (its name is host-pid-random) and the requests in its in-flight hash
    (besides them: `seen:` marks of the requests it keeps in memory)."""
    for key in server.scan_iter(f"govreports:{crawl}:inflight:*"):
        if f"-{pid}-" in key.decode():
            return key.decode().rsplit(":", 1)[1], sum(not f.startswith(b"seen:") for f in server.hkeys(key))
    return None


def test_a_worker_killed_mid_crawl_loses_nothing_and_started_again_leaves_the_same_database(
        site, redis_url, postgres, reference, spawned, tmp_path) -> None:
    """Its in-flight requests go back to the queue within the run: the two others store everything."""
    registry = site.write_registry(tmp_path / "registry.csv")
    dead_after = {"GOVREPORTS_REDIS_DEAD_AFTER": "6"}  # not 15 s: the others requeue its requests sooner
    database = create_database(postgres.url)
    workers = [start_worker(spawned, n, tmp_path, registry, redis_url, "killed", database, dead_after)
               for n in range(WORKERS)]
    server = Redis.from_url(redis_url)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # mid-crawl: some reports stored, not all, and requests in flight
        if stored_sources(database) >= 3 and (in_flight(server, "killed", workers[0].pid) or ("", 0))[1]:
            break
        time.sleep(0.1)
    workers[0].send_signal(signal.SIGKILL)
    workers[0].wait(timeout=30)
    dead, held = in_flight(server, "killed", workers[0].pid) or ("", 0)
    assert held > 0
    finish(workers[1:], tmp_path, first=1)  # not started again: the others finish the run
    assert_same(content(database), reference)
    logs = "".join((tmp_path / f"worker{n}.log").read_text(errors="replace") for n in range(1, WORKERS))
    assert f"requeued {held} in-flight requests of dead worker {dead}" in logs
    assert "'govreports/frontier/requeued': " in logs and "frontier killed done" in logs
    assert server.exists(f"govreports:killed:inflight:{dead}") == 0
    again = start_worker(spawned, 0, tmp_path, registry, redis_url, "killed", database)
    finish([again], tmp_path)
    assert_same(content(database), reference)

