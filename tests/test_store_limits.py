"""Storing what the crawler accepts: wrapper pages, one bad item in a batch, values beyond the columns."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from govreports.model import Cell, Check, Report
from govreports.store.engine import upgrade
from govreports.store.writer import MAX_INDEXED_BYTES, Capture, Store

WRAPPER = ("<html><head><title>某市应急管理局2024年政府信息公开工作年度报告</title></head><body><div class=article>"
           "<h1>某市应急管理局2024年政府信息公开工作年度报告</h1><p>发布时间：2025-01-20</p>"
           "<p>附件：<a href='/a/report.pdf'>某市应急管理局2024年政府信息公开工作年度报告.pdf</a></p></div></body></html>")


def report(agency: str = "某市应急管理局", year: int = 2024, value=7, **extra) -> Report:
    tables = {"applications": {"new_received": {"total": Cell(value, str(value))}}}
    checks = [Check("applications.balance", True, value, value, column="total")]
    return Report(title=f"{agency}{year}年政府信息公开工作年度报告", agency=agency, year=year, tables=tables,
                  checks=checks, text="正文", **extra)


def capture(url: str, body: bytes = b"x", content_type: str | None = "text/html") -> Capture:
    return Capture.of(url, body, content_type, 200)


def rows(engine, sql: str) -> list:
    with engine.connect() as connection:
        return connection.execute(text(sql)).fetchall()


@pytest.fixture
def store(engine):
    upgrade(engine)
    return Store(engine)


def wrapper_page() -> Report:
    """A detail page that only links the report's PDF: the same agency and year, no tables."""
    return Report(title="某市应急管理局2024年政府信息公开工作年度报告", agency="某市应急管理局", year=2024,
                  publish_date="2025-01-20", text="附件：某市应急管理局2024年政府信息公开工作年度报告.pdf")


def test_a_capture_without_tables_never_replaces_a_version_with_tables(store, engine) -> None:
    pdf = store.store(report(), capture("http://x.gov.cn/a/report.pdf", b"%PDF"))
    page = wrapper_page()
    kept = store.store(page, capture("http://x.gov.cn/a/page.html", WRAPPER.encode()))
    assert kept.outcome == "source" and kept.report_id == pdf.report_id and kept.version_id is None
    (current,) = rows(engine, "SELECT version, sources FROM v_reports")
    assert tuple(current) == (1, 2)
    assert rows(engine, "SELECT COUNT(*) FROM v_applications WHERE row_code = 'new_received'")[0][0] == 1
    assert store.store(page, capture("http://x.gov.cn/a/page.html", WRAPPER.encode())).outcome == "source"
    for status in ("not_a_report", "failed"):  # whatever a parser makes of it: no tables, a source
        other = Report(**{**wrapper_page().__dict__, "status": status, "reason": "no tables"})
        assert store.store(other, capture(f"http://x.gov.cn/a/{status}.html")).outcome == "source"
    assert rows(engine, "SELECT COUNT(*) FROM sources")[0][0] == 4
    assert rows(engine, "SELECT status, version FROM v_reports")[0] == ("parsed", 1)


def test_tables_arriving_after_the_wrapper_page_become_current(store, engine) -> None:
    assert store.store(wrapper_page(), capture("http://x.gov.cn/a/page.html", WRAPPER.encode())).outcome == "new"
    assert store.store(report(), capture("http://x.gov.cn/a/report.pdf", b"%PDF")).outcome == "updated"
    assert rows(engine, "SELECT COUNT(*) FROM v_applications WHERE row_code = 'new_received'")[0][0] == 1


def test_one_bad_item_does_not_discard_its_batch(store, engine) -> None:
    long_url = "http://x.gov.cn/" + "a" * (2083 - len("http://x.gov.cn/"))  # Scrapy's URLLENGTH_LIMIT
    items = [
        (report("甲局"), capture("http://x.gov.cn/1.html")),
        (report("乙局"), capture(long_url)),
        (report("丙局", value=12345678901234567891), capture("http://x.gov.cn/3.html")),  # 20 digits
        (report("丁局", value=float("inf")), capture("http://x.gov.cn/4.html")),
        (report("戊局", value=float("nan")), capture("http://x.gov.cn/5.html")),
        (report("己局"), capture("http://x.gov.cn/6.html", content_type="text/html; charset=utf-8; " + "x" * 300)),
        (report("庚局" * 150), capture("http://x.gov.cn/7.html")),  # a name longer than agencies.name
        (report("辛局"), capture("http://x.gov.cn/" + "b" * MAX_INDEXED_BYTES)),  # beyond any index
    ]
    outcomes = [s.outcome for s in store.store_each(items)]
    assert outcomes == ["new", "new", "refused", "refused", "refused", "new", "refused", "error"]
    stored = {r.url: (r.status, r.reason) for r in rows(engine, "SELECT s.url, r.status, r.reason FROM sources s "
                                                                "JOIN reports r ON r.id = s.report_id")}
    assert stored[long_url] == ("parsed", None) and len(stored) == 7
    assert stored["http://x.gov.cn/3.html"] == ("failed", "not stored: applications.new_received.total is "
                                                           "12345678901234567891, beyond the ±2^53 the database "
                                                           "holds exactly")
    assert "inf" in stored["http://x.gov.cn/4.html"][1] and "nan" in stored["http://x.gov.cn/5.html"][1]
    assert stored["http://x.gov.cn/7.html"][1].startswith("not stored: agencies.name is 300 characters")
    for (document,) in rows(engine, "SELECT document FROM report_versions"):
        json.loads(document if isinstance(document, str) else json.dumps(document), parse_constant=pytest.fail)
    assert store.store_each(items)[2].outcome == "refused"  # again: the same, nothing duplicated
    assert rows(engine, "SELECT COUNT(*) FROM sources")[0][0] == 7


CELL_VALUE = st.one_of(st.integers(min_value=-10**30, max_value=10**30), st.floats(allow_nan=True, allow_infinity=True),
                       st.none())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(CELL_VALUE, min_size=1, max_size=6))
def test_any_number_is_stored_exactly_or_refused_with_a_reason(store, engine, values) -> None:
    items = [(report(f"局{i}", value=v), capture(f"http://x.gov.cn/p/{i}-{v!r}.html")) for i, v in enumerate(values)]
    for value, stored in zip(values, store.store_each(items)):
        exact = value is None or (math.isfinite(value) and abs(value) <= 2**53)
        assert stored.outcome in (("new", "unchanged", "updated") if exact else ("refused",)), (value, stored)
