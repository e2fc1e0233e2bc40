"""Archive every response as fetched, in WARC files (govreports.archive.writer).

A downloader middleware placed next to the download handlers (priority
950, above every built-in one), so that its process_response sees each
response first, exactly as the handler produced it:

- every exchange, not only the last of a chain: redirects, retried 5xx,
  the 412 of an anti-bot challenge, robots.txt (the robots middleware
  downloads it through the same chain), each its own record;
- the body as the server sent it, before HttpCompressionMiddleware (590)
  undoes its Content-Encoding (the header stays, so replay tools and
  `govreports reparse` decode it);
- the request headers as sent: every process_request (cookies, user agent,
  Accept-Encoding, default headers) ran before this one's position;
- pages the browser rendered (scrapy-playwright is a download handler, so
  below every middleware): the rendered HTML, marked GovReports-Rendered.

It puts `warc_file` and `warc_offset` into the request's meta (which is the
response's meta in the callback); a later response of the same chain
(after a redirect or a retry, whose requests copy the meta) overwrites
them, so the spider's items carry the record of the response they came
from. Responses served from Scrapy's HTTP cache are not archived again.

Settings: GOVREPORTS_ARCHIVE (on by default; False turns the middleware
off), GOVREPORTS_ARCHIVE_DIR, GOVREPORTS_ARCHIVE_MAX_SIZE (bytes per file).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from govreports.archive import (
    DEFAULT_MAX_SIZE,
    FIELD_AGENCY,
    FIELD_CALLBACK,
    archive_dir,
)
from govreports.archive.writer import ArchiveWriter, Exchange

log = logging.getLogger(__name__)
META_KEYS = ("warc_file", "warc_offset")
CALLBACK_META = "govreports_callback"  # what a request without a callback was made for (pipelines/parse.py)


def _headers(headers: Any) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1"))
            for name, values in headers.items() for value in values if value is not None]


class WarcArchiveMiddleware:
    def __init__(self, crawler: Any, writer: ArchiveWriter) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.writer = writer
        self.seconds = 0.0

    @classmethod
    def from_crawler(cls, crawler: Any) -> WarcArchiveMiddleware:
        settings = crawler.settings
        if not settings.getbool("GOVREPORTS_ARCHIVE", True):
            raise NotConfigured("GOVREPORTS_ARCHIVE is off")
        directory = archive_dir(settings.get("GOVREPORTS_ARCHIVE_DIR") or None)
        writer = ArchiveWriter(directory, max_size=settings.getint("GOVREPORTS_ARCHIVE_MAX_SIZE", DEFAULT_MAX_SIZE),
                               info={"isPartOf": f"{settings.get('BOT_NAME', 'govreports')} crawl",
                                     "http-header-user-agent": settings.get("USER_AGENT") or "",
                                     "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore"})
        log.info("archiving every response as WARC in %s", directory)
        middleware = cls(crawler, writer)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        meta = request.meta
        if "cached" in response.flags:
            for key in META_KEYS:
                meta.pop(key, None)
            return response
        started = time.perf_counter()
        try:
            location = self.writer.write(self._exchange(request, response))
        except Exception:  # noqa: BLE001 - the crawl goes on; the failure is logged and counted
            log.exception("%s: could not archive the response", response.url)
            self.stats.inc_value("govreports/archive/errors")
            for key in META_KEYS:
                meta.pop(key, None)
            return response
        meta["warc_file"], meta["warc_offset"] = location.file, location.offset
        self.seconds += time.perf_counter() - started
        self.stats.inc_value("govreports/archive/records")
        if location.revisit:
            self.stats.inc_value("govreports/archive/revisits")
        return response

    def _exchange(self, request: Any, response: Any) -> Exchange:
        extra = {}
        callback = getattr(request.callback, "__name__", None) if callable(request.callback) else None
        callback = callback or request.meta.get(CALLBACK_META)
        if callback:
            extra[FIELD_CALLBACK] = callback
        agency = (request.cb_kwargs or {}).get("agency")
        if getattr(agency, "name", None):
            extra[FIELD_AGENCY] = agency.name
        ip = getattr(response, "ip_address", None)
        return Exchange(
            url=response.url, status=response.status, headers=_headers(response.headers), body=response.body,
            method=request.method, request_headers=_headers(request.headers), request_body=request.body or b"",
            protocol=getattr(response, "protocol", None), ip_address=str(ip) if ip else None,
            rendered=bool(request.meta.get("playwright")), extra=extra)

    def spider_closed(self, spider: Any = None) -> None:
        self.writer.close()
        self.stats.set_value("govreports/archive/files", len(self.writer.files))
        self.stats.set_value("govreports/archive/bytes", self.writer.bytes_written)
        self.stats.set_value("govreports/archive/seconds", round(self.seconds, 3))
