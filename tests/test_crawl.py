"""End to end: the real `agency` spider crawls the bundled sample site into SQLite and PostgreSQL.

The site (govreports/samples/site) is served on 127.0.0.2… by the test;
the spider runs as `python -m scrapy crawl agency` in a subprocess (a crawl
runs once per process). Ground truth: the site's expected.json.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from devtools.crawl import run_crawl, sample_site_settings
from devtools.sample_site import serve_sample_site
from govreports.store.engine import make_engine

TABLES = ("agencies", "reports", "report_versions", "sources", "table_cells", "check_results")
NUMBER_QUERIES = {
    "applications.new_received.total": "SELECT total FROM v_applications WHERE report_id = :id AND row_code = 'new_received'",
    "applications.carried_forward.total":
        "SELECT total FROM v_applications WHERE report_id = :id AND row_code = 'carried_forward'",
    "active.penalty.decisions": "SELECT decisions FROM v_active WHERE report_id = :id AND row_code = 'penalty'",
}


@pytest.fixture(scope="module")
def site():
    with serve_sample_site() as running:
        yield running


FEEDS = {1: ("reports.jsonl", "reports.csv"), 2: ("rerun.jsonl",)}  # as `scrapy crawl agency -O FILE`


def crawl(site, tmp_path: Path, database_url: str, run: int):
    registry = site.write_registry(tmp_path / "registry.csv")
    result = run_crawl({}, sample_site_settings(registry), database_url, tmp_path / f"crawl{run}.log",
                       options=tuple(o for name in FEEDS[run] for o in ("-O", str(tmp_path / name))))
    log = (tmp_path / f"crawl{run}.log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, log[-4000:]
    last = log.rstrip().splitlines()[-1]  # the verdict, last
    assert "] INFO: crawl finished: 6 agencies, 29 reports listed, " in last, last
    assert run == 1 or ", 0 new, 0 updated, " in last, last
    return log


def snapshot(engine) -> dict[str, list]:
    with engine.connect() as connection:
        return {t: connection.execute(text(f"SELECT * FROM {t} ORDER BY id")).fetchall() for t in TABLES}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def crawled(request, site, tmp_path_factory):
    """The sample site crawled twice into one database: (engine, expected, snapshot after run 1, run 2 log)."""
    tmp_path = tmp_path_factory.mktemp(f"crawl-{request.param}")
    if request.param == "sqlite":
        database_url = f"sqlite:///{tmp_path / 'crawl.sqlite3'}"
    else:
        from tests.pg import create_database

        database_url = create_database(request.getfixturevalue("postgres_server"))
    engine = make_engine(database_url)
    crawl(site, tmp_path, database_url, 1)
    first = snapshot(engine)
    second_log = crawl(site, tmp_path, database_url, 2)
    yield engine, site.expected(), first, second_log, tmp_path
    engine.dispose()


def test_the_feed_holds_every_stored_document_in_the_specs_shape(crawled) -> None:
    """`scrapy crawl agency -O reports.jsonl`: one line per document stored, its report as the spec's JSON."""
    engine, expected, first, _, folder = crawled
    lines = [json.loads(line) for line in (folder / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(first["sources"])
    spec_keys = {"title", "agency", "region", "year", "publish_date", "metadata", "template", "tables", "checks",
                 "text"}
    assert all(spec_keys <= set(line) and "body" not in line for line in lines)
    assert {line["url"] for line in lines} == {row.url for row in first["sources"]}
    parsed = {(line["crawled_agency"], line["year"]) for line in lines if line["status"] == "parsed"}
    assert {(a["agency"], r["year"]) for a in expected["agencies"] for r in a["reports"]} <= parsed


def test_the_csv_feed_holds_one_row_a_document_its_tables_as_json(crawled) -> None:
    _, _, first, _, folder = crawled
    rows = list(csv.DictReader((folder / "reports.csv").open(encoding="utf-8", newline="")))
    assert len(rows) == len(first["sources"])
    parsed = next(row for row in rows if row["status"] == "parsed" and row["crawled_agency"] == "常州市应急管理局")
    assert json.loads(parsed["tables"])["applications"]["new_received"]["total"] is not None
    assert json.loads(parsed["region"])["province"] == "江苏省"


def test_a_re_run_writes_an_empty_feed_since_it_stores_nothing_new(crawled) -> None:
    _, _, _, _, folder = crawled
    assert (folder / "rerun.jsonl").read_text(encoding="utf-8").strip() == ""


def test_crawl_finds_every_report_every_number_and_no_noise(crawled) -> None:
    engine, expected, first, _, _ = crawled
    with engine.connect() as connection:
        reports = {(r.agency, r.year): r for r in connection.execute(text(
            "SELECT report_id, agency, year, status, failed_checks FROM v_reports"))}
        sources = {r.url: r.report_id for r in connection.execute(text("SELECT url, report_id FROM sources"))}
        wanted = [(a, r) for a in expected["agencies"] for r in a["reports"]]
        assert len(reports) == len(wanted) == expected["totals"]["reports"]
        for agency, report in wanted:
            row = reports[(agency["agency"], report["year"])]
            assert row.status == "parsed"
            assert row.failed_checks == len(report["failed_checks"])
            for url in report["urls"]:
                assert sources.get(url) == row.report_id, f"{url} not stored for {agency['agency']} {report['year']}"
            for code, value in report["numbers"].items():
                if value is not None:
                    found = connection.execute(text(NUMBER_QUERIES[code]), {"id": row.report_id}).scalar()
                    assert found == value, f"{agency['agency']} {report['year']} {code}"
        noise = [n["url"] for a in expected["agencies"] for n in a["noise"]]
        assert noise and not set(noise) & set(sources)
        disallowed = [u for a in expected["agencies"] for u in a.get("robots_disallowed", [])]
        assert not set(disallowed) & set(sources)


def test_pages_that_need_the_browser_went_through_it(crawled) -> None:
    engine, _, _, _, _ = crawled
    with engine.connect() as connection:
        run = connection.execute(text("SELECT status, reason, stats FROM crawl_runs ORDER BY id")).first()
    stats = run.stats if isinstance(run.stats, dict) else __import__("json").loads(run.stats)
    assert stats["govreports/browser/pages"] >= 2  # the JavaScript column and the challenge
    assert (run.status, run.reason) == ("finished", None)


def test_second_run_fetches_nothing_new_and_changes_no_row(crawled) -> None:
    engine, _, first, second_log, _ = crawled
    assert snapshot(engine) == first
    assert "'govreports/store/new'" not in second_log
    assert "'govreports/store/updated'" not in second_log
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM crawl_runs")).scalar() == 2


def test_a_column_that_yields_nothing_fails_loudly(site, tmp_path) -> None:
    registry = tmp_path / "registry.csv"
    registry.write_text(
        "agency,province,city,county,level,homepage,column_url,example_report_url,report_year,cms_hint,evidence\n"
        f"常州市应急管理局,江苏省,常州市,,市级,{site.url('yjj.cz', '/')},{site.url('yjj.cz', '/xwzx/')},,,,\n",
        encoding="utf-8")
    database = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    result = run_crawl({}, sample_site_settings(registry), database, tmp_path / "crawl.log")
    log = (tmp_path / "crawl.log").read_text(encoding="utf-8")
    assert result.returncode == 1
    assert "no report found for 常州市应急管理局: its column may have changed layout" in log


def test_bad_arguments_fail_before_any_request(site, tmp_path) -> None:
    registry = site.write_registry(tmp_path / "registry.csv")
    result = run_crawl({"province": "火星"}, sample_site_settings(registry), f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert result.returncode == 2
    assert "no registered agency in province '火星'" in result.stderr
    assert not (tmp_path / "x.sqlite3").exists()


def test_a_database_that_cannot_be_used_fails_before_any_request(site, tmp_path) -> None:
    registry = site.write_registry(tmp_path / "registry.csv")
    settings = {**sample_site_settings(registry), "GOVREPORTS_DATABASE_WAIT": "1"}
    bad = run_crawl({}, settings, "nonsense://x")
    assert bad.returncode == 2 and bad.stderr.strip().splitlines()[-1].startswith(
        "scrapy crawl agency: bad GOVREPORTS_DATABASE_URL: ")
    away = run_crawl({}, settings, "postgresql+psycopg://postgres@127.0.0.1:1/none")  # refused
    assert away.returncode == 3 and away.stderr.strip().splitlines()[-1].startswith(
        "scrapy crawl agency: database unavailable: OperationalError: connection failed")
    assert "Traceback" not in bad.stderr + away.stderr
