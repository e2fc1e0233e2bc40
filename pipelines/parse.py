"""Parse a fetched document (govreports.spiders.items.Fetched) into a report, counting outcomes in stats.

The pipeline sets the item's `report`; the agency the document names is
checked against the registry agency it was crawled for. Every outcome goes
on to be stored (a page that is not a report is a stored outcome too) and
is counted under `govreports/parse/…`.
"""

from __future__ import annotations

import logging
from typing import Any

from govreports.spiders.items import Fetched
from scrapy.exceptions import DropItem

from govreports.report import ReportParser

log = logging.getLogger(__name__)
STATS_PREFIX = "govreports/parse"


class ParseReportPipeline:
    def __init__(self, stats: Any = None) -> None:
        self.stats = stats
        self.parser = ReportParser()

    @classmethod
    def from_crawler(cls, crawler: Any) -> ParseReportPipeline:
        return cls(crawler.stats)

    def _count(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"{STATS_PREFIX}/{key}")

    def process_item(self, item: Fetched) -> Fetched:
        if not isinstance(item, Fetched) or not isinstance(item.body, bytes):
            self._count("dropped/no_body")
            raise DropItem(f"item from {getattr(item, 'url', None)} has no body bytes")
        report = self.parser.parse_bytes(item.body, item.url, item.content_type, item.agency.name)
        self._count(f"status/{report.status}")
        if report.status != "parsed":
            log.warning("%s: %s: %s", item.url, report.status, report.reason)
        if any(not c.ok for c in report.checks):
            self._count("reports_with_failed_checks")
        item.report = report
        return item
