"""Store parsed reports in the database; skip content already stored; say what the crawl achieved.

`KnownContentPipeline` drops a capture whose exact bytes are already stored
for its URL (a scheduled re-run then parses and writes nothing).
`StoreReportPipeline` writes the rest (reports and every other outcome) in
batches: every GOVREPORTS_STORE_BATCH items, every GOVREPORTS_STORE_INTERVAL
seconds and at the end. An item is durable once its batch is committed:
only then is its report request marked done for the job folder
(spiders/jobdir.py, signal `item_durable`), so a crawl killed at any moment
fetches again what it had not stored. An item whose data the database
cannot hold is stored as a `failed` outcome with the reason and the rest of
its batch lands (govreports.store.writer.Store.store_each). While the
database is away the pipelines wait (pipelines/database.py); after
GOVREPORTS_DATABASE_WAIT seconds they close the crawl ("database
unavailable").

Each run is a row of `crawl_runs`, closed with its stats and its verdict
(govreports.fetch.outcome: finished, incomplete or failed, and why); the
log ends with one line per agency.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from govreports.pipelines.database import DatabaseGate, DatabaseGone
from govreports.spiders.items import Fetched, StoredReport
from govreports.spiders.signals import item_durable, item_settled
from scrapy import signals
from scrapy.exceptions import DropItem
from sqlalchemy import select, update

from govreports.fetch.outcome import DATABASE_UNAVAILABLE, judge
from govreports.model import Report
from govreports.store.batches import STORE_BATCH
from govreports.store.engine import make_engine, upgrade
from govreports.store.models import CrawlRun, Source, utcnow
from govreports.store.writer import AgencyRef, Capture, Store

log = logging.getLogger(__name__)
DEFAULT_INTERVAL = 5.0
RUNS = CrawlRun.__table__


def _engine_for(crawler: Any):
    return make_engine(crawler.settings.get("GOVREPORTS_DATABASE_URL") or None)


def _count(stats: Any, agency: str | None, outcome: str) -> None:
    stats.inc_value(f"govreports/store/{outcome}")
    if agency:
        stats.inc_value(f"govreports/agency/{agency}/{outcome}")


def _durable(crawler: Any, fingerprint: str | None) -> None:
    if fingerprint:
        crawler.signals.send_catch_log(item_durable, fingerprint=fingerprint)


def _give_up(crawler: Any, gate: DatabaseGate, items: int) -> None:
    """The database is gone: count the items not stored, and close the crawl (once) with that reason."""
    stats = crawler.stats
    stats.inc_value("govreports/store/not_stored", items)
    if not stats.get_value("govreports/store/database_unavailable"):
        stats.set_value("govreports/store/database_unavailable", gate.gone)
        asyncio.ensure_future(crawler.engine.close_spider_async(reason=DATABASE_UNAVAILABLE))


def _not_stored(crawler: Any, gate: DatabaseGate, url: str | None) -> DropItem:
    _give_up(crawler, gate, 1)
    return DropItem(f"{url}: not stored: {DATABASE_UNAVAILABLE}", log_level="DEBUG")  # the summary counts them


class KnownContentPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.engine = _engine_for(crawler)
        self.gate = DatabaseGate.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Any) -> KnownContentPipeline:
        return cls(crawler)

    def _known(self, url: str, digest: str) -> bool:
        with self.engine.connect() as connection:  # read only: a re-run changes no row
            return connection.execute(select(Source.__table__.c.id)
                                      .where(Source.url == url, Source.content_hash == digest)).first() is not None

    def _known_digest(self, url: str, body: bytes) -> tuple[str, bool]:
        """The body's digest (hashed in the database thread: hashlib lets go of the GIL, the reactor goes on),
        and whether these bytes are stored at this URL already."""
        digest = hashlib.sha256(body).hexdigest()
        return digest, self._known(url, digest)

    async def process_item(self, item: Fetched) -> Fetched:
        try:
            item.content_hash, known = await self.gate.run(lambda: self._known_digest(item.url, item.body or b""))
        except DatabaseGone:
            raise _not_stored(self.crawler, self.gate, item.url) from None
        if known:
            _count(self.crawler.stats, item.agency.name, "unchanged")
            _durable(self.crawler, item.fingerprint)
            raise DropItem(f"{item.url}: content already stored", log_level="DEBUG")
        return item

    def close_spider(self) -> None:
        self.engine.dispose()


@dataclass(frozen=True)
class Pending:
    report: Report
    capture: Capture
    agency: str
    fingerprint: str | None
    inflight: str | None = None  # the shared frontier's in-flight entry of its request (spiders/distributed.py)


class StoreReportPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.batch_size = settings.getint("GOVREPORTS_STORE_BATCH", STORE_BATCH)
        self.interval = settings.getfloat("GOVREPORTS_STORE_INTERVAL", DEFAULT_INTERVAL)
        self.engine = _engine_for(crawler)
        self.gate = DatabaseGate.of(crawler)
        self.store = Store(self.engine)
        self.pending: list[Pending] = []
        self.lock = asyncio.Lock()
        self.run_id: int | None = None
        self.timer: asyncio.Task | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> StoreReportPipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    # -- the crawl run ------------------------------------------------------
    def _open_run(self) -> int:
        upgrade(self.engine)  # the first crawl creates the database
        spider = self.crawler.spider
        arguments = {k: getattr(spider, k, None) for k in ("province", "agency_filter", "year", "since", "max_pages")}
        with self.engine.begin() as connection:
            return connection.execute(RUNS.insert().returning(RUNS.c.id), dict(
                spider=spider.name, arguments=arguments, started_at=utcnow(), status="running", stats={},
            )).scalar_one()

    async def open_spider(self) -> None:
        try:
            self.run_id = await self.gate.run(self._open_run)
        except DatabaseGone:
            _give_up(self.crawler, self.gate, 0)
            return
        self.timer = asyncio.ensure_future(self._flush_every_interval())

    async def _flush_every_interval(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            # Shielded: stopping the timer must not abandon a batch whose commit is under way in the database
            # thread (it would land without its reports marked done); close_spider's flush waits for it.
            await asyncio.shield(self.flush())

    # -- items ----------------------------------------------------------------
    async def process_item(self, item: Fetched) -> StoredReport:
        """Queue the document for its batch; answer with what feed exports write of it."""
        report = item.report
        if report is None:
            raise DropItem(f"{item.url}: not parsed")
        if self.gate.gone is not None:
            raise _not_stored(self.crawler, self.gate, item.url)
        agency = item.reported_by or item.agency  # stored under the agency a shared column names; counted below
        capture = Capture(item.url, item.content_hash or hashlib.sha256(item.body).hexdigest(),
                          item.content_type, item.http_status, warc_file=item.warc_file, warc_offset=item.warc_offset,
                          agency=AgencyRef(agency.name, agency.province, agency.city, agency.county, agency.level))
        self.pending.append(Pending(report, capture, item.agency.name, item.fingerprint, item.inflight))
        if len(self.pending) >= self.batch_size:
            await self.flush()
        return StoredReport.of(item, report)

    async def flush(self) -> None:
        """Store what is pending; on success, mark its report requests done. Never raises."""
        async with self.lock:
            batch, self.pending = self.pending, []
            if not batch:
                return
            try:
                stored = await self.gate.run(lambda: self.store.store_each([(p.report, p.capture) for p in batch]))
            except DatabaseGone:
                _give_up(self.crawler, self.gate, len(batch))
                return
        stats = self.crawler.stats
        for pending, result in zip(batch, stored):
            outcome = result.outcome
            if outcome not in ("refused", "error") and pending.report.status != "parsed":
                outcome = "failed"
            _count(stats, pending.agency, outcome)
            if result.outcome != "error":
                _durable(self.crawler, pending.fingerprint)
            if pending.inflight:  # stored or not, this batch is over (not so when the database is gone)
                self.crawler.signals.send_catch_log(item_settled, inflight=pending.inflight)

    async def close_spider(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.timer
        await self.flush()

    # -- the end ------------------------------------------------------------
    def _close_run(self, status: str, reason: str | None, summary: dict[str, Any]) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(RUNS).where(RUNS.c.id == self.run_id).values(
                finished_at=utcnow(), status=status, reason=reason, stats=summary))

    async def spider_closed(self, spider: Any = None, reason: str | None = None) -> None:
        stats = self.crawler.stats.get_stats()
        verdict = judge(stats, reason)
        summary = {k: (v if isinstance(v, (int, float, str)) else str(v)) for k, v in stats.items()
                   if isinstance(k, str) and (k.startswith("govreports/") or k in (
                       "item_scraped_count", "item_dropped_count", "response_received_count"))}
        summary["finish_reason"] = reason
        for agency in verdict.agencies:
            (log.info if agency.kind == "reports" else log.error)(agency.line())
        if self.run_id is not None:
            try:
                await self.gate.run(lambda: self._close_run(
                    verdict.status, None if verdict.exit_code == 0 else verdict.line, summary))
            except DatabaseGone:
                log.error("crawl run %s left open: %s", self.run_id, DATABASE_UNAVAILABLE)
        self.engine.dispose()
        self.gate.close()  # the crawl's last database call
