"""govreports: Chinese government information-disclosure annual reports as data.

The public API, for use without the crawler::

    import govreports
    report = govreports.parse("2023年报.pdf")            # or parse_bytes(data, url, content_type)
    report.tables["applications"]["granted"]["total"].value  # the spec's table, row and column keys
    govreports.open_store().store(report, govreports.Capture.of(url, data))

The package is the pure core (no Scrapy import outside `settings` and the
installed `govreports.spiders`/`govreports.pipelines`): `clean` turns
fetched bytes into normalized text and cells, `understand` reads the
metadata and the statistical tables, `report` ties them together, `store`
writes them. The names below are imported on first use, so that
`import govreports.clean.values` does not load the parser or SQLAlchemy.
"""

from __future__ import annotations

import functools
import importlib
import os
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Capture", "Report", "ReportParser", "Store", "__version__", "open_store", "parse", "parse_bytes",
           "to_json"]

_LAZY = {
    "Report": "govreports.model", "to_json": "govreports.model",
    "ReportParser": "govreports.report",
    "Store": "govreports.store.writer", "Capture": "govreports.store.writer",
}

if TYPE_CHECKING:
    from govreports.model import Report, to_json
    from govreports.report import ReportParser
    from govreports.store.writer import Capture, Store


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'govreports' has no attribute {name!r}")


@functools.cache
def _parser() -> ReportParser:
    """One parser per process: loading the gazetteer and OpenCC is the slow part, parsing keeps no state."""
    from govreports.report import ReportParser
    return ReportParser()


def parse_bytes(data: bytes, url: str | None = None, content_type: str | None = None) -> Report:
    """A document as served (HTML, text, PDF, DOCX, DOC/WPS, image): sniffed, decoded and read.

    Never raises on bad input: a document that cannot be read comes back with
    `status` 'failed' (or 'not_a_report', 'needs_ocr') and a `reason`.
    """
    return _parser().parse_bytes(data, url, content_type)


def parse(path: str | os.PathLike[str], url: str | None = None) -> Report:
    """A saved document, read from a file; `url` (else the path) names it in the report."""
    with open(path, "rb") as file:
        data = file.read()
    return parse_bytes(data, url or os.fspath(path))


def open_store(database_url: str | None = None, *, upgrade: bool = True) -> Store:
    """A store on the database (argument, else GOVREPORTS_DATABASE_URL, else SQLite in the data folder).

    With `upgrade` (the default) the schema is created or brought to the
    current revision first, as `govreports db upgrade` does.
    """
    from govreports.store.engine import make_engine
    from govreports.store.engine import upgrade as upgrade_schema
    from govreports.store.writer import Store

    engine = make_engine(database_url)
    if upgrade:
        upgrade_schema(engine)
    return Store(engine)
