"""Expected network failures in one log line, never a traceback (an extension).

A site that does not answer is a fact the crawl reports (spiders/failures.py,
the end-of-crawl summary), not a bug: Scrapy's robots.txt middleware and
scrapy-playwright log such failures with a traceback of a page or more. This
filter, on their loggers, drops the traceback of a failure that
spiders.failures.classify recognises and keeps one line; the robots.txt
line, and Scrapy's warnings about data loss, sizes beyond DOWNLOAD_MAXSIZE and
decompression bombs, become DEBUG: the request's own errback reports the
same failure, in one line.
"""

from __future__ import annotations

import logging
from typing import Any

from govreports.spiders.failures import classify

ROBOTS_LOGGER = "scrapy.downloadermiddlewares.robotstxt"
# Warnings whose failure the request's errback states again, for that request: (logger, start of message).
RESTATED = (("scrapy.core.downloader.handlers.http11", "Got data loss"),
            ("scrapy.core.downloader.handlers.http11", "Expected to receive"),
            ("scrapy.core.downloader.handlers.http11", "Received"),
            ("scrapy.downloadermiddlewares.httpcompression", "Ignored response"))
QUIETED = (ROBOTS_LOGGER, "scrapy-playwright", "scrapy.core.scraper", *{name for name, _ in RESTATED})


def demote(record: logging.LogRecord) -> None:
    record.levelno, record.levelname = logging.DEBUG, "DEBUG"


class OneLineFailures(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING and any(
                record.name == name and str(record.msg).startswith(start) for name, start in RESTATED):
            if "warn size" not in str(record.msg):
                demote(record)
            return True
        error = record.exc_info[1] if record.exc_info else None
        if error is None:
            return True
        failed = classify(error)
        if failed.kind == "error":
            return True  # unexpected: keep the traceback
        if record.name == ROBOTS_LOGGER and isinstance(record.args, dict) and "request" in record.args:
            record.msg, record.args = "robots.txt not fetched for %(request)s: %(reason)s", {
                "request": record.args["request"], "reason": failed.detail}
            demote(record)
        else:
            record.msg, record.args = "%s (%s)", (record.getMessage().splitlines()[0][:300], failed.detail)
        record.exc_info, record.exc_text = None, None
        return True


class QuietFailures:
    """Installs OneLineFailures on the loggers that print tracebacks for expected failures."""

    def __init__(self) -> None:
        self.filter = OneLineFailures()
        for name in QUIETED:
            logging.getLogger(name).addFilter(self.filter)

    @classmethod
    def from_crawler(cls, crawler: Any) -> QuietFailures:
        return cls()
