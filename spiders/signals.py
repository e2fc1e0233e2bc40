"""The crawl's own signals (Scrapy's `crawler.signals`), apart from who sends and who hears them."""

from __future__ import annotations

# item_durable(fingerprint=hex str): sent by the store pipeline once an item is committed for good;
# the job folder (spiders/jobdir.py) and a shared frontier (spiders/distributed.py) mark the report done.
item_durable = object()
# item_settled(inflight=str): sent by the store pipeline for each item of a batch once its transaction ended
# (stored, or failed for good), with the item's `inflight` entry; a shared frontier (spiders/distributed.py)
# then forgets the request it answered, which a killed worker's survivors would otherwise fetch again.
item_settled = object()
