"""Store parsed reports idempotently.

Identity: a report is an agency's report on a year (`agency|year`); a
document whose agency or year is unknown is identified by its URL. The same
content stored again changes nothing; the same report at a second URL adds a
source; a changed text or table adds a version and keeps the old one.
Every write is one transaction, retried when a concurrent writer got there
first (a unique key) or holds the lock (SQLite), so two writers lose nothing.

The hot path uses Core statements built once per Store (compiled once by
SQLAlchemy) and the driver's bulk insert for the ~250 cells and checks of a
version; see bench/store.py.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError

from govreports.model import Report
from govreports.render import to_json
from govreports.store.models import Agency, ReportVersion, Source, utcnow
from govreports.store.models import Report as ReportRow

log = logging.getLogger(__name__)
RETRIES = 8
LEVELS = (("county", "区县级"), ("city", "市级"), ("province", "省级"))
# Keys of the spec's JSON that make a version: a change in any is new content.
CONTENT_KEYS = ("title", "agency", "region", "year", "publish_date", "metadata", "template", "tables", "text",
                "status", "reason")
CURRENT_FIELDS = ("agency_id", "year", "title", "publish_date", "index_no", "issuer", "doc_no", "created_date",
                  "info_source", "template", "status", "reason", "text", "current_version_id", "updated_at")
AGENCIES, REPORTS, VERSIONS, SOURCES = (m.__table__ for m in (Agency, ReportRow, ReportVersion, Source))
CELL_COLUMNS = ("version_id", "table_code", "row_code", "column_code", "value", "raw_text")
CHECK_COLUMNS = ("version_id", "check_name", "row_code", "column_code", "ok", "expected", "found")


@dataclass(frozen=True)
class Capture:
    """What was fetched, as the crawler or the command line saw it."""

    url: str
    content_hash: str
    content_type: str | None = None
    http_status: int | None = None
    fetched_at: datetime = field(default_factory=utcnow)
    warc_file: str | None = None  # where the archive holds it (govreports.archive)
    warc_offset: int | None = None

    @classmethod
    def of(cls, url: str, data: bytes, content_type: str | None = None, http_status: int | None = None) -> Capture:
        return cls(url, hashlib.sha256(data).hexdigest(), content_type, http_status)


@dataclass(frozen=True)
class Stored:
    outcome: str  # new | updated | unchanged
    report_id: int
    version_id: int
    version: int


def report_key(report: Report, url: str) -> str:
    if report.agency and report.year:
        return f"{report.agency}|{report.year}"
    return f"url|{url}"


def fingerprint(document: dict[str, Any]) -> str:
    content = {k: document.get(k) for k in CONTENT_KEYS}
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def agency_level(report: Report) -> str | None:
    for attribute, level in LEVELS:
        if getattr(report.region, attribute):
            return level
    return None


def insert_rows(connection: Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Many rows at driver speed: SQLite's executemany, PostgreSQL's COPY."""
    names = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(columns))
    connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


class Store:
    """Writes reports; one instance per process (it holds compiled statements)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.agency_ids: dict[str, int] = {}  # agencies are never deleted: an id, once read, stays right
        insert = (postgresql if engine.dialect.name == "postgresql" else sqlite).insert
        self.add_agency = insert(AGENCIES).on_conflict_do_nothing(index_elements=["name"])
        self.add_report = insert(REPORTS).on_conflict_do_nothing(index_elements=["report_key"])
        self.add_version = VERSIONS.insert().returning(VERSIONS.c.id)
        self.set_current = update(REPORTS).where(REPORTS.c.id == bindparam("report_id")).values(
            {c: bindparam(c) for c in CURRENT_FIELDS})
        upsert = insert(SOURCES)
        self.add_source = upsert.on_conflict_do_update(
            index_elements=["url", "content_hash"],
            set_={c: upsert.excluded[c] for c in ("last_seen_at", "report_id", "version_id")},
        )
        # With an archive pointer (a separate statement, so a capture without one never names the columns):
        # the first record that held these bytes stays the source's record.
        self.add_source_warc = upsert.on_conflict_do_update(
            index_elements=["url", "content_hash"],
            set_={**{c: upsert.excluded[c] for c in ("last_seen_at", "report_id", "version_id")},
                  **{c: func.coalesce(SOURCES.c[c], upsert.excluded[c]) for c in ("warc_file", "warc_offset")}},
        )

    def store(self, report: Report, capture: Capture) -> Stored:
        """Store one parsed report and its capture; safe to call again with the same input."""
        return self.store_many([(report, capture)])[0]

    def store_many(self, items: list[tuple[Report, Capture]]) -> list[Stored]:
        """Store several reports in one transaction (one commit: how a crawl batches writes).

        On a conflict with a concurrent writer the whole batch is retried;
        every step is idempotent, so a retry never duplicates anything.
        """
        for attempt in range(RETRIES):
            try:
                with self.engine.begin() as connection:
                    return [self._store(connection, report, capture) for report, capture in items]
            except Exception as error:
                self.agency_ids.clear()  # ids read in the rolled-back transaction may not exist
                if not isinstance(error, (IntegrityError, OperationalError)) or attempt == RETRIES - 1:
                    raise
                log.debug("concurrent write (%s); retrying %d reports", type(error).__name__, len(items))
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    def _store(self, connection: Connection, report: Report, capture: Capture) -> Stored:
        document = to_json(report)
        agency_id = self._agency(connection, report)
        report_id = self._report(connection, report, report_key(report, capture.url), agency_id)
        print_ = fingerprint(document)
        versions = connection.execute(select(VERSIONS.c.id, VERSIONS.c.number, VERSIONS.c.fingerprint)
                                      .where(VERSIONS.c.report_id == report_id)).all()
        same = next((v for v in versions if v.fingerprint == print_), None)
        if same is not None:
            outcome, version_id, number = "unchanged", same.id, same.number
        else:
            number = max((v.number for v in versions), default=0) + 1
            version_id = self._version(connection, report, document, report_id, number, print_)
            self._make_current(connection, report, report_id, agency_id, version_id)
            outcome = "new" if number == 1 else "updated"
        row = dict(url=capture.url, content_hash=capture.content_hash, content_type=capture.content_type,
                   http_status=capture.http_status, fetched_at=capture.fetched_at, last_seen_at=capture.fetched_at,
                   report_id=report_id, version_id=version_id)
        if capture.warc_file is None:
            connection.execute(self.add_source, row)
        else:
            row.update(warc_file=capture.warc_file, warc_offset=capture.warc_offset)
            connection.execute(self.add_source_warc, row)
        return Stored(outcome, report_id, version_id, number)

    def _agency(self, connection: Connection, report: Report) -> int | None:
        if not report.agency:
            return None
        if report.agency not in self.agency_ids:
            region = report.region
            connection.execute(self.add_agency, dict(
                name=report.agency, province=region.province, city=region.city, county=region.county,
                level=agency_level(report), created_at=utcnow()))
            self.agency_ids[report.agency] = connection.scalar(
                select(AGENCIES.c.id).where(AGENCIES.c.name == report.agency))
        return self.agency_ids[report.agency]

    def _report(self, connection: Connection, report: Report, key: str, agency_id: int | None) -> int:
        now = utcnow()
        connection.execute(self.add_report, dict(report_key=key, agency_id=agency_id, year=report.year,
                                                 status=report.status, first_seen_at=now, updated_at=now))
        return connection.scalar(select(REPORTS.c.id).where(REPORTS.c.report_key == key))

    def _version(self, connection: Connection, report: Report, document: dict, report_id: int, number: int,
                 print_: str) -> int:
        version_id = connection.execute(self.add_version, dict(
            report_id=report_id, number=number, fingerprint=print_, document=document, created_at=utcnow(),
        )).scalar_one()
        cells = [(version_id, table, row, column, cell.value, cell.raw[:200])
                 for table, rows in report.tables.items() for row, columns in rows.items()
                 for column, cell in columns.items()]
        checks = [(version_id, c.check, c.row, c.column, c.ok, c.expected, c.found) for c in report.checks]
        if cells:
            insert_rows(connection, "table_cells", CELL_COLUMNS, cells)
        if checks:
            insert_rows(connection, "check_results", CHECK_COLUMNS, checks)
        return version_id

    def _make_current(self, connection: Connection, report: Report, report_id: int, agency_id: int | None,
                      version_id: int) -> None:
        meta = report.metadata
        connection.execute(self.set_current, dict(
            report_id=report_id, agency_id=agency_id, year=report.year, title=report.title,
            publish_date=date.fromisoformat(report.publish_date) if report.publish_date else None,
            index_no=meta.index_no, issuer=meta.issuer, doc_no=meta.doc_no, created_date=meta.created_date,
            info_source=meta.source, template=report.template, status=report.status, reason=report.reason,
            text=report.text, current_version_id=version_id, updated_at=utcnow(),
        ))
