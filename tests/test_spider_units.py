"""The spider's Scrapy components alone (get_crawler, fake responses): scope, failures, the job folder."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import pytest
from govreports.spiders.agency import AgencySpider
from govreports.spiders.failures import Failed, classify
from govreports.spiders.items import Fetched
from govreports.spiders.jobdir import DONE_FILE, JobDupeFilter
from govreports.spiders.scope import OutOfScope, ScopeMiddleware
from govreports.spiders.signals import item_durable
from scrapy import Request, signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from govreports.fetch.listings import Entry

ROOT = Path(__file__).resolve().parent.parent

REGISTRY = ("agency,province,homepage,column_url\n"
            "坏局,四川省,javascript:alert(1),\n"
            "甲局,四川省,http://127.0.0.11:8000/,http://127.0.0.11:8000/nb/\n"
            "乙局,四川省,http://127.0.0.12:8000/,\n")


def make_spider(tmp_path, **settings) -> AgencySpider:
    registry = tmp_path / "registry.csv"
    registry.write_text(REGISTRY, encoding="utf-8")
    crawler = get_crawler(AgencySpider, {"GOVREPORTS_BUNDLED_REGISTRY": False, "GOVREPORTS_REGISTRY": str(registry),
                                         **settings})
    spider = AgencySpider.from_crawler(crawler)
    crawler.spider = spider
    return spider


def agency(spider: AgencySpider, name: str):
    return next(a for a in spider.agencies if a.name == name)


def start_requests(spider: AgencySpider) -> list[Request]:
    async def collect():
        return [r async for r in spider.start()]
    return asyncio.run(collect())


def response(url: str, body: str, request: Request) -> HtmlResponse:
    return HtmlResponse(url, body=body.encode("utf-8"), encoding="utf-8", request=request)


def test_a_registry_url_that_is_no_site_is_logged_and_the_other_agencies_crawl(tmp_path, caplog) -> None:
    spider = make_spider(tmp_path)
    with caplog.at_level(logging.WARNING):
        requests = start_requests(spider)
    assert [r.url for r in requests] == ["http://127.0.0.11:8000/nb/", "http://127.0.0.12:8000/"]
    assert all(r.errback == spider.on_failure for r in requests)
    assert "registry: 坏局: homepage 'javascript:alert(1)' is not an http(s) URL; ignored" in caplog.text
    assert spider.crawler.stats.get_value("govreports/agency/甲局/start_urls") == 1


def test_start_requests_wait_for_an_empty_scheduler_while_the_downloader_is_full(tmp_path) -> None:
    """Lazy start: with the downloader full, the next agency's requests wait for scheduler_empty."""
    spider = make_spider(tmp_path)
    full = [False, True]  # the engine's answer before each agency with a start URL
    waited: list[object] = []

    class Engine:
        @staticmethod
        def needs_backout() -> bool:
            return full.pop(0)

    async def wait_for(signal: object) -> None:
        waited.append(signal)

    spider.crawler.engine = Engine()
    spider.crawler.signals.wait_for = wait_for
    requests = start_requests(spider)
    assert [r.url for r in requests] == ["http://127.0.0.11:8000/nb/", "http://127.0.0.12:8000/"]
    assert waited == [signals.scheduler_empty]
    assert spider.crawler.stats.get_value("govreports/start/waits") == 1


LISTING = """<html><body><ul>
<li><a href="javascript:void(0)">甲局2023年政府信息公开工作年度报告</a><span>2024-01-20</span></li>
<li><a href="ftp://127.0.0.11/nb/2022.pdf">甲局2022年政府信息公开工作年度报告</a><span>2023-01-20</span></li>
<li><a href="mailto:gk@example.gov.cn">甲局2021年政府信息公开工作年度报告</a><span>2022-01-20</span></li>
<li><a href="2024.html">甲局2024年政府信息公开工作年度报告</a><span>2025-01-20</span></li>
</ul></body></html>"""


def test_links_that_are_not_http_are_never_requested_and_reports_carry_their_fingerprint(tmp_path) -> None:
    spider = make_spider(tmp_path)
    column = start_requests(spider)[0]
    out = list(spider.parse_column(response(column.url, LISTING, column), **column.cb_kwargs))
    assert [r.url for r in out] == ["http://127.0.0.11:8000/nb/2024.html"]
    assert spider.crawler.stats.get_value("govreports/agency/甲局/links/not_http") == 1  # ftp: (the listing drops the others)
    report = out[0]
    fingerprint = spider.crawler.request_fingerprinter.fingerprint(report).hex()
    assert report.meta["report_fingerprint"] == fingerprint and report.errback == spider.on_failure
    page = response(report.url, "<html><body><p>报告</p></body></html>", report)
    item = next(iter(spider.parse_report(page, **report.cb_kwargs)))
    assert isinstance(item, Fetched) and item.fingerprint == fingerprint
    assert item.agency.name == "甲局" and item.agency.province == "四川省"  # the registry agency, not a name read
    # A page with attachments is not marked done: only it leads to them.
    with_pdf = response(report.url, '<html><body><a href="a.pdf">附件</a></body></html>', report)
    item, attachment = list(spider.parse_report(with_pdf, **report.cb_kwargs))
    assert item.fingerprint is None and attachment.meta["report_fingerprint"]


def test_a_dated_entry_that_is_the_report_column_is_read_as_the_column(tmp_path) -> None:
    """政府信息公开工作年度报告 listed with a date but no year led to the column itself: its reports are listed."""
    spider = make_spider(tmp_path)
    column = start_requests(spider)[0]
    menu = """<html><body><ul>
<li><a href="/nb/all.html">政府信息公开工作年度报告</a><span>2025-01-20</span></li></ul></body></html>"""
    [request] = list(spider.parse_column(response(column.url, menu, column), **column.cb_kwargs))
    assert request.url == "http://127.0.0.11:8000/nb/all.html" and request.callback == spider.parse_report
    out = list(spider.parse_report(response(request.url, LISTING.replace("javascript:void(0)", "2023.html"),
                                            request), **request.cb_kwargs))
    assert isinstance(out[0], Fetched) and out[0].fingerprint is None  # kept, and fetched again next run
    assert [r.url for r in out[1:]] == ["http://127.0.0.11:8000/nb/2023.html", "http://127.0.0.11:8000/nb/2024.html"]
    assert spider.crawler.stats.get_value("govreports/agency/甲局/reports/were_columns") == 1
    # A report page listed by date (it lists no reports of a year) is a report.
    page = response(request.url, "<html><body><p>报告</p></body></html>", request)
    assert [type(x) for x in spider.parse_report(page, **request.cb_kwargs)] == [Fetched]


def test_scope_is_scheme_host_and_port_of_the_agencys_site(tmp_path) -> None:
    spider = make_spider(tmp_path)
    middleware = ScopeMiddleware.from_crawler(spider.crawler)
    jia = {"agency": agency(spider, "甲局")}
    assert middleware.process_request(Request("http://127.0.0.11:8000/nb/1.html", cb_kwargs=jia)) is None
    assert middleware.process_request(Request("http://127.0.0.12:8000/robots.txt")) is None  # no agency: any
    for url in ("http://127.0.0.11:8001/nb/1.html", "https://127.0.0.11:8000/nb/1.html",
                "http://127.0.0.12:8000/nb/1.html", "ftp://127.0.0.11:8000/a.pdf"):
        with pytest.raises(OutOfScope):
            middleware.process_request(Request(url, cb_kwargs=jia))
    with pytest.raises(OutOfScope):  # a redirect the browser followed off the site
        middleware.process_response(Request("http://127.0.0.11:8000/a", cb_kwargs=jia),
                                    HtmlResponse("http://127.0.0.11:9999/b", body=b""))
    assert spider.crawler.stats.get_value("govreports/scope/refused") == 5


def test_failures_are_one_line_each_and_counted_for_the_summary(tmp_path, caplog) -> None:
    spider = make_spider(tmp_path)
    column = start_requests(spider)[0]
    jia = column.cb_kwargs["agency"]
    report = Request("http://127.0.0.11:8000/nb/2024.html", callback=spider.parse_report,
                     cb_kwargs={"agency": jia, "entry": Entry("t", "u")})
    robots = Request("http://127.0.0.11:8000/nb/2023.html", callback=spider.parse_report,
                     cb_kwargs={"agency": jia, "entry": Entry("t", "u")})
    caplog.clear()
    with caplog.at_level(logging.INFO):
        for request, error in ((column, DownloadConnectionRefusedError("refused")),
                               (report, IgnoreRequest("max redirections reached")),
                               (robots, IgnoreRequest("Forbidden by robots.txt"))):
            failure = Failure(error)
            failure.request = request
            spider.on_failure(failure)
    stats = spider.crawler.stats
    assert stats.get_value("govreports/agency/甲局/listing/unreachable") == 1
    assert stats.get_value("govreports/agency/甲局/unreachable_reason") == "connection refused"
    assert stats.get_value("govreports/agency/甲局/reports/fetch_failed") == 1
    assert stats.get_value("govreports/agency/甲局/reports/robots_forbidden") == 1
    assert "甲局: http://127.0.0.11:8000/nb/: connection refused" in caplog.text
    assert "could not fetch report http://127.0.0.11:8000/nb/2024.html: max redirections reached" in caplog.text
    assert "Traceback" not in caplog.text and len(caplog.records) == 3


def test_the_job_folder_skips_only_reports_already_stored(tmp_path) -> None:
    spider = make_spider(tmp_path, JOBDIR=str(tmp_path / "job"))
    crawler = spider.crawler
    listing, report = Request("http://127.0.0.11:8000/nb/"), Request("http://127.0.0.11:8000/nb/2024.html")
    first = JobDupeFilter.from_crawler(crawler)
    first.open()
    assert not first.request_seen(listing) and not first.request_seen(report)
    assert first.request_seen(listing) and first.request_seen(report)  # within a run: once
    crawler.signals.send_catch_log(item_durable, fingerprint=crawler.request_fingerprinter.fingerprint(report).hex())
    first.close("finished")
    with open(tmp_path / "job" / DONE_FILE, "a") as done:
        done.write("0123abc")  # a line a crash cut short
    second = JobDupeFilter(crawler, str(tmp_path / "job"))
    assert not second.request_seen(listing)  # a column is read again every run
    assert second.request_seen(report)  # a stored report is not fetched again
    assert len(second.done) == 1


@pytest.mark.parametrize("error,kind,detail", [
    (CannotResolveHostError("no such host"), "unreachable", "DNS lookup failed"),
    (DownloadConnectionRefusedError("refused"), "unreachable", "connection refused"),
    (DownloadTimeoutError("took longer than 2.0 seconds"), "unreachable", "timed out"),
    (DownloadFailedError("[<Failure OpenSSL.SSL.Error: [('SSL routines', '', 'wrong version number')]>]"),
     "unreachable", "TLS handshake failed"),
    (ResponseDataLossError("lost"), "refused", "the response was cut short (fewer bytes than announced)"),
    (DownloadCancelledError("Cancelling download of x: expected response size (3145728) larger than download "
                            "max size (2097152)."), "refused", "Cancelling download of x: expected response size "
                                                               "(3145728) larger than download max size (2097152)."),
    (IgnoreRequest("Forbidden by robots.txt"), "robots", "Forbidden by robots.txt"),
    (OutOfScope("http://h:1/ is not on the site of 甲局"), "scope", "http://h:1/ is not on the site of 甲局"),
    (ValueError("a bug"), "error", "ValueError: a bug"),
])
def test_failures_are_told_apart(error, kind, detail) -> None:
    assert classify(error) == Failed(kind, detail)


def test_expected_failures_lose_their_traceback_and_bugs_keep_it() -> None:
    from govreports.spiders.logs import OneLineFailures

    def record(name: str, error: BaseException, msg: str = "Error downloading %(request)s: %(f_exception)s"):
        try:
            raise error
        except BaseException:
            import sys
            exc_info = sys.exc_info()
        return logging.LogRecord(name, logging.ERROR, __file__, 1, msg,
                                 ({"request": "<GET https://127.0.0.9/robots.txt>", "f_exception": error},), exc_info)

    quiet = OneLineFailures()
    tls = record("scrapy.downloadermiddlewares.robotstxt", DownloadFailedError("[<Failure OpenSSL.SSL.Error: x>]"))
    assert quiet.filter(tls) and tls.exc_info is None and tls.levelno == logging.DEBUG
    assert tls.getMessage() == "robots.txt not fetched for <GET https://127.0.0.9/robots.txt>: TLS handshake failed"
    browser = record("scrapy-playwright", CannotResolveHostError("x"), "Closing page due to failed request: %s")
    browser.args = ("<GET http://x/>",)
    assert quiet.filter(browser) and browser.exc_info is None
    assert browser.getMessage() == "Closing page due to failed request: <GET http://x/> (DNS lookup failed)"
    bug = record("scrapy-playwright", KeyError("page"), "Closing page due to failed request: %s")
    bug.args = ("<GET http://x/>",)
    assert quiet.filter(bug) and bug.exc_info is not None and bug.levelno == logging.ERROR


GKMLPT_INDEX = ("<html><body><div id=\"app\"></div><script>window._CONFIG = { SID: '750025', "
                "TREE: [{\"id\": 2846, \"name\": \"政府信息公开年报\", \"post_count\": 1, \"children\": []}] };</script>"
                "</body></html>")


def test_a_gkmlpt_index_found_from_the_homepage_is_read_as_a_column_through_its_json(tmp_path) -> None:
    spider = make_spider(tmp_path)
    home = start_requests(spider)[1]
    index = home.replace(url="http://127.0.0.12:8000/jmyjj/gkmlpt/index", cb_kwargs={**home.cb_kwargs, "depth": 1})
    out = list(spider.parse_home(response(index.url, GKMLPT_INDEX, index), **index.cb_kwargs))
    assert [r.url for r in out] == ["http://127.0.0.12:8000/jmyjj/gkmlpt/api/all/2846?page=1&sid=750025"]
    assert out[0].callback == spider.parse_column and "playwright" not in out[0].meta  # JSON, no browser
    api = {"classify": {"post_count": 1}, "total": 1, "articles": [
        {"id": 3255421, "title": "乙局2024年政府信息公开工作年度报告", "date": 1737331200,
         "url": "/jmyjj/gkmlpt/content/3/3255/post_3255421.html"}]}
    page = response(out[0].url, json.dumps(api, ensure_ascii=False), out[0])
    reports = list(spider.parse_column(page, **out[0].cb_kwargs))
    assert [r.url for r in reports] == ["http://127.0.0.12:8000/jmyjj/gkmlpt/content/3/3255/post_3255421.html"]
    assert reports[0].cb_kwargs["entry"].date == "2025-01-20"


def report_request(spider, url: str, date: str) -> Request:
    """A request for 甲局's 2023 report page, as the listing's entry leads to it."""
    return Request(url, cb_kwargs={"agency": agency(spider, "甲局"),
                                   "entry": Entry("甲局2023年政府信息公开工作年度报告", "x", date)})


def test_report_pages_give_platform_attachments_once_each(tmp_path) -> None:
    spider = make_spider(tmp_path)
    report = report_request(spider, "http://127.0.0.11:8000/info/1072/3540.htm", "2024-01-19")
    body = ('<html><body><a href="/system/_content/download.jsp?urltype=news.DownloadAttachUrl&amp;owner=1&amp;'
            'wbfileid=9">甲局2023年政府信息公开工作年度报告.docx</a><a class="nfw-cms-attachment" href="/att/1.pdf">1.pdf</a>'
            "<script>window._CONFIG = {SID: '1', DETAIL: {\"attachment\": [{\"name\": \"1.pdf\", \"url\": \"/att/1.pdf\"}]}};"
            "</script></body></html>")
    item, *attachments = list(spider.parse_report(response(report.url, body, report), **report.cb_kwargs))
    assert [a.url for a in attachments] == [
        "http://127.0.0.11:8000/att/1.pdf",
        "http://127.0.0.11:8000/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1&wbfileid=9"]
    assert all(a.callback == spider.parse_document for a in attachments)


def test_documents_a_report_page_shows_in_a_frame_or_a_viewer_are_its_attachments(tmp_path) -> None:
    """A page that shows its report in an <iframe>, <embed> or <object>, or links a viewer page
    (pdf.js's viewer.html?file=…), leads to the document itself; a viewer page that is the entry leads there too;
    so does a link named after the file (….PDF) whose address does not say it."""
    spider = make_spider(tmp_path)
    report = report_request(spider, "http://127.0.0.11:8000/art/2024/1/20/art_1_2.html", "2024-01-20")
    body = ('<html><body><iframe src="/pdfjs/web/viewer.html?file=%2Fu%2F2024%2Freport.pdf"></iframe>'
            '<embed src="/u/2024/tables.pdf" type="application/pdf"><object data="files/annex.docx"></object>'
            '<a href="/viewer.html?file=/u/2024/report.pdf">预览</a><iframe src="/share.html"></iframe>'
            '<a href="/attach/download?id=9"> 甲局2023年政府信息公开工作年度报告.PDF </a>'
            '<a href="javascript:void(0)">附表.xls.pdf</a><a href="/list.html?page=2">下一页</a></body></html>')
    item, *attachments = list(spider.parse_report(response(report.url, body, report), **report.cb_kwargs))
    assert [a.url for a in attachments] == ["http://127.0.0.11:8000/u/2024/report.pdf",
                                            "http://127.0.0.11:8000/u/2024/tables.pdf",
                                            "http://127.0.0.11:8000/art/2024/1/20/files/annex.docx",
                                            "http://127.0.0.11:8000/attach/download?id=9"]
    assert all(a.callback == spider.parse_document for a in attachments)
    viewer = Request("http://127.0.0.11:8000/pdfjs/web/viewer.html?file=/u/2023/report.pdf", cb_kwargs=report.cb_kwargs)
    _, *attachments = list(spider.parse_report(response(viewer.url, "<html><body><div id='viewer'></div></body></html>",
                                                        viewer), **viewer.cb_kwargs))
    assert [a.url for a in attachments] == ["http://127.0.0.11:8000/u/2023/report.pdf"]


def test_a_report_page_that_cannot_list_an_attachment_is_not_parsed_for_links_and_loses_none(monkeypatch) -> None:
    """The markers' shortcut never drops an attachment: on every real page of the oracle and the fixtures,
    and on pages whose only trace of a document is a platform link or a character reference."""
    from govreports.spiders import agency as agency_module

    from govreports.fetch import platforms

    pages = [(f"http://127.0.0.11:8000/{path.parent.name}/index.html", path.read_bytes())
             for path in [*sorted(ROOT.glob("tests/oracle/*/*.html")),
                          *sorted(ROOT.glob("tests/fixtures/reports/*/*.html"))]]
    pages += [("http://127.0.0.11:8000/a.html", b'<a href="/module/download/downfile.jsp?filename=r%2Edocx">r</a>'),
              ("http://127.0.0.11:8000/a.html", "<a href='/r&#46;pdf'>报告</a>".encode()),
              ("http://127.0.0.11:8000/r.PDF", b'<a href="">r</a>')]
    shortcut = [agency_module._attachments(HtmlResponse(url, body=body, encoding="utf-8")) for url, body in pages]
    monkeypatch.setattr(agency_module, "may_list_attachments", lambda html, url: True)
    full = [agency_module._attachments(HtmlResponse(url, body=body, encoding="utf-8")) for url, body in pages]
    assert shortcut == full
    assert sum(1 for found in full if found) >= 3
    assert not platforms.may_list_attachments("<html><body><a href='/list.html'>年度报告</a></body></html>",
                                              "http://127.0.0.11:8000/a.html")
