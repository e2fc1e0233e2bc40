"""Database calls from the pipelines that wait out an outage, for a bounded time, without blocking the crawl.

While the database is unavailable (govreports.store.errors.is_unavailable:
refused, restarting, locked), a call is tried again after 0.5 s, 1 s, 2 s…
(at most 30 s apart) until GOVREPORTS_DATABASE_WAIT seconds have passed
since the outage began; the waits are asyncio sleeps, so downloads in
flight finish and Scrapy's back-pressure holds new ones. Then the gate
gives up for the rest of the crawl: DatabaseGone, and every later call
fails at once. An error of the data itself is raised unchanged.

Every call runs in the gate's one database thread, not on the reactor:
a batch being written (SQL in C, a PostgreSQL round trip) no longer holds
up downloads and parsing, and the crawl's calls still run one at a time,
in the order they were made.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from govreports.store.errors import describe, is_unavailable

log = logging.getLogger(__name__)
T = TypeVar("T")
DEFAULT_WAIT = 300.0
FIRST_DELAY, MAX_DELAY = 0.5, 30.0


GATES: weakref.WeakKeyDictionary[Any, DatabaseGate] = weakref.WeakKeyDictionary()


class DatabaseGone(RuntimeError):
    """The database stayed unavailable longer than the crawl may wait."""


class DatabaseGate:
    def __init__(self, wait: float, stats: Any = None) -> None:
        self.wait = wait
        self.stats = stats
        self.down_since: float | None = None
        self.gone: str | None = None  # why the gate gave up, once it did
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="govreports-database")

    @classmethod
    def of(cls, crawler: Any) -> DatabaseGate:
        """The crawl's one gate: its pipelines wait out one outage together, and give up together."""
        if crawler not in GATES:
            GATES[crawler] = cls(crawler.settings.getfloat("GOVREPORTS_DATABASE_WAIT", DEFAULT_WAIT), crawler.stats)
        return GATES[crawler]

    async def run(self, call: Callable[[], T]) -> T:
        """call(), tried again while the database is unavailable; DatabaseGone after the bounded wait."""
        delay = FIRST_DELAY
        while True:
            if self.gone is not None:
                raise DatabaseGone(self.gone)
            try:
                result = await asyncio.get_running_loop().run_in_executor(self.thread, call)
            except Exception as error:
                if not is_unavailable(error):
                    raise
                await self._wait(error, delay)
                delay = min(delay * 2, MAX_DELAY)
                continue
            if self.down_since is not None:
                log.warning("database available again after %.1f s", time.monotonic() - self.down_since)
                self.down_since = None
            return result

    def close(self) -> None:
        """The database thread ends once its last call is done: a process that runs many crawls (a test
        session, a long-lived host) keeps no thread per finished crawl. A call after this fails."""
        self.thread.shutdown(wait=False)

    async def _wait(self, error: BaseException, delay: float) -> None:
        now = time.monotonic()
        if self.down_since is None:
            self.down_since = now
            log.warning("database unavailable (%s); retrying for up to %.0f s", describe(error), self.wait)
        left = self.down_since + self.wait - now
        if left <= 0:
            self.gone = f"{describe(error)}; gave up after {self.wait:.0f} s"
            log.error("database unavailable for %.0f s; giving up: %s", self.wait, describe(error))
            raise DatabaseGone(self.gone)
        if self.stats is not None:
            self.stats.inc_value("govreports/store/database_retries")
        await asyncio.sleep(min(delay, left))
