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

Settings: GOVREPORTS_PICTURES (on by default; False parses pages from their
text alone), GOVREPORTS_MAX_PICTURES (pictures fetched for one page, 10).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from govreports.spiders.archive import CALLBACK_META
from govreports.spiders.items import Fetched
from scrapy import Request
from scrapy.exceptions import DropItem

from govreports.archive import MAX_PICTURES, PICTURE_CALLBACK
from govreports.model import Report
from govreports.report import ReportParser

log = logging.getLogger(__name__)
STATS_PREFIX = "govreports/parse"


class ParseReportPipeline:
    def __init__(self, stats: Any = None, crawler: Any = None, pictures: bool = True,
                 max_pictures: int = MAX_PICTURES) -> None:
        self.stats = stats
        self.crawler = crawler
        self.parser = ReportParser()
        self.pictures = pictures and crawler is not None
        self.max_pictures = max_pictures
        self.ocr_turn = asyncio.Lock()

    @classmethod
    def from_crawler(cls, crawler: Any) -> ParseReportPipeline:
        settings = crawler.settings
        return cls(crawler.stats, crawler, settings.getbool("GOVREPORTS_PICTURES", True),
                   settings.getint("GOVREPORTS_MAX_PICTURES", MAX_PICTURES))

    def _count(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"{STATS_PREFIX}/{key}", count)

    async def process_item(self, item: Fetched) -> Fetched:
        if not isinstance(item, Fetched) or not isinstance(item.body, bytes):
            self._count("dropped/no_body")
            raise DropItem(f"item from {getattr(item, 'url', None)} has no body bytes")
        report = self.parser.parse_bytes(item.body, item.url, item.content_type, item.agency.name)
        if report.wanted_images and self.pictures:
            report = await self.with_pictures(item, report)
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
                report = await asyncio.to_thread(ReportParser().parse_bytes, item.body, item.url,
                                                 item.content_type, item.agency.name, pictures)
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
