"""The store pipelines and the crawl's verdict, alone (get_crawler): isolation, durability, outages, exit status."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from govreports.pipelines.database import DatabaseGate, DatabaseGone
from govreports.pipelines.store import KnownContentPipeline, StoreReportPipeline
from govreports.spiders.agency import AgencySpider
from govreports.spiders.items import Fetched
from govreports.spiders.signals import item_durable
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler
from sqlalchemy import text

from govreports.fetch.outcome import judge
from govreports.fetch.registry import Agency
from govreports.model import Cell, Report
from govreports.store.engine import make_engine


class Engine:
    """The crawl engine's one method the pipelines call when the database is gone."""

    def __init__(self) -> None:
        self.closed: list[str] = []

    async def close_spider_async(self, *, reason: str) -> None:
        self.closed.append(reason)


def make_crawler(database_url: str, tmp_path, **settings):
    registry = tmp_path / "registry.csv"
    registry.write_text("agency,province,homepage\n甲局,四川省,http://127.0.0.11:8000/\n", encoding="utf-8")
    crawler = get_crawler(AgencySpider, {"GOVREPORTS_DATABASE_URL": database_url, "GOVREPORTS_REGISTRY": str(registry),
                                         "GOVREPORTS_BUNDLED_REGISTRY": False, **settings})
    crawler.spider = AgencySpider.from_crawler(crawler)
    crawler.engine = Engine()
    crawler.stats.open_spider()
    return crawler


AGENCY = Agency("甲局", "四川省", homepage="http://127.0.0.11:8000/")


def item(n: int, value=7, fingerprint: str | None = None) -> Fetched:
    """A parsed document of the registry agency 甲局, one year each (its own report)."""
    report = Report(title=f"甲局{2000 + n}年政府信息公开工作年度报告", agency="甲局", year=2000 + n, text="正文",
                    tables={"applications": {"new_received": {"total": Cell(value, str(value))}}})
    return Fetched(url=f"http://127.0.0.11:8000/nb/{n}.html", body=f"page {n}".encode(), agency=AGENCY,
                   content_type="text/html", http_status=200, fingerprint=fingerprint or f"{n:040x}", report=report)


def durable_marks(crawler) -> list[str]:
    marks: list[str] = []
    crawler.signals.connect(lambda fingerprint=None, **_: marks.append(fingerprint), signal=item_durable, weak=False)
    return marks


def count(database_url: str, sql: str) -> int:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def test_a_bad_item_is_stored_as_failed_and_its_batch_lands_and_only_stored_items_are_durable(
        tmp_path, database_url) -> None:
    crawler = make_crawler(database_url, tmp_path, GOVREPORTS_STORE_BATCH=4)
    marks = durable_marks(crawler)

    async def crawl() -> None:
        pipeline = StoreReportPipeline.from_crawler(crawler)
        await pipeline.open_spider()
        for n in range(3):
            await pipeline.process_item(item(n))
        assert marks == []  # pending in the batch: nothing durable yet
        await pipeline.process_item(item(3, value=12345678901234567891))  # fills the batch: flushed
        assert len(marks) == 4
        await pipeline.close_spider()
        await pipeline.spider_closed(reason="finished")

    asyncio.run(crawl())
    stats = crawler.stats.get_stats()
    assert stats["govreports/store/new"] == 3 and stats["govreports/store/refused"] == 1
    assert count(database_url, "SELECT COUNT(*) FROM reports WHERE status = 'parsed'") == 3
    assert count(database_url, "SELECT COUNT(*) FROM reports WHERE status = 'failed' AND reason LIKE "
                               "'not stored: applications.new_received.total is 12345678901234567891%'") == 1
    assert count(database_url, "SELECT COUNT(*) FROM crawl_runs WHERE status = 'failed' AND reason LIKE "
                               "'crawl failed: 1 documents could not be stored as reports%'") == 1


def test_pending_items_are_stored_within_the_interval(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    crawler = make_crawler(url, tmp_path, GOVREPORTS_STORE_INTERVAL=0.2)
    marks = durable_marks(crawler)

    async def crawl() -> None:
        pipeline = StoreReportPipeline.from_crawler(crawler)
        await pipeline.open_spider()
        await pipeline.process_item(item(1))
        await asyncio.sleep(0.6)
        assert marks == [f"{1:040x}"]
        await pipeline.close_spider()

    asyncio.run(crawl())


def test_known_content_is_durable_and_dropped(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    crawler = make_crawler(url, tmp_path)
    marks = durable_marks(crawler)

    async def crawl() -> None:
        store = StoreReportPipeline.from_crawler(crawler)
        known = KnownContentPipeline.from_crawler(crawler)
        await store.open_spider()
        await store.process_item(await known.process_item(item(1)))
        await store.close_spider()
        with pytest.raises(DropItem, match="content already stored"):
            await known.process_item(item(1, fingerprint="f" * 40))

    asyncio.run(crawl())
    assert marks == [f"{1:040x}", "f" * 40]


def test_the_gate_waits_out_an_outage_then_gives_up_and_passes_data_errors_on(tmp_path) -> None:
    gone = make_engine(f"sqlite:///{tmp_path / 'no' / 'such' / 'folder.sqlite3'}")  # unable to open: unavailable

    def unavailable():
        with gone.connect() as connection:
            connection.execute(text("SELECT 1"))

    async def scenario() -> None:
        gate = DatabaseGate(wait=1.2)
        calls = []

        def flaky():
            calls.append(1)
            if len(calls) < 3:
                unavailable()
            return "stored"

        assert await gate.run(flaky) == "stored" and len(calls) == 3 and gate.down_since is None
        started = time.monotonic()
        with pytest.raises(DatabaseGone, match="unable to open database file"):
            await gate.run(unavailable)
        assert 1.0 <= time.monotonic() - started < 3
        with pytest.raises(DatabaseGone):  # once gone, at once
            await gate.run(lambda: "never")
        with pytest.raises(ZeroDivisionError):
            await DatabaseGate(wait=5).run(lambda: 1 / 0)

    asyncio.run(scenario())


def test_a_closed_gate_leaves_no_database_thread_behind() -> None:
    """A process running many crawls (Scrapyd, a test session) keeps no thread per finished crawl."""
    async def scenario() -> None:
        gate = DatabaseGate(wait=1)
        thread = await gate.run(threading.current_thread)
        assert thread is not threading.current_thread() and thread.name.startswith("govreports-database")
        gate.close()
        thread.join(timeout=5)
        assert not thread.is_alive()

    asyncio.run(scenario())


def test_a_database_that_stays_away_closes_the_crawl_and_fails_it(tmp_path) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    url = f"sqlite:///{folder / 'db.sqlite3'}"
    crawler = make_crawler(url, tmp_path, GOVREPORTS_DATABASE_WAIT=0.5)

    async def crawl() -> None:
        pipeline = StoreReportPipeline.from_crawler(crawler)
        await pipeline.open_spider()
        await pipeline.process_item(item(1))
        folder.rename(tmp_path / "moved")  # the database's disk went away
        pipeline.engine.dispose()
        await pipeline.close_spider()
        await asyncio.sleep(0)  # the crawl is closed in a task of its own

    asyncio.run(crawl())
    stats = crawler.stats.get_stats()
    assert crawler.engine.closed == ["database unavailable"]
    assert stats["govreports/store/not_stored"] == 1
    verdict = judge(stats, "database unavailable")
    assert verdict.exit_code == 3 and verdict.status == "failed"
    assert verdict.line.startswith("crawl failed: database unavailable (") and "1 fetched documents not stored" in verdict.line


def test_the_verdict_tells_agencies_apart() -> None:
    stats = {
        "govreports/agency/甲/start_urls": 1, "govreports/agency/甲/reports/listed": 3, "govreports/agency/甲/new": 3,
        "govreports/agency/乙/start_urls": 1, "govreports/agency/乙/listing/unreachable": 1,
        "govreports/agency/乙/unreachable_reason": "DNS lookup failed",
        "govreports/agency/丙/start_urls": 1, "govreports/agency/丙/listing/robots": 1,
        "govreports/agency/丁/start_urls": 1, "govreports/agency/丁/listing/pages": 2,
        "govreports/agency/戊/agencies/without_start_url": 1,
        "govreports/reports/fetch_failed": 2, "govreports/store/new": 3,
    }
    verdict = judge(stats, "finished")
    assert [(a.name, a.kind) for a in verdict.agencies] == [("丁", "empty"), ("丙", "robots"), ("乙", "unreachable"),
                                                            ("甲", "reports")]
    assert verdict.exit_code == 1
    assert verdict.line == ("crawl incomplete: 1 sites unreachable (乙: DNS lookup failed); 1 columns forbidden by "
                            "robots.txt (丙); 1 columns yielded no report (丁); 2 reports could not be fetched")
    assert verdict.agencies[2].line() == "乙: site unreachable (DNS lookup failed)"
    assert verdict.agencies[0].line().startswith("no report found for 丁: its column may have changed layout")
    good = {k: v for k, v in stats.items() if "/甲/" in k or k == "govreports/store/new"}
    assert judge(good, "finished").exit_code == 0 and judge(good, "finished").line.startswith("crawl finished: 1 ")
    assert judge(good, "shutdown").line == "crawl incomplete: stopped before the end (shutdown)"
    buggy = judge({**good, "spider_exceptions/count": 2, "spider_exceptions/KeyError": 2}, "finished")
    assert (buggy.exit_code, buggy.line) == (
        1, "crawl incomplete: 2 pages failed in the spider (a bug: its traceback is in the log)")


def test_a_worker_of_a_shared_frontier_judges_the_agencies_whose_pages_it_read() -> None:
    stats = {
        "govreports/frontier/shared": 1,
        # 甲: started here, its pages read by another worker: not judged here.
        "govreports/agency/甲/start_urls": 1,
        # 乙: a listing page read here listed nothing, but other workers listed 4 of its reports.
        "govreports/agency/乙/start_urls": 1, "govreports/agency/乙/listing/pages": 1,
        "govreports/agency/乙/reports/listed_by_workers": 4,
        # 丙: its column read here and by no one else listed anything: empty.
        "govreports/agency/丙/listing/pages": 2,
    }
    verdict = judge(stats, "finished")
    assert [(a.name, a.kind) for a in verdict.agencies] == [("丙", "empty"), ("乙", "reports")]
    assert verdict.line == "crawl incomplete: 1 columns yielded no report (丙)"


def test_a_worker_whose_redis_stayed_away_ends_incomplete_not_finished() -> None:
    """Redis of a shared frontier away longer than GOVREPORTS_REDIS_WAIT (spiders/distributed.py): exit 1."""
    stats = {"govreports/frontier/shared": 1, "govreports/agency/甲/reports/listed": 3, "govreports/store/new": 3,
             "govreports/frontier/unavailable": "Redis at redis://127.0.0.1:6379/0 unavailable (Connection refused); "
                                                "gave up after 60 s"}
    verdict = judge(stats, "frontier unavailable")
    assert (verdict.status, verdict.exit_code) == ("incomplete", 1)
    assert verdict.line == ("crawl incomplete: frontier unavailable (Redis at redis://127.0.0.1:6379/0 unavailable "
                            "(Connection refused); gave up after 60 s); its requests stay in Redis for another worker "
                            "or the next run")
    assert judge({}, "frontier unavailable").exit_code == 1
    cut = judge({**stats, "govreports/agency/乙/listing/pages": 1}, "frontier unavailable")
    assert [(a.name, a.kind) for a in cut.agencies] == [("乙", "unfinished"), ("甲", "reports")]
    assert cut.line == verdict.line  # its column may well list reports: not said to yield none
    assert cut.agencies[0].line() == "乙: not finished, frontier unavailable (1 listing pages read)"
