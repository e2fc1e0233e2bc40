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

Reports are stored STORE_BATCH at a time, in one transaction each and in the
archive's order (a transaction a report took longer than parsing it):
the versions, and each change (against the version current before
it, which an earlier capture of the batch may have made), are those of
storing them one by one. The cross-year checks of a report are made
against the other years stored by then; in a batch, those of the whole
batch, as the crawl's batched store does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import Engine, func, select

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
from govreports.model import Report
from govreports.store.batches import STORE_BATCH, chunks
from govreports.store.models import CheckResult, TableCell
from govreports.store.models import Report as ReportRow
from govreports.store.writer import AgencyRef, Store, report_key
from govreports.store.writer import Capture as StoreCapture
from govreports.workers import InOrder, worker_parser

REPORT_CALLBACKS = ("parse_report", "parse_document")
REPORTS, CELLS, CHECKS = ReportRow.__table__, TableCell.__table__, CheckResult.__table__


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


def _cells(connection, version_ids: list[int]) -> dict[int, dict[tuple, tuple]]:
    """Each version's cells: (table, row, column) → (value, raw text)."""
    found: dict[int, dict[tuple, tuple]] = {v: {} for v in version_ids}
    for chunk in chunks(sorted(set(version_ids))):
        for r in connection.execute(select(CELLS.c.version_id, CELLS.c.table_code, CELLS.c.row_code,
                                           CELLS.c.column_code, CELLS.c.value, CELLS.c.raw_text)
                                    .where(CELLS.c.version_id.in_(chunk))):
            found[r.version_id][(r.table_code, r.row_code, r.column_code)] = (r.value, r.raw_text)
    return found


def _counts(connection, version_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Each version's number of cells and of distinct failing checks."""
    found = {v: [0, 0] for v in version_ids}
    for chunk in chunks(sorted(set(version_ids))):
        for version, count in connection.execute(select(CELLS.c.version_id, func.count())
                                                 .where(CELLS.c.version_id.in_(chunk)).group_by(CELLS.c.version_id)):
            found[version][0] = count
        failing = select(CHECKS.c.version_id, CHECKS.c.check_name, CHECKS.c.row_code, CHECKS.c.column_code).where(
            CHECKS.c.version_id.in_(chunk), CHECKS.c.ok.is_(False)).distinct().subquery()
        for version, count in connection.execute(select(failing.c.version_id, func.count())
                                                 .group_by(failing.c.version_id)):
            found[version][1] = count
    return {v: (cells, failing) for v, (cells, failing) in found.items()}


def _failures(connection, version_ids: list[int]) -> dict[int, set[tuple]]:
    """Each version's failing checks: (check, row, column)."""
    found: dict[int, set[tuple]] = {v: set() for v in version_ids}
    for chunk in chunks(sorted(set(version_ids))):
        for r in connection.execute(select(CHECKS.c.version_id, CHECKS.c.check_name, CHECKS.c.row_code,
                                           CHECKS.c.column_code)
                                    .where(CHECKS.c.version_id.in_(chunk), CHECKS.c.ok.is_(False))):
            found[r.version_id].add((r.check_name, r.row_code, r.column_code))
    return found


def registry_agencies() -> dict[str, AgencyRef]:
    """The registry's agencies by name: an archived record names the agency it was crawled for."""
    return {a.name: AgencyRef(a.name, a.province, a.city, a.county, a.level) for a in load_registry()}


def reparse(directory, engine: Engine, agency: str | None = None, since: datetime | None = None,
            on_change: Callable[[Change], None] | None = None,
            on_damage: Callable[[Damage], None] | None = None, batch: int = STORE_BATCH, workers: int = 0,
            collect_every: int = 0, time_limit: float = 0.0) -> Summary:
    """Re-parse the archive in `directory` into the database of `engine` (its schema must be current).

    on_damage hears of each damaged record and each refused one (a Refused is a Damage). Reports are
    stored `batch` at a time, each batch in one transaction, in the archive's order: the versions and
    the changes heard are those of storing them one by one. `workers`: processes that parse
    (govreports.workers; 0 parses in this one), their garbage collector set by `collect_every` (as a crawl's),
    a document stopped after `time_limit` seconds in one of them (0: never).
    """
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    store, summary = Store(engine), Summary()
    writes = Writes(engine, store, registry_agencies(), agency, summary, on_change, batch)
    pictures: dict[str, tuple[str, int]] = {}  # URL -> the latest picture the crawl fetched for a page
    waiting: list[tuple[str, int, list[str]]] = []  # pages that want pictures: read again once all are known

    def parsed(done: list[tuple[Capture, Report]]) -> None:
        for item, report in done:
            if report.wanted_images:
                waiting.append((item.file, item.offset, report.wanted_images))  # its pictures come after it
                continue
            writes.add(item, report)

    # Two batches in flight: the workers go on parsing while a batch is stored.
    with InOrder(workers, window=2 * batch, collect_every=collect_every, time_limit=time_limit) as parses:
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
            parsed(parses.put(item, (item.body, item.url, item.content_type, item.agency)))
        parsed(parses.finish())
    writes.flush()
    parser = worker_parser()  # pages read with their pictures (OCR): here, one at a time
    for file, offset, wanted_images in waiting:
        item = read_capture(directory, file, offset)
        if isinstance(item, Damage):  # read a moment ago: the file changed under us
            summary.damaged.append(item)
            continue
        images = archived_pictures(directory, pictures, wanted_images)
        writes.add(item, parser.parse_bytes(item.body, item.url, item.content_type, item.agency, images))
    writes.flush()
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


@dataclass
class Writes:
    """Captures' reports stored a batch at a time (as the crawl's store pipeline would), what changed counted."""

    engine: Engine
    store: Store
    registered: dict[str, AgencyRef]
    agency: str | None
    summary: Summary
    on_change: Callable[[Change], None] | None
    batch: int = STORE_BATCH  # captures a transaction
    pending: list[tuple[Capture, Report]] = field(default_factory=list)  # parsed, not stored yet

    def add(self, item: Capture, report: Report) -> None:
        """Store the capture's report with the next batch; the batch once it is full."""
        self.pending.append((item, report))
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Store what is pending."""
        batch, self.pending = self.pending, []
        self.write(batch)

    def write(self, batch: list[tuple[Capture, Report]]) -> None:
        """One transaction for the batch; each item's change measured against the version that was current
        before it (an earlier item of the batch may have made it)."""
        kept = [(item, report, self._crawled(item)) for item, report in batch if self._kept(item, report)]
        if not kept:
            return
        keys = [report_key(report, item.url, crawled.name if crawled else None) for item, report, crawled in kept]
        current = self._current(keys)
        # A report the database cannot hold is stored as failed with the reason (outcome refused), as the crawl did.
        outcomes = self.store.store_each([(report, StoreCapture(
            item.url, hashlib.sha256(item.body).hexdigest(), item.content_type, item.status, item.date,
            warc_file=item.file, warc_offset=item.offset, agency=crawled)) for item, report, crawled in kept])
        changes: list[tuple[Change, int | None, int | None]] = []  # with the new version and the one before it
        for (item, report, _), key, stored in zip(kept, keys, outcomes):
            previous = current.get(key)
            if stored.outcome in ("new", "updated"):
                current[key] = stored.version_id
            if stored.outcome == "unchanged":
                self.summary.unchanged += 1
                continue
            change = Change(stored.outcome, item.url, report.agency, report.year, stored.version, status=report.status)
            changes.append((change, stored.version_id, previous))
        self._measure(changes)
        for change, _, _ in changes:
            self.summary.changes.append(change)
            if self.on_change:
                self.on_change(change)

    def _kept(self, item: Capture, report: Report) -> bool:
        if item.callback is None and report.status != "parsed":
            self.summary.skipped += 1  # another tool's record that is no report
            return False
        if self.agency and not item.agency and self.agency not in (report.agency or ""):
            self.summary.skipped += 1
            return False
        self.summary.captures += 1
        return True

    def _crawled(self, item: Capture) -> AgencyRef | None:
        return self.registered.get(item.agency) or (AgencyRef(item.agency) if item.agency else None)

    def _current(self, keys: list[str]) -> dict[str, int | None]:
        """Each report key's current version before the batch (a key not stored yet is absent)."""
        found: dict[str, int | None] = {}
        with self.engine.connect() as connection:
            for chunk in chunks(sorted(set(keys))):
                found.update(connection.execute(select(REPORTS.c.report_key, REPORTS.c.current_version_id)
                                                .where(REPORTS.c.report_key.in_(chunk))).all())
        return found

    def _measure(self, changes: list[tuple[Change, int | None, int | None]]) -> None:
        """Cells and failing checks of each change's version, against the version before it (a new report's
        are only counted)."""
        counted = [new for change, new, _ in changes if change.outcome == "new" and new is not None]
        compared = [v for change, new, old in changes if change.outcome != "new" for v in (new, old) if v is not None]
        if not counted and not compared:
            return
        with self.engine.connect() as connection:
            counts = _counts(connection, counted)
            cells, failures = _cells(connection, compared), _failures(connection, compared)
        for change, new, old in changes:
            if change.outcome == "new":
                change.cells, change.failures = counts.get(new, (0, 0))
                continue
            new_cells, new_failures = cells.get(new, {}), failures.get(new, set())
            old_cells, old_failures = cells.get(old, {}), failures.get(old, set())
            change.cells = len(new_cells.keys() - old_cells.keys())
            change.removed = len(old_cells.keys() - new_cells.keys())
            change.changed = sum(1 for k in new_cells.keys() & old_cells.keys() if new_cells[k] != old_cells[k])
            change.failures = len(new_failures - old_failures)
