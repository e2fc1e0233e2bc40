"""Run the real `agency` spider in a subprocess (the demo, tests, benchmarks).

A Scrapy crawl can run once per process (the reactor does not restart), so
anything that crawls more than once runs `python -m scrapy crawl agency` as
a child, with the project's settings module and the given overrides.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def crawl_command(arguments: dict[str, str], settings: dict[str, str], options: tuple[str, ...] = ()) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", "agency", *options]
    for name, value in arguments.items():
        command += ["-a", f"{name}={value}"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return command


def run_crawl(arguments: dict[str, str], settings: dict[str, str], database_url: str,
              log_file: Path | None = None, timeout: float = 600, options: tuple[str, ...] = ()
              ) -> subprocess.CompletedProcess:
    """The spider's exit status and output; its log goes to log_file when given (`options`: e.g. -O FILE)."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "govreports.settings", "GOVREPORTS_DATABASE_URL": database_url}
    if log_file is not None:
        settings = {**settings, "LOG_FILE": str(log_file)}
    return subprocess.run(crawl_command(arguments, settings, options), env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=PROJECT_ROOT if (PROJECT_ROOT / "scrapy.cfg").exists() else None)


def sample_site_settings(registry: Path) -> dict[str, str]:
    """Settings for crawling the bundled sample site: its registry only, no throttling delay."""
    return {"GOVREPORTS_REGISTRY": str(registry), "GOVREPORTS_BUNDLED_REGISTRY": "False",
            "AUTOTHROTTLE_START_DELAY": "0.05", "AUTOTHROTTLE_MAX_DELAY": "0.5", "DOWNLOAD_DELAY": "0",
            "CONCURRENT_REQUESTS_PER_DOMAIN": "4"}
