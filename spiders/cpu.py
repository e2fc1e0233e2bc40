"""The crawl process's CPU seconds in its stats (an extension).

With the parse pool's (`govreports/parse/cpu_seconds`, pipelines/parse.py)
they say what a crawl cost the machine next to how long it took: a crawl
that used every core's time was bound by CPU, not by the sites.
"""

from __future__ import annotations

import time
from typing import Any

from scrapy import signals

STAT = "govreports/cpu/crawl_process_seconds"


class CpuTime:
    def __init__(self, stats: Any) -> None:
        self.stats = stats
        self.started: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> CpuTime:
        extension = cls(crawler.stats)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self, spider: Any = None) -> None:
        self.started = time.process_time()

    def closed(self, spider: Any = None, reason: str | None = None) -> None:
        """Every thread of this process since the spider opened (start-up not counted, as in elapsed_time_seconds)."""
        if self.started is not None:
            self.stats.set_value(STAT, round(time.process_time() - self.started, 3))
