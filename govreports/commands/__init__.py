"""Scrapy commands of govreports (COMMANDS_MODULE)."""
