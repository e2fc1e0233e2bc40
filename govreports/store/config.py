"""Where the database is: GOVREPORTS_DATABASE_URL, else a SQLite file in ./data.

The same value is read as the Scrapy setting GOVREPORTS_DATABASE_URL, so a
crawl and the command line always agree.
"""

from __future__ import annotations

import os

from govreports.datadir import data_dir

ENV_URL = "GOVREPORTS_DATABASE_URL"
DEFAULT_FILE = "govreports.sqlite3"


def database_url(explicit: str | None = None) -> str:
    """The URL to use: an explicit one, the environment's, or the default SQLite file."""
    url = explicit or os.environ.get(ENV_URL)
    if url:
        return url
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / DEFAULT_FILE}"


def redacted(url: str) -> str:
    """A URL fit for logs: no password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
