"""Parser throughput and memory on the seeds wrapped as CMS pages.

    .venv/bin/python bench/parse.py [--runs 200]

Each run parses every wrapped page once (bytes → Report, one process, one
core); a bare `lxml.html` parse of the same pages is timed in the same run
as a yardstick. Prints the median reports/s over runs, the ratio to the
bare parse, and peak memory (tracemalloc over one run; max RSS). Target: at
least 100 reports/s (issue 12).
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import lxml.html

from govreports.report import ReportParser

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "reports"
TARGET = 100.0  # issue 12 (an earlier issue asked for 50)


def wrapped_pages() -> list[tuple[str, bytes, str | None]]:
    pages = []
    for page in sorted(FIXTURES.glob("*/body.html")):
        meta = json.loads((page.parent / "meta.json").read_text(encoding="utf-8"))
        pages.append((page.parent.name, page.read_bytes(), meta.get("content_type")))
    if not pages:
        sys.exit(f"no wrapped pages under {FIXTURES}")
    return pages


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--runs", type=int, default=200)
    args = options.parse_args()
    pages = wrapped_pages()
    parser = ReportParser()
    for _, data, content_type in pages:  # warm-up: imports, regex compilation
        parser.parse_bytes(data, content_type=content_type)

    parse_rates, lxml_rates, ratios = [], [], []
    gc.collect()
    for _ in range(args.runs):
        started = time.perf_counter()
        for _, data, content_type in pages:
            report = parser.parse_bytes(data, content_type=content_type)
            assert report.status == "parsed", report.reason
        parse_seconds = time.perf_counter() - started
        started = time.perf_counter()
        for _, data, _ in pages:
            lxml.html.document_fromstring(data)
        lxml_seconds = time.perf_counter() - started
        parse_rates.append(len(pages) / parse_seconds)
        lxml_rates.append(len(pages) / lxml_seconds)
        ratios.append(parse_seconds / lxml_seconds)

    tracemalloc.start()
    for _, data, content_type in pages:
        parser.parse_bytes(data, content_type=content_type)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    sizes = [len(data) for _, data, _ in pages]
    median = statistics.median(parse_rates)
    print(f"pages: {len(pages)} ({min(sizes) // 1024}-{max(sizes) // 1024} KB), runs: {args.runs}")
    print(f"govreports parse: median {median:.1f} reports/s "
          f"(p10 {statistics.quantiles(parse_rates, n=10)[0]:.1f}, p90 {statistics.quantiles(parse_rates, n=10)[-1]:.1f}), "
          f"{1000 / median:.1f} ms/report")
    print(f"bare lxml.html parse: median {statistics.median(lxml_rates):.1f} pages/s")
    print(f"ratio parse/lxml time: median {statistics.median(ratios):.1f}x")
    print(f"peak memory: {traced_peak / 1e6:.1f} MB traced during one run; max RSS {max_rss_mb:.0f} MB")
    print(f"target >= {TARGET:.0f} reports/s: {'met' if median >= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
