"""Cookies a browser earned, reused by plain requests to the same host.

A JavaScript challenge (HTTP 412 and a script that sets a cookie and
reloads) is passed once in Chromium; the cookie it set is then sent with
every plain request to that host, so attachments and further pages come
as bytes over plain HTTP instead of through the browser.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)


class BrowserCookiesMiddleware:
    def __init__(self) -> None:
        self.cookies: dict[str, dict[str, str]] = {}  # host -> name -> value

    def process_request(self, request: Any, spider: Any = None) -> None:
        host = urlsplit(request.url).hostname
        if host in self.cookies and not request.meta.get("playwright"):
            own = request.cookies if isinstance(request.cookies, dict) else {}
            request.cookies = {**self.cookies[host], **own}

    async def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        page = request.meta.get("playwright_page")  # the response is not tied to its request yet
        if page is None:
            return response
        try:
            for cookie in await page.context.cookies():
                host = cookie.get("domain", "").lstrip(".")
                self.cookies.setdefault(host, {})[cookie["name"]] = cookie["value"]
            log.debug("browser cookies for %s: %s", urlsplit(request.url).hostname,
                      sorted(self.cookies.get(urlsplit(request.url).hostname or "", {})))
        finally:
            await page.close()
        return response


class PageGuard:
    """Blocks a browser page's requests to other sites (scripts, frames, images, fetches), counting them.

    Given as a request's `playwright_page_init_callback`: it installs a route
    on the page before navigation. Routes run last-registered first, so it sees
    every request before scrapy-playwright's own handler, to which it hands
    the requests on the agency's site.
    """

    def __init__(self, scope: Any, crawler: Any) -> None:
        self.scope = scope
        self.crawler = crawler  # its stats exist once the crawl starts

    async def __call__(self, page: Any, request: Any) -> None:
        agency = getattr((request.cb_kwargs or {}).get("agency"), "name", None)

        async def route(route: Any, browser_request: Any) -> None:
            if self.scope.allows(browser_request.url, agency):
                await route.fallback()
                return
            self.crawler.stats.inc_value("govreports/browser/blocked")
            log.debug("browser request off the site of %s blocked: %s", agency, browser_request.url)
            await route.abort()

        await page.route("**/*", route)
