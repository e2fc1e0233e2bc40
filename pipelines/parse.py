"""Parse a fetched document item into a report, counting outcomes in stats.

The item carries what was fetched (`url`, `body` bytes, `content_type`);
the pipeline adds `parsed` (the Report) and `report` (the spec's JSON).
Every outcome goes on to be stored — a page that is not a report is a
stored outcome too — and is counted under `govreports/parse/…`.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from govreports.model import to_json
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

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        body = adapter.get("body")
        if not isinstance(body, bytes):
            self._count("dropped/no_body")
            raise DropItem(f"item from {adapter.get('url')} has no body bytes")
        report = self.parser.parse_bytes(body, adapter.get("url"), adapter.get("content_type"))
        self._count(f"status/{report.status}")
        if report.status != "parsed":
            log.warning("%s: %s: %s", adapter.get("url"), report.status, report.reason)
        if any(not c.ok for c in report.checks):
            self._count("reports_with_failed_checks")
        adapter["parsed"] = report
        adapter["report"] = to_json(report)
        return item
