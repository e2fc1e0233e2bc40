"""Every response as fetched, in WARC files: write, read back (tolerating damage), verify, re-parse.

Pure: no Scrapy. The crawler's downloader middleware (spiders/archive.py)
hands each exchange to `ArchiveWriter`; `govreports reparse` reads the
archive with `iter_captures` and `govreports archive verify` checks it.

Layout of an archive folder (GOVREPORTS_ARCHIVE_DIR, default
$GOVREPORTS_DATA_DIR/archive, i.e. ./data/archive):

    govreports-20250120T081500-1234-00000.warc.gz   WARC/1.0, one gzip member per record
    govreports-20250120T081500-1234-00001.warc.gz   (a new file when one reaches the size limit)
    payload-digests.tsv                             payload digest → first record holding it
"""

from __future__ import annotations

import os
from pathlib import Path

from govreports.datadir import data_dir
from govreports.switches import switched_on

ENV_DIR = "GOVREPORTS_ARCHIVE_DIR"
ENV_SWITCH = "GOVREPORTS_ARCHIVE"
INDEX_NAME = "payload-digests.tsv"
WARC_SUFFIXES = (".warc.gz", ".warc")
DEFAULT_MAX_SIZE = 1_000_000_000  # the WARC spec's customary 1 GB
# WARC headers of ours on each response record: the spider's callback, the registry agency, browser-rendered.
FIELD_CALLBACK = "GovReports-Callback"
FIELD_AGENCY = "GovReports-Agency"
FIELD_RENDERED = "GovReports-Rendered"
PICTURE_CALLBACK = "picture"  # GovReports-Callback of a picture a report page shows, fetched for its tables
MAX_PICTURES = 10  # pictures fetched for one page by default (GOVREPORTS_MAX_PICTURES); reparse reads as many
MAX_BODY = 50 * 1024 * 1024  # the largest body, as fetched and once its Content-Encoding is undone (DOWNLOAD_MAXSIZE)


def archive_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The archive folder: an explicit one, $GOVREPORTS_ARCHIVE_DIR, else <data dir>/archive."""
    if explicit:
        return Path(explicit)
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    return data_dir() / "archive"


def archive_enabled(value: str | None = None) -> bool:
    """The on/off switch: $GOVREPORTS_ARCHIVE (1/0, true/false, on/off, yes/no), on by default."""
    return switched_on(os.environ.get(ENV_SWITCH) if value is None else value)


def warc_files(directory: str | os.PathLike) -> list[Path]:
    """The WARC files of an archive folder, oldest first (their names start with the time)."""
    folder = Path(directory)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.endswith(WARC_SUFFIXES))
