"""Scrapy item pipelines: thin adapters from items to the pure core in govreports/."""
