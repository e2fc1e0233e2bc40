"""The `agency` spider: every annual report of the registered agencies, and nothing else.

    scrapy crawl agency -a province=四川 [-a agency=应急] [-a year=2024 | -a since=2021]
                        [-a max_pages=20] [-a registry=extra.csv]

It starts from each agency's report column, or discovers it from the
homepage by links that name 政务公开, 信息公开 or 年度报告; reads the listing
pages of the CMS families in govreports.fetch.listings; keeps the entries
whose titles are reports (govreports.fetch.detect); and yields each report
page and attachment as fetched. Pages built by JavaScript, and anti-bot
challenges, go through the browser (scrapy-playwright); the rest is plain
HTTP. Parsing and storing happen in the pipelines.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import scrapy
from scrapy.exceptions import CloseSpider, UsageError
from scrapy.http import Response, TextResponse

from govreports.fetch.detect import CHALLENGE_STATUSES, is_challenge, is_document_url, judge_title
from govreports.fetch.listings import Entry, parse_listing
from govreports.fetch.registry import Agency, RegistryError, load_registry, select_agencies

MAX_DISCOVERY_DEPTH = 2
OWN_META = ("discovery", "rank")  # the spider's own meta keys; Scrapy's are never copied
DEFAULT_MAX_PAGES = 50


def _int_arg(name: str, value: Any, low: int, high: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise UsageError(f"-a {name}= takes a whole number, not {value!r}") from None
    if not low <= number <= high:
        raise UsageError(f"-a {name}={number} is out of range ({low}–{high})")
    return number


def check_arguments(spargs: dict[str, Any], settings: Any) -> list[Agency]:
    """Validate `-a` arguments and select the agencies, before the crawl starts."""
    unknown = set(spargs) - {"province", "agency", "year", "since", "max_pages", "registry"}
    if unknown:
        raise UsageError(f"unknown spider argument(s): {', '.join(sorted(unknown))}")
    year = _int_arg("year", spargs.get("year"), 2008, 2100)
    since = _int_arg("since", spargs.get("since"), 2008, 2100)
    if year is not None and since is not None:
        raise UsageError("give -a year= or -a since=, not both")
    _int_arg("max_pages", spargs.get("max_pages"), 1, 10_000)
    paths = [p for p in (spargs.get("registry"), settings.get("GOVREPORTS_REGISTRY")) if p]
    try:
        registry = load_registry(paths, bundled=settings.getbool("GOVREPORTS_BUNDLED_REGISTRY", True))
        return select_agencies(registry, spargs.get("province"), spargs.get("agency"))
    except RegistryError as error:
        raise UsageError(str(error)) from None


class AgencySpider(scrapy.Spider):
    name = "agency"
    handle_httpstatus_list = list(CHALLENGE_STATUSES)

    def __init__(self, province: str | None = None, agency: str | None = None, year: str | None = None,
                 since: str | None = None, max_pages: str | None = None, registry: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.year = _int_arg("year", year, 2008, 2100)
        self.since = _int_arg("since", since, 2008, 2100)
        if self.year is not None and self.since is not None:
            raise UsageError("give -a year= or -a since=, not both")
        self.max_pages = _int_arg("max_pages", max_pages, 1, 10_000) or DEFAULT_MAX_PAGES
        self.province, self.agency_filter, self.registry_arg = province, agency, registry
        self.agencies: list[Agency] = []
        self.pages_seen: dict[str, int] = defaultdict(int)
        self.reports_found: dict[str, int] = defaultdict(int)

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> AgencySpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.agencies = check_arguments(
            {k: v for k, v in dict(province=spider.province, agency=spider.agency_filter,
                                   registry=spider.registry_arg).items() if v}, crawler.settings)
        spider.allowed_domains = sorted({d for a in spider.agencies for d in a.domains})
        return spider

    # -- helpers ---------------------------------------------------------
    def _count(self, key: str, agency: Agency | None = None, n: int = 1) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"govreports/{key}", n)
        if agency is not None:
            stats.inc_value(f"govreports/agency/{agency.name}/{key}", n)

    def _wanted_year(self, year: int | None) -> bool:
        if year is None:
            return self.year is None and self.since is None
        if self.year is not None:
            return year == self.year
        return self.since is None or year >= self.since

    def _browser(self, request_meta: dict[str, Any]) -> dict[str, Any]:
        from scrapy_playwright.page import PageMethod

        return {**request_meta, "playwright": True, "playwright_include_page": True,
                "playwright_page_methods": [PageMethod("wait_for_load_state", "networkidle")]}

    def _follow_meta(self, response: Response) -> dict[str, Any]:
        """Links from a page the browser built stay in the browser; after a challenge, plain HTTP."""
        if response.meta.get("playwright") and response.meta.get("scripted"):
            return self._browser({"scripted": True})
        return {}

    def _is_challenge(self, response: Response) -> bool:
        return not response.meta.get("playwright") and is_challenge(response.status, response.body)

    def _retry_in_browser(self, response: Response, reason: str) -> scrapy.Request:
        self.logger.info("%s: %s; fetching it with the browser", response.url, reason)
        self._count("browser/requests")
        own = {k: v for k, v in response.meta.items() if k in OWN_META}
        return response.request.replace(meta=self._browser(own), dont_filter=True)

    # -- crawl -----------------------------------------------------------
    async def start(self):
        if not self.agencies:
            raise CloseSpider("no agency selected")
        for agency in self.agencies:
            if not agency.start_urls:
                self.logger.warning("%s has no homepage or column URL in the registry; skipped", agency.name)
                self._count("agencies/without_start_url", agency)
                continue
            for url in agency.column_urls:
                yield scrapy.Request(url, callback=self.parse_column, cb_kwargs={"agency": agency, "page": 1})
            if not agency.column_urls:
                yield scrapy.Request(agency.homepage, callback=self.parse_home,
                                     cb_kwargs={"agency": agency, "depth": 0})

    def parse_home(self, response: Response, agency: Agency, depth: int):
        """A homepage or a 政务公开 page: follow the links that lead to the report column."""
        if self._is_challenge(response):
            yield self._retry_in_browser(response, "anti-bot challenge")
            return
        if not isinstance(response, TextResponse):
            return
        listing = parse_listing(response.text, response.url)
        if any(judge_title(e.title).is_report for e in listing.entries):
            # Reports listed here (a column, or a 最新 box): take them, and the pages after them.
            yield from self.parse_column(response, agency, 1)
        if depth >= MAX_DISCOVERY_DEPTH:
            return
        for rank, text, url in listing.towards[:6]:
            yield response.follow(url, callback=self.parse_home, cb_kwargs={"agency": agency, "depth": depth + 1},
                                  meta={"discovery": text, "rank": rank})

    def parse_column(self, response: Response, agency: Agency, page: int):
        """A listing page: report entries become requests, further pages are followed."""
        if self._is_challenge(response):
            yield self._retry_in_browser(response, "anti-bot challenge")
            return
        if not isinstance(response, TextResponse):
            return
        listing = parse_listing(response.text, response.url)
        if listing.scripted and not response.meta.get("playwright"):
            request = self._retry_in_browser(response, "listing built by JavaScript")
            yield request.replace(meta={**request.meta, "scripted": True})
            return
        if response.meta.get("playwright"):
            self._count("browser/pages", agency)
        self.pages_seen[agency.name] += 1
        self._count("listing/pages", agency)
        yield from self._report_requests(listing.entries, agency, response)
        for url in listing.next_pages:
            if page >= self.max_pages:
                self._count("listing/max_pages_reached", agency)
                break
            page += 1
            yield response.follow(url, callback=self.parse_column, cb_kwargs={"agency": agency, "page": page},
                                  meta=self._follow_meta(response))

    def _report_requests(self, entries: list[Entry], agency: Agency, response: Response):
        chosen: dict[str, tuple[Entry, bool]] = {}
        text_years = set()
        for entry in entries:
            verdict = judge_title(entry.title)
            if not verdict.is_report:
                if verdict.year is not None:
                    self.logger.debug("not a report (%s): %s", verdict.reason, entry.title)
                    self._count("entries/not_reports", agency)
                continue
            if verdict.year is None and entry.date is None:
                self._count("entries/column_links", agency)  # 政府信息公开年报 in a menu: a column, not a report
                continue
            if not self._wanted_year(verdict.year):
                self._count("entries/other_years", agency)
                continue
            if not verdict.graphic:
                text_years.add(verdict.year)
            chosen.setdefault(entry.url, (entry, verdict.graphic))
        for url, (entry, graphic) in chosen.items():
            if graphic and judge_title(entry.title).year in text_years:
                self._count("entries/graphic_skipped", agency)
                continue
            self.reports_found[agency.name] += 1
            self._count("reports/listed", agency)
            callback = self.parse_document if is_document_url(url) else self.parse_report
            yield response.follow(url, callback=callback,
                                  cb_kwargs={"agency": agency, "entry": entry},
                                  meta=self._follow_meta(response))

    def parse_report(self, response: Response, agency: Agency, entry: Entry):
        """A report page: the page itself, and its attachments when it has any."""
        if self._is_challenge(response):
            yield self._retry_in_browser(response, "anti-bot challenge")
            return
        yield self._item(response, agency, entry)
        if isinstance(response, TextResponse):
            for title, url in _attachments(response):
                yield response.follow(url, callback=self.parse_document,
                                      cb_kwargs={"agency": agency, "entry": Entry(title or entry.title, url,
                                                                                  entry.date)},
                                      meta=self._follow_meta(response))

    def parse_document(self, response: Response, agency: Agency, entry: Entry):
        if self._is_challenge(response):
            yield self._retry_in_browser(response, "anti-bot challenge")
            return
        self._count("attachments/fetched", agency)
        yield self._item(response, agency, entry)

    def _item(self, response: Response, agency: Agency, entry: Entry) -> dict[str, Any]:
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        return {"url": response.url, "body": response.body, "content_type": content_type,
                "http_status": response.status, "agency": agency.name, "listed_title": entry.title,
                "listed_date": entry.date, "browser": bool(response.meta.get("playwright")),
                "cached": "cached" in response.flags,
                # where spiders/archive.py archived this response (None when the archive is off)
                "warc_file": response.meta.get("warc_file"), "warc_offset": response.meta.get("warc_offset")}

    def agencies_without_reports(self) -> list[str]:
        """Agencies with a start URL whose columns listed no report: a layout changed, or a site is down."""
        return [a.name for a in self.agencies if a.start_urls and not self.reports_found.get(a.name)]

def _attachments(response: TextResponse) -> list[tuple[str, str]]:
    """Links to report documents (PDF, DOC, DOCX, WPS) on a report page."""
    found = []
    for anchor in response.css("a[href]"):
        href = anchor.attrib.get("href", "")
        if is_document_url(href):
            title = " ".join(anchor.css("::text").getall()).strip()
            found.append((title, response.urljoin(href)))
    return found

