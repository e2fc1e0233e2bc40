"""End to end against a hostile site (tests/faultsite.py): nothing lost, nothing silent, nothing off the site.

Each crawl is the real `python -m scrapy crawl agency` in a subprocess.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import text

from devtools.crawl import run_crawl
from govreports.store.engine import make_engine
from tests.faultsite import (
    FAULTS,
    FETCH_FAILS,
    LONG_PATH,
    STORED,
    Host,
    serve_fault_site,
)

FAST = {"GOVREPORTS_BUNDLED_REGISTRY": "False", "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "8", "DOWNLOAD_TIMEOUT": "2", "RETRY_TIMES": "2",
        "DOWNLOAD_MAXSIZE": str(2 * 1024 * 1024), "GOVREPORTS_STORE_INTERVAL": "0.5"}
AGENCY = "某市应急管理局"


def crawl(site, tmp_path: Path, database_url: str, name: str = "crawl", registry: Path | None = None, **settings):
    registry = registry or site.write_registry(tmp_path / "registry.csv")
    log_file = tmp_path / f"{name}.log"
    result = run_crawl({}, {**FAST, "GOVREPORTS_REGISTRY": str(registry), **settings}, database_url, log_file,
                       timeout=180)
    return result, log_file.read_text(encoding="utf-8", errors="replace")


def query(database_url: str, sql: str, **params) -> list:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql), params).fetchall()
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory):
    """One crawl of a fault host, a refused host, a TLS failure, a robots-forbidden and an empty column."""
    tmp_path = tmp_path_factory.mktemp("faults")
    hosts = [Host(AGENCY, "faults"), Host("不通局", "unreachable"), Host("加密局", "reports", scheme="https"),
             Host("禁止局", "robots"), Host("空栏目局", "empty")]
    with serve_fault_site(hosts) as site:
        registry = site.write_registry(tmp_path / "registry.csv")
        with registry.open("a", encoding="utf-8") as rows:
            rows.write("脚本局,四川省,,,市级,javascript:alert(1),\n")  # first in line to stop the others, once
        url = f"sqlite:///{tmp_path / 'faults.sqlite3'}"
        result, log = crawl(site, tmp_path, url, registry=registry)
    return site, url, result, log


def test_the_exit_status_and_the_last_line_say_what_failed(fault_crawl) -> None:
    site, url, result, log = fault_crawl
    assert result.returncode == 3, log[-3000:]
    last = log.rstrip().splitlines()[-1]
    assert "[govreports.crawl] ERROR: crawl failed: 1 documents could not be stored as reports (1 stored as failed " \
           "with the reason, 0 not at all); 2 sites unreachable (不通局: connection refused; 加密局: TLS handshake " \
           "failed); 1 columns forbidden by robots.txt (禁止局); 1 columns yielded no report (空栏目局); " \
           f"{len(FETCH_FAILS)} reports could not be fetched" in last
    ((status, reason),) = query(url, "SELECT status, reason FROM crawl_runs")
    assert status == "failed" and last.endswith(reason)


def test_each_failure_is_one_line_without_traceback(fault_crawl) -> None:
    site, url, result, log = fault_crawl
    assert "Traceback" not in log
    lines = [line for line in log.splitlines() if " WARNING: " in line or " ERROR: " in line]
    for path in FETCH_FAILS:
        said = [line for line in lines if site.url(site.host(AGENCY), path) in line]
        assert len(said) == 1 and "could not fetch report" in said[0], (path, said)
    for name, why in (("不通局", "connection refused"), ("加密局", "TLS handshake failed")):
        assert sum(name in line and why in line for line in lines) == 3, name  # the failure, its summary, the verdict
    assert "registry: 脚本局: homepage 'javascript:alert(1)' is not an http(s) URL; ignored" in log
    assert f"{AGENCY}: 27 listed, " in log and f"{len(FETCH_FAILS)} could not be fetched, 1 not storable, " \
                                              "5 off the site" in log


def test_nothing_off_the_site_is_requested(fault_crawl) -> None:
    site, url, result, log = fault_crawl
    assert site.trap_hits == []
    fault = site.host(AGENCY)
    assert site.hits[(fault.address, "/f/offsite-redirect.html")] == 1
    sources = {r.url for r in query(url, "SELECT url FROM sources")}
    assert all(u.startswith(site.origin(fault)) for u in sources)
    stats = json.loads(query(url, "SELECT stats FROM crawl_runs")[0][0])
    assert stats["govreports/scope/refused"] == 5  # a port, a host, a scheme, a redirect, an attachment
    assert stats[f"govreports/agency/{AGENCY}/links/not_http"] == 1  # ftp:


def test_every_report_that_could_be_fetched_is_stored_with_its_numbers(fault_crawl) -> None:
    site, url, result, log = fault_crawl
    fault = site.host(AGENCY)
    # A document that could not be stored as a report is still the crawled agency's: its year alone is unknown.
    rows = {(r.agency, r.year): r for r in query(url, "SELECT report_id, agency, year, status FROM v_reports "
                                                      "WHERE year IS NOT NULL")}
    wanted = set(site.expected([fault])) | {(AGENCY, FAULTS[p][0]) for p in STORED}
    assert set(rows) == wanted and all(r.status == "parsed" for r in rows.values())
    for (agency, year), tables in site.expected([fault]).items():
        found = query(url, "SELECT natural_person, total FROM v_applications WHERE report_id = :id AND "
                           "row_code = 'new_received'", id=rows[(agency, year)].report_id)
        expected = tables["applications"]["new_received"]
        assert tuple(found[0]) == (expected["natural_person"], expected["total"])
    failed = query(url, "SELECT s.url, r.reason FROM sources s JOIN reports r ON r.id = s.report_id "
                        "WHERE r.status = 'failed'")
    assert [(u.rsplit("/", 1)[-1], re.sub(r" is \d+,", " is N,", reason)) for u, reason in failed] == [
        ("huge-number.html", "not stored: applications.new_received.natural_person is N, beyond the ±2^53 the "
                             "database holds exactly")]
    types = dict(query(url, "SELECT url, content_type FROM sources"))
    assert site.url(fault, LONG_PATH) in types
    assert len(types[site.url(fault, "/f/long-headers.html")]) > 300


def test_reports_a_page_shows_in_a_viewer_frame_are_fetched_and_stored_with_their_numbers(tmp_path) -> None:
    """Each report page shows only its title and an <iframe> of a pdf.js-style viewer of its Word file: the
    crawl fetches the document the viewer shows and stores its numbers as the report's current version."""
    framed = Host("框架局", "framed", years=range(2022, 2025))
    with serve_fault_site([framed]) as site:
        url = f"sqlite:///{tmp_path / 'framed.sqlite3'}"
        result, log = crawl(site, tmp_path, url)
        hits = dict(site.hits)
    assert result.returncode == 0, log[-3000:]
    for year in framed.years:
        assert hits[(framed.address, f"/nb/files/{year}.docx")] == 1
    rows = {r.year: r for r in query(url, "SELECT report_id, year, status FROM v_reports WHERE agency = '框架局'")}
    assert sorted(rows) == list(framed.years) and all(r.status == "parsed" for r in rows.values())
    for year, tables in site.expected([framed]).items():
        found = query(url, "SELECT natural_person, total FROM v_applications WHERE report_id = :id AND "
                           "row_code = 'granted'", id=rows[year[1]].report_id)
        wanted = tables["applications"]["granted"]
        assert tuple(found[0]) == (wanted["natural_person"], wanted["total"])


def test_the_browser_loads_nothing_from_other_sites(tmp_path) -> None:
    scripted = Host("脚本栏目局", "scripted", years=range(2022, 2025))
    with serve_fault_site([scripted]) as site:
        url = f"sqlite:///{tmp_path / 'browser.sqlite3'}"
        result, log = crawl(site, tmp_path, url)
        assert result.returncode == 0, log[-3000:]
        assert site.trap_hits == []  # its script, image, frame and fetch on another port and another host
    stats = json.loads(query(url, "SELECT stats FROM crawl_runs")[0][0])
    assert stats["govreports/browser/pages"] == 1 and stats["govreports/browser/blocked"] >= 4
    assert {r.year for r in query(url, "SELECT year FROM v_reports WHERE status = 'parsed'")} == {2022, 2023, 2024}
