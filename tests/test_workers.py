"""govreports.workers: parsing in a pool whose reports come back in order, and that survives a worker's death."""

from __future__ import annotations

import os

from govreports import workers
from govreports.model import to_json
from govreports.report import ReportParser
from govreports.workers import WORKER_DIED, InOrder, parse_in_worker
from tests.conftest import FIXTURES

CRASH = b"this document kills the process that parses it"
BODIES = [(FIXTURES / name / "body.html").read_bytes() for name in ("seed000_trs", "seed001_trs", "seed002_trs")]


def crash_on_marker(body: bytes, *args: object) -> object:
    """parse_in_worker, except that the CRASH document kills its process (out of memory, a native crash)."""
    if body == CRASH:
        os._exit(70)
    return parse_in_worker(body, *args)


def parse_all(parses: InOrder, bodies: list[bytes]) -> list[tuple[int, object]]:
    done = []
    for k, body in enumerate(bodies):
        done += parses.put(k, (body, f"http://a.test/{k}.html", "text/html", None))
    return done + parses.finish()


def test_reports_come_back_in_the_order_the_documents_came_as_parsed_alone() -> None:
    bodies = BODIES * 3
    with InOrder(2, window=3) as parses:
        done = parse_all(parses, bodies)
    assert [k for k, _ in done] == list(range(len(bodies)))
    parser = ReportParser()
    alone = [parser.parse_bytes(body, f"http://a.test/{k}.html", "text/html") for k, body in enumerate(bodies)]
    assert [to_json(report) for _, report in done] == [to_json(report) for report in alone]


def test_only_the_document_that_kills_a_worker_is_lost(monkeypatch) -> None:
    """The documents in flight with it, on the pool it broke, are parsed again on a new one."""
    monkeypatch.setattr(workers, "parse_in_worker", crash_on_marker)
    bodies = [BODIES[0], CRASH, BODIES[1], BODIES[2], BODIES[0]]
    with InOrder(2, window=4) as parses:
        done = parse_all(parses, bodies)
    assert [report.status for _, report in done] == ["parsed", "failed", "parsed", "parsed", "parsed"]
    assert done[1][1].reason == WORKER_DIED and done[1][1].url == "http://a.test/1.html"


def test_a_document_sent_to_a_pool_a_worker_broke_is_parsed_on_a_new_one(monkeypatch) -> None:
    """A worker's death breaks the pool before the next document is sent: that send is not an error, the
    document is parsed on a new pool when its turn comes."""
    from concurrent.futures import wait

    monkeypatch.setattr(workers, "parse_in_worker", crash_on_marker)
    with InOrder(1, window=4) as parses:
        assert parses.put(0, (CRASH, "http://a.test/0.html", "text/html", None)) == []
        wait([parses.flight[0][2]], timeout=60)  # the worker is dead, the pool broken
        assert parses.put(1, (BODIES[1], "http://a.test/1.html", "text/html", None)) == []
        done = parses.finish()
    assert [(k, report.status) for k, report in done] == [(0, "failed"), (1, "parsed")]


def test_no_workers_parses_here() -> None:
    with InOrder(0) as parses:
        assert parses.put("k", (BODIES[1], "http://a.test/x.html", "text/html", None))[0][1].status == "parsed"
        assert parses.finish() == [] and parses.pool is None


def test_the_workers_set_their_collector_as_asked() -> None:
    import gc

    with InOrder(1, collect_every=23_456) as parses:
        assert parses._pool().submit(gc.get_threshold).result(timeout=60)[0] == 23_456


def test_a_parse_over_the_time_limit_is_stopped_and_kept_as_failed(monkeypatch) -> None:
    """A document a worker's parse never finishes with (an endless loop) is stopped at the pool's limit: a failed
    report saying so comes back, and no alarm is left armed after it."""
    import resource
    import signal
    import time

    cpu_limits = resource.getrlimit(resource.RLIMIT_CPU)

    def endless(*args: object) -> object:
        while True:
            time.sleep(0.01)

    previous = signal.signal(signal.SIGALRM, workers.OverTime(0.2))  # what start_worker installs in a worker
    previous_timer = signal.setitimer(signal.ITIMER_REAL, 0)  # pytest-timeout's, given back below
    try:
        monkeypatch.setattr(workers, "timed_parse", endless)
        started = time.monotonic()
        report, _ = parse_in_worker(BODIES[0], "http://a.test/slow.html", "text/html", None)
        assert time.monotonic() - started < 5
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert resource.getrlimit(resource.RLIMIT_CPU) == cpu_limits
    finally:
        signal.signal(signal.SIGALRM, previous)
        signal.setitimer(signal.ITIMER_REAL, *previous_timer)
    assert report.status == "failed"
    assert report.url == "http://a.test/slow.html"
    assert report.reason == "parsing took longer than 0.2 s (GOVREPORTS_PARSE_TIME_LIMIT)"


SPIN_PAST_THE_ALARM = """
import signal
from govreports import workers

def native_loop(*args):
    while True:
        pass

workers.worker_parser()  # made before the clock starts, as in a worker that has parsed before
workers.limit_time(0.1, grace=0.5)  # as start_worker does, the grace short
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # as in a native loop: the alarm's handler never runs
workers.timed_parse = native_loop
workers.parse_in_worker(b"", "http://a.test/native.html", "text/html", None)
"""


def test_a_loop_the_time_limit_cannot_stop_is_ended_by_the_kernel() -> None:
    """Past the limit's CPU time and the grace, the worker is ended (SIGXCPU): the pool reports it dead."""
    import signal
    import subprocess
    import sys

    spin = subprocess.run([sys.executable, "-c", SPIN_PAST_THE_ALARM], timeout=60, capture_output=True)
    assert spin.returncode == -signal.SIGXCPU, spin.stderr.decode()[-2000:]


def test_a_pool_stops_each_document_at_its_time_limit_and_goes_on() -> None:
    """With a limit no parse can keep (a millisecond), every document comes back failed, in order: the workers
    live on from one document to the next."""
    with InOrder(1, window=2, time_limit=0.001) as parses:
        done = parse_all(parses, BODIES)
    assert [k for k, _ in done] == [0, 1, 2]
    assert {report.reason for _, report in done} == {"parsing took longer than 0.001 s (GOVREPORTS_PARSE_TIME_LIMIT)"}


def test_the_time_limit_is_read_from_the_environment(monkeypatch) -> None:
    monkeypatch.delenv("GOVREPORTS_PARSE_TIME_LIMIT", raising=False)
    assert workers.time_limit_from_env() == workers.DEFAULT_TIME_LIMIT
    monkeypatch.setenv("GOVREPORTS_PARSE_TIME_LIMIT", "0")
    assert workers.time_limit_from_env() == 0.0
