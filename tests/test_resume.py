"""Crash safety: a crawl killed (kill -9) or stopped (Ctrl-C) at any moment, run again with the same
command and job folder, ends with the database of an uninterrupted crawl; the archive is repaired.

The site: 15 agencies × 20 reports (tests/faultsite.py) on 127.0.0.x.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from govreports.spiders.jobdir import DONE_FILE, read_done

from devtools.crawl import PROJECT_ROOT, crawl_command, run_crawl
from govreports.archive.verify import verify_archive
from govreports.cli import main
from tests.faultsite import Host, serve_fault_site

CITIES = "成都 绵阳 德阳 自贡 泸州 广元 遂宁 内江 乐山 南充 宜宾 广安 达州 巴中 雅安".split()
SETTINGS = {"GOVREPORTS_BUNDLED_REGISTRY": "False", "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0",
            "CONCURRENT_REQUESTS_PER_DOMAIN": "2", "GOVREPORTS_STORE_INTERVAL": "0.5"}


def snapshot(path: Path) -> dict[str, list]:
    """The database's content, without ids, times and archive offsets (which differ between runs)."""
    connection = sqlite3.connect(path)
    try:
        return {
            "reports": sorted(connection.execute("SELECT report_key, year, title, status, reason FROM reports")),
            "versions": sorted(connection.execute(
                "SELECT r.report_key, v.number, v.fingerprint, r.current_version_id = v.id FROM report_versions v "
                "JOIN reports r ON r.id = v.report_id")),
            "cells": sorted(connection.execute(
                "SELECT r.report_key, c.table_code, c.row_code, c.column_code, c.value FROM table_cells c "
                "JOIN report_versions v ON v.id = c.version_id JOIN reports r ON r.id = v.report_id")),
            "sources": sorted(connection.execute(
                "SELECT s.url, s.content_hash, r.report_key FROM sources s LEFT JOIN reports r ON r.id = s.report_id")),
        }
    finally:
        connection.close()


def count_sources(path: Path) -> int:
    try:
        connection = sqlite3.connect(path, timeout=5)
        try:
            return connection.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return 0  # not created yet


def interrupt(command: list[str], env: dict, log: Path, database: Path, sources: int, sig: int) -> int:
    """Start the crawl, send `sig` to it once `sources` sources are stored (0: one second after the start)."""
    process = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=log.open("ab"))
    started = time.monotonic()
    while process.poll() is None and time.monotonic() - started < 60:
        if (sources == 0 and time.monotonic() - started > 1.0) or (sources and count_sources(database) >= sources):
            break
        time.sleep(0.05)
    if process.poll() is None:
        if sig == signal.SIGKILL:
            os.killpg(process.pid, signal.SIGKILL)  # the crawl and anything it started
        else:
            process.send_signal(sig)
    return process.wait(timeout=60)


@pytest.fixture(scope="module")
def site():
    with serve_fault_site([Host(f"{c}市应急管理局", "reports", years=range(2005, 2025)) for c in CITIES]) as running:
        yield running


def test_killed_and_stopped_crawls_converge_to_an_uninterrupted_one(site, tmp_path) -> None:
    registry = site.write_registry(tmp_path / "registry.csv")
    settings = {**SETTINGS, "GOVREPORTS_REGISTRY": str(registry)}
    reference = tmp_path / "reference.sqlite3"
    result = run_crawl({}, {**settings, "GOVREPORTS_ARCHIVE": "False"}, f"sqlite:///{reference}", tmp_path / "ref.log")
    assert result.returncode == 0, (tmp_path / "ref.log").read_text()[-3000:]
    expected = snapshot(reference)
    assert len(expected["reports"]) == len(CITIES) * 20 == 300

    database, archive = tmp_path / "crawl.sqlite3", tmp_path / "archive"
    command = crawl_command({}, {**settings, "JOBDIR": str(tmp_path / "job"), "GOVREPORTS_ARCHIVE_DIR": str(archive)})
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "govreports.settings",
           "GOVREPORTS_DATABASE_URL": f"sqlite:///{database}"}
    log = tmp_path / "runs.log"
    # Ctrl-C once the run stored its first batch (None): a stopped crawl stores what it fetched, and
    # downloads run ahead of the database thread, so a later stop may find every report fetched already.
    moments = [(0, signal.SIGKILL), (1, signal.SIGKILL), (120, signal.SIGKILL), (None, signal.SIGINT)]
    stored, done = [], set()
    for sources, sig in moments:
        sources = count_sources(database) + 1 if sources is None else sources
        status = interrupt(command, env, log, database, sources, sig)
        assert status != 0, f"the crawl ended before it was interrupted at {sources} sources"
        stored.append(count_sources(database))
        done = read_done(tmp_path / "job" / DONE_FILE)
        # A report is marked done only once stored (a kill between the commit and the mark costs a fetch again).
        assert len(done) <= stored[-1]
    # Progress kept; the killed runs never stored all of it. The stopped one may have: Ctrl-C lets a crawl
    # finish what it fetched, and on loopback it can fetch every report left before its first batch is stored.
    assert stored == sorted(stored) and stored[-2] < 300
    assert len(done) >= stored[-1] - stored[-2]  # the stopped run marked what it stored
    final = subprocess.run(command, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr[-3000:]
    assert "crawl finished: 15 agencies, 300 reports listed" in final.stderr.splitlines()[-1]
    assert snapshot(database) == expected
    skipped = [line for line in final.stderr.splitlines() if "'govreports/jobdir/reports_done_before'" in line]
    assert skipped and int(skipped[0].rsplit(":", 1)[1].strip(" ,")) == len(done)  # done reports not fetched again

    # A record cut by kill -9, if any, is repaired; the archive then verifies.
    assert main(["archive", "repair", "--archive-dir", str(archive)]) == 0
    assert verify_archive(archive).ok
