"""Store parsed reports in the database, in batches; skip content already stored.

`KnownContentPipeline` drops a capture whose exact bytes are already stored
for its URL (a scheduled re-run then parses and writes nothing).
`StoreReportPipeline` writes the rest (reports and every other outcome),
commits every GOVREPORTS_STORE_BATCH items and at the end, records the crawl
run with its stats, and counts new/updated/unchanged per agency.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from sqlalchemy import select, update

from govreports.store.engine import make_engine, upgrade
from govreports.store.models import CrawlRun, Source, utcnow
from govreports.store.writer import Capture, Store

log = logging.getLogger(__name__)
DEFAULT_BATCH = 50


def _engine_for(crawler: Any):
    return make_engine(crawler.settings.get("GOVREPORTS_DATABASE_URL") or None)


class KnownContentPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.engine = _engine_for(crawler)
        upgrade(self.engine)  # the first crawl creates the database

    @classmethod
    def from_crawler(cls, crawler: Any) -> KnownContentPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        body = adapter.get("body") or b""
        digest = hashlib.sha256(body).hexdigest()
        adapter["content_hash"] = digest
        with self.engine.connect() as connection:  # read only: a re-run changes no row
            known = connection.execute(select(Source.__table__.c.id)
                                       .where(Source.url == adapter["url"], Source.content_hash == digest)).first()
        if known:
            agency = adapter.get("agency")
            self.crawler.stats.inc_value("govreports/store/unchanged")
            self.crawler.stats.inc_value(f"govreports/agency/{agency}/unchanged")
            raise DropItem(f"{adapter['url']}: content already stored")
        return item

    def close_spider(self) -> None:
        self.engine.dispose()


class StoreReportPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.batch_size = crawler.settings.getint("GOVREPORTS_STORE_BATCH", DEFAULT_BATCH)
        self.engine = _engine_for(crawler)
        upgrade(self.engine)
        self.store = Store(self.engine)
        self.pending: list[tuple[Any, Capture, str]] = []
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> StoreReportPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        arguments = {k: getattr(spider, k, None) for k in ("province", "agency_filter", "year", "since", "max_pages")}
        with self.engine.begin() as connection:
            self.run_id = connection.execute(CrawlRun.__table__.insert().returning(CrawlRun.__table__.c.id), dict(
                spider=spider.name, arguments=arguments, started_at=utcnow(), status="running", stats={},
            )).scalar_one()

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        report = adapter.get("parsed")
        if report is None:
            raise DropItem(f"{adapter.get('url')}: not parsed")
        capture = Capture(adapter["url"], adapter.get("content_hash") or hashlib.sha256(adapter["body"]).hexdigest(),
                          adapter.get("content_type"), adapter.get("http_status"),
                          warc_file=adapter.get("warc_file"), warc_offset=adapter.get("warc_offset"))
        self.pending.append((report, capture, adapter.get("agency") or report.agency or "?"))
        if len(self.pending) >= self.batch_size:
            self.flush()
        if report.status != "parsed":
            raise DropItem(f"{adapter['url']}: stored as {report.status}: {report.reason}")
        return item

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        stored = self.store.store_many([(report, capture) for report, capture, _ in batch])
        stats = self.crawler.stats
        for (report, _, agency), result in zip(batch, stored):
            outcome = result.outcome if report.status == "parsed" else "failed"
            stats.inc_value(f"govreports/store/{outcome}")
            stats.inc_value(f"govreports/agency/{agency}/{outcome}")

    def close_spider(self) -> None:
        self.flush()
        empty = getattr(self.crawler.spider, "agencies_without_reports", lambda: [])()
        for name in empty:
            log.error("no report found for %s: its column may have changed layout, or the site is down", name)
        self.crawler.stats.set_value("govreports/agencies/without_reports", len(empty))
        stats = self.crawler.stats.get_stats()
        summary = {k: v for k, v in stats.items() if isinstance(k, str) and k.startswith("govreports/")}
        summary.update({k: stats[k] for k in ("item_scraped_count", "item_dropped_count", "response_received_count",
                                              "finish_reason") if k in stats})
        with self.engine.begin() as connection:
            connection.execute(update(CrawlRun.__table__).where(CrawlRun.__table__.c.id == self.run_id).values(
                finished_at=utcnow(), status=str(stats.get("finish_reason", "finished")),
                stats={k: (v if isinstance(v, (int, float, str)) else str(v)) for k, v in summary.items()}))
        self._log_summary(summary)
        self.engine.dispose()

    def _log_summary(self, summary: dict[str, Any]) -> None:
        per_agency: dict[str, dict[str, Any]] = {}
        for key, value in summary.items():
            if key.startswith("govreports/agency/"):
                agency, _, what = key[len("govreports/agency/"):].partition("/")
                per_agency.setdefault(agency, {})[what] = value
        for agency, counts in sorted(per_agency.items()):
            log.info("%s: %s listed, %s new, %s updated, %s unchanged, %s failed", agency,
                     counts.get("reports/listed", 0), counts.get("new", 0), counts.get("updated", 0),
                     counts.get("unchanged", 0), counts.get("failed", 0))

