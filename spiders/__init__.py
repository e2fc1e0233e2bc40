"""Scrapy spiders. Each only finds and fetches documents; parsing lives in govreports/."""
