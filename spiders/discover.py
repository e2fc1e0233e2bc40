"""The `discover` spider: the agencies a government portal's site directories list.

    scrapy crawl discover -a start=URL [-a start=URL2 …] -O found.jsonl

From each portal page it reads the agencies listed (govreports.fetch.directory:
links in lists and tables, `<select>` options, footers) and follows the
portal's own links towards its directories (政府网站导航, 市州政府, 区县政府,
省直部门…), two levels deep, on the portal's site only; the listed sites
themselves are not fetched. It yields one item per agency found (and one
for the portal itself, with its 年报 column when a page links one).
`govreports discover` runs it and turns the items into registry rows
(govreports.discovery): this spider knows nothing of regions or CSV.
Politeness is the crawl's: the project's settings (robots.txt, AutoThrottle,
2 requests per domain); no pipeline runs.
"""

from __future__ import annotations

from typing import Any

import scrapy
from scrapy.exceptions import UsageError
from scrapy.http import Response, TextResponse

from govreports.fetch.directory import read_directory, site_of
from govreports.fetch.scope import origin, site_origins

MAX_DEPTH = 2
MAX_DIRECTORY_LINKS = 8  # directory pages followed from one page, strongest first


class Portal:
    """What the scope middleware needs of an agency: a name and the origins it may fetch from."""

    def __init__(self, url: str) -> None:
        self.name = site_of(url)
        self.origins = site_origins((url,))


class DiscoverSpider(scrapy.Spider):
    name = "discover"
    custom_settings = {"ITEM_PIPELINES": {}, "GOVREPORTS_ARCHIVE": False}

    def __init__(self, start: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        starts = [u.strip() for u in (start or "").replace(";", " ").split() if u.strip()]
        bad = [u for u in starts if origin(u) is None]
        if not starts or bad:
            raise UsageError(f"discover: give -a start=URL (http or https){'; not a URL: ' + ', '.join(bad) if bad else ''}")
        self.starts = starts
        self.agencies = [Portal(u) for u in starts]  # spiders/scope.py keeps each request on its portal's site
        self.owners: dict[str, str] = {}
        self.columns: dict[str, str] = {}

    async def start(self):
        for url in self.starts:
            yield scrapy.Request(url, callback=self.parse_portal, errback=self.on_failure,
                                 cb_kwargs={"agency": _portal_of(self.agencies, url), "depth": 0})

    def on_failure(self, failure: Any) -> None:
        self.crawler.stats.inc_value("govreports/discover/failed")
        self.logger.warning("discover: could not fetch %s: %s", failure.request.url, failure.value)

    def parse_portal(self, response: Response, agency: Portal, depth: int):
        if not isinstance(response, TextResponse):
            return
        found = read_directory(response.text, response.url)
        site = agency.name
        if found.owner and site not in self.owners:
            self.owners[site] = found.owner
            yield {"kind": "portal", "site": site, "name": found.owner, "url": site + "/", "found_on": response.url,
                   "how": "owner", "section": None}
        if found.report_column and site not in self.columns:
            self.columns[site] = found.report_column
            yield {"kind": "column", "site": site, "name": None, "url": found.report_column,
                   "found_on": response.url, "how": "column", "section": None}
        for link in found.agencies:
            if site_of(link.url) == site:
                continue  # the portal's own pages (its 办公厅 named in the footer…), not a site it lists
            self.crawler.stats.inc_value("govreports/discover/listed")
            yield {"kind": "agency", "site": site, "name": link.name, "url": link.url, "found_on": response.url,
                   "how": link.how, "section": link.section, "place": link.place}
        if depth >= MAX_DEPTH:
            return
        for _rank, text, url in found.towards[:MAX_DIRECTORY_LINKS]:
            yield scrapy.Request(url, callback=self.parse_portal, errback=self.on_failure,
                                 cb_kwargs={"agency": agency, "depth": depth + 1}, meta={"discovery": text})


def _portal_of(portals: list[Portal], url: str) -> Portal:
    return next(p for p in portals if p.name == site_of(url))
