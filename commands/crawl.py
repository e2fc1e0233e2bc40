"""`scrapy crawl` that exits non-zero when a registered column yielded no report.

A scheduled run must fail loudly when a site changed its layout, not
"succeed" with nothing: the spider counts the agencies it found no report
for (govreports/agencies/without_reports), and this command turns that into
exit status 1 after Scrapy's own handling.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl


class Command(ScrapyCrawl):
    def _create_crawler(self, spname: str):
        self.crawler = super()._create_crawler(spname)
        return self.crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args and args[0] == "agency":
            from spiders.agency import check_arguments

            check_arguments(opts.spargs, self.settings)  # a UsageError here: a clear message, no request made
        super().run(args, opts)
        crawler = getattr(self, "crawler", None)
        try:
            stats = crawler.stats.get_stats() if crawler is not None else {}
        except RuntimeError:  # the crawl never started (bad arguments): Scrapy set the exit code
            return
        if stats.get("govreports/agencies/without_reports") or stats.get("finish_reason") == "no agency selected":
            self.exitcode = 1
