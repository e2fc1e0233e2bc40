"""Crawl throughput on the bundled sample site, with and without the pipelines.

    .venv/bin/python bench/crawl.py [--runs 3] [--variant 'archive off={"GOVREPORTS_ARCHIVE": "False"}']

Serves the sample site on 127.0.0.x and runs the real `agency` spider (a
subprocess per crawl, as in production) at concurrency 16, alternating:
pipelines off (ITEM_PIPELINES={}), and pipelines on (parse and store into
a fresh SQLite database). Throughput is responses per second of the
crawl's own elapsed time (Scrapy's stats, so process start-up is not
counted). Prints medians and the ratio. Targets: the pipelines cost at most
25% of the crawl's throughput; the WARC archive (on in every run unless a
variant turns it off) at most 10%.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.crawl import run_crawl, sample_site_settings  # noqa: E402
from devtools.sample_site import serve_sample_site  # noqa: E402

TARGET_COST = 0.25
STAT = re.compile(r"'(downloader/response_count|elapsed_time_seconds|item_scraped_count)': ([\d.]+)")


def crawl_once(registry: Path, folder: Path, name: str, settings: dict[str, str]) -> dict[str, float]:
    log = folder / f"{name}.log"
    result = run_crawl({}, {**sample_site_settings(registry), "CONCURRENT_REQUESTS": "16",
                            "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "AUTOTHROTTLE_ENABLED": "False",
                            "LOG_LEVEL": "INFO", **settings},
                       f"sqlite:///{folder / (name + '.sqlite3')}", log)
    text = log.read_text(encoding="utf-8", errors="replace")
    if result.returncode != 0:
        sys.exit(f"crawl {name} failed ({result.returncode}):\n{text[-2000:]}")
    stats = {k: float(v) for k, v in STAT.findall(text)}
    return {"responses": stats.get("downloader/response_count", 0.0), "seconds": stats["elapsed_time_seconds"],
            "items": stats.get("item_scraped_count", 0.0)}


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--runs", type=int, default=3)
    options.add_argument("--variant", action="append", default=[],
                         help="NAME=JSON of extra settings measured too, e.g. "
                              "'no-archive={\"GOVREPORTS_ARCHIVE\": \"False\"}'")
    args = options.parse_args()
    variants = {"pipelines off": {"ITEM_PIPELINES": "{}"}, "pipelines on": {}}
    for spec in args.variant:
        name, _, settings = spec.partition("=")
        variants[name] = json.loads(settings)
    rates: dict[str, list[float]] = {name: [] for name in variants}
    counts: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="govreports-bench-") as folder, serve_sample_site() as site:
        folder = Path(folder)
        registry = site.write_registry(folder / "registry.csv")
        for run in range(args.runs):
            for index, (name, settings) in enumerate(variants.items()):
                measured = crawl_once(registry, folder, f"run{run}-{index}", settings)
                rates[name].append(measured["responses"] / measured["seconds"])
                counts[name] = measured["responses"]
    for name, values in rates.items():
        print(f"{name:14}: median {statistics.median(values):6.1f} responses/s "
              f"(min {min(values):.1f}, max {max(values):.1f}; {counts[name]:.0f} responses a crawl, {args.runs} runs)")
    off, on = statistics.median(rates["pipelines off"]), statistics.median(rates["pipelines on"])
    cost = 1 - on / off
    print(f"pipelines cost {cost:.0%} of crawl throughput (ratio on/off {on / off:.2f}); "
          f"target <= {TARGET_COST:.0%}: {'met' if cost <= TARGET_COST else 'NOT met'}")
    for name in list(variants)[2:]:
        other = statistics.median(rates[name])
        print(f"'pipelines on' vs '{name}': ratio {on / other:.2f} "
              f"(what '{name}' turns off costs {1 - on / other:.0%} of throughput)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
