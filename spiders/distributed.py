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
- `alive:<worker>`: each worker's heartbeat, renewed every second, expiring
  GOVREPORTS_REDIS_DEAD_AFTER seconds (default 15) after its last beat;
- `busy:<worker>`: set, with the same expiry, while a worker has requests
  in flight. A worker whose queue is empty waits while another (alive) is
  busy (its pages may still add requests) and closes once none is;
- `inflight:<worker>`: the requests a worker has popped and not finished,
  as they were queued (score and encoded request, by the SHA-1 of the
  encoding). A request is taken from `requests` into it in one Lua script,
  and leaves it once its response (or failure) has been handled through the
  spider and every item it gave is stored (the store pipeline's
  `item_settled` signal). A request that cannot be serialized (the
  browser's) stays in its worker's memory: `InflightLinks`, a spider
  middleware, gives it the entry of the request whose response made it, and
  that entry stays until it is handled too;
- `run` and `listed:<run>`: which run of the frontier this is, and each
  worker's reports listed per agency in it, so that every worker judges an
  agency by what all of them listed.

A worker killed with `kill -9` loses nothing: once its heartbeat expires,
the first other worker to notice (each looks every second, and before it
would close) moves its in-flight requests back to `requests` in one Lua
script (so only one does), past `seen`, and logs "requeued N in-flight
requests of dead worker X" (stat `govreports/frontier/requeued`); the
others finish the run with them. A worker that closes with requests still
in flight (its database gone) leaves them the same way. The last worker to
finish a run with nothing left deletes `requests` and `seen`, so the next
scheduled run reads the columns again; `done` only holds what was stored.

Politeness per site holds across workers: `HostGate`, a downloader
middleware, spaces the downloads to one host:port by all workers of a
frontier by GOVREPORTS_HOST_DELAY seconds (unset: DOWNLOAD_DELAY; 0: no
gate), with a token in Redis (`SET polite:<host:port> NX PX`); a worker
that finds the token taken waits, without blocking its reactor.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import socket
import uuid
from collections import Counter, deque
from typing import Any

from govreports.spiders.items import META_INFLIGHT, StoredReport
from govreports.spiders.signals import item_durable, item_settled
from redis import Redis
from redis.exceptions import RedisError
from scrapy import Request, signals
from scrapy.core.scheduler import BaseScheduler
from scrapy.dupefilters import BaseDupeFilter
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import sleep
from scrapy.utils.httpobj import urlparse_cached
from scrapy_redis.queue import PriorityQueue
from twisted.internet import task

from govreports.fetch.outcome import LISTED_BY_WORKERS, SHARED_FRONTIER
from govreports.fetch.outcome import PREFIX as AGENCY_PREFIX

log = logging.getLogger(__name__)
DEFAULT_CRAWL = "default"
DEAD_AFTER_SECONDS = 15.0  # a worker without a heartbeat this long is dead (its heartbeat beats every second)
LISTED_KEPT_SECONDS = 3600  # a finished run's counts, for the workers still closing
REQUEUED = "govreports/frontier/requeued"  # stat: in-flight requests of dead workers put back in the queue

# KEYS: requests, this worker's in-flight hash, its busy key; ARGV: the busy key's expiry (ms). The first
# request of the queue, recorded as in flight and the worker busy in the same step: a worker killed at any
# moment has each request either queued or in its in-flight hash, and a worker that finds the queue empty
# finds this one busy.
POP = """
local popped = redis.call('ZPOPMIN', KEYS[1])
if #popped == 0 then return false end
redis.call('HSET', KEYS[2], redis.sha1hex(popped[1]), popped[2] .. ' ' .. popped[1])
redis.call('SET', KEYS[3], 1, 'PX', ARGV[1])
return popped[1]
"""
# KEYS: a worker's in-flight hash, its alive key, requests, seen. Dead: its requests back in the queue (past
# `seen`), the marks in `seen` of the requests it kept in memory gone, and the hash gone; atomic, so that of two
# workers finding it dead only one requeues. The number of requests requeued; -1: it is alive.
REQUEUE = """
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
local entries = redis.call('HGETALL', KEYS[1])
local requeued = 0
for i = 1, #entries, 2 do
  local field, entry = entries[i], entries[i + 1]
  if string.sub(field, 1, 5) == 'seen:' then
    redis.call('SREM', KEYS[4], string.sub(field, 6))
  else
    local cut = string.find(entry, ' ', 1, true)
    redis.call('ZADD', KEYS[3], string.sub(entry, 1, cut - 1), string.sub(entry, cut + 1))
    requeued = requeued + 1
  end
end
redis.call('DEL', KEYS[1])
return requeued
"""
# KEYS: seen, the in-flight hash of the worker that keeps the request in memory; ARGV: its fingerprint.
SEEN_KEPT = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], 'seen:' .. ARGV[1], '')
return 1
"""


def frontier_key(crawl: str, name: str) -> str:
    return f"govreports:{crawl}:{name}"


def connect(crawler: Any) -> Redis:
    url = crawler.settings.get("GOVREPORTS_REDIS_URL")
    server = Redis.from_url(url, socket_connect_timeout=10, health_check_interval=30)
    server.ping()  # fail at the start, with the URL's error, not at the first request
    return server


def crawl_name(crawler: Any) -> str:
    return crawler.settings.get("GOVREPORTS_REDIS_CRAWL") or DEFAULT_CRAWL


def new_worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class RedisDupeFilter(BaseDupeFilter):
    """Each request once per run across workers; reports stored by any run never again."""

    def __init__(self, crawler: Any, server: Redis, crawl: str) -> None:
        self.crawler = crawler
        self.server = server
        self.fingerprinter = crawler.request_fingerprinter
        self.seen_key = frontier_key(crawl, "seen")
        self.done_key = frontier_key(crawl, "done")
        self.seen_kept = server.register_script(SEEN_KEPT)

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedisDupeFilter:
        dupefilter = cls(crawler, connect(crawler), crawl_name(crawler))
        crawler.signals.connect(dupefilter.item_durable, signal=item_durable)
        return dupefilter

    def request_seen(self, request: Any, kept_by: str | None = None) -> bool:
        """Seen (or done) already; else marked seen. `kept_by`: the in-flight hash of the worker that keeps
        the request in memory, which records the mark in the same step (`seen:<fingerprint>`), so that the
        mark goes if the worker dies before it has handled the request."""
        fingerprint = self.fingerprinter.fingerprint(request).hex()
        if self.server.sismember(self.done_key, fingerprint):
            self.crawler.stats.inc_value("govreports/jobdir/reports_done_before")
            return True
        if request.meta.get("redirect_urls"):
            return False
        if kept_by is not None:
            return self.seen_kept(keys=[self.seen_key, kept_by], args=[fingerprint]) == 0
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
        self.worker = new_worker_name()
        self.alive_ms = round(crawler.settings.getfloat("GOVREPORTS_REDIS_DEAD_AFTER", DEAD_AFTER_SECONDS) * 1000)
        self.busy_ms = self.alive_ms + 1000
        self.inflight_key = self.key(f"inflight:{self.worker}")
        self.queue: PriorityQueue | None = None
        self.heartbeat: task.LoopingCall | None = None
        self.local: deque[Any] = deque()  # requests that cannot be serialized: fetched by this worker
        # In flight: the requests popped (their entry in the in-flight hash; a local request, the entry it came
        # from), the entries whose request is handled, and what holds an entry besides its request: items
        # queued by the store pipeline and not yet settled, local requests made from its response.
        self.popped: dict[Any, str] = {}
        # The marks in `seen` of local requests, recorded in the in-flight hash: by the entry they came from,
        # or (none) by request; and the local requests popped, with their origin's entry or their mark.
        self.origin_marks: dict[str, list[str]] = {}
        self.kept_seen: dict[Any, str] = {}
        self.popped_local: dict[Any, tuple[str | None, str | None]] = {}
        self.handled: set[str] = set()
        self.holds: Counter[str] = Counter()
        self.pop_script = server.register_script(POP)
        self.requeue_script = server.register_script(REQUEUE)

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedisScheduler:
        scheduler = cls(crawler, connect(crawler), crawl_name(crawler), RedisDupeFilter.from_crawler(crawler))
        crawler.signals.connect(scheduler.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(scheduler.item_settled, signal=item_settled)
        return scheduler

    def key(self, name: str) -> str:
        return frontier_key(self.crawl, name)

    def open(self, spider: Any) -> None:
        self.join(spider)
        self.heartbeat = task.LoopingCall(self.beat)
        self.heartbeat.start(1.0, now=True)

    def join(self, spider: Any) -> None:
        self.queue = PriorityQueue(self.server, spider, self.key("requests"))
        self.run = int(self.server.get(self.key("run")) or 0)  # which run of the frontier this worker joins
        self.listed_key = self.key(f"listed:{self.run}")
        waiting = len(self.queue)
        self.crawler.stats.set_value(SHARED_FRONTIER, 1)  # govreports.fetch.outcome judges by it
        log.info("frontier %s in Redis: worker %s joins (%d requests queued)", self.crawl, self.worker, waiting)

    def close(self, reason: str) -> None:
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        self.publish_listed()
        self.release_handled()
        left = self.server.hlen(self.inflight_key)
        if left:  # not stored (the database gone): the other workers, or the next run, fetch them again
            log.warning("frontier %s: worker %s leaves %d requests in flight, for another worker to requeue",
                        self.crawl, self.worker, left)
        self.server.delete(self.key(f"busy:{self.worker}"), self.key(f"alive:{self.worker}"))
        self.read_listed()
        if reason == "finished" and not len(self.queue) and not self.others_pending():
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
        """Alive; busy while this worker has downloads or items in flight: idle workers then wait for its pages.

        Its reports listed per agency are published first, so that a worker that sees no one busy
        also sees everything listed (an agency's column pages may have been read by several workers).
        Then the requests it has finished leave its in-flight hash, and a dead worker's go back to the queue.
        """
        engine = self.crawler.engine
        items = engine.scraper.slot if engine is not None else None
        busy = engine is not None and (bool(engine.downloader.active) or bool(self.local) or (
            items is not None and not items.is_idle()))
        try:
            self.publish_listed()
            self.mark_alive(busy)
            self.release_handled()
            self.requeue_dead()
        except Exception as error:  # noqa: BLE001 - Redis away for a moment: the next beat tries again
            log.warning("frontier %s: Redis heartbeat failed: %s", self.crawl, error)

    def mark_alive(self, busy: bool) -> None:
        """Alive and busy keys in one transaction; busy outlives alive, so that a worker seen not busy is alive."""
        pipe = self.server.pipeline()
        pipe.set(self.key(f"alive:{self.worker}"), 1, px=self.alive_ms)
        if busy:
            pipe.set(self.key(f"busy:{self.worker}"), 1, px=self.busy_ms)
        else:
            pipe.delete(self.key(f"busy:{self.worker}"))
        pipe.execute()

    def worker_keys(self, kind: str) -> dict[str, str]:
        """Other workers' keys of a kind (busy, inflight), by worker name."""
        prefix = self.key(f"{kind}:")
        found = {}
        for key in self.server.scan_iter(prefix + "*"):
            worker = key.decode()[len(prefix):]
            if worker != self.worker:
                found[worker] = key.decode()
        return found

    def others_busy(self) -> bool:
        """Another worker alive and busy (a killed worker's busy key outlives it a second; it is not waited for)."""
        return any(self.server.exists(self.key(f"alive:{worker}")) for worker in self.worker_keys("busy"))

    def requeue_dead(self) -> int:
        """The in-flight requests of every dead worker, back in the queue; how many."""
        requeued = 0
        for worker, inflight in self.worker_keys("inflight").items():
            count = self.requeue_script(keys=[inflight, self.key(f"alive:{worker}"), self.key("requests"),
                                              self.key("seen")])
            if count > 0:
                log.info("frontier %s: requeued %d in-flight requests of dead worker %s", self.crawl, count, worker)
                self.crawler.stats.inc_value(REQUEUED, count)
                requeued += count
        return requeued

    def others_pending(self) -> bool:
        """A dead worker's requests just requeued, or another worker busy: the run goes on."""
        return self.requeue_dead() > 0 or self.others_busy()

    def has_pending_requests(self) -> bool:
        """Queued requests, or another worker's in flight (they may queue more): then this one waits."""
        return bool(self.local) or len(self.queue) > 0 or self.others_pending()

    def enqueue_request(self, request: Any) -> bool:
        origin = request.meta.pop(META_INFLIGHT, None)  # in Redis, a request is its own origin
        try:
            data = self.queue._encode_request(request)
        except (TypeError, AttributeError, ValueError, pickle.PicklingError) as error:
            request.meta[META_INFLIGHT] = origin
            return self.keep(request, origin, error)
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.crawler.spider)
            return False
        self.server.execute_command("ZADD", self.queue.key, -request.priority, data)  # as PriorityQueue.push
        self.crawler.stats.inc_value("scheduler/enqueued/redis")
        return True

    def keep(self, request: Any, origin: str | None, error: Exception) -> bool:
        """As Scrapy's disk queues do: a request that cannot be serialized (a browser page's handlers, say)
        stays in this worker's memory and is fetched here. The entry of the request it came from stays in
        flight until it is handled, and its mark in `seen` with it: killed, that request is fetched again,
        by a worker that makes this one again."""
        if not request.dont_filter and self.df.request_seen(request, kept_by=self.inflight_key):
            self.df.log(request, self.crawler.spider)
            return False
        mark = None
        if not request.dont_filter and not request.meta.get("redirect_urls"):
            mark = "seen:" + self.df.fingerprinter.fingerprint(request).hex()
        if origin:  # the mark goes with the origin's entry: until then its items may not be stored
            self.holds[origin] += 1
            if mark:
                self.origin_marks.setdefault(origin, []).append(mark)
        else:
            request.meta.pop(META_INFLIGHT, None)
            if mark:
                self.kept_seen[request] = mark
        self.local.append(request)
        self.crawler.stats.inc_value("scheduler/unserializable")
        log.debug("request kept in this worker (%s): %s", error, request.url)
        return True

    def next_request(self) -> Any:
        if self.local:
            request = self.local.popleft()
            # Its items and requests hold its origin's entry too (META_INFLIGHT stays in its meta).
            self.popped_local[request] = (request.meta.get(META_INFLIGHT), self.kept_seen.pop(request, None))
            return request
        # Busy from the moment it leaves the queue: a worker that finds the queue empty must also
        # find this one busy, or it would end the frontier under its feet (the beat clears it later).
        data = self.pop_script(keys=[self.key("requests"), self.inflight_key, self.key(f"busy:{self.worker}")],
                               args=[self.busy_ms])
        if data is None:
            return None
        request = self.queue._decode_request(data)
        entry = hashlib.sha1(data, usedforsecurity=False).hexdigest()  # its field, as Redis's sha1hex in POP
        request.meta[META_INFLIGHT] = entry
        self.popped[request] = entry
        self.crawler.stats.inc_value("scheduler/dequeued/redis")
        return request

    # -- requests in flight ------------------------------------------------------
    def item_scraped(self, item: Any, response: Any = None, **_: Any) -> None:
        """The store pipeline answers an item queued for its next batch with a StoredReport: held until settled."""
        request = getattr(response, "request", None)
        if isinstance(item, StoredReport) and request is not None:
            entry = request.meta.get(META_INFLIGHT)
            if entry:
                self.holds[entry] += 1

    def item_settled(self, inflight: str | None = None, **_: Any) -> None:
        """An item's batch committed (or failed for good). It may come before item_scraped: a full batch
        is stored before the store pipeline answers; the request is still in the scraper then."""
        if inflight:
            self.holds[inflight] -= 1

    def handling(self) -> set[Any]:
        """The requests this worker is downloading or handling through the spider and the item pipelines
        (Scrapy's scraper keeps a request until every item of its response is through the pipelines)."""
        engine = self.crawler.engine
        if engine is None:
            return set()
        live = set(engine.downloader.active)
        slot = engine.scraper.slot
        if slot is not None:
            live.update(slot.active)
            live.update(request for _, request, _ in slot.queue)
        return live

    def release_handled(self) -> None:
        """Entries whose request is handled and whose items are settled leave the in-flight hash."""
        live = self.handling()
        for request in [r for r in self.popped if r not in live]:
            self.handled.add(self.popped.pop(request))
        fields = []
        for request in [r for r in self.popped_local if r not in live]:
            origin, mark = self.popped_local.pop(request)
            if origin:
                self.holds[origin] -= 1
            if mark:
                fields.append(mark)
        busy = set(self.popped.values())
        for entry in [e for e in self.handled if e not in busy and self.holds[e] <= 0]:
            fields += [entry, *self.origin_marks.pop(entry, ())]
            self.handled.discard(entry)
            self.holds.pop(entry, None)
        if fields:
            self.server.hdel(self.inflight_key, *fields)


class InflightLinks:
    """Spider middleware of a shared frontier: each request a response makes names that response's in-flight
    entry (META_INFLIGHT), so that one kept in this worker's memory (RedisScheduler.enqueue_request) holds it."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> InflightLinks:
        if not crawler.settings.get("GOVREPORTS_REDIS_URL"):
            raise NotConfigured  # no word: without GOVREPORTS_REDIS_URL nothing changes, the log neither
        return cls()

    @staticmethod
    def link(response: Any, output: Any) -> Any:
        if isinstance(output, Request):
            entry = response.meta.get(META_INFLIGHT) if getattr(response, "request", None) is not None else None
            if entry:
                output.meta[META_INFLIGHT] = entry
        return output

    def process_spider_output(self, response: Any, result: Any, spider: Any = None) -> Any:
        for output in result:
            yield self.link(response, output)

    async def process_spider_output_async(self, response: Any, result: Any, spider: Any = None) -> Any:
        async for output in result:
            yield self.link(response, output)


def host_delay(settings: Any) -> float:
    """Seconds between two downloads from one host:port by all workers (GOVREPORTS_HOST_DELAY, else DOWNLOAD_DELAY)."""
    value = settings.get("GOVREPORTS_HOST_DELAY")
    if value is None or value == "":
        return settings.getfloat("DOWNLOAD_DELAY")
    return float(value)


class HostGate:
    """Politeness per site across the workers of a frontier (downloader middleware; only with GOVREPORTS_REDIS_URL).

    Before a download, the worker takes the host's token (`SET polite:<host:port> NX PX <delay>`); a token
    taken by any worker makes it wait out the token's time left, off the reactor, and try again. Each worker's
    own throttling (DOWNLOAD_DELAY, AutoThrottle, CONCURRENT_REQUESTS_PER_DOMAIN) holds as well. Redis away:
    the request goes on, throttled by its worker only (a warning per outage).
    """

    def __init__(self, crawler: Any, server: Redis, crawl: str, delay: float) -> None:
        self.crawler = crawler
        self.server = server
        self.crawl = crawl
        self.delay_ms = max(1, round(delay * 1000))
        self.worker = new_worker_name()
        self.failing = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> HostGate:
        settings = crawler.settings
        if not settings.get("GOVREPORTS_REDIS_URL"):
            raise NotConfigured  # no word: without GOVREPORTS_REDIS_URL nothing changes, the log neither
        delay = host_delay(settings)
        if delay <= 0:
            raise NotConfigured("no delay between downloads from one host across workers (GOVREPORTS_HOST_DELAY, "
                                "else DOWNLOAD_DELAY, is 0)")
        return cls(crawler, connect(crawler), crawl_name(crawler), delay)

    def token_key(self, request: Any) -> str:
        url = urlparse_cached(request)
        port = url.port or {"http": 80, "https": 443}.get(url.scheme, 0)
        return frontier_key(self.crawl, f"polite:{(url.hostname or '').lower()}:{port}")

    async def process_request(self, request: Any, spider: Any = None) -> None:
        key = self.token_key(request)
        waited = 0.0
        while True:
            try:
                if self.server.set(key, self.worker, nx=True, px=self.delay_ms):
                    break
                left = self.server.pttl(key)
            except RedisError as error:
                if not self.failing:
                    log.warning("politeness across workers off while Redis is away (%s): %s", error, request.url)
                    self.failing = True
                return None
            pause = (left if left > 0 else 1) / 1000
            waited += pause
            await sleep(pause)
        if self.failing:
            log.info("politeness across workers back: Redis answers again")
            self.failing = False
        if waited:
            stats = self.crawler.stats
            stats.inc_value("govreports/politeness/waits")
            stats.inc_value("govreports/politeness/waited_ms", round(waited * 1000))
        return None
