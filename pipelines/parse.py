"""Parse a fetched document (govreports.spiders.items.Fetched) into a report, counting outcomes in stats.

The pipeline sets the item's `report`; the agency the document names is
checked against the registry agency it was crawled for. Every outcome goes
on to be stored (a page that is not a report is a stored outcome too) and
is counted under `govreports/parse/…`.

A page whose text announces a table it does not print, and shows pictures
among its body's lines (the parser lists them in `Report.wanted_images`),
has those pictures fetched through the crawl's own downloader (so they are
archived, kept on the agency's site and polite like every request) and is
parsed again with them, off the reactor thread: OCR takes seconds and the
downloads go on meanwhile. One page is read by OCR at a time, which bounds
the engine's memory. A picture that cannot be fetched is named in the
report's reason; the tables it would have given stay flagged as missing.

Parsing is CPU work: in a crawl it runs in a pool of GOVREPORTS_PARSE_WORKERS
processes (default: the cores this process may use), so that downloads
never wait behind a parse and a crawl uses every core; 0 parses on the
reactor thread (pages read by OCR then go to a worker thread). A pool
process that dies on a document (out of memory, a crash in a native
library) takes down the pool with every document in flight: those are
parsed again one at a time, each alone on a pool of one, so that only the
document that kills a worker when alone gets a `failed` report saying so
(`govreports/parse/parsed_alone`, `…/worker_died`); the pool is started
again for the next ones; the pool's processes end with the crawl's
process, even one killed outright (the pool: govreports/workers.py). Parses
end in any order, but one agency's documents leave this pipeline in the
order they came (`Turns`): two
differing captures of one report are then stored, and numbered as
versions, in the order they were fetched and archived, as `govreports
reparse` numbers them. A page read by OCR leaves its turn when its
pictures are fetched (it takes seconds; reparse stores such pages last).

Settings: GOVREPORTS_PICTURES (on by default; False parses pages from their
text alone), GOVREPORTS_MAX_PICTURES (pictures fetched for one page, 10),
GOVREPORTS_PARSE_WORKERS. The CPU seconds parsing took, in whichever
process, add up in the stat `govreports/parse/cpu_seconds`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from govreports.spiders.archive import CALLBACK_META
from govreports.spiders.collector import gc_threshold
from govreports.spiders.items import Fetched
from scrapy import Request, signals
from scrapy.exceptions import DropItem

from govreports.archive import MAX_PICTURES, PICTURE_CALLBACK
from govreports.model import Report
from govreports.report import ReportParser
from govreports.workers import (
    DEFAULT_TIME_LIMIT,
    WORKER_DIED,
    parse_in_worker,
    parse_workers,
    start_pool,
    timed_parse,
    worker_failure,
    worker_parser,
)

log = logging.getLogger(__name__)
STATS_PREFIX = "govreports/parse"
class Turns:
    """Keys' items leave in the order they came: each waits for the one before it of its key to leave."""

    def __init__(self) -> None:
        self.last: dict[str, asyncio.Future[None]] = {}

    def take(self, key: str) -> tuple[asyncio.Future[None] | None, asyncio.Future[None]]:
        """The turn before this one (None: no item of this key is waiting) and this one."""
        previous = self.last.get(key)
        mine = asyncio.get_running_loop().create_future()
        self.last[key] = mine
        return previous, mine

    def leave(self, key: str, mine: asyncio.Future[None]) -> None:
        if not mine.done():
            mine.set_result(None)
        if self.last.get(key) is mine:
            del self.last[key]  # nobody came after it: no key is kept once its items have left


class ParseReportPipeline:
    def __init__(self, stats: Any = None, crawler: Any = None, pictures: bool = True,
                 max_pictures: int = MAX_PICTURES, workers: int = 0, collect_every: int = 0,
                 time_limit: float = 0.0) -> None:
        self.stats = stats
        self.crawler = crawler
        self.pictures = pictures and crawler is not None
        self.max_pictures = max_pictures
        self.workers = max(0, workers)
        self.collect_every = collect_every  # GOVREPORTS_GC_THRESHOLD, for the pool's workers
        self.time_limit = time_limit  # GOVREPORTS_PARSE_TIME_LIMIT: seconds a worker may take on a document
        self.pool: ProcessPoolExecutor | None = None
        self.alone: ProcessPoolExecutor | None = None  # a pool of one for the documents a worker's death interrupted
        self.alone_turn = asyncio.Lock()
        self.ocr_turn = asyncio.Lock()
        self.turns = Turns()

    @classmethod
    def from_crawler(cls, crawler: Any) -> ParseReportPipeline:
        settings = crawler.settings
        pipeline = cls(crawler.stats, crawler, settings.getbool("GOVREPORTS_PICTURES", True),
                       settings.getint("GOVREPORTS_MAX_PICTURES", MAX_PICTURES),
                       parse_workers(settings.get("GOVREPORTS_PARSE_WORKERS")), gc_threshold(settings),
                       settings.getfloat("GOVREPORTS_PARSE_TIME_LIMIT", DEFAULT_TIME_LIMIT))
        crawler.signals.connect(pipeline.close, signal=signals.spider_closed)
        return pipeline

    def close(self, spider: Any = None) -> None:
        for pool in (self.pool, self.alone):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self.alone = None

    async def parse(self, item: Fetched, images: Mapping[str, bytes] | None = None) -> Report:
        """The item's report: in the pool when there is one, else here (OCR in a thread: it takes seconds)."""
        report, seconds = await self._parse(item, images)
        if self.stats is not None:
            self.stats.inc_value(f"{STATS_PREFIX}/cpu_seconds", seconds)
        return report

    async def _parse(self, item: Fetched, images: Mapping[str, bytes] | None) -> tuple[Report, float]:
        args = (item.body, item.url, item.content_type, (item.reported_by or item.agency).name, images)
        if not self.workers:
            if images:
                return await asyncio.to_thread(timed_parse, ReportParser(), *args)
            return timed_parse(worker_parser(), *args)
        pool = self._pool()
        try:
            future = pool.submit(parse_in_worker, *args)
        except BrokenProcessPool:  # a worker died since the last document was sent: not on this one
            self._drop(pool)
            pool = self._pool()
            future = pool.submit(parse_in_worker, *args)
        try:
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            self._drop(pool)  # the next documents get a new pool
        return await self._alone(args, item.url)

    async def _alone(self, args: tuple[Any, ...], url: str) -> tuple[Report, float]:
        """A document that was in flight when a worker died, parsed again by itself on a pool of one, one such
        document at a time: only the document that kills a worker when alone is lost."""
        self._count("parsed_alone")
        async with self.alone_turn:
            if self.alone is None:
                self.alone = start_pool(1, self.collect_every, self.time_limit)
            try:
                return await asyncio.wrap_future(self.alone.submit(parse_in_worker, *args))
            except BrokenProcessPool:
                self.alone.shutdown(wait=False, cancel_futures=True)
                self.alone = None
        self._count("worker_died")
        return worker_failure(url, WORKER_DIED), 0.0

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            self.pool = start_pool(self.workers, self.collect_every, self.time_limit)
            log.info("parsing in %d worker processes", self.workers)
        return self.pool

    def _drop(self, pool: ProcessPoolExecutor) -> None:
        """A pool a worker's death broke is shut down once, by whichever document met it first."""
        if self.pool is pool:
            self.pool = None
            pool.shutdown(wait=False, cancel_futures=True)

    def _count(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"{STATS_PREFIX}/{key}", count)

    async def process_item(self, item: Fetched) -> Fetched:
        if not isinstance(item, Fetched) or not isinstance(item.body, bytes):
            self._count("dropped/no_body")
            raise DropItem(f"item from {getattr(item, 'url', None)} has no body bytes")
        key = (item.reported_by or item.agency).name  # the agency its report is stored under
        previous, mine = self.turns.take(key)
        try:
            report = await self.parse(item)
            if report.wanted_images and self.pictures:
                self.turns.leave(key, mine)
                report = await self.with_pictures(item, report)
            if previous is not None and not mine.done():
                await previous
        finally:
            self.turns.leave(key, mine)
        self._count(f"status/{report.status}")
        if report.status != "parsed":
            log.warning("%s: %s: %s", item.url, report.status, report.reason)
        if any(not c.ok for c in report.checks):
            self._count("reports_with_failed_checks")
        item.report = report
        return item

    async def with_pictures(self, item: Fetched, report: Report) -> Report:
        """The page parsed again with the pictures it wants, fetched; as it was when none could be."""
        wanted = report.wanted_images[:self.max_pictures]
        pictures: dict[str, bytes] = {}
        notes = []
        for url in wanted:
            body, why = await self.fetch_picture(url, item)
            if body is None:
                notes.append(f"picture {url} not fetched: {why}")
                log.warning("%s: picture %s not fetched: %s", item.url, url, why)
            else:
                pictures[url] = body
        if len(report.wanted_images) > len(wanted):
            notes.append(f"{len(report.wanted_images) - len(wanted)} pictures not fetched: above "
                         f"GOVREPORTS_MAX_PICTURES ({self.max_pictures}) for one page")
        self._count("pictures/fetched", len(pictures))
        if pictures:
            async with self.ocr_turn:
                report = await self.parse(item, pictures)
            self._count("pictures/read_by_ocr" if report.ocr else "pictures/no_table")
        if notes:
            report.reason = "; ".join(filter(None, [report.reason, *notes]))
        return report

    async def fetch_picture(self, url: str, item: Fetched) -> tuple[bytes | None, str | None]:
        """A picture's bytes through the crawl's downloader (scope, robots, archive, cache), or why not."""
        request = Request(url, cb_kwargs={"agency": item.agency}, meta={CALLBACK_META: PICTURE_CALLBACK},
                          headers={"Referer": item.url}, dont_filter=True)
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as error:  # noqa: BLE001 - refused, unreachable, too large: the page goes on without it
            self._count("pictures/failed")
            return None, f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        if response.status != 200 or not response.body:
            self._count("pictures/failed")
            return None, f"HTTP {response.status}" if response.status != 200 else "empty body"
        return response.body, None
