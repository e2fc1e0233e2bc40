"""The shared frontier's parts alone (spiders/distributed.py), on a real redis-server: get_crawler, fake requests.

The in-flight hash: a popped request is recorded with its score; it stays while its items await their batch
and while a request it made is kept in memory; a dead worker's requests go back to the queue once, past `seen`. The host gate: two workers' downloads from
one host spaced by the delay, other hosts not delayed. A challenge cookie one worker earned, sent by the others.
Redis away: each call tried again with a backoff and one line logged for the outage; the requests a worker makes
meanwhile kept until Redis is back; away longer than the wait, the crawl gives up.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from govreports.spiders.browser import BrowserCookiesMiddleware
from govreports.spiders.distributed import (
    RECLAIMED,
    REQUEUED,
    FrontierGone,
    HostGate,
    InflightLinks,
    RedisAway,
    RedisScheduler,
    RedisWait,
)
from govreports.spiders.items import META_INFLIGHT, StoredReport
from redis.exceptions import BusyLoadingError
from redis.exceptions import ConnectionError as RedisConnectionError
from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from tests.services import redis_server

ADDRESS = "127.0.0.32"


class Probe(Spider):
    name = "probe"


class Engine:
    """What the scheduler reads of Scrapy's engine: the requests downloading, and those the scraper handles."""

    def __init__(self) -> None:
        self.downloader = SimpleNamespace(active=set())
        self.scraper = SimpleNamespace(slot=None)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> Iterator[str]:
    with redis_server(ADDRESS, tmp_path_factory.mktemp("redis")) as url:
        yield url


def crawler_for(redis_url: str, crawl: str, **settings):
    crawler = get_crawler(Probe, {"GOVREPORTS_REDIS_URL": redis_url, "GOVREPORTS_REDIS_CRAWL": crawl, **settings})
    crawler.stats.open_spider()
    return crawler


def worker(redis_url: str, crawl: str) -> RedisScheduler:
    """A worker's scheduler joined to the frontier, alive, without its heartbeat (no reactor here)."""
    crawler = crawler_for(redis_url, crawl)
    crawler.spider = Probe()
    crawler.engine = Engine()
    scheduler = RedisScheduler.from_crawler(crawler)
    scheduler.join(crawler.spider)
    scheduler.mark_alive(busy=False)
    return scheduler


def stored(url: str) -> StoredReport:
    return StoredReport(url=url, crawled_agency="甲局", title=None, agency=None, region={}, year=None,
                        publish_date=None, metadata={}, template=None, tables={}, checks=[], text="", status="parsed",
                        reason=None)


def test_a_dead_workers_requests_go_back_to_the_queue_once_past_seen(redis_url, caplog) -> None:
    a, b = worker(redis_url, "dead"), worker(redis_url, "dead")
    for n, priority in ((1, 0), (2, 5), (3, 0)):
        assert a.enqueue_request(Request(f"http://127.0.0.11:8000/{n}", priority=priority))
    taken = [a.next_request(), a.next_request()]
    assert [r.url for r in taken] == ["http://127.0.0.11:8000/2", "http://127.0.0.11:8000/1"]
    assert a.server.hlen(a.inflight_key) == 2 and len(a.queue) == 1
    assert all(r.meta[META_INFLIGHT] for r in taken)
    assert b.requeue_dead() == 0  # alive: its requests are its own

    a.server.delete(a.key(f"alive:{a.worker}"))  # killed: its heartbeat expires
    caplog.set_level("INFO", logger="govreports.spiders.distributed")
    assert b.others_pending()  # what a worker asks before it closes, and every second
    assert b.requeue_dead() == 0 and len(b.queue) == 3 and not b.server.exists(a.inflight_key)
    assert f"requeued 2 in-flight requests of dead worker {a.worker}" in caplog.text
    assert b.crawler.stats.get_value(REQUEUED) == 2
    assert b.df.request_seen(Request("http://127.0.0.11:8000/2"))  # still seen, and queued again all the same
    again = [b.next_request() for _ in range(3)]
    assert [r.url for r in again] == [f"http://127.0.0.11:8000/{n}" for n in (2, 1, 3)]  # with their priority
    b.release_handled()  # nothing in flight any more
    assert not b.server.exists(b.inflight_key)


def test_an_entry_stays_until_the_items_of_its_response_are_settled_in_either_order(redis_url) -> None:
    a = worker(redis_url, "settle")
    for n in (1, 2):
        a.enqueue_request(Request(f"http://127.0.0.11:8000/{n}"))
    first, second = a.next_request(), a.next_request()
    a.crawler.engine.downloader.active.update((first, second))
    a.release_handled()  # downloading
    assert a.server.hlen(a.inflight_key) == 2
    a.crawler.engine.downloader.active.clear()
    a.item_scraped(stored(first.url), Response(first.url, request=first))  # queued for the store's next batch
    a.item_settled(inflight=second.meta[META_INFLIGHT])  # a full batch is stored before the store answers
    a.item_scraped(stored(second.url), Response(second.url, request=second))
    a.release_handled()
    assert a.server.hkeys(a.inflight_key) == [first.meta[META_INFLIGHT].encode()]
    a.item_settled(inflight=first.meta[META_INFLIGHT])
    a.release_handled()
    assert not a.server.exists(a.inflight_key)


def test_a_request_kept_in_memory_holds_the_entry_of_the_response_that_made_it(redis_url) -> None:
    a = worker(redis_url, "local")
    a.enqueue_request(Request("http://127.0.0.11:8000/column"))
    column = a.next_request()
    entry = column.meta[META_INFLIGHT]
    made = [InflightLinks.link(Response(column.url, request=column), Request(url, meta={"page": page}))
            for url, page in (("http://127.0.0.11:8000/report", None), ("http://127.0.0.11:8000/js", lambda: 0))]
    assert all(r.meta[META_INFLIGHT] == entry for r in made)
    assert a.enqueue_request(made[0]) and a.enqueue_request(made[1])  # the second cannot be pickled: kept here
    assert len(a.local) == 1 and len(a.queue) == 1
    mark = "seen:" + a.df.fingerprinter.fingerprint(made[1]).hex()
    a.release_handled()  # the column is handled; its browser page is not
    assert sorted(a.server.hkeys(a.inflight_key)) == sorted([entry.encode(), mark.encode()])
    browser = a.next_request()
    assert browser is made[1]
    a.crawler.engine.downloader.active.add(browser)
    a.release_handled()
    assert a.server.hlen(a.inflight_key) == 2
    a.crawler.engine.downloader.active.clear()
    a.release_handled()
    assert not a.server.exists(a.inflight_key)


def test_a_dead_worker_that_kept_a_request_in_memory_leaves_its_origin_queued_and_its_mark_in_seen_gone(
        redis_url) -> None:
    a, b = worker(redis_url, "local-dead"), worker(redis_url, "local-dead")
    a.enqueue_request(Request("http://127.0.0.11:8000/column"))
    column = a.next_request()
    browser = InflightLinks.link(Response(column.url, request=column),
                                 Request("http://127.0.0.11:8000/js", meta={"page": lambda: 0}))
    assert a.enqueue_request(browser)
    a.server.delete(a.key(f"alive:{a.worker}"))  # killed before it fetched the page
    assert b.requeue_dead() == 1
    assert b.next_request().url == column.url  # fetched again, it makes the page again: not seen any more
    assert b.enqueue_request(InflightLinks.link(Response(column.url, request=column),
                                                Request("http://127.0.0.11:8000/js", meta={"page": lambda: 0})))
    assert len(b.local) == 1


def test_the_host_gate_spaces_one_hosts_downloads_across_workers_and_not_other_hosts(redis_url) -> None:
    gates = [HostGate.from_crawler(crawler_for(redis_url, "gate", GOVREPORTS_HOST_DELAY="0.2")) for _ in range(2)]
    passed: list[tuple[str, int, float]] = []

    async def fetch(n: int, url: str) -> None:
        await gates[n].process_request(Request(url))
        passed.append((url, n, time.monotonic()))

    async def scenario() -> float:
        start = time.monotonic()
        await asyncio.gather(*(fetch(n, "http://127.0.0.11:8000/") for n in (0, 1, 0, 1)),
                             fetch(0, "http://127.0.0.12:8000/"), fetch(1, "http://127.0.0.11:8001/"))
        return start

    start = asyncio.run(scenario())
    one = [t for url, _, t in sorted(passed, key=lambda p: p[2]) if url == "http://127.0.0.11:8000/"]
    assert len(one) == 4 and all(later - earlier >= 0.19 for earlier, later in zip(one, one[1:])), one
    assert all(t - start < 0.1 for url, _, t in passed if url != "http://127.0.0.11:8000/")
    assert sum(g.crawler.stats.get_value("govreports/politeness/waits", 0) for g in gates) == 3


def test_unset_the_host_gate_follows_each_workers_autothrottle_delay_for_the_host(redis_url) -> None:
    """N workers together at the pace of one throttled process: the token lasts the downloading worker's
    AutoThrottle delay for that host (its start delay before its first response from there)."""
    slots = {"127.0.0.11": SimpleNamespace(delay=0.3), "127.0.0.14": SimpleNamespace(delay=0.0)}
    downloader = SimpleNamespace(slots=slots, get_slot_key=lambda request: request.url.split("/")[2].split(":")[0])
    gates = []
    for _ in range(2):
        crawler = crawler_for(redis_url, "follow", AUTOTHROTTLE_ENABLED=True, AUTOTHROTTLE_START_DELAY=0.2)
        crawler.engine = SimpleNamespace(downloader=downloader)
        gates.append(HostGate.from_crawler(crawler))
    passed: list[tuple[str, float]] = []

    async def fetch(n: int, url: str) -> None:
        await gates[n].process_request(Request(url))
        passed.append((url, time.monotonic()))

    async def scenario() -> float:
        start = time.monotonic()
        await asyncio.gather(*(fetch(n, url) for url in ("http://127.0.0.11:8000/", "http://127.0.0.13:8000/",
                                                          "http://127.0.0.14:8000/") for n in (0, 1, 0)))
        return start

    start = asyncio.run(scenario())
    # A pass is timed when its coroutine runs again, which a loaded machine delays by some milliseconds: a gap may
    # look that much shorter than the token's life (0.286 s of 0.3 once, in a full suite). Still, 0.3 is told from
    # the start delay's 0.2 and 0.2 from none.
    jitter = 0.04
    for url, delay in (("http://127.0.0.11:8000/", 0.3), ("http://127.0.0.13:8000/", 0.2)):
        times = sorted(t for u, t in passed if u == url)
        assert len(times) == 3 and all(b - a >= delay - jitter for a, b in zip(times, times[1:])), (url, times)
        assert times[-1] - start < 2 * delay + 0.2  # no more than that either
    assert all(t - start < 0.1 for u, t in passed if u == "http://127.0.0.14:8000/")  # AutoThrottle says 0


def test_no_host_gate_without_a_shared_frontier_or_without_a_delay(redis_url) -> None:
    with pytest.raises(NotConfigured):
        HostGate.from_crawler(get_crawler(Probe, {"DOWNLOAD_DELAY": 1}))
    with pytest.raises(NotConfigured):
        HostGate.from_crawler(crawler_for(redis_url, "gate", DOWNLOAD_DELAY=1, GOVREPORTS_HOST_DELAY="0"))
    assert HostGate.from_crawler(crawler_for(redis_url, "gate", DOWNLOAD_DELAY=0.5)).delay_ms == 500
    with pytest.raises(NotConfigured):
        HostGate.from_crawler(crawler_for(redis_url, "gate", AUTOTHROTTLE_ENABLED=True, GOVREPORTS_HOST_DELAY="0"))


class Page:
    """What the cookies middleware reads of a browser page: its context's cookies."""

    def __init__(self, cookies: list[dict[str, str]]) -> None:
        self.context = SimpleNamespace(cookies=self.cookies)
        self._cookies = cookies

    async def cookies(self) -> list[dict[str, str]]:
        return self._cookies

    async def close(self) -> None:
        pass


def test_a_challenge_cookie_one_worker_earned_serves_the_others_over_plain_http(redis_url) -> None:
    earner, other = (BrowserCookiesMiddleware.from_crawler(crawler_for(redis_url, "cookies")) for _ in range(2))
    url = "http://127.0.0.5:8000/report.pdf"
    challenge = HtmlResponse(url, status=412, body=b"<script>document.cookie='x'</script>")

    async def scenario() -> tuple[object, object, object]:
        before = await other.process_response(Request(url), challenge)
        page = Page([{"domain": "127.0.0.5", "name": "__jsl_clearance", "value": "ok"}])
        await earner.process_response(Request(url, meta={"playwright": True, "playwright_page": page}),
                                      HtmlResponse(url, body=b"<html></html>"))
        again = await other.process_response(Request(url), challenge)
        rejected = await other.process_response(again, challenge)
        return before, again, rejected

    before, again, rejected = asyncio.run(scenario())
    assert before is challenge  # none earned yet: the spider asks the browser
    assert isinstance(again, Request) and again.cookies == {"__jsl_clearance": "ok"} and again.dont_filter
    assert rejected is challenge  # sent with them and challenged still: no loop
    assert BrowserCookiesMiddleware.from_crawler(get_crawler(Probe)).shared is None


class AwayThenBack:
    """A shared Redis whose cookie hash answers on the third try (Redis restarting)."""

    def __init__(self) -> None:
        self.tries = 0

    def hgetall(self, key: str) -> dict[bytes, bytes]:
        self.tries += 1
        if self.tries < 3:
            raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        return {b"__jsl_clearance": b"ok"}


def test_a_challenge_while_redis_is_away_waits_for_the_shared_cookies_instead_of_asking_the_browser(caplog) -> None:
    """The browser does not fetch a document as bytes: it would time out where another worker's cookie serves."""
    shared = AwayThenBack()
    middleware = BrowserCookiesMiddleware(shared, "cookies", RedisWait("redis://127.0.0.1:6379/0", 10))
    url = "http://127.0.0.5:8000/report.docx"
    challenge = HtmlResponse(url, status=412, body=b"<script>document.cookie='x'</script>")
    with caplog.at_level(logging.WARNING):
        again = asyncio.run(middleware.process_response(Request(url), challenge))
    assert shared.tries == 3
    assert isinstance(again, Request) and again.cookies == {"__jsl_clearance": "ok"}
    assert "Redis back after " in caplog.text and "cookies unknown" not in caplog.text


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Flaky:
    """A Redis call that fails while `down`, and counts its tries."""

    def __init__(self) -> None:
        self.down, self.tries = True, 0

    def __call__(self) -> str:
        self.tries += 1
        if self.down:
            raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        return "PONG"


def test_redis_away_is_retried_with_a_backoff_and_said_once_then_back(caplog) -> None:
    clock, call, given_up = Clock(), Flaky(), []
    wait = RedisWait("redis://:secret@127.0.0.1:6379/0", 10, give_up=given_up.append, clock=clock)
    caplog.set_level("INFO", logger="govreports.spiders.distributed")
    with pytest.raises(RedisAway):
        wait.call(call)
    assert call.tries == 1 and wait.away
    with pytest.raises(RedisAway):
        wait.call(call)  # before its time: Redis is not asked
    assert call.tries == 1
    tries_at = []
    for _ in range(6):  # 0.25 s, 0.5 s, 1 s, 2 s, 2 s… apart
        clock.now = wait.retry_at
        tries_at.append(clock.now - 100)
        with pytest.raises(RedisAway):
            wait.call(call)
    assert tries_at == [0.25, 0.75, 1.75, 3.75, 5.75, 7.75]
    clock.now += 1
    with pytest.raises(RedisAway):
        call.down = False
        wait.call(call)  # answering again, but not asked before its time
    clock.now = wait.retry_at
    assert wait.call(call) == "PONG" and not wait.away and not given_up
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == ["Redis unavailable at redis://127.0.0.1:6379/0 (Error 111 connecting to 127.0.0.1:6379. "
                        "Connection refused.); waiting up to 10 s", "Redis back after 9.8 s"]
    assert wait.call(call) == "PONG" and call.tries == 9

    async def loading() -> str:  # a restarted Redis loading its data answers BusyLoadingError: away too
        answers = iter([BusyLoadingError("Redis is loading the dataset in memory"), "PONG"])

        def answer() -> str:
            value = next(answers)
            if isinstance(value, Exception):
                raise value
            return value

        quick = RedisWait("redis://127.0.0.1:6379/0", 10)
        return await quick.run(answer)

    assert asyncio.run(loading()) == "PONG"


def test_redis_away_longer_than_the_wait_gives_up_once_and_for_good(caplog) -> None:
    clock, call, given_up = Clock(), Flaky(), []
    wait = RedisWait("redis://127.0.0.1:6379/0", 2, give_up=given_up.append, clock=clock)
    with pytest.raises(RedisAway):
        wait.call(call)
    clock.now += 1.9
    with pytest.raises(RedisAway) as away:
        wait.call(call)
    assert not isinstance(away.value, FrontierGone) and not given_up
    clock.now += 0.1
    with pytest.raises(FrontierGone):
        wait.call(call)
    assert given_up == ["Redis at redis://127.0.0.1:6379/0 unavailable (Error 111 connecting to 127.0.0.1:6379. "
                        "Connection refused.); gave up after 2 s"]
    call.down = False
    tries = call.tries
    with pytest.raises(FrontierGone):
        wait.call(call)  # gone for good: the crawl is closing
    assert call.tries == tries and len(given_up) == 1
    assert "giving up: the crawl stops (frontier unavailable)" in caplog.text


def test_requests_made_while_redis_is_away_are_kept_and_queued_once_it_is_back(redis_url, monkeypatch) -> None:
    a = worker(redis_url, "away")
    a.enqueue_request(Request("http://127.0.0.11:8000/column"))
    column = a.next_request()
    entry = column.meta[META_INFLIGHT]
    down = {"on": True}

    def failing(real):
        def execute_command(*args, **kwargs):
            if down["on"]:
                raise RedisConnectionError("Connection refused")
            return real(*args, **kwargs)
        return execute_command

    for client in (a.server, a.df.server):  # the scheduler's and its filter's
        monkeypatch.setattr(client, "execute_command", failing(client.execute_command))
    made = [InflightLinks.link(Response(column.url, request=column), Request(f"http://127.0.0.11:8000/{n}"))
            for n in (1, 2)]
    assert all(a.enqueue_request(r) for r in made)  # kept, not lost
    assert list(a.waiting) == made and a.holds[entry] == 2
    assert a.next_request() is None and a.has_pending_requests()  # the engine asks again later; the crawl waits
    a.beat()  # a failed heartbeat says nothing more, and is not a dead worker
    down["on"] = False
    a.frontier.retry_at = 0  # its backoff is up
    again = a.next_request()
    assert again.url == "http://127.0.0.11:8000/1" and not a.waiting and a.holds[entry] == 0
    assert a.frontier.since_back() is not None and a.recovering()  # no one judged dead or idle for a few seconds
    assert a.requeue_dead() == 0 and a.has_pending_requests()
    assert a.next_request().url == "http://127.0.0.11:8000/2"
    assert a.server.hlen(a.inflight_key) == 3  # the column and its two pages, in flight


def lose_answers(monkeypatch, scheduler: RedisScheduler, name: str) -> dict[str, bool]:
    """The script `name` (e.g. pop_script) runs in Redis, then its answer is lost, as when Redis stops mid-call."""
    lose = {"on": True}
    real = getattr(scheduler, name) if name != "seen_kept" else scheduler.df.seen_kept
    owner = scheduler if name != "seen_kept" else scheduler.df

    def ran_then_lost(*args, **kwargs):
        result = real(*args, **kwargs)
        if lose["on"]:
            raise RedisConnectionError("Connection closed by server.")
        return result

    monkeypatch.setattr(owner, name, ran_then_lost)
    return lose


def test_a_request_popped_while_redis_goes_away_goes_back_to_the_queue_not_lost_in_flight(
        redis_url, monkeypatch, caplog) -> None:
    a = worker(redis_url, "lost-pop")
    a.enqueue_request(Request("http://127.0.0.11:8000/docx"))
    lose = lose_answers(monkeypatch, a, "pop_script")
    assert a.next_request() is None  # Redis moved it into the in-flight hash; the answer never came
    assert len(a.queue) == 0 and a.server.hlen(a.inflight_key) == 1
    assert a.has_pending_requests()  # the crawl does not end on it
    lose["on"] = False
    a.frontier.retry_at = 0
    caplog.set_level("WARNING", logger="govreports.spiders.distributed")
    again = a.next_request()
    assert again is not None and again.url == "http://127.0.0.11:8000/docx"
    assert f"worker {a.worker} put back 1 requests popped while Redis went away" in caplog.text
    assert a.crawler.stats.get_value(RECLAIMED) == 1
    assert a.server.hlen(a.inflight_key) == 1  # in flight once, as popped now
    a.release_handled()
    assert not a.server.exists(a.inflight_key) and not a.unsure and len(a.queue) == 0


def test_a_mark_in_seen_whose_answer_was_lost_is_the_workers_own_and_the_request_is_kept(redis_url, monkeypatch) -> None:
    a = worker(redis_url, "lost-mark")
    lose = lose_answers(monkeypatch, a, "seen_kept")
    browser = Request("http://127.0.0.11:8000/js", meta={"page": lambda: 0})
    assert a.enqueue_request(browser)  # kept until Redis answers
    assert list(a.waiting) == [browser] and not a.local
    lose["on"] = False
    a.frontier.retry_at = 0
    assert a.flush() and list(a.local) == [browser]  # the mark found in its own hash: not seen by anyone else
    assert a.next_request() is browser
    again = Request("http://127.0.0.11:8000/js", meta={"page": lambda: 0})
    assert not a.enqueue_request(again)  # the same page again: seen, its mark known
