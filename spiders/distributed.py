"""One frontier in Redis for any number of `scrapy crawl agency` workers (GOVREPORTS_REDIS_URL).

With the variable set, govreports/settings.py puts this scheduler and
duplicate filter in place of spiders/jobdir.py's; without it nothing
changes. The frontier of a crawl (GOVREPORTS_REDIS_CRAWL, default
`default`; one per schedule, e.g. per province) is four Redis keys:

- `requests`: the queue, scrapy-redis's priority queue (requests pickled
  with their callbacks named, as scrapy-redis does);
- `seen`: the fingerprints of every request enqueued in this run, so that
  each URL is fetched once across workers (redirects are never filtered:
  a loop ends at REDIRECT_MAX_TIMES);
- `done`: the report requests whose items are durably stored (the store
  pipeline's `item_durable` signal), kept across runs as a job folder's
  `reports.done` is: a later run fetches only what is missing;
- `busy:<worker>`: set, with a short expiry, while a worker has requests
  in flight. A worker whose queue is empty waits while another is busy
  (its pages may still add requests) and closes once none is;
- `run` and `listed:<run>`: which run of the frontier this is, and each
  worker's reports listed per agency in it, so that every worker judges an
  agency by what all of them listed.

The last worker to finish a run with nothing left deletes `requests` and
`seen`, so the next scheduled run reads the columns again. A worker killed
with `kill -9` loses the requests it held in flight; its busy key expires,
the others finish the frontier, and the next run (or the same worker
started again) fetches the reports still missing, because `done` only
holds what was stored.
"""

from __future__ import annotations

import logging
import os
import pickle
import socket
import uuid
from collections import deque
from typing import Any

from govreports.spiders.signals import item_durable
from redis import Redis
from scrapy.core.scheduler import BaseScheduler
from scrapy.dupefilters import BaseDupeFilter
from scrapy_redis.queue import PriorityQueue
from twisted.internet import task

from govreports.fetch.outcome import LISTED_BY_WORKERS, SHARED_FRONTIER
from govreports.fetch.outcome import PREFIX as AGENCY_PREFIX

log = logging.getLogger(__name__)
DEFAULT_CRAWL = "default"
BUSY_SECONDS = 15  # a busy key outlives a worker by this much (its heartbeat renews it every second)
LISTED_KEPT_SECONDS = 3600  # a finished run's counts, for the workers still closing


def frontier_key(crawl: str, name: str) -> str:
    return f"govreports:{crawl}:{name}"


def connect(crawler: Any) -> Redis:
    url = crawler.settings.get("GOVREPORTS_REDIS_URL")
    server = Redis.from_url(url, socket_connect_timeout=10, health_check_interval=30)
    server.ping()  # fail at the start, with the URL's error, not at the first request
    return server


class RedisDupeFilter(BaseDupeFilter):
    """Each request once per run across workers; reports stored by any run never again."""

    def __init__(self, crawler: Any, server: Redis, crawl: str) -> None:
        self.crawler = crawler
        self.server = server
        self.fingerprinter = crawler.request_fingerprinter
        self.seen_key = frontier_key(crawl, "seen")
        self.done_key = frontier_key(crawl, "done")

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedisDupeFilter:
        dupefilter = cls(crawler, connect(crawler), crawler.settings.get("GOVREPORTS_REDIS_CRAWL") or DEFAULT_CRAWL)
        crawler.signals.connect(dupefilter.item_durable, signal=item_durable)
        return dupefilter

    def request_seen(self, request: Any) -> bool:
        fingerprint = self.fingerprinter.fingerprint(request).hex()
        if self.server.sismember(self.done_key, fingerprint):
            self.crawler.stats.inc_value("govreports/jobdir/reports_done_before")
            return True
        if request.meta.get("redirect_urls"):
            return False
        return self.server.sadd(self.seen_key, fingerprint) == 0

    def item_durable(self, fingerprint: str | None = None, **_: Any) -> None:
        if fingerprint:
            self.server.sadd(self.done_key, fingerprint)

    def log(self, request: Any, spider: Any) -> None:
        self.crawler.stats.inc_value("dupefilter/filtered")


class RedisScheduler(BaseScheduler):
    """The queue in Redis, shared by every worker of the same crawl."""

    def __init__(self, crawler: Any, server: Redis, crawl: str, dupefilter: RedisDupeFilter) -> None:
        self.crawler = crawler
        self.server = server
        self.crawl = crawl
        self.df = dupefilter
        self.worker = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.queue: PriorityQueue | None = None
        self.heartbeat: task.LoopingCall | None = None
        self.local: deque[Any] = deque()  # requests that cannot be serialized: fetched by this worker

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedisScheduler:
        crawl = crawler.settings.get("GOVREPORTS_REDIS_CRAWL") or DEFAULT_CRAWL
        return cls(crawler, connect(crawler), crawl, RedisDupeFilter.from_crawler(crawler))

    def key(self, name: str) -> str:
        return frontier_key(self.crawl, name)

    def open(self, spider: Any) -> None:
        self.queue = PriorityQueue(self.server, spider, self.key("requests"))
        self.run = int(self.server.get(self.key("run")) or 0)  # which run of the frontier this worker joins
        self.listed_key = self.key(f"listed:{self.run}")
        waiting = len(self.queue)
        self.crawler.stats.set_value(SHARED_FRONTIER, 1)  # govreports.fetch.outcome judges by it
        log.info("frontier %s in Redis: worker %s joins (%d requests queued)", self.crawl, self.worker, waiting)
        self.heartbeat = task.LoopingCall(self.beat)
        self.heartbeat.start(1.0, now=True)

    def close(self, reason: str) -> None:
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        self.publish_listed()
        self.server.delete(self.key(f"busy:{self.worker}"))
        self.read_listed()
        if reason == "finished" and not len(self.queue) and not self.others_busy():
            self.server.delete(self.key("requests"), self.key("seen"))
            # Workers closing beside this one still read this run's counts; the next run counts afresh.
            if self.server.set(self.key(f"ended:{self.run}"), 1, nx=True, ex=LISTED_KEPT_SECONDS):
                self.server.incr(self.key("run"))
                self.server.expire(self.listed_key, LISTED_KEPT_SECONDS)
            log.info("frontier %s done: the next run reads the columns again", self.crawl)

    def publish_listed(self) -> None:
        """This worker's reports listed per agency, in a hash of the frontier (field: agency TAB worker)."""
        listed = {f"{name}\t{self.worker}": value for name, value in self.local_counts("reports/listed").items()}
        if listed:
            self.server.hset(self.listed_key, mapping=listed)

    def read_listed(self) -> None:
        """Every worker's reports listed, into this worker's stats for the agencies it judges (fetch.outcome)."""
        totals: dict[str, int] = {}
        for field, value in self.server.hgetall(self.listed_key).items():
            name = field.decode().split("\t", 1)[0]
            totals[name] = totals.get(name, 0) + int(value)
        touched = {key.split("/")[2] for key in self.crawler.stats.get_stats()
                   if key.startswith(AGENCY_PREFIX) and not key.endswith("/start_urls")}
        for name, total in totals.items():
            if name in touched:
                self.crawler.stats.set_value(f"{AGENCY_PREFIX}{name}/{LISTED_BY_WORKERS}", total)

    def local_counts(self, what: str) -> dict[str, int]:
        suffix = "/" + what
        return {key[len(AGENCY_PREFIX):-len(suffix)]: value for key, value in self.crawler.stats.get_stats().items()
                if key.startswith(AGENCY_PREFIX) and key.endswith(suffix)}

    def beat(self) -> None:
        """Busy while this worker has downloads or items in flight: idle workers then wait for its pages.

        Its reports listed per agency are published first, so that a worker that sees no one busy
        also sees everything listed (an agency's column pages may have been read by several workers).
        """
        engine = self.crawler.engine
        items = engine.scraper.slot if engine is not None else None
        busy = engine is not None and (bool(engine.downloader.active) or bool(self.local) or (
            items is not None and not items.is_idle()))
        try:
            self.publish_listed()
            if busy:
                self.mark_busy()
            else:
                self.server.delete(self.key(f"busy:{self.worker}"))
        except Exception as error:  # noqa: BLE001 - Redis away for a moment: the next beat tries again
            log.warning("frontier %s: Redis heartbeat failed: %s", self.crawl, error)

    def others_busy(self) -> bool:
        mine = self.key(f"busy:{self.worker}")
        return any(k.decode() != mine for k in self.server.scan_iter(self.key("busy:*")))

    def has_pending_requests(self) -> bool:
        """Queued requests, or another worker's in flight (they may queue more): then this one waits."""
        return bool(self.local) or len(self.queue) > 0 or self.others_busy()

    def enqueue_request(self, request: Any) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.crawler.spider)
            return False
        try:
            self.queue.push(request)
        except (TypeError, AttributeError, ValueError, pickle.PicklingError) as error:
            # As Scrapy's disk queues do: a request that cannot be serialized (a browser page's
            # handlers, say) stays in this worker's memory and is fetched here.
            self.local.append(request)
            self.crawler.stats.inc_value("scheduler/unserializable")
            log.debug("request kept in this worker (%s): %s", error, request.url)
            return True
        self.crawler.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Any:
        if self.local:
            return self.local.popleft()
        request = self.queue.pop()
        if request is not None:
            # Busy from the moment it leaves the queue: a worker that finds the queue empty must also
            # find this one busy, or it would end the frontier under its feet (the beat clears it later).
            self.mark_busy()
            self.crawler.stats.inc_value("scheduler/dequeued/redis")
        return request

    def mark_busy(self) -> None:
        self.server.set(self.key(f"busy:{self.worker}"), 1, ex=BUSY_SECONDS)
