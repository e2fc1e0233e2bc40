"""Keep every request, redirect and browser page on its agency's site (govreports.fetch.scope).

A downloader middleware in the place of Scrapy's OffsiteMiddleware (50),
which compares host names only: here scheme, host and port of every request
— the spider's, each redirect's, robots.txt's — must be one of the origins
of the registry agency it is made for (an origin of any registered agency
when it names none). A browser page that a redirect took elsewhere is
refused as a response. Refusals are counted (`govreports/scope/refused`)
and logged at debug level: following a link off the site is not an error.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest

from govreports.fetch.scope import Scope

log = logging.getLogger(__name__)


class OutOfScope(IgnoreRequest):
    """A URL off the agency's site (another host, port or scheme)."""


def agency_name(request: Any) -> str | None:
    agency = (request.cb_kwargs or {}).get("agency")
    return getattr(agency, "name", None)


class ScopeMiddleware:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.scope: Scope | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ScopeMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Any = None) -> None:
        self.scope = Scope.of(getattr(self.crawler.spider, "agencies", ()))

    def _check(self, url: str, request: Any, what: str) -> None:
        if self.scope is None:
            self.spider_opened()
        agency = agency_name(request)
        if self.scope.allows(url, agency):
            return
        self.crawler.stats.inc_value("govreports/scope/refused")
        log.debug("%s off the site of %s, not fetched: %s", what, agency or "any registered agency", url)
        raise OutOfScope(f"{url} is not on the site of {agency or 'a registered agency'}")

    def process_request(self, request: Any, spider: Any = None) -> None:
        self._check(request.url, request, "request")

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        if response.url != request.url:  # the browser followed a redirect on its own
            self._check(response.url, request, "browser page")
        return response
