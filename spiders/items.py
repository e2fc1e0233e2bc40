"""The typed items of the crawl: what the spider fetched, and what the pipelines hand to feed exports.

`Fetched` goes through the pipelines (known content → parse → store); the
store pipeline answers each stored document with a `StoredReport`, which
is what `scrapy crawl agency -O reports.jsonl` writes: the spec's JSON of
the document, its URL and the registry agency it was crawled for; never
the body (the archive keeps it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from govreports.fetch.registry import Agency
from govreports.model import Report, to_json

# Request meta: the request's entry in a shared frontier's in-flight hash (spiders/distributed.py), set when
# it leaves the queue; the item of its response carries it, so that the entry is kept until the item is stored.
META_INFLIGHT = "govreports_inflight"


@dataclass
class Fetched:
    """A document fetched for a registry agency."""

    url: str
    body: bytes = field(repr=False)
    agency: Agency
    # The agency a shared 年报 column (a portal's, for its departments and counties) attributes the document
    # to, when another than the crawled one: where it is stored. None: the registry agency.
    reported_by: Agency | None = None
    content_type: str | None = None
    http_status: int | None = None
    listed_title: str | None = None
    listed_date: str | None = None
    fingerprint: str | None = None  # the report request to mark done once stored (spiders/jobdir.py)
    inflight: str | None = None  # the in-flight entry of the request it answers (META_INFLIGHT), in a shared frontier
    browser: bool = False
    cached: bool = False
    warc_file: str | None = None  # where spiders/archive.py archived the response
    warc_offset: int | None = None
    content_hash: str | None = None  # set by the known-content pipeline
    report: Report | None = None  # set by the parse pipeline


@dataclass
class StoredReport:
    """A stored document as feeds export it: the spec's keys, its URL and the agency crawled."""

    url: str
    crawled_agency: str
    title: str | None
    agency: str | None
    region: dict[str, Any]
    year: int | None
    publish_date: str | None
    metadata: dict[str, Any]
    template: str | None
    tables: dict[str, Any]
    checks: list[dict[str, Any]]
    text: str
    status: str
    reason: str | None
    ocr: bool = False  # only OCR'd reports have these two keys in their JSON
    confidence: dict[str, Any] | None = None

    @classmethod
    def of(cls, item: Fetched, report: Report) -> StoredReport:
        return cls(url=item.url, crawled_agency=item.agency.name, **to_json(report))
