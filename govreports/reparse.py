"""Re-parse the archive offline: clean → understand → store again, and say what changed.

Which records: responses and revisits the crawl fetched as a report page
or attachment (GovReports-Callback parse_report / parse_document), with a
2xx status and not an anti-bot challenge — what the spider turned into
items. A record without that field (another tool's WARC) is re-parsed too
and stored only when it parses as a report. Damaged records, and bodies
that would inflate beyond the crawl's limit (a gzip bomb), are reported
and skipped; the rest go on.

A page whose tables are pictures is read with the pictures the crawl
fetched for it (GovReports-Callback `picture`, archived after the page), so
that re-parsing gives what the crawl stored; such pages are stored last.

What changed is measured against each report's current version before
storing: a new report; a new version with its new cells, changed values
and new failing checks; or unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import Engine, select

from govreports.archive import MAX_PICTURES, PICTURE_CALLBACK
from govreports.archive.reader import (
    Capture,
    Damage,
    Refused,
    iter_captures,
    read_capture,
)
from govreports.fetch import detect
from govreports.fetch.registry import load_registry
from govreports.report import ReportParser
from govreports.store.models import CheckResult, Report, TableCell
from govreports.store.writer import AgencyRef, Store, report_key
from govreports.store.writer import Capture as StoreCapture

REPORT_CALLBACKS = ("parse_report", "parse_document")
REPORTS, CELLS, CHECKS = Report.__table__, TableCell.__table__, CheckResult.__table__


@dataclass
class Change:
    outcome: str  # new | updated | unchanged
    url: str
    agency: str | None
    year: int | None
    version: int
    cells: int = 0  # new: cells stored; updated: cells not in the previous version
    changed: int = 0  # updated: cells whose value or text changed
    removed: int = 0  # updated: cells of the previous version no longer there
    failures: int = 0  # new: failing checks; updated: checks failing now that did not before
    status: str = "parsed"

    def line(self) -> str:
        who = f"{self.agency or '-'} {self.year or ''}".strip()
        if self.outcome == "new":
            return (f"new report      {who}: v{self.version}, {self.cells} cells, {self.failures} failing checks"
                    f" ({self.status})  {self.url}")
        return (f"new version     {who}: v{self.version}, {self.cells} new cells, {self.changed} changed values, "
                f"{self.removed} removed, {self.failures} new check failures  {self.url}")


@dataclass
class Summary:
    captures: int = 0  # records considered (report-like, in range)
    skipped: int = 0  # not report-like, out of range, challenges
    damaged: list[Damage] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def new_reports(self) -> int:
        return sum(c.outcome == "new" for c in self.changes)

    @property
    def new_versions(self) -> int:
        return sum(c.outcome == "updated" for c in self.changes)

    def line(self) -> str:
        updated = [c for c in self.changes if c.outcome == "updated"]
        return (f"reparsed {self.captures} captures: {self.new_reports} new reports, {self.new_versions} new "
                f"versions ({sum(c.cells for c in updated)} new cells, {sum(c.changed for c in updated)} changed "
                f"values, {sum(c.failures for c in updated)} new check failures), {self.unchanged} unchanged; "
                f"{len(self.damaged)} damaged records skipped, {len(self.refused)} refused")


def is_challenge(capture: Capture) -> bool:
    """As the spider judges it: a browser-rendered page is never a challenge."""
    return not capture.rendered and detect.is_challenge(capture.status, capture.body)


def wanted(capture: Capture, since: datetime | None, agency: str | None) -> bool:
    if not 200 <= capture.status < 300 or is_challenge(capture):
        return False
    if capture.callback is not None and capture.callback not in REPORT_CALLBACKS:
        return False
    if since is not None and capture.date < since:
        return False
    if agency and capture.agency and agency not in capture.agency:
        return False
    return True


def _cells(connection, version_id: int | None) -> dict[tuple, tuple]:
    if version_id is None:
        return {}
    rows = connection.execute(select(CELLS.c.table_code, CELLS.c.row_code, CELLS.c.column_code, CELLS.c.value,
                                     CELLS.c.raw_text).where(CELLS.c.version_id == version_id))
    return {(r.table_code, r.row_code, r.column_code): (r.value, r.raw_text) for r in rows}


def _failures(connection, version_id: int | None) -> set[tuple]:
    if version_id is None:
        return set()
    rows = connection.execute(select(CHECKS.c.check_name, CHECKS.c.row_code, CHECKS.c.column_code)
                              .where(CHECKS.c.version_id == version_id, CHECKS.c.ok.is_(False)))
    return {tuple(r) for r in rows}


def registry_agencies() -> dict[str, AgencyRef]:
    """The registry's agencies by name: an archived record names the agency it was crawled for."""
    return {a.name: AgencyRef(a.name, a.province, a.city, a.county, a.level) for a in load_registry()}


def reparse(directory, engine: Engine, agency: str | None = None, since: datetime | None = None,
            on_change: Callable[[Change], None] | None = None,
            on_damage: Callable[[Damage], None] | None = None) -> Summary:
    """Re-parse the archive in `directory` into the database of `engine` (its schema must be current).

    on_damage hears of each damaged record and each refused one (a Refused is a Damage).
    """
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    store, parser, summary = Store(engine), ReportParser(), Summary()
    registered = registry_agencies()
    pictures: dict[str, tuple[str, int]] = {}  # URL -> the latest picture the crawl fetched for a page
    waiting: list[tuple[str, int, list[str]]] = []  # pages that want pictures: read again once all are known
    for item in iter_captures(directory):
        if isinstance(item, Damage):
            (summary.refused if isinstance(item, Refused) else summary.damaged).append(item)
            if on_damage:
                on_damage(item)
            continue
        if item.callback == PICTURE_CALLBACK and 200 <= item.status < 300:
            pictures[item.url] = (item.file, item.offset)
        if not wanted(item, since, agency):
            summary.skipped += 1
            continue
        report = parser.parse_bytes(item.body, item.url, item.content_type, item.agency)
        if report.wanted_images:
            waiting.append((item.file, item.offset, report.wanted_images))  # its pictures come after it
            continue
        _store_one(item, report, engine, store, registered, agency, summary, on_change)
    for file, offset, wanted_images in waiting:
        item = read_capture(directory, file, offset)
        if isinstance(item, Damage):  # read a moment ago: the file changed under us
            summary.damaged.append(item)
            continue
        images = archived_pictures(directory, pictures, wanted_images)
        report = parser.parse_bytes(item.body, item.url, item.content_type, item.agency, images)
        _store_one(item, report, engine, store, registered, agency, summary, on_change)
    return summary


def archived_pictures(directory, pictures: dict[str, tuple[str, int]], wanted: list[str]) -> dict[str, bytes]:
    """The pictures a page wants, as the crawl fetched and archived them (those it could not fetch stay out)."""
    found = {}
    for url in wanted[:MAX_PICTURES]:
        if url in pictures:
            capture = read_capture(directory, *pictures[url])
            if not isinstance(capture, Damage) and capture.body:
                found[url] = capture.body
    return found


def _store_one(item: Capture, report, engine: Engine, store: Store, registered: dict[str, AgencyRef],
               agency: str | None, summary: Summary, on_change: Callable[[Change], None] | None) -> None:
    """One capture's report stored, and what changed counted (as the crawl's store pipeline would)."""
    if item.callback is None and report.status != "parsed":
        summary.skipped += 1  # another tool's record that is no report
        return
    if agency and not item.agency and agency not in (report.agency or ""):
        summary.skipped += 1
        return
    summary.captures += 1
    crawled = registered.get(item.agency) or (AgencyRef(item.agency) if item.agency else None)
    key = report_key(report, item.url, crawled.name if crawled else None)
    with engine.connect() as connection:
        previous = connection.execute(select(REPORTS.c.current_version_id)
                                      .where(REPORTS.c.report_key == key)).scalar()
    # A report the database cannot hold is stored as failed with the reason (outcome refused), as the crawl did.
    stored = store.store_each([(report, StoreCapture(
        item.url, hashlib.sha256(item.body).hexdigest(), item.content_type, item.status, item.date,
        warc_file=item.file, warc_offset=item.offset, agency=crawled))])[0]
    if stored.outcome == "unchanged":
        summary.unchanged += 1
        return
    change = Change(stored.outcome, item.url, report.agency, report.year, stored.version, status=report.status)
    with engine.connect() as connection:
        new_cells = _cells(connection, stored.version_id)
        new_failures = _failures(connection, stored.version_id)
        if stored.outcome == "new":
            change.cells, change.failures = len(new_cells), len(new_failures)
        else:
            old_cells = _cells(connection, previous)
            change.cells = len(new_cells.keys() - old_cells.keys())
            change.removed = len(old_cells.keys() - new_cells.keys())
            change.changed = sum(1 for k in new_cells.keys() & old_cells.keys() if new_cells[k] != old_cells[k])
            change.failures = len(new_failures - _failures(connection, previous))
    summary.changes.append(change)
    if on_change:
        on_change(change)
