"""Python's cyclic garbage collector set for a long crawl (an extension; the parse pool's workers too).

A crawl makes many short-lived containers (page trees, rows, cells, items) while
what lives all along (imported modules, the registry, settings, the engine) sits
in the oldest generation. With Python's defaults a young collection starts every
700 new containers, and every full one walks all the process holds. At the
engine's start what exists is frozen (`gc.freeze`: never scanned again) and the
young generation is collected every GOVREPORTS_GC_THRESHOLD new containers (default
20,000). On a generated 100-agency crawl (bench/crawl_scale.py) the crawl
process's CPU fell by a tenth with parsing in it (median of 5 runs), and the
CPU a report took, parse workers included, from 16.2 to 13.6 ms with 2 parse
workers (median of 3). GOVREPORTS_GC_THRESHOLD=0 leaves Python's
collector as it is. Garbage with cycles is still collected, only less often.
"""

from __future__ import annotations

import gc
from typing import Any

from scrapy import signals

from govreports.workers import DEFAULT_THRESHOLD, collect_less

STAT = "govreports/gc/collections/{generation}"  # 0 the young, 2 the oldest: every object the process holds


def gc_threshold(settings: Any) -> int:
    return settings.getint("GOVREPORTS_GC_THRESHOLD", DEFAULT_THRESHOLD)


class GarbageCollection:
    def __init__(self, stats: Any, threshold: int) -> None:
        self.stats = stats
        self.threshold = threshold

    @classmethod
    def from_crawler(cls, crawler: Any) -> GarbageCollection:
        extension = cls(crawler.stats, gc_threshold(crawler.settings))
        crawler.signals.connect(extension.started, signal=signals.engine_started)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def started(self) -> None:
        collect_less(self.threshold)

    def closed(self, spider: Any = None, reason: str | None = None) -> None:
        """How many collections each generation had in this process: what the threshold changes."""
        for generation, counts in enumerate(gc.get_stats()):
            self.stats.set_value(STAT.format(generation=generation), counts["collections"])
