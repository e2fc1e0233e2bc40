"""More of the crawl's Scrapy components alone (get_crawler, fake responses, no network).

The spider's callbacks on a homepage, a challenge and an attachment; the
WARC middleware writing a record read back; the browser-cookie
middleware; the CSV feed exporter; the `-a` argument reader.
"""

from __future__ import annotations

import io

import pytest
from govreports.spiders.archive import CALLBACK_META, WarcArchiveMiddleware
from govreports.spiders.browser import BrowserCookiesMiddleware
from govreports.spiders.feeds import CsvReportExporter
from govreports.spiders.items import Fetched
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from govreports.archive import PICTURE_CALLBACK
from govreports.archive.reader import iter_captures
from govreports.fetch.arguments import ArgumentProblem, read_arguments
from govreports.fetch.listings import Entry
from tests.test_spider_units import agency, make_spider, response, start_requests

HOME = """<html><body><div class="nav">
<a href="/zwgk/">政务公开</a><a href="/news/">新闻动态</a>
</div></body></html>"""


def test_a_homepage_leads_to_its_disclosure_pages_only(tmp_path) -> None:
    spider = make_spider(tmp_path)
    home = start_requests(spider)[1]  # 乙局 has no column: its homepage
    assert home.callback == spider.parse_home
    out = list(spider.parse_home(response(home.url, HOME, home), **home.cb_kwargs))
    assert [r.url for r in out] == ["http://127.0.0.12:8000/zwgk/"]
    assert out[0].callback == spider.parse_home and out[0].cb_kwargs["depth"] == 1
    assert out[0].meta["discovery"] == "政务公开"


def test_a_challenge_is_asked_again_in_the_browser_by_every_callback(tmp_path) -> None:
    spider = make_spider(tmp_path)
    column = start_requests(spider)[0]
    challenge = response(column.url, "<html><script>document.cookie='a=1';location.reload()</script></html>", column)
    challenge.status = 412
    for callback in (spider.parse_home, spider.parse_column, spider.parse_report, spider.parse_document):
        kwargs = {"agency": agency(spider, "甲局")}
        kwargs.update({"parse_home": {"depth": 0}, "parse_column": {"page": 1}}.get(callback.__name__, {}))
        if callback.__name__ in ("parse_report", "parse_document"):
            kwargs["entry"] = None
        (retry,) = list(callback(challenge, **kwargs))
        assert retry.url == column.url and retry.meta["playwright"] and retry.dont_filter, callback.__name__
    assert spider.crawler.stats.get_value("govreports/browser/requests") == 4


def test_an_attachment_becomes_an_item_with_its_bytes_and_the_registry_agency(tmp_path) -> None:
    spider = make_spider(tmp_path)
    request = Request("http://127.0.0.11:8000/nb/2023.pdf", meta={"report_fingerprint": "ab" * 20},
                      cb_kwargs={"agency": agency(spider, "甲局"),
                                 "entry": Entry("甲局2023年政府信息公开工作年度报告", "2023.pdf", "2024-01-20")})
    pdf = Response(request.url, body=b"%PDF-1.4 ...", headers={"Content-Type": "application/pdf"}, request=request)
    (item,) = list(spider.parse_document(pdf, **request.cb_kwargs))
    assert isinstance(item, Fetched)
    assert item.body == b"%PDF-1.4 ..."
    assert item.content_type == "application/pdf"
    assert item.agency.name == "甲局"
    assert item.fingerprint == "ab" * 20
    assert (item.listed_title, item.listed_date) == ("甲局2023年政府信息公开工作年度报告", "2024-01-20")
    assert spider.crawler.stats.get_value("govreports/agency/甲局/attachments/fetched") == 1


def test_the_archive_middleware_writes_each_response_as_served_and_tells_the_item_where(tmp_path) -> None:
    crawler = get_crawler(settings_dict={"GOVREPORTS_ARCHIVE_DIR": str(tmp_path / "archive")})
    middleware = WarcArchiveMiddleware.from_crawler(crawler)
    spider = make_spider(tmp_path)
    request = Request("http://127.0.0.11:8000/nb/1.html", callback=spider.parse_report,
                      cb_kwargs={"agency": agency(spider, "甲局")})
    body = "<html><body>年度报告</body></html>".encode("gbk")
    served = Response(request.url, status=200, body=body, headers={"Content-Type": "text/html; charset=gbk"},
                      request=request)
    assert middleware.process_response(request, served) is served
    assert request.meta["warc_file"].endswith(".warc.gz")
    assert request.meta["warc_offset"] >= 0
    middleware.spider_closed()
    (capture,) = [c for c in iter_captures(tmp_path / "archive") if getattr(c, "url", None) == request.url]
    assert capture.body == body
    assert capture.status == 200
    assert capture.agency == "甲局"
    assert capture.callback == "parse_report"
    assert crawler.stats.get_value("govreports/archive/records") == 1
    cached = Response(request.url, body=body, request=request, flags=["cached"])
    middleware_again = WarcArchiveMiddleware.from_crawler(crawler)
    middleware_again.process_response(request, cached)
    assert "warc_file" not in request.meta  # an HTTP-cache answer is not archived again


def test_a_picture_fetched_for_a_page_is_archived_as_a_picture_of_its_agency(tmp_path) -> None:
    """The parse pipeline's picture requests have no callback: the record still says what they were for."""
    crawler = get_crawler(settings_dict={"GOVREPORTS_ARCHIVE_DIR": str(tmp_path / "archive")})
    middleware = WarcArchiveMiddleware.from_crawler(crawler)
    spider = make_spider(tmp_path)
    request = Request("http://127.0.0.11:8000/nb/W01.png", cb_kwargs={"agency": agency(spider, "甲局")},
                      meta={CALLBACK_META: PICTURE_CALLBACK})
    served = Response(request.url, status=200, body=b"\x89PNG\r\n\x1a\n...", request=request,
                      headers={"Content-Type": "image/png"})
    middleware.process_response(request, served)
    middleware.spider_closed()
    (capture,) = [c for c in iter_captures(tmp_path / "archive") if getattr(c, "url", None) == request.url]
    assert capture.callback == "picture"
    assert capture.agency == "甲局"


def test_the_archive_middleware_is_off_when_the_setting_says_so() -> None:
    from scrapy.exceptions import NotConfigured
    with pytest.raises(NotConfigured):
        WarcArchiveMiddleware.from_crawler(get_crawler(settings_dict={"GOVREPORTS_ARCHIVE": False}))


def test_cookies_the_browser_earned_go_with_plain_requests_to_that_host_only() -> None:
    middleware = BrowserCookiesMiddleware()
    middleware.cookies["127.0.0.11"] = {"__jsl_clearance": "x"}
    plain = Request("http://127.0.0.11:8000/a.pdf", cookies={"own": "1"})
    middleware.process_request(plain)
    assert plain.cookies == {"__jsl_clearance": "x", "own": "1"}
    other = Request("http://127.0.0.12:8000/a.pdf")
    middleware.process_request(other)
    assert other.cookies == {}
    browser = Request("http://127.0.0.11:8000/b.html", meta={"playwright": True})
    middleware.process_request(browser)
    assert browser.cookies == {}


def test_the_csv_feed_writes_nested_fields_as_json_text() -> None:
    out = io.BytesIO()
    exporter = CsvReportExporter(out, fields_to_export=["url", "region", "checks", "year"])
    exporter.start_exporting()
    exporter.export_item({"url": "http://a/1.html", "region": {"province": "四川省"},
                          "checks": [{"name": "row_total", "passed": False}], "year": 2023})
    exporter.finish_exporting()
    lines = out.getvalue().decode("utf-8").splitlines()
    assert lines[0] == "url,region,checks,year"
    assert lines[1] == ('http://a/1.html,"{""province"": ""四川省""}",'
                        '"[{""name"": ""row_total"", ""passed"": false}]",2023')


@pytest.mark.parametrize("values, message", [
    ({"year": "二〇二三"}, "-a year= takes a whole number, not '二〇二三'"),
    ({"year": "1990"}, "-a year=1990 is out of range (2008–2100)"),
    ({"year": "2023", "since": "2020"}, "give -a year= or -a since=, not both"),
    ({"max_pages": "0"}, "-a max_pages=0 is out of range (1–10000)"),
    ({"yaer": "2023"}, "unknown spider argument(s): yaer"),
])
def test_arguments_the_crawl_cannot_take_say_which_and_why(values, message) -> None:
    with pytest.raises(ArgumentProblem) as problem:
        read_arguments(values)
    assert str(problem.value) == message


def test_the_job_id_scrapyd_passes_is_taken_and_filters_nothing() -> None:
    assert read_arguments({"_job": "40ebfd06ec9f11f1b8be02fc00000001", "province": "四川"}) == \
        read_arguments({"province": "四川"})


def test_arguments_read_select_years() -> None:
    since = read_arguments({"since": " 2021 "})
    assert (since.wants(2020), since.wants(2021), since.wants(None)) == (False, True, False)
    year = read_arguments({"year": "2022", "max_pages": "3"})
    assert (year.wants(2022), year.wants(2023), year.max_pages) == (True, False, 3)
    assert read_arguments({}).wants(None) and read_arguments({}).max_pages == 50
