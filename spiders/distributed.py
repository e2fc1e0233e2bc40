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
frontier, with a token in Redis (`SET polite:<host:port> NX PX`); a worker
that finds the token taken waits, without blocking its reactor. The token
lasts GOVREPORTS_HOST_DELAY seconds (0: no gate); unset, with AutoThrottle
on (the project's default), the delay AutoThrottle keeps for that host in
the worker that downloads, so that N workers together go at the pace of
one throttled process rather than N times it; else DOWNLOAD_DELAY.

Redis going away under a running crawl (a restart, a network cut) is waited
out: every Redis call of the frontier goes through one `RedisWait` per
crawl, which logs "Redis unavailable at <url> (<error>); waiting up to N s"
once, tries again with a backoff (0.25 s, 0.5 s… at most 2 s apart) for up
to GOVREPORTS_REDIS_WAIT seconds (default 60) since the outage began, and
logs "Redis back after X s" when Redis answers again. Nothing sleeps on the
reactor meanwhile: the scheduler gives the engine no request (and says it
has pending ones, so the crawl does not end), keeps the requests the
spider makes in a local buffer, each holding the in-flight entry of the
response that made it, and queues them once Redis is back; the heartbeat
keeps trying, and a failed heartbeat is not a dead worker (after an outage
no worker requeues another's requests, nor closes, before every one has had
a few seconds to beat again). A call Redis ran without its answer reaching
the worker (Redis stopped mid-call) is safe to make again: a request queued
twice is one member of the queue, a mark in `seen` the worker finds in its
own in-flight hash is its own, and after a pop that may have run, requests
in its in-flight hash that the worker never got go back to the queue (stat
`govreports/frontier/reclaimed`). Redis away longer than the wait: the crawl
closes with reason "frontier unavailable" (govreports.fetch.outcome: exit
1), leaving its in-flight requests in Redis for another worker or the next
run.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import socket
import time
import uuid
import weakref
from collections import Counter, deque
from collections.abc import Callable, Container
from typing import Any

from govreports.spiders.items import META_INFLIGHT, StoredReport
from govreports.spiders.signals import item_durable, item_settled
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry
from scrapy import Request, signals
from scrapy.core.scheduler import BaseScheduler
from scrapy.dupefilters import BaseDupeFilter
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import sleep
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.httpobj import urlparse_cached
from scrapy_redis.queue import PriorityQueue
from twisted.internet import task

from govreports.fetch.outcome import (
    FRONTIER_GONE,
    FRONTIER_UNAVAILABLE,
    LISTED_BY_WORKERS,
    SHARED_FRONTIER,
)
from govreports.fetch.outcome import PREFIX as AGENCY_PREFIX

log = logging.getLogger(__name__)
DEFAULT_CRAWL = "default"
DEAD_AFTER_SECONDS = 15.0  # a worker without a heartbeat this long is dead (its heartbeat beats every second)
LISTED_KEPT_SECONDS = 3600  # a finished run's counts, for the workers still closing
REQUEUED = "govreports/frontier/requeued"  # stat: in-flight requests of dead workers put back in the queue
RECLAIMED = "govreports/frontier/reclaimed"  # stat: a worker's own popped requests whose answer Redis never sent
DEFAULT_WAIT = 60.0  # GOVREPORTS_REDIS_WAIT: how long a crawl waits for Redis to come back
FIRST_DELAY, MAX_DELAY = 0.25, 2.0  # between two tries while Redis is away
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)  # also Redis loading its data after a restart

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
# KEYS: done, seen, requests; ARGV: the request's fingerprint, its filter (`seen`: skipped if done or seen, else
# marked seen; `done`: skipped if done, as a redirect; empty: dont_filter), its score and its encoding. 2: done
# before, 0: seen, 1: queued. One step, so that a request marked seen is also queued, whenever Redis goes away.
ENQUEUE = """
if ARGV[2] ~= '' and redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 2 end
if ARGV[2] == 'seen' and redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
return 1
"""
# KEYS: seen, the in-flight hash of the worker that keeps the request in memory; ARGV: its fingerprint. 1: marked
# now; 0: seen before; 3: seen before, the mark in this hash (the worker's own: a call whose answer was lost).
SEEN_KEPT = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then
  if redis.call('HEXISTS', KEYS[2], 'seen:' .. ARGV[1]) == 1 then return 3 end
  return 0
end
redis.call('HSET', KEYS[2], 'seen:' .. ARGV[1], '')
return 1
"""
# KEYS: a worker's in-flight hash, requests; ARGV: fields of the hash. Those requests back in the queue, their
# entries gone; how many.
RECLAIM = """
local requeued = 0
for i = 1, #ARGV do
  local entry = redis.call('HGET', KEYS[1], ARGV[i])
  if entry then
    local cut = string.find(entry, ' ', 1, true)
    redis.call('ZADD', KEYS[2], string.sub(entry, 1, cut - 1), string.sub(entry, cut + 1))
    redis.call('HDEL', KEYS[1], ARGV[i])
    requeued = requeued + 1
  end
end
return requeued
"""


def frontier_key(crawl: str, name: str) -> str:
    return f"govreports:{crawl}:{name}"


def connect(crawler: Any) -> Redis:
    url = crawler.settings.get("GOVREPORTS_REDIS_URL")
    # No retries inside redis-py (they sleep on the reactor): RedisWait tries again, without blocking. The calls
    # are synchronous: a host that drops packets holds the reactor up to these timeouts per try.
    server = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=30,
                            retry=Retry(NoBackoff(), 0))
    server.ping()  # fail at the start, with the URL's error, not at the first request
    return server


def shown_url(url: str) -> str:
    """The Redis URL without its password, for the log."""
    scheme, sep, rest = url.partition("://")
    _, at, host = rest.rpartition("@")
    return f"{scheme}{sep}{host}" if at else url


class RedisAway(Exception):
    """Redis does not answer now: the caller tries again later (RedisWait.call) or waits (RedisWait.run)."""


class FrontierGone(RedisAway):
    """Redis stayed away longer than GOVREPORTS_REDIS_WAIT: the crawl closes ("frontier unavailable")."""


WAITS: weakref.WeakKeyDictionary[Any, RedisWait] = weakref.WeakKeyDictionary()


class RedisWait:
    """The Redis calls of one crawl's frontier, through an outage of at most `wait` seconds.

    `call(fn)` tries fn() once: a connection error (or timeout, or Redis loading its data) raises RedisAway,
    and the next tries are spaced 0.25 s, 0.5 s… at most 2 s apart (a call before its time raises RedisAway
    without asking Redis). The first failure logs "Redis unavailable at …; waiting up to N s", the first
    answer after it "Redis back after X s". Once `wait` seconds have passed since the outage began, every call
    raises FrontierGone and `give_up` is called once. `run(fn)` is the same for a coroutine: it sleeps
    between tries instead of raising RedisAway.
    """

    def __init__(self, url: str, wait: float, stats: Any = None, give_up: Any = None, clock: Any = time.monotonic):
        self.url = shown_url(url)
        self.wait = wait
        self.stats = stats
        self.give_up = give_up
        self.clock = clock
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.delay = FIRST_DELAY
        self.back_at: float | None = None
        self.gone: str | None = None  # why the crawl gave up on Redis, once it did

    @classmethod
    def of(cls, crawler: Any) -> RedisWait:
        """The crawl's one RedisWait: its scheduler, filter and middlewares wait out one outage together."""
        if crawler not in WAITS:
            def give_up(why: str) -> None:
                crawler.stats.set_value(FRONTIER_GONE, why)
                engine = crawler.engine
                if engine is not None and engine.spider is not None:
                    deferred_from_coro(engine.close_spider_async(reason=FRONTIER_UNAVAILABLE))

            wait = crawler.settings.getfloat("GOVREPORTS_REDIS_WAIT", DEFAULT_WAIT)
            WAITS[crawler] = cls(crawler.settings.get("GOVREPORTS_REDIS_URL") or "", wait, crawler.stats, give_up)
        return WAITS[crawler]

    @property
    def away(self) -> bool:
        return self.down_since is not None

    def since_back(self) -> float | None:
        """Seconds since Redis answered again after an outage (None: no outage so far)."""
        return None if self.back_at is None else self.clock() - self.back_at

    def call(self, fn: Any) -> Any:
        if self.gone is not None:
            raise FrontierGone(self.gone)
        now = self.clock()
        if self.down_since is not None and now < self.retry_at:
            self.check(now)
            raise RedisAway(self.url)
        try:
            result = fn()
        except REDIS_DOWN as error:
            self.failed(error, now)
            raise RedisAway(f"{self.url}: {error}") from error
        if self.down_since is not None:
            log.warning("Redis back after %.1f s", now - self.down_since)
            self.down_since, self.back_at, self.delay = None, now, FIRST_DELAY
        return result

    async def run(self, fn: Any) -> Any:
        while True:
            try:
                return self.call(fn)
            except FrontierGone:
                raise
            except RedisAway:
                await sleep(max(self.retry_at - self.clock(), 0.05))

    def failed(self, error: BaseException, now: float) -> None:
        if self.down_since is None:
            self.down_since, self.delay = now, FIRST_DELAY
            log.warning("Redis unavailable at %s (%s); waiting up to %.0f s", self.url, error, self.wait)
        else:
            self.delay = min(self.delay * 2, MAX_DELAY)
        self.retry_at = min(now + self.delay, self.down_since + self.wait)
        if self.stats is not None:
            self.stats.inc_value("govreports/frontier/redis_retries")
        self.check(now, error)

    def check(self, now: float, error: BaseException | None = None) -> None:
        """Away longer than the wait: give up (once) and raise FrontierGone."""
        assert self.down_since is not None
        if now - self.down_since < self.wait:
            return
        self.gone = f"Redis at {self.url} unavailable" + (f" ({error})" if error else "") + \
            f"; gave up after {self.wait:.0f} s"
        log.error("Redis unavailable at %s for %.0f s; giving up: the crawl stops (%s)", self.url, self.wait,
                  FRONTIER_UNAVAILABLE)
        if self.give_up is not None:
            self.give_up(self.gone)
        raise FrontierGone(self.gone)


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
        self.enqueue_script = server.register_script(ENQUEUE)
        self.frontier = RedisWait.of(crawler)
        self.done_later: list[str] = []  # stored while Redis was away: marked done once it is back

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedisDupeFilter:
        dupefilter = cls(crawler, connect(crawler), crawl_name(crawler))
        crawler.signals.connect(dupefilter.item_durable, signal=item_durable)
        return dupefilter

    def request_seen(self, request: Any, kept_by: str | None = None,
                     marks: Callable[[], Container[str]] = frozenset) -> bool:
        """Seen (or done) already; else marked seen. `kept_by`: the in-flight hash of the worker that keeps
        the request in memory, which records the mark in the same step (`seen:<fingerprint>`), so that the
        mark goes if the worker dies before it has handled the request; `marks`: the marks that worker knows
        of, asked only when its hash holds this one (one it does not know is its own, from a call whose
        answer Redis never sent)."""
        fingerprint = self.fingerprinter.fingerprint(request).hex()
        if self.server.sismember(self.done_key, fingerprint):
            self.crawler.stats.inc_value("govreports/jobdir/reports_done_before")
            return True
        if request.meta.get("redirect_urls"):
            return False
        if kept_by is not None:
            found = self.seen_kept(keys=[self.seen_key, kept_by], args=[fingerprint])
            return found == 0 or (found == 3 and f"seen:{fingerprint}" in marks())
        return self.server.sadd(self.seen_key, fingerprint) == 0

    def queue(self, request: Any, queue_key: str, data: bytes) -> bool:
        """The request, encoded, in the queue unless seen (or done) already; marked seen in the same step."""
        check = "" if request.dont_filter else "done" if request.meta.get("redirect_urls") else "seen"
        fingerprint = self.fingerprinter.fingerprint(request).hex()
        found = self.enqueue_script(keys=[self.done_key, self.seen_key, queue_key],
                                    args=[fingerprint, check, -request.priority, data])  # as PriorityQueue.push
        if found == 2:
            self.crawler.stats.inc_value("govreports/jobdir/reports_done_before")
        return found == 1

    def item_durable(self, fingerprint: str | None = None, **_: Any) -> None:
        if fingerprint:
            self.done_later.append(fingerprint)
            self.flush_done()

    def flush_done(self) -> None:
        """The reports stored, marked done (when Redis answers; else at the next try)."""
        if self.done_later:
            try:
                self.frontier.call(lambda: self.server.sadd(self.done_key, *self.done_later))
            except RedisAway:
                return
            self.done_later.clear()

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
        # Redis away: the requests the spider made, queued once it is back (each holds its origin's entry),
        # and the entries handled, to leave the in-flight hash then.
        self.waiting: deque[Any] = deque()
        self.release_later: list[str] = []
        self.frontier = RedisWait.of(crawler)
        self.grace = min(self.alive_ms / 1000, 2 * MAX_DELAY + 1)  # after an outage: every worker beats again
        self.pop_script = server.register_script(POP)
        self.requeue_script = server.register_script(REQUEUE)
        self.reclaim_script = server.register_script(RECLAIM)
        # A pop whose answer was lost (Redis went away while it ran): Redis may have moved a request into this
        # worker's in-flight hash that the worker never got. Until the hash is checked, the crawl goes on.
        self.unsure = False

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

    def close(self, reason: str) -> Any:
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        return deferred_from_coro(self.leave(reason))

    async def leave(self, reason: str) -> None:
        """Redis away: waited for (as any call); gone, the worker's in-flight requests stay in Redis, for another
        worker to requeue once its heartbeat has expired, or for the next run."""
        try:
            while not self.flush():
                if self.frontier.gone is not None:
                    raise FrontierGone(self.frontier.gone)
                await sleep(0.25)
            await self.frontier.run(lambda: self.leave_frontier(reason))
        except FrontierGone:
            if self.waiting:  # their origins' entries are still in flight: fetched again, they make them again
                self.crawler.stats.set_value("govreports/frontier/not_queued", len(self.waiting))
            log.warning("frontier %s: worker %s leaves without Redis: %d requests not queued, their responses and "
                        "%d others in flight, for another worker (or the next run) to fetch again", self.crawl,
                        self.worker, len(self.waiting), len(self.popped) + len(self.handled))

    def leave_frontier(self, reason: str) -> None:
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
        busy = busy or bool(self.waiting) or self.unsure
        try:
            self.frontier.call(lambda: self.mark_alive(busy))  # first: after an outage, alive again at once
            back = self.frontier.since_back()
            self.frontier.call(self.publish_listed)
            if self.flush():
                self.frontier.call(self.release_handled)
                self.frontier.call(self.requeue_dead)
            if back is not None and back < 2:  # Redis back: the engine asks for requests now, not in 5 s
                slot = getattr(self.crawler.engine, "_slot", None)
                if slot is not None:
                    slot.nextcall.schedule()
        except RedisAway:
            pass  # said once by RedisWait; the next beat tries again (gone: the crawl is closing)
        except Exception as error:  # noqa: BLE001 - the next beat tries again
            log.warning("frontier %s: heartbeat failed: %s", self.crawl, error)

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

    def recovering(self) -> bool:
        """Redis came back from an outage a moment ago: the others may not have beaten since (their keys expired
        meanwhile), and are not judged dead or idle yet."""
        back = self.frontier.since_back()
        return back is not None and back < self.grace

    def requeue_dead(self) -> int:
        """The in-flight requests of every dead worker, back in the queue; how many."""
        requeued = 0
        if self.recovering():
            return 0
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
        """Queued requests, or another worker's in flight (they may queue more): then this one waits.
        Redis away (or just back): pending, the crawl waits."""
        if self.local or self.waiting or self.unsure or self.recovering():
            return True
        try:
            return self.frontier.call(lambda: len(self.queue) > 0 or self.others_pending())
        except RedisAway:
            return True

    def enqueue_request(self, request: Any) -> bool:
        """Queued in Redis; Redis away, kept in `waiting` (holding its origin's entry) until it is back."""
        if not self.waiting:
            try:
                return self.frontier.call(lambda: self.enqueue(request))
            except RedisAway:
                pass
        self.waiting.append(request)
        origin = request.meta.get(META_INFLIGHT)
        if origin:
            self.holds[origin] += 1
        self.flush()
        return True

    def flush(self) -> bool:
        """The requests kept while Redis was away, queued, and the entries handled meanwhile released, in order;
        whether all are (Redis answers)."""
        self.df.flush_done()
        while self.waiting:
            request = self.waiting[0]
            origin = request.meta.get(META_INFLIGHT)
            try:
                self.frontier.call(lambda: self.enqueue(request))
            except RedisAway:
                return False
            self.waiting.popleft()
            if origin:
                self.holds[origin] -= 1
        if self.release_later:
            try:
                self.frontier.call(lambda: self.server.hdel(self.inflight_key, *self.release_later))
            except RedisAway:
                return False
            self.release_later.clear()
        if self.unsure:
            try:
                self.frontier.call(self.reclaim)
            except RedisAway:
                return False
        return not self.df.done_later

    def known_entries(self) -> set[str]:
        """The fields of the in-flight hash this worker put there and knows of."""
        return {*self.popped.values(), *self.handled, *self.release_later, *self.holds, *self.origin_marks,
                *(m for found in self.origin_marks.values() for m in found), *self.kept_seen.values(),
                *(m for _, m in self.popped_local.values() if m)}

    def reclaim(self) -> None:
        """Requests in this worker's in-flight hash that it never got (a pop whose answer was lost), back in the
        queue: else they would stay in flight, fetched by no one, while this worker lives."""
        known = self.known_entries()
        lost = [f for f in self.server.hkeys(self.inflight_key)
                if not f.startswith(b"seen:") and f.decode() not in known]
        count = self.reclaim_script(keys=[self.inflight_key, self.key("requests")], args=lost) if lost else 0
        self.unsure = False
        if count:
            log.warning("frontier %s: worker %s put back %d requests popped while Redis went away (their answer "
                        "lost)", self.crawl, self.worker, count)
            self.crawler.stats.inc_value(RECLAIMED, count)

    def enqueue(self, request: Any) -> bool:
        """Queued (or kept in memory), unless seen; a Redis error leaves the request as it was, to try again."""
        origin = request.meta.pop(META_INFLIGHT, None)  # in Redis, a request is its own origin
        try:
            data = self.queue._encode_request(request)
        except (TypeError, AttributeError, ValueError, pickle.PicklingError) as error:
            request.meta[META_INFLIGHT] = origin
            return self.keep(request, origin, error)
        try:
            queued = self.df.queue(request, self.queue.key, data)
        except BaseException:
            if origin is not None:
                request.meta[META_INFLIGHT] = origin
            raise
        if not queued:
            self.df.log(request, self.crawler.spider)
            return False
        self.crawler.stats.inc_value("scheduler/enqueued/redis")
        return True

    def keep(self, request: Any, origin: str | None, error: Exception) -> bool:
        """As Scrapy's disk queues do: a request that cannot be serialized (a browser page's handlers, say)
        stays in this worker's memory and is fetched here. The entry of the request it came from stays in
        flight until it is handled, and its mark in `seen` with it: killed, that request is fetched again,
        by a worker that makes this one again."""
        if not request.dont_filter and self.df.request_seen(request, kept_by=self.inflight_key,
                                                            marks=self.known_entries):
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
        # Redis away: no request now (the engine asks again); what the spider made first, once it is back.
        if not self.flush():
            return None
        try:
            data = self.frontier.call(lambda: self.pop_script(
                keys=[self.key("requests"), self.inflight_key, self.key(f"busy:{self.worker}")], args=[self.busy_ms]))
        except RedisAway:
            self.unsure = True  # Redis may have run it before it went away
            return None
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
        """Entries whose request is handled and whose items are settled leave the in-flight hash (Redis away:
        once it is back)."""
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
        self.release_later += fields
        if self.release_later:
            self.server.hdel(self.inflight_key, *self.release_later)
            self.release_later.clear()


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


def host_delay(settings: Any) -> float | None:
    """Seconds between two downloads from one host:port by all workers; None: the worker's AutoThrottle delay for
    that host (GOVREPORTS_HOST_DELAY; unset, AutoThrottle's when it is on, else DOWNLOAD_DELAY)."""
    value = settings.get("GOVREPORTS_HOST_DELAY")
    if value is not None and value != "":
        return float(value)
    return None if settings.getbool("AUTOTHROTTLE_ENABLED") else settings.getfloat("DOWNLOAD_DELAY")


class HostGate:
    """Politeness per site across the workers of a frontier (downloader middleware; only with GOVREPORTS_REDIS_URL).

    Before a download, the worker takes the host's token (`SET polite:<host:port> NX PX <delay>`); a token
    taken by any worker makes it wait out the token's time left, off the reactor, and try again. Each worker's
    own throttling (DOWNLOAD_DELAY, AutoThrottle, CONCURRENT_REQUESTS_PER_DOMAIN) holds as well. Redis away:
    the download waits for it (RedisWait); gone for good, it goes on while the crawl closes.
    """

    def __init__(self, crawler: Any, server: Redis, crawl: str, delay: float | None) -> None:
        self.crawler = crawler
        self.server = server
        self.crawl = crawl
        # None: follow the worker's AutoThrottle, whose first delay for a host is its start delay
        self.delay_ms = None if delay is None else max(1, round(delay * 1000))
        settings = crawler.settings
        self.start_delay = max(settings.getfloat("DOWNLOAD_DELAY"), settings.getfloat("AUTOTHROTTLE_START_DELAY"))
        self.worker = new_worker_name()
        self.frontier = RedisWait.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Any) -> HostGate:
        settings = crawler.settings
        if not settings.get("GOVREPORTS_REDIS_URL"):
            raise NotConfigured  # no word: without GOVREPORTS_REDIS_URL nothing changes, the log neither
        delay = host_delay(settings)
        if delay is not None and delay <= 0:
            raise NotConfigured("no delay between downloads from one host across workers (GOVREPORTS_HOST_DELAY, "
                                "else AutoThrottle, else DOWNLOAD_DELAY, is 0)")
        return cls(crawler, connect(crawler), crawl_name(crawler), delay)

    def token_ms(self, request: Any) -> int:
        """How long this download keeps the host's token: the set delay, or this worker's AutoThrottle delay."""
        if self.delay_ms is not None:
            return self.delay_ms
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        return round((self.start_delay if slot is None else slot.delay) * 1000)

    def token_key(self, request: Any) -> str:
        url = urlparse_cached(request)
        port = url.port or {"http": 80, "https": 443}.get(url.scheme, 0)
        return frontier_key(self.crawl, f"polite:{(url.hostname or '').lower()}:{port}")

    def take(self, key: str, ms: int) -> int | None:
        """The host's token taken for ms (None), or the milliseconds it stays taken by another download."""
        if self.server.set(key, self.worker, nx=True, px=ms):
            return None
        return self.server.pttl(key)

    async def process_request(self, request: Any, spider: Any = None) -> None:
        ms = self.token_ms(request)
        if ms <= 0:
            return None  # AutoThrottle lets this host go without a delay
        key = self.token_key(request)
        waited = 0.0
        while True:
            try:
                left = await self.frontier.run(lambda: self.take(key, ms))
            except FrontierGone:
                return None
            if left is None:
                break
            pause = (left if left > 0 else 1) / 1000
            waited += pause
            await sleep(pause)
        if waited:
            stats = self.crawler.stats
            stats.inc_value("govreports/politeness/waits")
            stats.inc_value("govreports/politeness/waited_ms", round(waited * 1000))
        return None
