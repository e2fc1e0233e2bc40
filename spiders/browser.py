"""Cookies a browser earned, reused by plain requests to the same host.

A JavaScript challenge (HTTP 412 and a script that sets a cookie and
reloads) is passed once in Chromium; the cookie it set is then sent with
every plain request to that host, so attachments and further pages come
as bytes over plain HTTP instead of through the browser.

Workers of a shared frontier (GOVREPORTS_REDIS_URL, spiders/distributed.py)
share these cookies through Redis (`cookies:<host>`, an hour): a worker
answered by a challenge for a host whose cookies another worker earned
asks again with them, over plain HTTP (the browser does not fetch documents
as bytes). Redis away, both wait for it as the frontier does
(GOVREPORTS_REDIS_WAIT): a worker that asked the browser instead would time
out on a document another worker could have had it fetch as bytes.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from govreports.fetch.detect import is_challenge

log = logging.getLogger(__name__)
SHARED_SECONDS = 3600  # how long the cookies a worker earned stay in Redis for the others


class BrowserCookiesMiddleware:
    def __init__(self, shared: Any = None, crawl: str | None = None, wait: Any = None) -> None:
        self.cookies: dict[str, dict[str, str]] = {}  # host -> name -> value
        self.shared = shared  # Redis, with a shared frontier
        self.crawl = crawl
        self.wait = wait  # with `shared`: the crawl's RedisWait, through which every call to it goes

    @classmethod
    def from_crawler(cls, crawler: Any) -> BrowserCookiesMiddleware:
        if not crawler.settings.get("GOVREPORTS_REDIS_URL"):
            return cls()
        from govreports.spiders.distributed import RedisWait, connect, crawl_name

        return cls(connect(crawler), crawl_name(crawler), RedisWait.of(crawler))

    def shared_key(self, host: str) -> str:
        from govreports.spiders.distributed import frontier_key

        return frontier_key(self.crawl or "", f"cookies:{host}")

    def process_request(self, request: Any, spider: Any = None) -> None:
        host = urlsplit(request.url).hostname
        if host in self.cookies and not request.meta.get("playwright"):
            own = request.cookies if isinstance(request.cookies, dict) else {}
            request.cookies = {**self.cookies[host], **own}

    async def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        page = request.meta.get("playwright_page")  # the response is not tied to its request yet
        if page is None:
            if self.shared is not None and not request.meta.get("playwright") and \
                    is_challenge(response.status, response.body):
                return await self.with_shared_cookies(request) or response
            return response
        try:
            earned: dict[str, dict[str, str]] = {}
            for cookie in await page.context.cookies():
                host = cookie.get("domain", "").lstrip(".")
                self.cookies.setdefault(host, {})[cookie["name"]] = cookie["value"]
                earned.setdefault(host, {})[cookie["name"]] = cookie["value"]
            if self.shared is not None:
                await self.share(earned)
            log.debug("browser cookies for %s: %s", urlsplit(request.url).hostname,
                      sorted(self.cookies.get(urlsplit(request.url).hostname or "", {})))
        finally:
            await page.close()
        return response

    async def share(self, earned: dict[str, dict[str, str]]) -> None:
        def write() -> None:
            for host, cookies in earned.items():
                key = self.shared_key(host)
                self.shared.hset(key, mapping=cookies)
                self.shared.expire(key, SHARED_SECONDS)

        try:
            await self.wait.run(write)
        except Exception as error:  # noqa: BLE001 - Redis gone for good: the crawl is closing
            log.warning("browser cookies not shared with the other workers: %s", error)

    async def with_shared_cookies(self, request: Any) -> Any:
        """The request again with the cookies another worker earned for its host, if it did not carry them."""
        host = urlsplit(request.url).hostname or ""
        try:
            found = {k.decode(): v.decode()
                     for k, v in (await self.wait.run(lambda: self.shared.hgetall(self.shared_key(host)))).items()}
        except Exception as error:  # noqa: BLE001 - Redis gone for good: the crawl is closing
            log.warning("%s: the other workers' browser cookies unknown: %s", request.url, error)
            return None
        sent = request.cookies if isinstance(request.cookies, dict) else {}
        if not found or all(sent.get(name) == value for name, value in found.items()):
            return None  # none, or rejected: the spider asks the browser
        self.cookies.setdefault(host, {}).update(found)
        log.debug("%s: challenge; asking again with the cookies another worker earned for %s", request.url, host)
        return request.replace(cookies={**sent, **found}, dont_filter=True)


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
