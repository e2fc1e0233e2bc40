"""Scrapy settings for govreports (`scrapy.cfg` points here).

What a deployment changes comes from environment variables, never edits:
GOVREPORTS_DATABASE_URL, GOVREPORTS_DATABASE_WAIT, GOVREPORTS_REGISTRY,
GOVREPORTS_BUNDLED_REGISTRY, GOVREPORTS_USER_AGENT, GOVREPORTS_CHROMIUM,
GOVREPORTS_ARCHIVE, GOVREPORTS_ARCHIVE_DIR, GOVREPORTS_PICTURES,
GOVREPORTS_MAX_PICTURES, GOVREPORTS_PARSE_WORKERS, GOVREPORTS_GC_THRESHOLD, GOVREPORTS_PARSE_TIME_LIMIT,
GOVREPORTS_REDIS_URL,
GOVREPORTS_REDIS_CRAWL, GOVREPORTS_REDIS_DEAD_AFTER, GOVREPORTS_REDIS_WAIT,
GOVREPORTS_HOST_DELAY.
Any of them can also be given as `-s NAME=value`.
"""

from __future__ import annotations

import os
import shutil

from govreports.archive import MAX_BODY, MAX_PICTURES, archive_enabled
from govreports.store.batches import STORE_BATCH
from govreports.switches import switched_on
from govreports.workers import gc_threshold_from_env, time_limit_from_env

BOT_NAME = "govreports"
SPIDER_MODULES = ["govreports.spiders"]
NEWSPIDER_MODULE = "spiders"
COMMANDS_MODULE = "govreports.commands"

# Politeness, fit for government sites.
USER_AGENT = os.environ.get(
    "GOVREPORTS_USER_AGENT",
    # ASCII only: Scrapy encodes headers in the referring page's charset (GBK on many sites).
    "govreports/0.1 (research crawler for government information disclosure annual reports; "
    "+https://example.invalid/govreports)",
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Scrapy starts this many tasks for every response's output, however little it holds (the default 100 cost
# ~8% of a crawl's reactor time); a listing page yields a few dozen requests at most.
CONCURRENT_ITEMS = 16
# Scrapy checks each callback for a generator returning a value by reading its source; its cache is keyed by the
# bound method, which lives one call: it read the spider's source again for every response (0.2 ms each).
WARN_ON_GENERATOR_RETURN_VALUE = False
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = MAX_BODY  # also the cap on inflating bodies, in the crawl and in reparse
DOWNLOAD_WARNSIZE = 20 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"  # the request's errback says it in one line (spiders/agency.py on_failure)
REFERER_ENABLED = True
COOKIES_ENABLED = True
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("GOVREPORTS_LOG_LEVEL", "INFO")

# Only requests whose meta asks for it go through the browser.
DOWNLOAD_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}
DOWNLOADER_MIDDLEWARES = {
    # Scheme, host and port of every request and redirect on its agency's site (host names alone leak).
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "govreports.spiders.scope.ScopeMiddleware": 50,
    "govreports.spiders.browser.BrowserCookiesMiddleware": 650,  # before CookiesMiddleware (700)
    # A shared frontier only (GOVREPORTS_REDIS_URL): one host's downloads spaced across all workers, last of
    # every process_request (past robots.txt and the cache).
    "govreports.spiders.distributed.HostGate": 990,
    # Above every built-in middleware (DownloaderStats is 850, HttpCache 900): its process_response
    # sees each response first, as the download handler (HTTP or the browser) produced it — every
    # redirect and retry, robots.txt, the body still Content-Encoded (HttpCompression is 590) — and
    # the request as sent, once every other process_request has added its headers.
    "govreports.spiders.archive.WarcArchiveMiddleware": 950,
}
# A shared frontier only: a request made by a response carries its in-flight entry (spiders/distributed.py).
SPIDER_MIDDLEWARES = {"govreports.spiders.distributed.InflightLinks": 1}
# Expected network failures in one line, no traceback; the crawl process's CPU seconds in its stats.
EXTENSIONS = {"govreports.spiders.logs.QuietFailures": 0, "govreports.spiders.cpu.CpuTime": 0,
              "govreports.spiders.collector.GarbageCollection": 0}

# JOBDIR keeps which reports are stored, not Scrapy's queue: every run reads the columns again (spiders/jobdir.py).
DUPEFILTER_CLASS = "govreports.spiders.jobdir.JobDupeFilter"
SCHEDULER = "govreports.spiders.jobdir.Scheduler"
# Set, the frontier lives in Redis and any number of workers share it (spiders/distributed.py); one
# frontier per GOVREPORTS_REDIS_CRAWL name (default "default"), e.g. one per scheduled province.
GOVREPORTS_REDIS_URL = os.environ.get("GOVREPORTS_REDIS_URL")
GOVREPORTS_REDIS_CRAWL = os.environ.get("GOVREPORTS_REDIS_CRAWL")
# Seconds without a heartbeat after which a worker counts as dead: the others requeue its in-flight requests.
GOVREPORTS_REDIS_DEAD_AFTER = float(os.environ.get("GOVREPORTS_REDIS_DEAD_AFTER") or 15)
# Seconds a worker waits for Redis gone away under a running crawl (retrying, without blocking the crawl) before
# the crawl stops as incomplete ("frontier unavailable", exit 1).
GOVREPORTS_REDIS_WAIT = float(os.environ.get("GOVREPORTS_REDIS_WAIT") or 60)
# Seconds between two downloads from one host:port by all the workers of a frontier; 0: no gate; unset: the
# downloading worker's AutoThrottle delay for that host (AutoThrottle off: DOWNLOAD_DELAY). Without
# GOVREPORTS_REDIS_URL, no gate.
GOVREPORTS_HOST_DELAY = os.environ.get("GOVREPORTS_HOST_DELAY")

PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": os.environ.get("GOVREPORTS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium",
    "headless": True,
    "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run"],
}
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

ITEM_PIPELINES = {
    "govreports.pipelines.store.KnownContentPipeline": 200,
    "govreports.pipelines.parse.ParseReportPipeline": 300,
    "govreports.pipelines.store.StoreReportPipeline": 400,
}

# Where parsed reports are stored; None means data/govreports.sqlite3.
GOVREPORTS_DATABASE_URL = os.environ.get("GOVREPORTS_DATABASE_URL")
GOVREPORTS_REGISTRY = os.environ.get("GOVREPORTS_REGISTRY")
# False (or $GOVREPORTS_BUNDLED_REGISTRY=0): only the user's registry (the sample site, tests).
GOVREPORTS_BUNDLED_REGISTRY = switched_on(os.environ.get("GOVREPORTS_BUNDLED_REGISTRY"))
GOVREPORTS_STORE_BATCH = STORE_BATCH  # items per transaction; and at most GOVREPORTS_STORE_INTERVAL seconds pending
GOVREPORTS_STORE_INTERVAL = 5.0
# How long the pipelines wait for a database that went away before the crawl fails (exit 3).
GOVREPORTS_DATABASE_WAIT = float(os.environ.get("GOVREPORTS_DATABASE_WAIT") or 300)

# Every response as fetched, in WARC files (spiders/archive.py); the switch is the benchmark's on/off.
GOVREPORTS_ARCHIVE = archive_enabled()  # $GOVREPORTS_ARCHIVE: 0/false/off/no turns it off; or -s GOVREPORTS_ARCHIVE=False
# None means $GOVREPORTS_DATA_DIR/archive, i.e. ./data/archive.
GOVREPORTS_ARCHIVE_DIR = os.environ.get("GOVREPORTS_ARCHIVE_DIR")
GOVREPORTS_ARCHIVE_MAX_SIZE = int(os.environ.get("GOVREPORTS_ARCHIVE_MAX_SIZE") or 1_000_000_000)  # bytes per file

# A page whose tables are pictures in its body: the parse pipeline fetches them and reads them by OCR.
GOVREPORTS_PICTURES = switched_on(os.environ.get("GOVREPORTS_PICTURES"))
GOVREPORTS_MAX_PICTURES = int(os.environ.get("GOVREPORTS_MAX_PICTURES") or MAX_PICTURES)  # pictures fetched for one page
# Parsing runs in this many processes (pipelines/parse.py); unset: one per core; 0: in the crawl's process.
GOVREPORTS_PARSE_WORKERS = os.environ.get("GOVREPORTS_PARSE_WORKERS")
# The young generation of Python's collector is collected every this many new containers, in the crawl's process and
# the parse workers, what exists at the start frozen (spiders/collector.py); 0 leaves Python's defaults.
GOVREPORTS_GC_THRESHOLD = gc_threshold_from_env()
# Seconds a parse worker may take on one document before it is stopped and kept as failed (0: no limit).
GOVREPORTS_PARSE_TIME_LIMIT = time_limit_from_env()

# `scrapy crawl agency -O reports.jsonl|.csv`: one StoredReport (spiders/items.py) per stored document.
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {"csv": "govreports.spiders.feeds.CsvReportExporter"}
