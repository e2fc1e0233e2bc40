"""Fetch: what the crawler needs beyond Scrapy (sample site, registry)"""
