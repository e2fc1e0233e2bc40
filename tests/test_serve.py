"""`govreports serve`: Datasette on the stored samples, driven by real Chromium; the SQLite snapshot export.

The browser tests start the command as a user does (a subprocess on 127.0.0.9 and a free port) on a
database filled by `govreports store --samples`, and check what an analyst sees: the index in Chinese,
a canned query's rows (hand-computed from the five sample reports), a chart with marks, a facet that
filters. A screenshot of each page is kept in the test's tmp_path (docs/serve.png is the chart's).
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from govreports import serve
from govreports.cli import read_path, sample_paths
from govreports.store import export, titles
from govreports.store.engine import make_engine, upgrade
from govreports.store.writer import Capture, Store
from tests.services import free_port

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.9"
# The sample reports' 本年新收 by province and year (seed000 … seed004; 四川 2019 prints no table 3).
NEW_APPLICATIONS = [("天津市", 2024, 2), ("江苏省", 2020, 4), ("河南省", 2023, 8), ("贵州省", 2024, 3)]
# 四川省应急管理厅 2019 (seed003) prints none of tables 2, 3 and 4: its totals' identities fail.
IDENTITY_FAILURES = [("四川省应急管理厅", "2019", "active.complete"), ("四川省应急管理厅", "2019", "applications.complete"),
                     ("四川省应急管理厅", "2019", "review_litigation.complete")]


# The colours drawn on the chart's canvas (or filled in its SVG) in more than 40 pixels, saturated ones only
# (the axes, grid and text are grey): its marks.
BAR_COLOURS = """() => {
  const svg = document.querySelector('.vega-embed svg');
  if (svg) return new Set([...svg.querySelectorAll('.mark-rect path')].map(p => p.getAttribute('fill'))).size;
  const canvas = document.querySelector('.vega-embed canvas');
  if (!canvas || !canvas.width) return 0;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const counts = new Map();
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
    if (a < 200 || Math.max(r, g, b) - Math.min(r, g, b) < 40) continue;
    const key = [r >> 4, g >> 4, b >> 4].join();
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  return [...counts.values()].filter(n => n > 40).length;
}"""


def govreports(args: list[str], data: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GOVREPORTS_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    env.pop("GOVREPORTS_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "govreports.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300, **kwargs)


def late_report(folder: Path) -> Path:
    """平顶山 2023 (seed001.txt) published on 2024-03-15, after its 1月31日 deadline, with 3 of its 8
    applications refused: 2 属于国家秘密, 1 属于四类过程性信息 (予以公开 8 → 5, so the totals still balance)."""
    text = (ROOT / "govreports/samples/seed001.txt").read_text(encoding="utf-8")
    for old, new in (("(一) 予以公开\t8\t0\t0\t0\t0\t0\t8", "(一) 予以公开\t5\t0\t0\t0\t0\t0\t5"),
                     ("1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0", "1.属于国家秘密\t2\t0\t0\t0\t0\t0\t2"),
                     ("6.属于四类过程性信息\t0\t0\t0\t0\t0\t0\t0", "6.属于四类过程性信息\t1\t0\t0\t0\t0\t0\t1")):
        assert old in text
        text = text.replace(old, new, 1)
    path = folder / "pingdingshan-2023-late.txt"
    path.write_text(text.rstrip() + "\n\n平顶山市应急管理局\n2024年3月15日\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory) -> Path:
    """The bundled samples, then 平顶山 2023 again, published late and refusing 3 applications."""
    data = tmp_path_factory.mktemp("serve-data")
    done = govreports(["store", "--samples"], data)
    assert done.returncode == 0, done.stderr
    done = govreports(["store", str(late_report(data))], data)
    assert done.returncode == 0 and done.stdout.startswith("updated   report 2 v3"), done.stdout + done.stderr
    return data / "govreports.sqlite3"




def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def server(samples_db):
    """`govreports serve` on the samples; its base URL. The database file is unchanged afterwards."""
    before = _digest(samples_db)
    port = free_port(HOST)
    env = {**os.environ, "GOVREPORTS_DATA_DIR": str(samples_db.parent), "PYTHONPATH": str(ROOT)}
    env.pop("GOVREPORTS_DATABASE_URL", None)
    process = subprocess.Popen([sys.executable, "-m", "govreports.cli", "serve", "--host", HOST, "--port", str(port)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://{HOST}:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                pytest.fail(f"govreports serve exited: {process.stdout.read()}")
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("govreports serve did not answer in 30 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert _digest(samples_db) == before, "serving wrote the database"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("GOVREPORTS_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        pytest.fail(f"Chromium not found at {chromium} (scripts/system-deps installs it)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not errors, errors


def _shot(page, path) -> None:  # noqa: ANN001
    """A full-page screenshot kept as evidence; Chromium without a GPU may fail a capture under load (Unable to capture
    screenshot), so it is taken again, up to three times."""
    from playwright.sync_api import Error

    for attempt in range(3):
        try:
            page.screenshot(path=str(path), full_page=True)
            return
        except Error as error:
            if "Unable to capture screenshot" not in str(error) or attempt == 2:
                raise


def _rows(page) -> list[list[str]]:
    return [[cell.strip() for cell in row.locator("td").all_inner_texts()]
            for row in page.locator("table.rows-and-columns tbody tr").all()]


# -- in the browser ----------------------------------------------------------------------------------

def test_the_index_shows_the_views_by_their_chinese_titles(server, page, tmp_path) -> None:
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "政府信息公开工作年度报告"
    for view in ("v_reports", "v_timeliness", "v_rates_by_province"):
        assert page.locator(f'a[href="/govreports/{view}"]', has_text=titles.VIEWS[view]).count() == 1
    _shot(page, tmp_path / "index.png")
    page.goto(server + "/govreports")
    assert page.get_by_role("link", name="逾期发布的报告").count() == 1
    assert page.get_by_role("link", name="勾稽关系未通过的报告").count() == 1
    _shot(page, tmp_path / "database.png")


def test_a_canned_query_returns_the_failed_identities(server, page, tmp_path) -> None:
    page.goto(server + "/govreports/identity_failures")
    assert page.locator("h1").inner_text().startswith("勾稽关系未通过的报告")
    rows = _rows(page)
    assert [(r[1], r[3], r[4]) for r in rows] == IDENTITY_FAILURES
    assert page.locator("th.col-check_name").inner_text().strip() == "校验"  # Chinese headers
    _shot(page, tmp_path / "identity_failures.png")
    page.locator("td a", has_text="4").first.click()  # the report's id: its sources
    page.wait_for_url(re.compile(r"report_sources\?report_id=4"))
    assert [r[4] for r in _rows(page)] == [(ROOT / "govreports/samples" / name).as_uri()
                                           for name in ("seed003.txt", "seed003_trs.html")]
    _shot(page, tmp_path / "report_sources.png")


# (canned query, its rows as shown (the first columns), the least number of bar colours drawn)
CHARTS = {
    "new_applications_by_province": ([[p, str(y), f"{n}.0"] for p, y, n in NEW_APPLICATIONS], 4),
    "denied_reasons": ([["属于国家秘密", "denied.state_secret", "2.0"], ["属于四类过程性信息", "denied.process_info", "1.0"]], 1),
    "late_share_by_year": ([["2019", "0", "1", "0", "0.0"], ["2020", "0", "1", "1", "0.0"], ["2023", "1", "1", "2", "1.0"],
                            ["2024", "0", "2", "3", "0.0"]], 1),
}


@pytest.mark.parametrize("name", CHARTS)
def test_a_chart_renders(server, page, tmp_path, name) -> None:
    """New applications per year by province, 不予公开 by reason, the late share: drawn with their bars."""
    query = next(q for q in serve.QUERIES if q.name == name)
    expected, colours = CHARTS[name]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server}/govreports/{query.name}#{query.fragment()}")
    assert [row[:len(expected[0])] for row in _rows(page)[:len(expected)]] == expected
    page.locator(".vega-embed canvas, .vega-embed svg").first.wait_for(timeout=20_000)
    # The bars: one colour per series (datasette-vega draws on a canvas), each a block of pixels.
    page.wait_for_function(f"({BAR_COLOURS})() >= {colours}", timeout=20_000)
    _shot(page, tmp_path / f"{name}.png")
    assert any("datasette_vega" in url for url in requested)
    assert all(url.startswith(server + "/") for url in requested), "the chart needs nothing from the internet"
    if name == "new_applications_by_province" and os.environ.get("GOVREPORTS_UPDATE_SCREENSHOT"):
        _shot(page, ROOT / "docs" / "serve.png")  # what the README shows


def test_a_facet_filters_the_reports(server, page, tmp_path) -> None:
    page.goto(server + "/govreports/v_reports")
    assert len(_rows(page)) == 5
    assert page.locator('th[data-column="agency"]').inner_text().strip() == "机关"
    assert page.locator(".facet-info-name strong").first.inner_text().split()[0] in ("省份", "市", "层级", "年度", "模板")
    _shot(page, tmp_path / "reports.png")
    page.locator(".facet-info a", has_text="四川省").first.click()
    page.wait_for_url(re.compile(r"province="))
    rows = _rows(page)
    assert len(rows) == 1 and "四川省应急管理厅" in rows[0]
    _shot(page, tmp_path / "reports_sichuan.png")


# -- the metadata, the queries, the snapshot -----------------------------------------------------------

def readme_queries() -> list[str]:
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Querying the data", 1)[1]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def test_the_canned_queries_hold_the_readme_queries_as_written() -> None:
    assert [q.sql for q in serve.README_QUERIES] == readme_queries()


def test_every_view_and_column_has_a_chinese_title_and_its_facets(samples_db) -> None:
    metadata = serve.build_metadata(samples_db)
    tables = metadata["databases"]["govreports"]["tables"]
    assert set(titles.VIEWS) <= set(tables)
    for view, meta in tables.items():
        if meta.get("hidden"):
            continue
        assert meta["title"] == titles.VIEWS[view] and meta["description"]
        assert all(title != column for column, title in meta["columns"].items()), view
    assert tables["v_reports"]["facets"] == ["province", "city", "level", "year", "template", "status"]
    assert tables["v_rates_by_year"].get("facets") == ["year"]
    assert tables["alembic_version"] == {"hidden": True}


def test_every_canned_query_runs_on_the_samples(samples_db) -> None:
    engine = make_engine(f"sqlite:///{samples_db}")
    try:
        with engine.connect() as connection:
            for query in serve.QUERIES:
                params = {"report_id": ""} if ":report_id" in query.sql else {}
                columns = list(connection.execute(text(query.sql), params).keys())
                if query.chart:  # the chart's columns are the query's
                    assert {query.chart["x_column"], query.chart["y_column"]} <= set(columns), query.name
            late = connection.execute(text(next(q.sql for q in serve.QUERIES if q.name == "late_share_by_year")))
            # Years the samples cover: 2019 四川, 2020 常州, 2023 平顶山 (late: 2024-03-15), 2024 六盘水 and 南开
            # (by 1月31日); from its first report on, an agency without a report in a covered year is missing.
            assert [(r.year, r.late, r.dated, r.missing, r.late_share) for r in late] == [
                (2019, 0, 1, 0, 0), (2020, 0, 1, 1, 0), (2023, 1, 1, 2, 1), (2024, 0, 2, 3, 0)]
    finally:
        engine.dispose()


def test_serve_refuses_a_port_in_use(samples_db, tmp_path) -> None:
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = govreports(["serve", "--host", HOST, "--port", str(port)], samples_db.parent)
    assert done.returncode == 2 and f"cannot listen on {HOST}:{port}" in done.stderr, done.stderr


def test_serve_refuses_postgresql_and_a_missing_file(tmp_path) -> None:
    done = govreports(["serve", "--database-url", "postgresql+psycopg://u@127.0.0.1:1/x"], tmp_path)
    assert done.returncode == 2 and "export --format sqlite" in done.stderr
    done = govreports(["serve", "--database-url", f"sqlite:///{tmp_path / 'none.sqlite3'}"], tmp_path)
    assert done.returncode == 2 and "no database" in done.stderr


def test_a_sqlite_snapshot_holds_every_table_and_view(engine, parser, tmp_path) -> None:
    """From SQLite and from PostgreSQL: the snapshot's views give the same rows as the database's."""
    upgrade(engine)
    store = Store(engine)
    for path in sample_paths():  # as `govreports store --samples` stores them
        for source in read_path(path):
            url = source.url or Path(source.name).resolve().as_uri()
            report = parser.parse_bytes(source.data, url, source.content_type)
            store.store(report, Capture.of(url, source.data, source.content_type))
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "snapshot.sqlite3"
    counts = export.write_sqlite(str(target), engine)
    assert counts["reports"] == 5 and counts["sources"] == 12
    assert sorted(p.name for p in target.parent.iterdir()) == ["snapshot.sqlite3"]  # one file, no -wal or lock
    snapshot = make_engine(f"sqlite:///{target}")
    try:
        for view in export.VIEWS:
            columns, rows = export.view_rows(engine, view, export.Filters())
            snapshot_columns, snapshot_rows = export.view_rows(snapshot, view, export.Filters())
            assert snapshot_columns == columns
            # (sorted: rows of one report come in no set order)
            assert sorted(map(_plain, snapshot_rows), key=repr) == sorted(map(_plain, rows), key=repr), view
        with snapshot.connect() as connection:
            assert connection.scalar(text("SELECT COUNT(*) FROM reports_fts WHERE reports_fts MATCH '行政复议'")) == 4
    finally:
        snapshot.dispose()


def _plain(row: tuple) -> tuple:
    """A row as comparable across databases: numbers as floats rounded, times to the second as text."""
    return tuple(_plain_value(v) for v in row)


def _plain_value(value):
    if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
        return round(float(value), 9)
    if value is not None and not isinstance(value, str):
        value = str(value)
    if isinstance(value, str) and re.match(r"\d{4}-\d\d-\d\d[ T]\d\d:", value):
        return value[:19].replace("T", " ")
    return value


def test_serve_opens_a_snapshot_written_by_export(samples_db, tmp_path) -> None:
    snapshot = tmp_path / "snapshot.sqlite3"
    done = govreports(["export", "--format", "sqlite", "--output", str(snapshot),
                       "--database-url", f"sqlite:///{samples_db}"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "exported" in done.stderr and snapshot.is_file()
    metadata = serve.build_metadata(snapshot)
    assert set(metadata["databases"]) == {"snapshot"} and "v_reports" in metadata["databases"]["snapshot"]["tables"]
    done = govreports(["export", "--format", "sqlite", "--output", str(snapshot), "--province", "四川"], tmp_path)
    assert done.returncode == 2 and "whole database" in done.stderr


def test_a_report_links_to_its_archived_capture(tmp_path, parser) -> None:
    """A source the archive holds: its WARC pointer links to /-/capture/<id>, which serves the capture."""
    import asyncio
    import concurrent.futures

    from datasette.app import Datasette
    from datasette.plugins import pm

    from govreports import serve_plugin
    from govreports.archive.writer import ArchiveWriter, Exchange

    body = (ROOT / "govreports/samples/seed004.txt").read_bytes()
    url = "http://yjj.tjnk.example/2025/report.txt"
    with ArchiveWriter(tmp_path / "archive") as archive:
        location = archive.write(Exchange(url, 200, [("Content-Type", "text/plain; charset=utf-8")], body))
    database = tmp_path / "govreports.sqlite3"
    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine)
    capture = Capture.of(url, body, "text/plain; charset=utf-8", 200)
    Store(engine).store(parser.parse_bytes(body, url, capture.content_type),
                        replace(capture, warc_file=location.file, warc_offset=location.offset))
    engine.dispose()

    if not pm.is_registered(serve_plugin):
        pm.register(serve_plugin, name=serve.PLUGIN)
    app = Datasette([str(database)], metadata=serve.build_metadata(database, tmp_path / "archive"))

    async def pages() -> tuple:
        listed = await app.client.get("/govreports/report_sources?report_id=1")
        captured = await app.client.get("/-/capture/1")
        missing = await app.client.get("/-/capture/99")
        return listed, captured, missing

    with concurrent.futures.ThreadPoolExecutor(1) as thread:  # Playwright's loop may be running in this one
        listed, captured, missing = thread.submit(asyncio.run, pages()).result()
    assert 'href="/-/capture/1"' in listed.text and f"{location.file}@{location.offset}" in listed.text
    assert captured.status_code == 200 and captured.content == body
    assert captured.headers["content-security-policy"] == "sandbox"
    assert missing.status_code == 404


def test_a_canned_query_titles_its_columns_as_its_view_does() -> None:
    from govreports.serve_plugin import header_titles

    assert header_titles(None, ["reason_label", "reason", "applications"], "denied_reasons") == {
        "reason_label": "理由", "reason": "理由代码", "applications": "申请数"}
    assert header_titles(None, ["agency", "status"], "late_or_missing") == {"agency": "机关", "status": "时效"}
    assert header_titles(None, ["status", "cells"], "cross_year_summary") == {"status": "校验结果", "cells": "单元格数"}
    assert header_titles("v_reports", ["status", "reason"]) == {"status": "解析状态", "reason": "原因"}
