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


# -- the analysts' indicators over the years (issue 10) -------------------------------------------
#
# The site's agencies and years (devtools/site_build.py; seeds are real reports, the rest generated):
#   六盘水 LPS  2022, 2023, 2024 (seed000)   numbers chain; 2023 published on 2024-02-19: late
#   平顶山 PDS  2022, 2023 (seed001), 2024   numbers chain; 2024 is the DOCX/PDF attachment
#   常州   CZ   2019, 2020 (seed002), 2023   2019 → 2020 chain (2019 template: no 现行有效件数); no 2021, 2022
#   四川   SC   2019 (seed003), 2023, 2024   2024's 上年结转 is one more than 2023 carried forward: mismatch
#   南开   NK   2022, 2023, 2024 (seed004)   numbers chain; 2023 repeats 2022's prose: copied
#   汝州   RZ   2022, 2024                   no 2023: missing
# Every expected value below is read off the pages (table rows as printed, 总计 column unless said)
# and computed by hand; none is copied from a database.

LPS, PDS, CZ, SC, NK, RZ = ("六盘水市应急管理局", "平顶山市应急管理局", "常州市应急管理局", "四川省应急管理厅",
                            "天津市南开区应急管理局", "汝州市应急管理局")


def rows(engine, sql: str) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql))]


def test_cross_year_carried_over_matches_last_years_carried_forward_but_once(crawled) -> None:
    """上年结转 this year against 结转下年度继续办理 of the year before, 自然人 and 总计 columns.

    The generated tables carry applications only in the 自然人 column, so 总计 says the same; the
    seeds carry none. Per report with a previous year (previous carried_forward → this carried_over):
      LPS 2023: 2022 结转下年度 自然人 1 → 2023 上年结转 自然人 1, ok
      LPS 2024: 2023 结转下年度 0 → seed000 上年结转 0, ok
      PDS 2023: 2022 结转下年度 0 → seed001 上年结转 0, ok
      PDS 2024: seed001 结转下年度 0 → 2024 (DOCX) 上年结转 0, ok
      CZ  2020: 2019 结转下年度 0 → seed002 上年结转 0, ok
      SC  2024: 2023 结转下年度 自然人 0 → 2024 上年结转 自然人 1: mismatch, expected 0 found 1
      NK  2023: 2022 结转下年度 自然人 1 → 2023 上年结转 自然人 1, ok
      NK  2024: 2023 结转下年度 0 → seed004 上年结转 0, ok
    """
    engine, *_ = crawled
    found = rows(engine, "SELECT agency, year, column_code, expected, found, status FROM v_cross_year "
                         "WHERE check_name = 'cross_year.carried_over' AND column_code IN ('natural_person', 'total') "
                         "AND status <> 'no_previous' ORDER BY agency, year, column_code")
    assert sorted(found) == sorted([
        (LPS, 2023, "natural_person", 1, 1, "ok"), (LPS, 2023, "total", 1, 1, "ok"),
        (LPS, 2024, "natural_person", 0, 0, "ok"), (LPS, 2024, "total", 0, 0, "ok"),
        (PDS, 2023, "natural_person", 0, 0, "ok"), (PDS, 2023, "total", 0, 0, "ok"),
        (PDS, 2024, "natural_person", 0, 0, "ok"), (PDS, 2024, "total", 0, 0, "ok"),
        (CZ, 2020, "natural_person", 0, 0, "ok"), (CZ, 2020, "total", 0, 0, "ok"),
        (SC, 2024, "natural_person", 0, 1, "mismatch"), (SC, 2024, "total", 0, 1, "mismatch"),
        (NK, 2023, "natural_person", 1, 1, "ok"), (NK, 2023, "total", 1, 1, "ok"),
        (NK, 2024, "natural_person", 0, 0, "ok"), (NK, 2024, "total", 0, 0, "ok"),
    ])
    # 商业企业 … 其他: 0 carried forward, 0 carried over, in every pair
    others = rows(engine, "SELECT DISTINCT expected, found, status FROM v_cross_year WHERE check_name = "
                          "'cross_year.carried_over' AND column_code NOT IN ('natural_person', 'total') "
                          "AND status <> 'no_previous'")
    assert others == [(0, 0, "ok")]


def test_cross_year_in_force_is_last_years_plus_issued_minus_repealed(crawled) -> None:
    """现行有效件数 of 行政规范性文件 (2021 template): previous in_force + 本年制发 − 本年废止 = this in_force.

      LPS 2023: 0 + 2 − 0 = 2 (2022: 0 in force; 2023 issued 2, repealed 0, in force 2)
      LPS 2024: 2 + 1 − 0 = 3 (seed000 issued 1, repealed 0, in force 3)
      PDS 2023: 11 + 0 − 0 = 11 (2022 in force 11; seed001 0, 0, 11)
      PDS 2024: 11 + 0 − 1 = 10 (DOCX: issued 0, repealed 1, in force 10)
      SC  2024: 5 + 2 − 0 = 7 (2023 in force 5; 2024 issued 2, repealed 0, in force 7)
      NK  2023: 0 + 0 − 0 = 0, NK 2024: 0 + 0 − 0 = 0 (seed004 prints 0, 0, 0)
    规章 are 0, 0, 0 on every page. 常州 2020 is on the 2019 template (no 现行有效件数) and 2023 has no 2022.
    """
    engine, *_ = crawled
    found = rows(engine, "SELECT agency, year, row_code, expected, found, status FROM v_cross_year "
                         "WHERE check_name = 'cross_year.in_force' AND status <> 'no_previous'")
    normative = [(LPS, 2023, 2, 2), (LPS, 2024, 3, 3), (PDS, 2023, 11, 11), (PDS, 2024, 10, 10), (SC, 2024, 7, 7),
                 (NK, 2023, 0, 0), (NK, 2024, 0, 0)]
    assert sorted(found) == sorted(
        [(agency, year, "normative_documents", expected, value, "ok") for agency, year, expected, value in normative]
        + [(agency, year, "regulations", 0, 0, "ok") for agency, year, _, _ in normative])


def test_no_cross_year_check_without_a_previous_year(crawled) -> None:
    """The first year of each agency and the year after a gap (常州 2023 after 2020, 汝州 2024 after the
    missing 2023) have no previous report: v_cross_year says no_previous, v_copying too, and no
    cross_year.* check is stored for them."""
    engine, *_ = crawled
    without = [(LPS, 2022), (PDS, 2022), (CZ, 2019), (CZ, 2023), (SC, 2019), (SC, 2023), (NK, 2022), (RZ, 2022),
               (RZ, 2024)]
    assert sorted(set(rows(engine, "SELECT agency, year FROM v_cross_year WHERE status = 'no_previous'"))) == sorted(
        without)
    assert rows(engine, "SELECT DISTINCT status FROM v_cross_year WHERE agency = '汝州市应急管理局' AND year = 2024") == [
        ("no_previous",)]
    assert sorted(rows(engine, "SELECT agency, year FROM v_copying WHERE status = 'no_previous'")) == sorted(without)
    stored = set(rows(engine, "SELECT a.name, r.year FROM check_results k JOIN reports r ON "
                              "k.version_id = r.current_version_id JOIN agencies a ON a.id = r.agency_id "
                              "WHERE k.check_name LIKE 'cross_year.%'"))
    assert not stored & set(without)
    # 8 reports with a previous year: 7 applicant columns + 2 in_force (2021 template) + copied_text each,
    # but 常州 2020 (2019 template): 7 + 1.
    assert len(stored) == 8
    assert rows(engine, "SELECT COUNT(*) FROM check_results k JOIN reports r ON k.version_id = r.current_version_id "
                        "WHERE k.check_name LIKE 'cross_year.%'") == [(7 * (7 + 2 + 1) + (7 + 1),)]


def test_cross_year_failures_are_the_mismatch_and_the_copy(crawled) -> None:
    """Stored as checks (v_check_failures): 四川 2024's 上年结转 (自然人 and 总计: expected 0, found 1) and
    南开 2023's copied text; the reports' own identities still hold (failed_checks as expected.json says)."""
    engine, *_ = crawled
    failures = rows(engine, "SELECT agency, year, check_name, row_code, column_code, expected, found "
                            "FROM v_check_failures WHERE check_name LIKE 'cross_year.%' ORDER BY agency, year, column_code")
    assert [f for f in failures if f[2] != "cross_year.copied_text"] == [
        (SC, 2024, "cross_year.carried_over", "carried_over", "natural_person", 0, 1),
        (SC, 2024, "cross_year.carried_over", "carried_over", "total", 0, 1),
    ]
    assert [f[:5] for f in failures if f[2] == "cross_year.copied_text"] == [
        (NK, 2023, "cross_year.copied_text", None, None)]
    counts = rows(engine, "SELECT agency, year, failed_checks, cross_year_failures FROM v_reports "
                          "WHERE cross_year_failures > 0 ORDER BY agency")
    assert counts == [(SC, 2024, 0, 2), (NK, 2023, 0, 1)]


def test_copied_text_share_by_sentence(crawled) -> None:
    """The share of this year's prose (characters of its sentences, numbers as #) found in last year's.

    南开 2023 repeats 2022's sentences but for 五、存在的主要问题's two (49 + 29 characters):
      shared 112 (根据《条例》…编制了本报告) + 29 (统计期限…) + 45 (如对本报告有疑问…) + 119 (主动公开)
             + 55 (共收到…均在法定期限内答复) + 27 (被申请行政复议#件…) + 61 (三审三校…) + 83 (专栏…)
             + 70 (领导小组…) + 16 (未收取信息处理费) + 28 (其他需要报告的事项无) = 645
      total 645 + 49 + 29 = 723: 645 / 723 ≈ 0.892 > 0.5, copied.
    四川 2024 shares with 2023 only 109 (根据…) + 29 + 44 (如对本报告有疑问…) + 27 (行政复议…) + 14 (未收取…) = 223
      of 223 + 68 + 52 + 54 + 52 + 47 + 28 + 35 + 32 = 591: 223 / 591 ≈ 0.377, ok.
    六盘水 2023 shares with 2022 110 + 29 + 53 + 27 + 16 = 235 of 235 + 79 + 49 + 50 + 60 + 48 + 49 + 29 + 15
      = 614: 235 / 614 ≈ 0.383, ok.
    The seeds' prose is their own: nothing of a neighbour's repeated.
    """
    engine, *_ = crawled
    found = {(agency, year): (share, limit, status) for agency, year, share, limit, status in rows(
        engine, "SELECT agency, year, copied_share, copied_limit, status FROM v_copying WHERE status <> 'no_previous'")}
    assert found.pop((NK, 2023)) == (pytest.approx(645 / 723), 0.5, "copied")
    assert found.pop((SC, 2024)) == (pytest.approx(223 / 591), 0.5, "ok")
    assert found.pop((LPS, 2023)) == (pytest.approx(235 / 614), 0.5, "ok")
    assert found == {key: (0, 0.5, "ok") for key in [(LPS, 2024), (PDS, 2023), (PDS, 2024), (CZ, 2020), (NK, 2024)]}
    check = rows(engine, "SELECT k.ok, k.expected, k.found FROM check_results k JOIN reports r ON "
                         "k.version_id = r.current_version_id JOIN agencies a ON a.id = r.agency_id "
                         "WHERE a.name = '天津市南开区应急管理局' AND r.year = 2023 AND k.check_name = 'cross_year.copied_text'")
    assert [(bool(ok), expected, value) for ok, expected, value in check] == [(False, 0.5, pytest.approx(645 / 723))]


def test_timeliness_against_the_departments_deadline(crawled) -> None:
    """Every agency is a department (…局, …厅): its deadline is 1月31日 of the year after. Years covered:
    those some report is on (2019, 2020, 2022, 2023, 2024), from each agency's first report on; a
    covered year without the agency's report is missing. days_late = publish date − deadline."""
    engine, *_ = crawled
    found = [(agency, year, str(deadline), days, status) for agency, year, deadline, days, status in rows(
        engine, "SELECT agency, year, deadline, days_late, status FROM v_timeliness ORDER BY agency, year")]

    def on_time(agency: str, year: int, published_in_january: int) -> tuple:
        return (agency, year, f"{year + 1}-01-31", published_in_january - 31, "on_time")

    assert sorted(found, key=repr) == sorted([
        on_time(LPS, 2022, 16), (LPS, 2023, "2024-01-31", 19, "late"), on_time(LPS, 2024, 20),  # 2024-02-19: 19 days
        on_time(PDS, 2022, 30), on_time(PDS, 2023, 19),
        # the DOCX's date is its signature, 2025年1月20日 (the detail page linking it says 2025-01-23)
        on_time(PDS, 2024, 20),
        on_time(CZ, 2019, 15), on_time(CZ, 2020, 21), (CZ, 2022, "2023-01-31", None, "missing"),
        on_time(CZ, 2023, 18), (CZ, 2024, "2025-01-31", None, "missing"),
        on_time(SC, 2019, 20), (SC, 2020, "2021-01-31", None, "missing"), (SC, 2022, "2023-01-31", None, "missing"),
        on_time(SC, 2023, 19), on_time(SC, 2024, 22),
        on_time(NK, 2022, 16), on_time(NK, 2023, 18), on_time(NK, 2024, 21),
        on_time(RZ, 2022, 17), (RZ, 2023, "2024-01-31", None, "missing"), on_time(RZ, 2024, 23),
    ], key=repr)


def test_completeness_of_the_six_sections_on_the_site(crawled) -> None:
    """Every generated report prints the six headings; seed002 (常州 2020, 五、存在的主要问题及改进措施 last)
    and seed003 (四川 2019, 五、存在问题及改进措施 last) have no 六、其他需要报告的事项."""
    engine, *_ = crawled
    found = rows(engine, "SELECT agency, year, overview, active, applications, review_litigation, problems, other, "
                         "sections_present, complete FROM v_completeness")
    incomplete = [(CZ, 2020), (SC, 2019)]
    assert len(found) == 17
    for agency, year, *sections, present, complete in found:
        if (agency, year) in incomplete:
            assert (sections, present, complete) == ([1, 1, 1, 1, 1, 0], 5, 0), (agency, year)
        else:
            assert (sections, present, complete) == ([1] * 6, 6, 1), (agency, year)
    assert sorted(rows(engine, "SELECT agency, year, row_code FROM v_check_failures "
                               "WHERE check_name = 'completeness.section'")) == sorted(
        [(CZ, 2020, "other"), (SC, 2019, "other")])


def test_rates_of_two_reports_from_their_tables(crawled) -> None:
    """四川 2024, table 3 总计 column: 新收 14, 上年结转 1, 予以公开 3, 部分公开 1, 不予公开 3 (第三方 1,
    过程性 1, 执法案卷 1), 无法提供 6 (all 不掌握), 不予处理 2 (信访 2), 总计 15, 结转下年度 0; table 4:
    复议 总计 1 (其他结果 1, 纠正 0), 直接起诉 总计 1 (维持 1), 复议后起诉 0.
    南开 2023: 新收 2, 上年结转 1, 予以公开 3, 总计 3, 结转 0; 复议 1 (其他结果), 诉讼 0."""
    engine, *_ = crawled
    columns = ("disclosure_rate", "unavailable_share", "not_held_share", "denied_share", "not_processed_share",
               "carry_forward_rate", "reviews_per_application", "suits_per_application", "review_correction_rate",
               "suit_correction_rate", "correction_rate")
    sql = f"SELECT {', '.join(columns)} FROM v_rates WHERE agency = '{{}}' AND year = {{}}"
    sc = rows(engine, sql.format(SC, 2024))
    assert sc == [pytest.approx((
        (3 + 1) / 15,  # 实质公开率: (予以公开 + 部分公开) / 总计
        6 / 15, 6 / 15, 3 / 15, 2 / 15,
        0 / (14 + 1),  # 结转率: 结转下年度 / (新收 + 上年结转)
        1 / 14, (1 + 0) / 14,  # 复议, 诉讼 per 新收
        0 / 1, 0 / 1, (0 + 0) / (1 + 1)))]
    nk = rows(engine, sql.format(NK, 2023))[0]
    assert nk[:9] == pytest.approx((3 / 3, 0 / 3, 0 / 3, 0 / 3, 0 / 3, 0 / 3, 1 / 2, 0 / 2, 0 / 1))
    assert nk[9:] == (None, pytest.approx(0 / (1 + 0)))  # 诉讼 纠错率: 0 / 0 is NULL
    reasons = rows(engine, "SELECT reason, applications, share_of_group FROM v_refusal_reasons "
                           f"WHERE agency = '{SC}' AND year = 2024 AND applications > 0")
    assert sorted(reasons) == sorted([("denied.third_party", 1, pytest.approx(1 / 3)),
                                      ("denied.process_info", 1, pytest.approx(1 / 3)),
                                      ("denied.enforcement_files", 1, pytest.approx(1 / 3)),
                                      ("not_processed.petition", 2, 1.0)])
