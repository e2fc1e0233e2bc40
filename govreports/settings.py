"""Scrapy settings for govreports (`scrapy.cfg` points here).

Values a deployment changes come from environment variables, never edits:
GOVREPORTS_DATABASE_URL, GOVREPORTS_USER_AGENT. The crawler itself (the
`agency` spider, politeness, archive) is built in later issues; these are
the conventions it builds on.
"""

from __future__ import annotations

import os

BOT_NAME = "govreports"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

USER_AGENT = os.environ.get(
    "GOVREPORTS_USER_AGENT",
    "govreports/0.1 (research crawler for 政府信息公开工作年度报告; +https://example.invalid/govreports)",
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024
FEED_EXPORT_ENCODING = "utf-8"

ITEM_PIPELINES = {
    "pipelines.parse.ParseReportPipeline": 300,
}

# Where parsed reports are stored (the database issue reads this).
GOVREPORTS_DATABASE_URL = os.environ.get("GOVREPORTS_DATABASE_URL")
