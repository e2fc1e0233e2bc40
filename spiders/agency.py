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

A column whose reports name three agencies or more is a portal's shared
年报 column: each of its reports is stored under the agency its title, its
group heading or its page names (`Fetched.reported_by`), placed by the
gazetteer, and counted under the registry agency that lists it.

Only http(s) links are followed, and spiders/scope.py keeps every request
on its agency's site. Every request has an errback: a failure is one log
line and a count per agency (unreachable, robots, HTTP error, refused…),
from which govreports.fetch.outcome judges the crawl at its end. A report
request carries its fingerprint into the item, so that the job folder
(spiders/jobdir.py) marks it done once the item is stored.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator
from typing import Any

import scrapy
from govreports.spiders.browser import PageGuard
from govreports.spiders.failures import UNREACHABLE, classify
from govreports.spiders.items import META_INFLIGHT, Fetched
from govreports.spiders.jobdir import META_FINGERPRINT
from scrapy import signals
from scrapy.exceptions import CloseSpider, UsageError
from scrapy.http import Response, TextResponse

from govreports.discovery import level_of, place_of
from govreports.fetch.arguments import NAMES as ARGUMENT_NAMES
from govreports.fetch.arguments import ArgumentProblem, CrawlArguments, read_arguments
from govreports.fetch.detect import (
    CHALLENGE_STATUSES,
    is_challenge,
    is_document_url,
    judge_title,
    shown_document,
)
from govreports.fetch.directory import (
    AGGREGATED_MIN_AGENCIES,
    entry_agencies,
    grouped_names,
    is_aggregated,
    page_title,
    spells,
    title_agency,
)
from govreports.fetch.listings import Entry, parse_listing
from govreports.fetch.platforms import may_list_attachments, platform_attachments
from govreports.fetch.registry import Agency
from govreports.fetch.scope import Scope, origin
from govreports.model import Region

MAX_DISCOVERY_DEPTH = 2
# The spider's own meta keys (Scrapy's are never copied): discovery, and the report request a response answers.
OWN_META = ("discovery", "rank", META_FINGERPRINT)
LISTING_CALLBACKS = ("parse_home", "parse_column")
EMBEDDED = "iframe::attr(src), frame::attr(src), embed::attr(src), object::attr(data)"  # a page's framed documents


def crawl_arguments(spargs: dict[str, Any]) -> CrawlArguments:
    """The spider's `-a` arguments, checked (govreports.fetch.arguments); a problem is Scrapy's UsageError."""
    try:
        return read_arguments(spargs)
    except ArgumentProblem as problem:
        raise UsageError(str(problem)) from None


def selected_agencies(arguments: CrawlArguments, settings: Any) -> list[Agency]:
    try:
        return arguments.agencies([settings.get("GOVREPORTS_REGISTRY")],
                                  bundled=settings.getbool("GOVREPORTS_BUNDLED_REGISTRY", True))
    except ArgumentProblem as problem:
        raise UsageError(str(problem)) from None


def check_arguments(spargs: dict[str, Any], settings: Any) -> list[Agency]:
    """Validate `-a` arguments and select the agencies, before the crawl starts."""
    return selected_agencies(crawl_arguments(spargs), settings)


def on_challenge_retry_in_browser(callback: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """A callback whose response is an anti-bot challenge asks for the page again in the browser instead."""
    @functools.wraps(callback)
    def checked(self: AgencySpider, response: Response, *args: Any, **kwargs: Any) -> Iterator[Any]:
        if self._is_challenge(response):
            yield self._retry_in_browser(response, "anti-bot challenge")
            return
        yield from callback(self, response, *args, **kwargs)
    return checked


class AgencySpider(scrapy.Spider):
    name = "agency"
    handle_httpstatus_list = list(CHALLENGE_STATUSES)

    def __init__(self, **kwargs: Any) -> None:
        spargs = {k: kwargs.pop(k) for k in list(kwargs) if k in ARGUMENT_NAMES}
        super().__init__(**kwargs)
        self.arguments = crawl_arguments(spargs)
        self.agencies: list[Agency] = []
        self._gazetteer = None
        self._reporters: dict[tuple[str, str], Agency] = {}

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> AgencySpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.agencies = selected_agencies(spider.arguments, crawler.settings)
        spider.scope = Scope.of(spider.agencies)  # spiders/scope.py checks every request against it
        spider.page_guard = PageGuard(spider.scope, crawler)
        return spider

    # -- helpers ---------------------------------------------------------
    def _count(self, key: str, agency: Agency | None = None, n: int = 1) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"govreports/{key}", n)
        if agency is not None:
            stats.inc_value(f"govreports/agency/{agency.name}/{key}", n)

    def _wanted_year(self, year: int | None) -> bool:
        return self.arguments.wants(year)

    def _browser(self, request_meta: dict[str, Any]) -> dict[str, Any]:
        from scrapy_playwright.page import PageMethod

        return {**request_meta, "playwright": True, "playwright_include_page": True,
                "playwright_page_init_callback": self.page_guard,
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

    def _follow(self, response: Response, url: str, callback: Any, cb_kwargs: dict[str, Any],
                meta: dict[str, Any] | None = None) -> scrapy.Request | None:
        """A request for a link of the page; None for links that are no http(s) URL (javascript:, ftp:…)."""
        absolute = response.urljoin(url)
        if origin(absolute) is None:
            self._count("links/not_http", cb_kwargs.get("agency"))
            self.logger.debug("not an http(s) link, not followed: %s", absolute[:200])
            return None
        return scrapy.Request(absolute, callback=callback, cb_kwargs=cb_kwargs, meta=meta or {},
                              errback=self.on_failure)

    def _report_request(self, response: Response, url: str, callback: Any, agency: Agency,
                        entry: Entry) -> scrapy.Request | None:
        """A report page or attachment; its fingerprint travels with it, so that spiders/jobdir.py
        can mark it done once its item is stored."""
        request = self._follow(response, url, callback, {"agency": agency, "entry": entry},
                               self._follow_meta(response))
        if request is not None:
            request.meta[META_FINGERPRINT] = self.crawler.request_fingerprinter.fingerprint(request).hex()
        return request

    # -- crawl -----------------------------------------------------------
    async def start(self):
        if not self.agencies:
            raise CloseSpider("no agency selected")
        for agency in self.agencies:
            for problem in agency.rejected:
                self.logger.warning("registry: %s: %s; ignored", agency.name, problem)
                self._count("registry/rejected_urls", agency)
            if not agency.start_urls:
                self.logger.warning("%s has no homepage or column URL in the registry; skipped", agency.name)
                self._count("agencies/without_start_url", agency)
                continue
            self._count("start_urls", agency, len(agency.start_urls))
            await self._room_for_more()
            for url in agency.column_urls:
                yield scrapy.Request(url, callback=self.parse_column, cb_kwargs={"agency": agency, "page": 1},
                                     errback=self.on_failure)
            if not agency.column_urls:
                yield scrapy.Request(agency.homepage, callback=self.parse_home,
                                     cb_kwargs={"agency": agency, "depth": 0}, errback=self.on_failure)

    async def _room_for_more(self) -> None:
        """Wait, while the downloader is full, until the scheduler is empty (Scrapy's lazy start).

        A registry's start requests queued up front hold memory for every agency at once and slow
        each pick of the scheduler, which scans the hosts with queued requests: fed as the crawl has
        room, the frontier holds the agencies in progress only."""
        try:
            engine = self.crawler.engine
        except RuntimeError:  # start() read without a crawl (a test of the spider alone)
            return
        if engine.needs_backout():
            self._count("start/waits")
            await self.crawler.signals.wait_for(signals.scheduler_empty)

    def on_failure(self, failure: Any) -> None:
        """A request that failed after its retries: one log line, counted for the crawl's summary."""
        request = failure.request
        agency = (request.cb_kwargs or {}).get("agency")
        failed = classify(failure.value)
        callback = getattr(request.callback, "__name__", "")
        name = agency.name if agency else "-"
        if failed.kind == "scope":  # a link off the site: no failure (counted by spiders/scope.py too)
            self._count("reports/off_site" if callback not in LISTING_CALLBACKS else "listing/off_site", agency)
            self.logger.info("%s: off its site, not fetched: %s", name, request.url[:300])
            return
        if callback in LISTING_CALLBACKS:
            self._count(f"listing/{failed.kind}", agency)
            if failed.kind == UNREACHABLE and agency is not None:
                self.crawler.stats.set_value(f"govreports/agency/{agency.name}/unreachable_reason", failed.detail)
            log = self.logger.info if failed.kind == "robots" else self.logger.warning
            log("%s: %s: %s", name, request.url, failed.detail)
            return
        if failed.kind == "robots":
            self._count("reports/robots_forbidden", agency)
            self.logger.info("%s: report forbidden by robots.txt, not fetched: %s", name, request.url)
            return
        self._count("reports/fetch_failed", agency)
        self.logger.warning("%s: could not fetch report %s: %s", name, request.url, failed.detail)

    @on_challenge_retry_in_browser
    def parse_home(self, response: Response, agency: Agency, depth: int):
        """A homepage or a 政务公开 page: follow the links that lead to the report column."""
        if not isinstance(response, TextResponse):
            return
        listing = parse_listing(response.text, response.url)
        if listing.catalog or any(judge_title(e.title).is_report for e in listing.entries):
            # Reports listed here (a column, a 最新 box, or a platform catalog whose listing is JSON
            # behind the page): take them, and the pages after them.
            yield from self.parse_column(response, agency, 1)
        if depth >= MAX_DISCOVERY_DEPTH:
            return
        for rank, text, url in listing.towards[:6]:
            request = self._follow(response, url, self.parse_home, {"agency": agency, "depth": depth + 1},
                                   {"discovery": text, "rank": rank})
            if request is not None:
                yield request

    @on_challenge_retry_in_browser
    def parse_column(self, response: Response, agency: Agency, page: int, shared: bool = False):
        """A listing page: report entries become requests, further pages are followed.

        A column whose reports name several agencies (a portal's 年报 column for its departments and
        counties, govreports.fetch.directory.is_aggregated) is `shared`, and so are its further pages:
        each report is attributed to the agency its title, its group heading or its page names."""
        if not isinstance(response, TextResponse):
            return
        listing = parse_listing(response.text, response.url)
        if listing.scripted and not response.meta.get("playwright"):
            request = self._retry_in_browser(response, "listing built by JavaScript")
            yield request.replace(meta={**request.meta, "scripted": True})
            return
        if response.meta.get("playwright"):
            self._count("browser/pages", agency)
        self._count("listing/pages", agency)
        reports = [(e.title, e.url) for e in listing.entries if judge_title(e.title).is_report]
        names: dict[str, str | None] = {}
        if shared or len(reports) >= AGGREGATED_MIN_AGENCIES:  # fewer reports cannot name enough agencies
            names = entry_agencies(reports, grouped_names(response.text, response.url), agency.name)
        if not shared and is_aggregated(names):
            shared = True
            self.logger.info("%s: %s lists the reports of %d agencies; each is stored under its own", agency.name,
                             response.url, len(set(filter(None, names.values()))))
        if shared:
            self._count("listing/shared_pages", agency)
        yield from self._report_requests(listing.entries, agency, response, names if shared else None)
        further = [(url, None) for url in listing.next_pages] + [(url, form) for url, form in listing.forms]
        for url, form in further:
            if page >= self.arguments.max_pages:
                self._count("listing/max_pages_reached", agency)
                break
            request = self._follow(response, url, self.parse_column,
                                   {"agency": agency, "page": page + 1, **({"shared": True} if shared else {})},
                                   self._follow_meta(response))
            if request is not None and form is not None:  # a listing the platform answers to a POST
                request = scrapy.FormRequest(request.url, formdata=form, callback=request.callback,
                                             cb_kwargs=request.cb_kwargs, meta=request.meta, errback=request.errback)
            if request is not None:
                page += 1
                yield request

    def _report_requests(self, entries: list[Entry], agency: Agency, response: Response,
                         shared: dict[str, str | None] | None = None):
        """Requests for the report entries; `shared`: the agency each entry of a shared column is by (URL →
        name, None when only its page says)."""
        chosen: dict[str, tuple[Entry, bool]] = {}
        text_years = set()

        def by(url: str) -> str | None:
            return (shared or {}).get(url)
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
                text_years.add((by(entry.url), verdict.year))
            chosen.setdefault(entry.url, (entry, verdict.graphic))
        for url, (entry, graphic) in chosen.items():
            if graphic and (by(url), judge_title(entry.title).year) in text_years:
                self._count("entries/graphic_skipped", agency)
                continue
            self._count("reports/listed", agency)
            callback = self.parse_document if is_document_url(url) else self.parse_report
            request = self._report_request(response, url, callback, agency, entry)
            if request is not None and shared is not None:
                request.cb_kwargs.update(shared=True, reported_by=by(url))
            if request is not None:
                yield request

    @on_challenge_retry_in_browser
    def parse_report(self, response: Response, agency: Agency, entry: Entry, shared: bool = False,
                     reported_by: str | None = None):
        """A report page: the page itself, and its attachments when it has any.

        An entry listed by its date alone (no year in its title: 政府信息公开工作年度报告 as a dated
        link) may be the report column itself: when its page lists reports of a year, it is read as the
        column too (its URL, fetched once, would otherwise never be listed), and kept as a document
        that the next run fetches again (a report whose page lists other years' is kept either way)."""
        if (isinstance(response, TextResponse) and judge_title(entry.title).year is None
                and self._lists_reports(response)):
            self._count("reports/were_columns", agency)
            yield self._item(response, agency, entry, durable_marks=False, reported_by=reported_by)
            yield from self.parse_column(response, agency, 1, shared)
            return
        attachments = _attachments(response) if isinstance(response, TextResponse) else []
        if shared and reported_by is None and isinstance(response, TextResponse):
            reported_by = title_agency(page_title(response.text) or "")  # a shared column's entry: its page says
        # A page with attachments is fetched again by the next run (never marked done): if one of its
        # attachments was not stored, only the page leads to it again.
        yield self._item(response, agency, entry, durable_marks=not attachments, reported_by=reported_by)
        for title, url in attachments:
            request = self._report_request(response, url, self.parse_document, agency,
                                           Entry(title or entry.title, url, entry.date))
            if request is not None and shared:
                request.cb_kwargs.update(shared=True, reported_by=reported_by)
            if request is not None:
                yield request

    @staticmethod
    def _lists_reports(response: TextResponse) -> bool:
        """Whether the page lists at least two reports that name their year (a column, not a report)."""
        verdicts = (judge_title(e.title) for e in parse_listing(response.text, response.url).entries)
        return sum(1 for v in verdicts if v.is_report and v.year) >= 2

    @on_challenge_retry_in_browser
    def parse_document(self, response: Response, agency: Agency, entry: Entry, shared: bool = False,
                       reported_by: str | None = None):
        self._count("attachments/fetched", agency)
        yield self._item(response, agency, entry, reported_by=reported_by)

    def _reporter(self, agency: Agency, name: str | None) -> Agency | None:
        """The agency a shared column's report is by, when another than the crawled one: the registry's row
        when the crawl has it, else its name, its place from the gazetteer (a name without one takes the crawled
        agency's) and the crawled agency's site. Stored
        under it, and registered in the database if new; counted under the crawled agency."""
        if not name or spells(name, agency.name):
            return None
        key = (agency.name, name)
        registered = next((a for a in self.agencies if a.name == name), None)
        if registered is not None:  # an agency of the crawl: the registry's row, as for its own column
            self._reporters.setdefault(key, registered)
        if key not in self._reporters:
            if self._gazetteer is None:
                from govreports.understand.region import Gazetteer

                self._gazetteer = Gazetteer.load()
            region = place_of(name, self._gazetteer, Region(agency.province, agency.city, agency.county))
            self._reporters[key] = dataclasses.replace(
                agency, name=name, province=region.province or agency.province, city=region.city,
                county=region.county, level=level_of(region) or None)
            self._count("agencies/attributed", agency)
        return self._reporters[key]

    def _item(self, response: Response, agency: Agency, entry: Entry, durable_marks: bool = True,
              reported_by: str | None = None) -> Fetched:
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        return Fetched(
            url=response.url, body=response.body, agency=agency, reported_by=self._reporter(agency, reported_by),
            content_type=content_type,
            http_status=response.status, listed_title=entry.title, listed_date=entry.date,
            # the report request this answers (spiders/jobdir.py): done once the item is stored
            fingerprint=response.meta.get(META_FINGERPRINT) if durable_marks else None,
            inflight=response.meta.get(META_INFLIGHT),
            browser=bool(response.meta.get("playwright")), cached="cached" in response.flags,
            warc_file=response.meta.get("warc_file"), warc_offset=response.meta.get("warc_offset"))


def _attachments(response: TextResponse) -> list[tuple[str, str]]:
    """Report documents (PDF, DOC, DOCX, WPS, ODT, RTF) of a report page: plain links to them, links named
    after them, documents shown in a frame or a viewer, and those a platform lists its own way (gkmlpt's
    _CONFIG.DETAIL, VSB's download.jsp), each URL once."""
    if not may_list_attachments(response.text, response.url):
        return []
    links = []
    for anchor in response.css("a[href]"):
        title = " ".join(anchor.css("::text").getall()).strip()
        links.append((title, response.urljoin(anchor.attrib.get("href", ""))))
    # A document the page shows in a frame (<iframe>, <embed>, <object>), often through a viewer page, and a
    # viewer page that is itself the report's page.
    shown = [("", response.urljoin(src)) for src in response.css(EMBEDDED).getall() if src.strip()]
    found = [(t, document) for t, u in [*links, *shown] if (document := shown_document(u))]
    # A link whose text is the file's name (甲局2023年…年度报告.pdf) to an address that does not say it
    # (/attach/download?id=9): the response is read by its bytes, whatever it is.
    found += [(t, u) for t, u in links if is_document_url(t) and u.startswith(("http://", "https://"))]
    if (document := shown_document(response.url)) not in (None, response.url):
        found.append(("", document))
    found += platform_attachments(response.text, response.url, links)
    seen: set[str] = set()
    return [(t, u) for t, u in found if not (u in seen or seen.add(u))]

