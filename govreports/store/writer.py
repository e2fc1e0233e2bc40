"""Store parsed reports idempotently.

Identity: a report is an agency's report on a year (`agency|year`); a
document whose agency or year is unknown is identified by its URL. The same
content stored again changes nothing; the same report at a second URL adds a
source; a changed text or table adds a version and keeps the old one.
Every write is one transaction, retried when a concurrent writer got there
first (a unique key) or holds the lock (SQLite), so two writers lose nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from govreports.model import Report
from govreports.render import to_json
from govreports.store.models import Agency, CheckResult, ReportVersion, Source, TableCell, utcnow
from govreports.store.models import Report as ReportRow

log = logging.getLogger(__name__)
RETRIES = 8
LEVELS = (("county", "区县级"), ("city", "市级"), ("province", "省级"))
# Keys of the spec's JSON that make a version: a change in any is new content.
CONTENT_KEYS = ("title", "agency", "region", "year", "publish_date", "metadata", "template", "tables", "text",
                "status", "reason")


@dataclass(frozen=True)
class Capture:
    """What was fetched, as the crawler or the command line saw it."""

    url: str
    content_hash: str
    content_type: str | None = None
    http_status: int | None = None
    fetched_at: datetime = field(default_factory=utcnow)

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


def _insert(session: Session):
    return (postgresql if session.get_bind().dialect.name == "postgresql" else sqlite).insert


class Store:
    """Writes reports; one instance per process, sessions per write."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    def store(self, report: Report, capture: Capture) -> Stored:
        """Store one parsed report and its capture; safe to call again with the same input."""
        for attempt in range(RETRIES):
            try:
                with self.sessions.begin() as session:
                    return self._store(session, report, capture)
            except (IntegrityError, OperationalError) as error:
                if attempt == RETRIES - 1:
                    raise
                log.debug("concurrent write on %s (%s); retrying", capture.url, type(error).__name__)
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    def _store(self, session: Session, report: Report, capture: Capture) -> Stored:
        document = to_json(report)
        agency_id = self._agency(session, report)
        report_id = self._report(session, report, report_key(report, capture.url), agency_id)
        print_ = fingerprint(document)
        version = session.execute(
            select(ReportVersion.id, ReportVersion.number).where(
                ReportVersion.report_id == report_id, ReportVersion.fingerprint == print_)
        ).first()
        if version is not None:
            outcome, version_id, number = "unchanged", version.id, version.number
        else:
            number = (session.scalar(select(func.max(ReportVersion.number))
                                     .where(ReportVersion.report_id == report_id)) or 0) + 1
            version_id = self._version(session, report, document, report_id, number, print_)
            self._make_current(session, report, report_id, agency_id, version_id)
            outcome = "new" if number == 1 else "updated"
        self._source(session, capture, report_id, version_id)
        return Stored(outcome, report_id, version_id, number)

    def _agency(self, session: Session, report: Report) -> int | None:
        if not report.agency:
            return None
        region = report.region
        values = dict(name=report.agency, province=region.province, city=region.city, county=region.county,
                      level=agency_level(report), created_at=utcnow())
        session.execute(_insert(session)(Agency).values(**values).on_conflict_do_nothing(index_elements=["name"]))
        return session.scalar(select(Agency.id).where(Agency.name == report.agency))

    def _report(self, session: Session, report: Report, key: str, agency_id: int | None) -> int:
        now = utcnow()
        values = dict(report_key=key, agency_id=agency_id, year=report.year, status=report.status,
                      first_seen_at=now, updated_at=now)
        session.execute(_insert(session)(ReportRow).values(**values)
                        .on_conflict_do_nothing(index_elements=["report_key"]))
        return session.scalar(select(ReportRow.id).where(ReportRow.report_key == key))

    def _version(self, session: Session, report: Report, document: dict, report_id: int, number: int,
                 print_: str) -> int:
        version = ReportVersion(report_id=report_id, number=number, fingerprint=print_, document=document,
                                created_at=utcnow())
        session.add(version)
        session.flush()
        cells = [dict(version_id=version.id, table_code=table, row_code=row, column_code=column,
                      value=cell.value, raw_text=cell.raw[:200])
                 for table, rows in report.tables.items() for row, columns in rows.items()
                 for column, cell in columns.items()]
        if cells:
            session.execute(_insert(session)(TableCell), cells)
        checks = [dict(version_id=version.id, check_name=c.check, row_code=c.row, column_code=c.column, ok=c.ok,
                       expected=c.expected, found=c.found) for c in report.checks]
        if checks:
            session.execute(_insert(session)(CheckResult), checks)
        return version.id

    def _make_current(self, session: Session, report: Report, report_id: int, agency_id: int | None,
                      version_id: int) -> None:
        meta = report.metadata
        session.execute(update(ReportRow).where(ReportRow.id == report_id).values(
            agency_id=agency_id, year=report.year, title=report.title,
            publish_date=date.fromisoformat(report.publish_date) if report.publish_date else None,
            index_no=meta.index_no, issuer=meta.issuer, doc_no=meta.doc_no, created_date=meta.created_date,
            info_source=meta.source, template=report.template, status=report.status, reason=report.reason,
            text=report.text, current_version_id=version_id, updated_at=utcnow(),
        ))

    def _source(self, session: Session, capture: Capture, report_id: int, version_id: int) -> None:
        values = dict(url=capture.url, content_hash=capture.content_hash, content_type=capture.content_type,
                      http_status=capture.http_status, fetched_at=capture.fetched_at,
                      last_seen_at=capture.fetched_at, report_id=report_id, version_id=version_id)
        session.execute(_insert(session)(Source).values(**values)
                        .on_conflict_do_nothing(index_elements=["url", "content_hash"]))
        session.execute(update(Source).where(Source.url == capture.url,
                                             Source.content_hash == capture.content_hash)
                        .values(last_seen_at=capture.fetched_at, report_id=report_id, version_id=version_id))
