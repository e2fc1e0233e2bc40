"""A job folder (JOBDIR) that makes scheduled and interrupted crawls converge, and never loses a report.

Scrapy's own JOBDIR remembers every request it ever scheduled
(`requests.seen`) and keeps its queue on disk: a second run with the same
folder filters its own start requests and fetches nothing, and after
`kill -9` the requests are remembered but the queue is not, so reports are
never fetched again. Here instead:

- within a run, every request is fetched once (an in-memory filter), except
  redirects, which are never filtered: a loop then ends in an error;
- across runs, only report fetches are skipped, and only those whose item
  is durably stored: the store pipelines send `item_durable` after their
  commit, and the fingerprint goes into `reports.done` in the job folder;
- the frontier lives in memory; every run starts again from the columns
  (cheap: a few listing pages per agency), so a re-run after a stop, a crash
  or a week finds what is new and fetches only what is not yet stored.

Settings: DUPEFILTER_CLASS = "govreports.spiders.jobdir.JobDupeFilter",
SCHEDULER = "govreports.spiders.jobdir.Scheduler" (both in govreports/settings.py).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import IO, Any

from govreports.spiders.signals import item_durable
from scrapy.core.scheduler import Scheduler as ScrapyScheduler
from scrapy.dupefilters import BaseDupeFilter
from scrapy.utils.job import job_dir
from scrapy.utils.misc import build_from_crawler, load_object

log = logging.getLogger(__name__)
DONE_FILE = "reports.done"
FINGERPRINT_HEX = 40  # Scrapy's request fingerprints: SHA1
META_FINGERPRINT = "report_fingerprint"  # request meta: the fingerprint of the report request a response answers


def read_done(path: Path) -> set[str]:
    """The fingerprints of a done file; a line cut short by a crash is ignored."""
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="ascii", errors="replace").splitlines()
    return {line for line in lines if len(line) == FINGERPRINT_HEX and all(c in "0123456789abcdef" for c in line)}


class JobDupeFilter(BaseDupeFilter):
    def __init__(self, crawler: Any, folder: str | None) -> None:
        self.crawler = crawler
        self.fingerprinter = crawler.request_fingerprinter
        self.seen: set[bytes] = set()
        self.path = Path(folder, DONE_FILE) if folder else None
        self.done = read_done(self.path) if self.path else set()
        self._file: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> JobDupeFilter:
        dupefilter = cls(crawler, job_dir(crawler.settings))
        crawler.signals.connect(dupefilter.item_durable, signal=item_durable)
        return dupefilter

    def open(self) -> None:
        if self.path is not None:
            log.info("job folder %s: %d reports stored by earlier runs are not fetched again",
                     self.path.parent, len(self.done))

    def request_seen(self, request: Any) -> bool:
        fingerprint = self.fingerprinter.fingerprint(request)
        if fingerprint.hex() in self.done:
            self.crawler.stats.inc_value("govreports/jobdir/reports_done_before")
            return True
        if request.meta.get("redirect_urls"):
            # A redirect is never a duplicate: filtering one would lose its request without a word
            # (a loop ends at REDIRECT_MAX_TIMES, in the request's errback).
            return False
        if fingerprint in self.seen:
            return True
        self.seen.add(fingerprint)
        return False

    def item_durable(self, fingerprint: str | None = None, **_: Any) -> None:
        if self.path is None or not fingerprint or fingerprint in self.done:
            return
        self.done.add(fingerprint)
        if self._file is None:
            self._file = open(self.path, "a", encoding="ascii")
        self._file.write(fingerprint + "\n")
        self._file.flush()  # in the OS's hands: a killed process loses nothing

    def close(self, reason: str) -> None:
        if self._file is not None:
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None

    def log(self, request: Any, spider: Any) -> None:
        self.crawler.stats.inc_value("dupefilter/filtered")


class Scheduler(ScrapyScheduler):
    """Scrapy's scheduler with its queue in memory, even with a JOBDIR (see the module's docstring).

    With GOVREPORTS_REDIS_URL set, the scheduler is spiders/distributed.py's instead: one frontier in Redis.
    """

    @classmethod
    def from_crawler(cls, crawler: Any) -> Any:
        settings = crawler.settings
        if settings.get("GOVREPORTS_REDIS_URL"):  # a frontier shared by workers (spiders/distributed.py)
            from govreports.spiders.distributed import RedisScheduler

            return RedisScheduler.from_crawler(crawler)
        return cls(
            dupefilter=build_from_crawler(load_object(settings["DUPEFILTER_CLASS"]), crawler),
            jobdir=None,
            dqclass=load_object(settings["SCHEDULER_DISK_QUEUE"]),
            mqclass=load_object(settings["SCHEDULER_MEMORY_QUEUE"]),
            logunser=settings.getbool("SCHEDULER_DEBUG"),
            stats=crawler.stats,
            pqclass=load_object(settings["SCHEDULER_PRIORITY_QUEUE"]),
            crawler=crawler,
        )
