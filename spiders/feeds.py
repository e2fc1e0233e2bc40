"""Feed exporters for `scrapy crawl agency -O FILE`: CSV with the nested fields (tables, checks, region) as JSON text."""

from __future__ import annotations

import json
from typing import Any

from scrapy.exporters import CsvItemExporter


class CsvReportExporter(CsvItemExporter):
    """One row per stored document; a field that is a mapping or a list is written as its JSON."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if isinstance(value, (dict, list)):
            return json.dumps(value, ensure_ascii=False, sort_keys=False)
        return super().serialize_field(field, name, value)
