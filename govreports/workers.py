"""Parsing in worker processes: a pool of them, each ending with the process that started the pool.

Parsing is CPU work: a crawl (pipelines/parse.py) and `govreports reparse`
parse in GOVREPORTS_PARSE_WORKERS processes (default: the cores this
process may use). The workers are forked from a fork server that imported
the parser once, never from the (threaded) process itself; each one waits
on its starter's pidfd and exits when that process ends, however it ends
(kill -9, the OOM killer), so that no pool outlives a killed crawl.
A document that takes a worker longer than GOVREPORTS_PARSE_TIME_LIMIT
seconds is stopped there and kept as a `failed` report saying so; in a loop
inside a native library, which that exception never reaches, the kernel
ends the worker when its CPU time is far past the limit (RLIMIT_CPU), and
the document is failed as one a worker died on: one page never holds a
worker, and with it the crawl, for ever.
"""

from __future__ import annotations

import functools
import gc
import logging
import math
import multiprocessing
import os
import resource
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the parser is imported by the fork server and the workers, not by whoever imports this
    from govreports.model import Report
    from govreports.report import ReportParser

log = logging.getLogger(__name__)
WORKER_DIED = ("the parser's process died on this document (out of memory, a crash in a native library, or CPU "
               "time far past GOVREPORTS_PARSE_TIME_LIMIT in a loop the limit could not stop)")
PRELOAD = ["govreports.report", "govreports.workers"]  # imported once by the fork server, not per worker
DEFAULT_THRESHOLD = 20_000  # GOVREPORTS_GC_THRESHOLD's default (spiders/collector.py says why)
DEFAULT_TIME_LIMIT = 600.0  # GOVREPORTS_PARSE_TIME_LIMIT's default, seconds: a scan read by OCR takes minutes
CPU_GRACE = 60.0  # CPU seconds past the time limit's share (OverTime.cpu_seconds) before the kernel ends a worker
WATCH_SECONDS = 1.0  # how often a pool process without pidfd_open looks whether the crawl's process is alive


def default_workers() -> int:
    """The cores this process may run on (a container's limit, not the host's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parse_workers(setting: Any) -> int:
    """GOVREPORTS_PARSE_WORKERS: unset means one per core; 0 parses in the crawl's own process."""
    if setting is None or str(setting).strip() == "":
        return default_workers()
    return int(setting)


@functools.cache
def worker_parser() -> ReportParser:
    """One parser per process (a pool worker, or the crawl's when it parses itself), made on first use."""
    from govreports.report import ReportParser

    return ReportParser()


def timed_parse(parser: ReportParser, *args: Any) -> tuple[Report, float]:
    """The report, and the CPU seconds its thread spent on it (the stat govreports/parse/cpu_seconds)."""
    started = time.thread_time()
    report = parser.parse_bytes(*args)
    return report, time.thread_time() - started


def worker_failure(url: str, reason: str) -> Report:
    """The report of a document a pool process gave none for (it died on it, or the time limit stopped it): a
    failed one saying why, and an error in the log."""
    from govreports.report import failed

    log.error("%s: %s; it is stored as failed", url, reason)
    return failed(reason, url, "unknown")


class ParseTimeLimit(BaseException):
    """A document took a pool process longer than the pool allows (GOVREPORTS_PARSE_TIME_LIMIT). An interruption,
    as KeyboardInterrupt is, not an error: no `except Exception` on the way (the parser's own, a library's) keeps
    the parse going, and the report says the limit, not a bug."""


@dataclass(frozen=True)
class OverTime:
    """A pool process's SIGALRM handler, installed when it starts (start_worker): the pool's time limit lives
    there. ParseTimeLimit, raised at the parse's next Python instruction, makes the document a failed report
    that says so (parse_in_worker). A loop inside a native library that never returns is not reached: for it,
    the kernel ends the process at `cpu_seconds` of CPU time for the document (cap_cpu)."""

    limit: float
    again: float = 1.0  # seconds between further alarms, should one be swallowed (a library's bare except)
    grace: float = CPU_GRACE

    @property
    def cpu_seconds(self) -> float:
        """The limit's CPU time on every core (OCR runs a thread a core), and the grace: never reached first by a
        parse that the alarm can stop."""
        return self.limit * default_workers() + self.grace

    def __call__(self, signum: int, frame: Any) -> None:
        raise ParseTimeLimit(f"parsing took longer than {self.limit:g} s (GOVREPORTS_PARSE_TIME_LIMIT)")


def parse_in_worker(body: bytes, url: str, content_type: str | None, agency: str | None,
                    images: Mapping[str, bytes] | None = None) -> tuple[Report, float]:
    """What a pool process runs: the report comes back pickled, with its CPU seconds; within the pool's time
    limit, if it has one."""
    over = signal.getsignal(signal.SIGALRM)
    if not isinstance(over, OverTime):
        return timed_parse(worker_parser(), body, url, content_type, agency, images)
    started = time.thread_time()
    signal.setitimer(signal.ITIMER_REAL, over.limit, over.again)
    previous = cap_cpu(over.cpu_seconds)
    try:
        return timed_parse(worker_parser(), body, url, content_type, agency, images)
    except ParseTimeLimit as error:
        signal.setitimer(signal.ITIMER_REAL, 0)  # first: no further alarm while the report is made
        return worker_failure(url, str(error)), time.thread_time() - started
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        resource.setrlimit(resource.RLIMIT_CPU, previous)


def cap_cpu(seconds: float) -> tuple[int, int]:
    """This process ended by the kernel (SIGXCPU) once it has used `seconds` more CPU time, wherever it is; the
    limits before, to put back. Only the soft limit moves: a process may raise it again, not the hard one."""
    previous = soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    cap = math.ceil(time.process_time() + seconds)
    for ceiling in (soft, hard):
        if ceiling != resource.RLIM_INFINITY:
            cap = min(cap, ceiling)
    resource.setrlimit(resource.RLIMIT_CPU, (cap, hard))
    return previous


def start_pool(workers: int, collect_every: int = 0, time_limit: float = 0.0) -> ProcessPoolExecutor:
    """Workers forked from a fork server that imported the parser once: no fork of the threaded crawl itself.
    `time_limit`: seconds a document may take (0: no limit)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=start_worker,
                               initargs=(os.getpid(), collect_every, time_limit))


def start_worker(crawl: int, collect_every: int, time_limit: float = 0.0) -> None:
    """A pool process's start: it ends with the process `crawl` that started the pool, sets its garbage
    collector as that process does (spiders/collector.py), and stops a parse that takes over `time_limit`."""
    exit_with(crawl)
    collect_less(collect_every)
    if time_limit > 0:
        limit_time(time_limit)


def limit_time(limit: float, grace: float = CPU_GRACE) -> None:
    """Every parse in this process stopped at `limit` seconds (parse_in_worker), or ended by the kernel at its
    CPU time's ceiling (OverTime.cpu_seconds), leaving no core file."""
    signal.signal(signal.SIGALRM, OverTime(limit, grace=grace))
    _, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (0, hard))


def exit_with(pid: int) -> None:
    """End this process when process `pid` ends, however it ends. A crawl killed (kill -9, the OOM killer) cannot
    shut its pool down, and a worker waiting on its queue would wait for ever, with its fork server: the
    processes of every killed crawl would pile up."""
    threading.Thread(target=_wait_then_exit, args=(pid,), name=f"exit-with-{pid}", daemon=True).start()


def _wait_then_exit(pid: int) -> None:
    try:
        handle = os.pidfd_open(pid)
    except (AttributeError, OSError):  # no pidfd (not Linux 5.3+), or gone already
        while _alive(pid):
            time.sleep(WATCH_SECONDS)
    else:
        select.select([handle], [], [])  # readable when the process has ended
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: nothing is sent, the process is only looked up
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: alive
    return True


def time_limit_from_env() -> float:
    """GOVREPORTS_PARSE_TIME_LIMIT: seconds a pool process may take on one document (0: no limit); the crawl's
    settings and `govreports reparse` read it here."""
    value = os.environ.get("GOVREPORTS_PARSE_TIME_LIMIT")
    return DEFAULT_TIME_LIMIT if value is None or not value.strip() else float(value)


def gc_threshold_from_env() -> int:
    """GOVREPORTS_GC_THRESHOLD: the crawl's settings and `govreports reparse` read it here."""
    return int(os.environ.get("GOVREPORTS_GC_THRESHOLD") or DEFAULT_THRESHOLD)


def collect_less(threshold: int) -> None:
    """Freeze what exists now and collect the young generation every `threshold` new containers (0: no change)."""
    if threshold <= 0:
        return
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(threshold, middle, oldest)


Job = tuple[bytes, str, "str | None", "str | None"]  # body, URL, content type, agency: parse_in_worker's arguments


class InOrder:
    """Documents parsed in a pool of `workers`, their reports given back in the order the documents came, at
    most `window` in flight (their bodies held); with 0 workers, parsed here, one at a time.

    A worker that dies (out of memory, a crash in a native library) takes the pool down with every document
    in flight. The one whose report is due next is parsed again alone on a new pool, then the others are sent
    to it again: only a document that kills a worker when alone is lost, as a `failed` report saying so.
    """

    def __init__(self, workers: int, window: int | None = None, collect_every: int = 0,
                 time_limit: float = 0.0) -> None:
        self.workers = max(0, workers)
        self.window = window or 4 * self.workers
        self.collect_every = collect_every  # the workers' garbage collector (collect_less)
        self.time_limit = time_limit  # seconds a worker may take on a document (0: none)
        self.pool: ProcessPoolExecutor | None = None
        self.flight: deque[tuple[Any, Job, Future]] = deque()

    def __enter__(self) -> InOrder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def put(self, key: Any, job: Job) -> list[tuple[Any, Report]]:
        """Parse `job` (`key` comes back with its report); the reports done by now, in order."""
        if not self.workers:
            return [(key, worker_parser().parse_bytes(*job))]
        self.flight.append((key, job, self._submit(job)))
        return [self._next() for _ in range(len(self.flight) - self.window)] if len(self.flight) > self.window else []

    def finish(self) -> list[tuple[Any, Report]]:
        """Every report still in flight, in order."""
        return [self._next() for _ in range(len(self.flight))]

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            self.pool = start_pool(self.workers, self.collect_every, self.time_limit)
        return self.pool

    def _next(self) -> tuple[Any, Report]:
        key, job, future = self.flight.popleft()
        try:
            return key, future.result()[0]
        except BrokenProcessPool:
            self._restart()
        try:  # alone: a document that was only in flight with the one that killed the worker is not lost
            report = self._pool().submit(parse_in_worker, *job).result()[0]
        except BrokenProcessPool:
            self._restart()
            report = worker_failure(job[1], WORKER_DIED)
        # The others in flight on a broken pool go to the new one (those it had finished keep their reports).
        self.flight = deque((k, j, f if _finished(f) else self._submit(j)) for k, j, f in self.flight)
        return key, report

    def _submit(self, job: Job) -> Future:
        """`job` sent to the pool. A worker's death can break the pool between two sends (a document sent again
        kills it at once): then a future holding that error, which `_next` meets in its turn, as a report due."""
        try:
            return self._pool().submit(parse_in_worker, *job)
        except BrokenProcessPool as error:
            broken: Future = Future()
            broken.set_exception(error)
            return broken

    def _restart(self) -> None:
        broken, self.pool = self.pool, None
        if broken is not None:
            broken.shutdown(wait=False, cancel_futures=True)


def _finished(future: Future) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None
