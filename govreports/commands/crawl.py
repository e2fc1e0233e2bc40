"""`scrapy crawl` whose exit status says what the crawl achieved, and whose last line says why.

Before any request: bad arguments exit 2 (spider arguments, registry, a bad
database URL), and the database is opened and its schema upgraded, waiting
up to GOVREPORTS_DATABASE_WAIT seconds for it (exit 3 when it stays away). After
Scrapy's own handling, the crawl's stats are judged
(govreports.fetch.outcome): 0 when everything was collected and stored,
1 when the crawl is incomplete (a site unreachable, a column forbidden or
empty, reports that could not be fetched, a crawl stopped early), 3 when
storing failed. The verdict is the last line of the log.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

from scrapy.commands.crawl import Command as ScrapyCrawl

from govreports.fetch.outcome import EXIT_STORE, judge

log = logging.getLogger("govreports.crawl")
EXIT_USAGE = 2


def prepare_database(settings) -> tuple[str, int] | None:
    """Create or upgrade the schema, waiting out an outage for a bounded time; None, or why and an exit status."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from govreports.pipelines.database import DEFAULT_WAIT, FIRST_DELAY, MAX_DELAY
    from govreports.store.engine import make_engine, upgrade
    from govreports.store.errors import describe, is_unavailable

    wait = settings.getfloat("GOVREPORTS_DATABASE_WAIT", DEFAULT_WAIT)
    deadline, delay = time.monotonic() + wait, FIRST_DELAY
    try:
        engine = make_engine(settings.get("GOVREPORTS_DATABASE_URL") or None)
    except (ArgumentError, NoSuchModuleError, ValueError) as error:
        return f"bad GOVREPORTS_DATABASE_URL: {error}", EXIT_USAGE
    try:
        while True:
            try:
                upgrade(engine)
                return None
            except Exception as error:  # noqa: BLE001 - every failure becomes one line
                if not is_unavailable(error) or time.monotonic() + delay > deadline:
                    return f"database {'unavailable' if is_unavailable(error) else 'error'}: {describe(error)}", \
                        EXIT_STORE
                time.sleep(delay)
                delay = min(delay * 2, MAX_DELAY)
    finally:
        engine.dispose()


class Command(ScrapyCrawl):
    def _create_crawler(self, spname: str):
        self.crawler = super()._create_crawler(spname)
        return self.crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args and args[0] == "agency":
            from govreports.spiders.agency import check_arguments

            check_arguments(opts.spargs, self.settings)  # a UsageError here: a clear message, no request made
            problem = prepare_database(self.settings)
            if problem is not None:
                print(f"scrapy crawl agency: {problem[0]}", file=sys.stderr)
                self.exitcode = problem[1]
                return
        super().run(args, opts)
        if not args or args[0] != "agency":
            return  # other spiders (discover) store nothing: Scrapy's own exit status
        crawler = getattr(self, "crawler", None)
        try:
            stats = crawler.stats.get_stats() if crawler is not None else {}
        except RuntimeError:  # the crawl never started (bad arguments): Scrapy set the exit code
            return
        verdict = judge(stats, stats.get("finish_reason"))
        self.exitcode = self.exitcode or verdict.exit_code
        (log.info if verdict.exit_code == 0 else log.error)(verdict.line)
