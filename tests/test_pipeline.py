"""The Scrapy parse pipeline alone (get_crawler): a thin adapter that parses, checks the agency, counts."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest
from govreports.pipelines import parse as parse_module
from govreports.pipelines.parse import ParseReportPipeline
from govreports.spiders.agency import AgencySpider
from govreports.spiders.archive import CALLBACK_META
from govreports.spiders.items import Fetched, StoredReport
from scrapy import Request
from scrapy.exceptions import DropItem, IgnoreRequest
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from govreports import workers
from govreports.archive import PICTURE_CALLBACK
from govreports.fetch.registry import Agency
from govreports.report import ReportParser
from tests.conftest import FIXTURES
from tests.test_workers import CRASH, crash_on_marker

CHANGZHOU = Agency("常州市应急管理局", "江苏省", "常州市", level="市级", homepage="http://yjj.changzhou.gov.cn/")


@pytest.fixture(scope="module")
def pipeline() -> ParseReportPipeline:
    crawler = get_crawler(AgencySpider, settings_dict={"GOVREPORTS_PARSE_WORKERS": 0})
    crawler.stats.open_spider()
    return ParseReportPipeline.from_crawler(crawler)


def run(pipeline: ParseReportPipeline, item: object) -> Fetched:
    """An item through the pipeline's coroutine, as Scrapy awaits it."""
    return asyncio.run(pipeline.process_item(item))


def fetched(body: bytes, agency: Agency = CHANGZHOU, url: str = "http://yjj.changzhou.gov.cn/a.html") -> Fetched:
    return Fetched(url=url, body=body, agency=agency, content_type="text/html", http_status=200)


def test_a_report_page_gets_its_report(pipeline) -> None:
    out = run(pipeline, fetched((FIXTURES / "seed002_trs" / "body.html").read_bytes()))
    assert out.report.status == "parsed"
    assert out.report.agency == "常州市应急管理局"
    assert pipeline.stats.get_value("govreports/parse/status/parsed") >= 1


def test_the_agency_it_names_is_checked_against_the_registry(pipeline) -> None:
    body = (FIXTURES / "seed002_trs" / "body.html").read_bytes()
    same = run(pipeline, fetched(body)).report
    other = run(pipeline, fetched(body, Agency("平顶山市应急管理局", "河南省"))).report
    assert [c.ok for c in same.checks if c.check == "agency.registry"] == [True]
    assert [c.ok for c in other.checks if c.check == "agency.registry"] == [False]


def test_not_a_report_goes_on_to_be_stored_as_an_outcome(pipeline) -> None:
    out = run(pipeline, fetched("<html><body><p>新闻</p></body></html>".encode(), url="http://x.gov.cn/n.html"))
    assert out.report.status == "not_a_report"
    assert pipeline.stats.get_value("govreports/parse/status/not_a_report") >= 1


def test_one_agencys_documents_leave_in_the_order_they_came_whatever_order_their_parses_end(monkeypatch) -> None:
    """Two captures of one report are then stored, and numbered as versions, in the order they were archived;
    another agency's document does not wait for them."""
    crawler = get_crawler(AgencySpider, settings_dict={"GOVREPORTS_PARSE_WORKERS": 0})
    crawler.stats.open_spider()
    pipeline = ParseReportPipeline.from_crawler(crawler)
    other = Agency("常州市人民政府", "江苏省", "常州市", level="市级", homepage="http://www.changzhou.gov.cn/")
    body = (FIXTURES / "seed002_trs" / "body.html").read_bytes()
    items = [fetched(body, url="http://yjj.changzhou.gov.cn/first.html"),
             fetched(body, url="http://yjj.changzhou.gov.cn/second.html"),
             fetched(body, agency=other, url="http://www.changzhou.gov.cn/other.html")]
    takes = {"first": 0.3, "second": 0.0, "other": 0.1}  # seconds each parse takes: the first ends last
    parse = pipeline._parse

    async def slow_parse(item, images):
        await asyncio.sleep(takes[item.url.rsplit("/", 1)[1].removesuffix(".html")])
        return await parse(item, images)

    monkeypatch.setattr(pipeline, "_parse", slow_parse)
    left: list[str] = []

    async def through(item: Fetched) -> None:
        left.append((await pipeline.process_item(item)).url.rsplit("/", 1)[1])

    async def crawl() -> None:
        await asyncio.gather(*(through(item) for item in items))

    asyncio.run(crawl())
    assert left == ["other.html", "first.html", "second.html"]
    assert pipeline.turns.last == {}  # nothing kept once every item has left


def test_an_item_without_a_body_is_dropped_with_a_reason(pipeline) -> None:
    with pytest.raises(DropItem, match="no body"):
        run(pipeline, {"url": "http://x.gov.cn/"})
    assert pipeline.stats.get_value("govreports/parse/dropped/no_body") == 1


def test_feeds_get_the_spec_json_and_never_the_body(pipeline) -> None:
    item = run(pipeline, fetched((FIXTURES / "seed002_trs" / "body.html").read_bytes()))
    record = StoredReport.of(item, item.report)
    assert record.crawled_agency == "常州市应急管理局" and record.template == "2019"
    assert "body" not in vars(record) and record.tables["applications"]["new_received"]["total"] == 4


def test_scrapy_settings_load() -> None:
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    assert list(settings.getdict("ITEM_PIPELINES")) == [
        "govreports.pipelines.store.KnownContentPipeline", "govreports.pipelines.parse.ParseReportPipeline",
        "govreports.pipelines.store.StoreReportPipeline"]
    assert settings.getbool("ROBOTSTXT_OBEY")


# -- pictures: a page whose table is an <img> gets it fetched through the crawl's downloader ----------------

SEED003 = FIXTURES / "seed003_trs"
SICHUAN = Agency("四川省应急管理厅", "四川省", level="省级", homepage="http://yjt.sc.gov.cn/")
SEED003_PICTURE = (Path(__file__).resolve().parent.parent / "govreports" / "samples" / "seed003_table3.png")


class FakeEngine:
    """The engine's download_async: answers from a dict by URL (bytes, a status, or an exception) and keeps the requests."""

    def __init__(self, answers: dict[str, object]) -> None:
        self.answers = answers
        self.requests: list[Request] = []

    async def download_async(self, request: Request) -> Response:
        self.requests.append(request)
        answer = self.answers[request.url]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, int):
            return Response(request.url, status=answer, body=b"not here", request=request)
        return Response(request.url, status=200, body=answer, request=request)


def picture_pipeline(answers: dict[str, object], settings: dict | None = None) -> tuple[ParseReportPipeline, FakeEngine]:
    crawler = get_crawler(AgencySpider, settings_dict={"GOVREPORTS_PARSE_WORKERS": 0, **(settings or {})})
    crawler.stats.open_spider()
    crawler.engine = FakeEngine(answers)
    return ParseReportPipeline.from_crawler(crawler), crawler.engine


def seed003_item() -> Fetched:
    meta = json.loads((SEED003 / "meta.json").read_text(encoding="utf-8"))
    return Fetched(url=meta["url"], body=(SEED003 / "body.html").read_bytes(), agency=SICHUAN,
                   content_type=meta["content_type"], http_status=200)


@pytest.fixture(scope="module")
def seed003_picture_url() -> str:
    [wanted] = ReportParser().parse_bytes(seed003_item().body, seed003_item().url,
                                          seed003_item().content_type).wanted_images
    return wanted


def test_a_page_whose_table_is_a_picture_is_read_with_the_picture_fetched(seed003_picture_url) -> None:
    pipeline, engine = picture_pipeline({seed003_picture_url: SEED003_PICTURE.read_bytes()})
    report = run(pipeline, seed003_item()).report
    assert report.ocr is True
    assert report.tables["applications"]["new_received"]["total"].value == 5  # the prose says 5; the picture prints 5
    assert report.tables["applications"]["new_received"]["commercial"].value == 1
    assert {c.check for c in report.checks if not c.ok} == {"active.complete", "review_litigation.complete"}
    assert pipeline.stats.get_value("govreports/parse/pictures/fetched") == 1
    assert pipeline.stats.get_value("govreports/parse/pictures/read_by_ocr") == 1


def test_the_picture_request_is_archived_as_a_picture_of_the_agencys_page(seed003_picture_url) -> None:
    pipeline, engine = picture_pipeline({seed003_picture_url: SEED003_PICTURE.read_bytes()})
    item = seed003_item()
    run(pipeline, item)
    [request] = engine.requests
    assert request.url == seed003_picture_url
    assert request.meta[CALLBACK_META] == PICTURE_CALLBACK  # the WARC record's GovReports-Callback
    assert request.cb_kwargs["agency"] is SICHUAN  # scope and the record's GovReports-Agency
    assert request.headers.get("Referer") == item.url.encode()


def test_a_picture_that_cannot_be_fetched_is_named_and_its_table_stays_missing(seed003_picture_url) -> None:
    pipeline, _ = picture_pipeline({seed003_picture_url: 404})
    report = run(pipeline, seed003_item()).report
    assert "applications" not in report.tables and not report.ocr
    assert f"picture {seed003_picture_url} not fetched: HTTP 404" in report.reason
    assert any(c.check == "applications.complete" and not c.ok for c in report.checks)
    assert pipeline.stats.get_value("govreports/parse/pictures/failed") == 1


def test_a_refused_picture_request_is_named_too(seed003_picture_url) -> None:
    pipeline, _ = picture_pipeline({seed003_picture_url: IgnoreRequest("off the site")})
    report = run(pipeline, seed003_item()).report
    assert f"picture {seed003_picture_url} not fetched: IgnoreRequest: off the site" in report.reason


def test_pictures_switched_off_are_not_fetched(seed003_picture_url) -> None:
    pipeline, engine = picture_pipeline({}, {"GOVREPORTS_PICTURES": False})
    report = run(pipeline, seed003_item()).report
    assert engine.requests == [] and report.wanted_images == [seed003_picture_url]
    assert "applications" not in report.tables


# -- parsing in worker processes ---------------------------------------------------------------------------

def crash(*args: object) -> None:
    """Stands for a document that kills the parser's process (out of memory, a native crash)."""
    os._exit(70)


@pytest.fixture
def pooled():
    crawler = get_crawler(AgencySpider, settings_dict={"GOVREPORTS_PARSE_WORKERS": 1})
    crawler.stats.open_spider()
    pipeline = ParseReportPipeline.from_crawler(crawler)
    yield pipeline
    pipeline.close()


def test_documents_are_parsed_in_a_worker_process(pooled) -> None:
    report = run(pooled, fetched((FIXTURES / "seed002_trs" / "body.html").read_bytes())).report
    assert report.status == "parsed" and report.tables["applications"]["new_received"]["total"].value == 4
    workers = set(pooled.pool._processes)
    assert len(workers) == 1 and os.getpid() not in workers


@pytest.mark.parametrize("where", ["pooled", "pipeline"])
def test_the_cpu_seconds_parsing_took_add_up_in_a_stat(where: str, request) -> None:
    """In a worker process or on the crawl's thread: what a crawl spent on parsing, next to its elapsed time."""
    pipeline = request.getfixturevalue(where)
    before = pipeline.stats.get_value("govreports/parse/cpu_seconds", 0)
    run(pipeline, fetched((FIXTURES / "seed002_trs" / "body.html").read_bytes()))
    spent = pipeline.stats.get_value("govreports/parse/cpu_seconds") - before
    assert 0 < spent < 5


def test_the_crawl_process_cpu_seconds_are_a_stat() -> None:
    from govreports.spiders.cpu import STAT, CpuTime

    crawler = get_crawler(AgencySpider)
    crawler.stats.open_spider()
    extension = CpuTime.from_crawler(crawler)
    extension.opened()
    sum(i * i for i in range(300_000))
    extension.closed(reason="finished")
    assert 0 < crawler.stats.get_value(STAT) < 5


@pytest.fixture
def collector():
    """The garbage collector's settings back as they were after the test."""
    import gc

    before = gc.get_threshold()
    yield gc
    gc.unfreeze()
    gc.set_threshold(*before)


def test_the_collector_is_set_at_the_engines_start_and_its_collections_are_a_stat(collector) -> None:
    from govreports.spiders.collector import STAT, GarbageCollection

    crawler = get_crawler(AgencySpider, settings_dict={"GOVREPORTS_GC_THRESHOLD": 12_345})
    crawler.stats.open_spider()
    extension = GarbageCollection.from_crawler(crawler)
    middle, oldest = collector.get_threshold()[1:]
    extension.started()
    assert collector.get_threshold() == (12_345, middle, oldest)
    assert collector.get_freeze_count() > 0
    extension.closed(reason="finished")
    collections = [crawler.stats.get_value(STAT.format(generation=n)) for n in range(3)]
    assert all(isinstance(n, int) and n >= 0 for n in collections)


def test_a_threshold_of_0_leaves_the_collector_as_it_is(collector) -> None:
    from govreports.spiders.collector import GarbageCollection

    before, frozen = collector.get_threshold(), collector.get_freeze_count()
    extension = GarbageCollection.from_crawler(get_crawler(AgencySpider, settings_dict={"GOVREPORTS_GC_THRESHOLD": 0}))
    extension.started()
    assert collector.get_threshold() == before
    assert collector.get_freeze_count() == frozen


def test_the_parse_workers_set_their_collector_as_the_crawl_does() -> None:
    import gc

    crawler = get_crawler(AgencySpider, settings_dict={"GOVREPORTS_PARSE_WORKERS": 1, "GOVREPORTS_GC_THRESHOLD": 23_456})
    crawler.stats.open_spider()
    pipeline = ParseReportPipeline.from_crawler(crawler)
    try:
        run(pipeline, fetched((FIXTURES / "seed002_trs" / "body.html").read_bytes()))
        assert pipeline.pool.submit(gc.get_threshold).result(timeout=60)[0] == 23_456
        assert pipeline.pool.submit(gc.get_freeze_count).result(timeout=60) > 0
    finally:
        pipeline.close()


POOL_THEN_WAIT = """
import os, sys, time
from govreports.workers import start_pool
pool = start_pool(2)
pids = {pool.submit(os.getpid).result(timeout=60) for _ in range(20)} | {pool.submit(os.getppid).result(timeout=60)}
print(" ".join(map(str, pids)), flush=True)
time.sleep(600)
"""


def test_the_pools_processes_end_with_a_crawl_killed_by_kill_9() -> None:
    """A crawl killed cannot shut its pool down: its workers and their fork server end by themselves."""
    import signal
    import subprocess
    import sys
    import time

    crawl = subprocess.Popen([sys.executable, "-c", POOL_THEN_WAIT], stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parent.parent)
    try:
        pids = [int(p) for p in crawl.stdout.readline().split()]
        assert len(pids) >= 2
    finally:
        crawl.send_signal(signal.SIGKILL)
        crawl.wait()
    deadline = time.monotonic() + 20
    while (alive := [p for p in pids if Path(f"/proc/{p}").exists()]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert alive == []


def test_where_there_is_no_pidfd_a_worker_looks_whether_the_crawl_is_alive() -> None:
    import subprocess
    import sys

    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    assert workers._alive(os.getpid()) and not workers._alive(ended.pid)


def test_a_worker_that_dies_fails_its_document_and_the_next_one_gets_a_new_pool(pooled, monkeypatch) -> None:
    body = (FIXTURES / "seed002_trs" / "body.html").read_bytes()
    monkeypatch.setattr(parse_module, "parse_in_worker", crash)
    report = run(pooled, fetched(body)).report
    assert report.status == "failed" and "process died" in report.reason
    assert pooled.stats.get_value("govreports/parse/worker_died") == 1
    monkeypatch.undo()
    assert run(pooled, fetched(body)).report.status == "parsed"


def test_only_the_document_that_kills_a_worker_is_lost(pooled, monkeypatch) -> None:
    """The documents in flight with it, on the pool it broke (one worker: those queued behind it), are parsed
    again alone and kept."""
    body = (FIXTURES / "seed002_trs" / "body.html").read_bytes()
    monkeypatch.setattr(parse_module, "parse_in_worker", crash_on_marker)

    async def crawl() -> list[Fetched]:
        items = [fetched(b, url=f"http://yjj.changzhou.gov.cn/{k}.html") for k, b in enumerate([CRASH, body, body])]
        return await asyncio.gather(*(pooled.process_item(item) for item in items))

    done = asyncio.run(crawl())
    assert [item.report.status for item in done] == ["failed", "parsed", "parsed"]
    assert done[0].report.reason == workers.WORKER_DIED
    assert pooled.stats.get_value("govreports/parse/worker_died") == 1
    assert pooled.stats.get_value("govreports/parse/parsed_alone") == 3


def test_a_document_sent_after_a_worker_died_is_parsed_on_a_new_pool(pooled, monkeypatch) -> None:
    """The pool broke before this document was sent (no document has come back since): it was never in flight
    with the one that killed the worker, and is parsed, not failed."""
    from concurrent.futures import wait

    body = (FIXTURES / "seed002_trs" / "body.html").read_bytes()
    broken = pooled._pool()
    wait([broken.submit(os._exit, 70)], timeout=60)
    assert run(pooled, fetched(body)).report.status == "parsed"
    assert pooled.pool is not broken and pooled.stats.get_value("govreports/parse/worker_died") is None


def test_the_pool_is_one_worker_a_core_unless_set() -> None:
    assert workers.parse_workers(None) == workers.default_workers() >= 1
    assert workers.parse_workers("0") == 0 and workers.parse_workers(3) == 3
