"""Store parsed reports idempotently.

Identity: a report is an agency's report on a year (`agency|year`); a
document whose agency or year is unknown is identified by its URL. The same
content stored again changes nothing; the same report at a second URL adds a
source; a changed text or table adds a version and keeps the old one.
Every write is one transaction, retried when a concurrent writer got there
first (a unique key) or holds the lock (SQLite), so two writers lose nothing.

A version never loses what the current one has without saying so: a
capture without tables (a page that only links the report's PDF, a notice)
of a report whose current version has tables is kept as a source of that
report, not as its new version (outcome `source`). Values are checked
against the columns before any insert (lengths, numbers the database holds
exactly, JSON without NaN or Infinity); `store_each` isolates an item that
fails for its data and stores it as a `failed` outcome with the reason.

The hot path uses Core statements built once per Store (compiled once by
SQLAlchemy), one statement per step for every item of a batch (agencies,
reports, versions with RETURNING, current fields staged in a temporary
table and set by one UPDATE … FROM, sources, cross-year checks) and the
driver's bulk insert (SQLite executemany, PostgreSQL COPY)
for the cells and checks of all its versions; see bench/store.py.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.schema import CreateTable

from govreports.model import Report, to_json
from govreports.store import analysis
from govreports.store.batches import chunks
from govreports.store.errors import describe, is_unavailable
from govreports.store.models import Agency, ReportVersion, Source, TableCell, utcnow
from govreports.store.models import Report as ReportRow

log = logging.getLogger(__name__)
RETRIES = 8
# An OperationalError that a concurrent writer caused: SQLite's lock; PostgreSQL's deadlock between two
# batches that lock the same agencies (cross-year checks, govreports.store.analysis) in another order.
CONCURRENT_WORDS = ("locked", "deadlock detected")
LEVELS = (("county", "区县级"), ("city", "市级"), ("province", "省级"))
# Keys of the spec's JSON that make a version: a change in any is new content.
CONTENT_KEYS = ("title", "agency", "region", "year", "publish_date", "metadata", "template", "tables", "text",
                "status", "reason")
CURRENT_FIELDS = ("agency_id", "year", "title", "publish_date", "index_no", "issuer", "doc_no", "created_date",
                  "info_source", "template", "status", "reason", "text", "current_version_id", "updated_at")
AGENCIES, REPORTS, VERSIONS, SOURCES = (m.__table__ for m in (Agency, ReportRow, ReportVersion, Source))
CELL_COLUMNS = ("version_id", "table_code", "row_code", "column_code", "value", "raw_text")
# Columns of revision 0005 (OCR). A schema older than that (its data written before, or a test of the
# upgrade path) does not have them: they are named only where the database has them.
OCR_FIELD, CONFIDENCE_COLUMN = "ocr", "confidence"
CHECK_COLUMNS = ("version_id", "check_name", "row_code", "column_code", "ok", "expected", "found")
CELLS = TableCell.__table__
# The current fields of a batch's reports, staged in a temporary table and set by one UPDATE … FROM: a row
# at a time, each UPDATE is a statement of its own, and SQLite's full-text index (revision 0007, a
# trigger on reports.text) writes its pending terms out at every statement (about 2 ms a report, not 0.8).
STAGED = Table("staged_current", MetaData(), Column("report_id", Integer),
               *(Column(c, REPORTS.c[c].type) for c in (*CURRENT_FIELDS, OCR_FIELD)), prefixes=["TEMPORARY"])
CREATE_STAGED = CreateTable(STAGED, if_not_exists=True)  # one statement, not a catalog lookup then a create
# A unique index entry must fit a B-tree page (PostgreSQL: 2,704 bytes): URLs and report keys up to this.
MAX_INDEXED_BYTES = 2500
MAX_EXACT = 2**53  # numbers go into float columns: beyond this, digits would be silently lost


class Unstorable(ValueError):
    """A value that does not fit its column; the message says which and why."""


def widths(table: Table) -> dict[str, int]:
    return {c.name: c.type.length for c in table.columns if isinstance(c.type, String) and c.type.length}


WIDTHS = {t.name: widths(t) for t in (AGENCIES, REPORTS, SOURCES)}


@dataclass(frozen=True)
class AgencyRef:
    """The registry agency a crawl fetched a document for: authoritative for where the report is stored."""

    name: str
    province: str | None = None
    city: str | None = None
    county: str | None = None
    level: str | None = None


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
    agency: AgencyRef | None = None  # the crawl's registry agency; None from the command line

    @classmethod
    def of(cls, url: str, data: bytes, content_type: str | None = None, http_status: int | None = None) -> Capture:
        return cls(url, hashlib.sha256(data).hexdigest(), content_type, http_status)


@dataclass(frozen=True)
class Stored:
    outcome: str  # new | updated | unchanged | source (kept as a source only) | refused (stored as failed) | error
    report_id: int | None
    version_id: int | None
    version: int
    reason: str | None = None  # refused and error: why


def report_key(report: Report, url: str, agency: str | None = None) -> str:
    """agency|year, the agency being the registry's for a crawled document, else the one it names."""
    agency = agency or report.agency
    if agency and report.year:
        return f"{agency}|{report.year}"
    return f"url|{url}"


def fingerprint(document: dict[str, Any]) -> str:
    """The hash of what makes a version; raises Unstorable for content whose JSON would hold NaN or Infinity
    (one serialization serves both: it was a second pass over the report's text, 8% of a batched store)."""
    content = {k: document.get(k) for k in CONTENT_KEYS}
    try:
        serialized = json.dumps(content, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except ValueError:
        raise Unstorable("the report's JSON would hold NaN or Infinity") from None
    return hashlib.sha256(serialized.encode()).hexdigest()


def agency_level(report: Report) -> str | None:
    for attribute, level in LEVELS:
        if getattr(report.region, attribute):
            return level
    return None


def _fits(table: str, values: dict[str, Any]) -> None:
    for column, value in values.items():
        limit = WIDTHS[table].get(column)
        if isinstance(value, str) and limit and len(value) > limit:
            raise Unstorable(f"{table}.{column} is {len(value)} characters, more than its {limit}")


def _exact(value: Any, where: str) -> None:
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, float) and not math.isfinite(value) or abs(value) > MAX_EXACT:
        raise Unstorable(f"{where} is {value!r}, beyond the ±2^53 the database holds exactly")


def check_storable(report: Report, capture: Capture, key: str) -> None:
    """Raise Unstorable, naming the value, when something of this item (its report key: `key`) does not fit the
    database."""
    for what, value in (("the URL", capture.url), ("the report key", key)):
        if len(value.encode("utf-8")) > MAX_INDEXED_BYTES:
            raise Unstorable(f"{what} is {len(value.encode())} bytes, more than the {MAX_INDEXED_BYTES} an index holds")
    region, meta = report.region, report.metadata
    _fits("agencies", dict(name=report.agency, province=region.province, city=region.city, county=region.county,
                           level=agency_level(report)))
    _fits("reports", dict(title=report.title, index_no=meta.index_no, issuer=meta.issuer, doc_no=meta.doc_no,
                          created_date=meta.created_date, info_source=meta.source, template=report.template,
                          status=report.status))
    _fits("sources", dict(content_type=capture.content_type, warc_file=capture.warc_file))
    for table, rows in report.tables.items():
        for row, columns in rows.items():
            for column, cell in columns.items():
                # The document's JSON is checked as fingerprint() serializes its content; confidences are not content.
                if cell.confidence is not None and not math.isfinite(cell.confidence):
                    raise Unstorable(f"the confidence of {table}.{row}.{column} is {cell.confidence!r}")
                value = cell.value
                if value is None or type(value) is int and -MAX_EXACT <= value <= MAX_EXACT:
                    continue  # most cells: nothing to check, and no message to build
                _exact(value, f"{table}.{row}.{column}")
    for check in report.checks:
        _exact(check.expected, f"check {check.check} expected")
        _exact(check.found, f"check {check.check} found")


def refusal(report: Report, capture: Capture, reason: str) -> Report:
    """What is stored for an item the database cannot hold: a failed outcome at its URL, with the reason."""
    return Report(url=capture.url, status="failed", reason=f"not stored: {reason}")


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


@dataclass(frozen=True)
class Schema:
    """What a database's revision has that the Store writes to: a test of the upgrade path stores at an
    older revision, and the Store then writes only what that schema holds."""

    ocr_columns: bool  # reports.ocr and table_cells.confidence (revision 0005 on)
    # The analysts' views and checks (0006 on): an older schema's views would count the checks they add
    # among the report's own.
    analysis_views: bool
    pivots: bool  # tables 2–4 pivoted and the cross-year rule's rows (0008 on)

    @classmethod
    def of(cls, connection: Connection) -> Schema:
        found = inspect(connection)
        return cls(ocr_columns=OCR_FIELD in {c["name"] for c in found.get_columns("reports")},
                   analysis_views="v_cross_year" in found.get_view_names(),
                   pivots="cross_year_results" in found.get_table_names())


@dataclass(frozen=True)
class Pending:
    """An item of a batch, identified and checked before anything is written."""

    report: Report
    capture: Capture
    document: dict[str, Any]
    key: str
    fingerprint: str


def rounds(batch: list[Pending]) -> list[list[int]]:
    """The batch's indexes in rounds, in order, no round holding a report key or a source twice."""
    seen: dict[Any, int] = {}
    out: list[list[int]] = []
    for index, item in enumerate(batch):
        source = (item.capture.url, item.capture.content_hash)
        round_ = max(seen.get(item.key, 0), seen.get(source, 0))
        seen[item.key] = seen[source] = round_ + 1
        if round_ == len(out):
            out.append([])
        out[round_].append(index)
    return out


class Store:
    """Writes reports; one instance per process (it holds compiled statements)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.agency_ids: dict[str, int] = {}  # agencies are never deleted: an id, once read, stays right
        insert = (postgresql if engine.dialect.name == "postgresql" else sqlite).insert
        self.add_agency = insert(AGENCIES).on_conflict_do_nothing(index_elements=["name"])
        self.add_report = insert(REPORTS).on_conflict_do_nothing(index_elements=["report_key"])
        # Many versions in one statement, their ids returned in the order given (SQLAlchemy's insertmanyvalues).
        self.add_versions = VERSIONS.insert().returning(VERSIONS.c.id, sort_by_parameter_order=True)
        self.schema: Schema | None = None  # what the database's revision has: looked up once, on first store
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
                    return self._store_batch(connection, items)
            except Exception as error:
                self.agency_ids.clear()  # ids read in the rolled-back transaction may not exist
                concurrent = isinstance(error, IntegrityError) or (
                    isinstance(error, OperationalError) and any(w in str(error.orig) for w in CONCURRENT_WORDS))
                if not concurrent or attempt == RETRIES - 1:
                    raise
                log.debug("concurrent write (%s); retrying %d reports", type(error).__name__, len(items))
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    def store_each(self, items: list[tuple[Report, Capture]]) -> list[Stored]:
        """Store a batch in one transaction; when its data fails, each item alone.

        An item that fails alone is stored as a `failed` outcome at its URL
        with the reason (outcome `refused`), or, when even that cannot be
        stored, reported with outcome `error`. The database's own failures
        (govreports.store.errors.is_unavailable) are raised: nothing is
        stored then, and the whole batch can be tried again.
        """
        try:
            return self.store_many(items)
        except Exception as error:
            if is_unavailable(error):
                raise
            if len(items) > 1:
                log.info("a batch of %d failed (%s); storing its items one by one", len(items), describe(error))
        return [self._store_alone(report, capture) for report, capture in items]

    def _store_alone(self, report: Report, capture: Capture) -> Stored:
        try:
            return self.store_many([(report, capture)])[0]
        except Exception as error:
            if is_unavailable(error):
                raise
            reason = str(error) if isinstance(error, Unstorable) else describe(error)
        log.warning("%s: not stored: %s", capture.url[:300], reason)
        try:
            stored = self.store_many([(refusal(report, capture, reason), capture)])[0]
        except Exception as error:
            if is_unavailable(error):
                raise
            log.error("%s: not stored, not even as a failure: %s", capture.url[:300], describe(error))
            return Stored("error", None, None, 0, reason)
        return Stored("refused", stored.report_id, stored.version_id, stored.version, reason)

    def _store(self, connection: Connection, report: Report, capture: Capture) -> Stored:
        """One item in the caller's transaction."""
        return self._store_batch(connection, [(report, capture)])[0]

    def _store_batch(self, connection: Connection, items: list[tuple[Report, Capture]]) -> list[Stored]:
        """Every item of a transaction, a statement per step for all of them (not per item).

        Items are written in rounds in which no report key and no source repeats, so that the same
        report twice in a batch (a page and its attachment) is decided against what the earlier one
        wrote, as if stored one after the other.
        """
        pending = [Pending(report, capture, *self._identify(report, capture)) for report, capture in items]
        results: list[Stored | None] = [None] * len(pending)
        for round_ in rounds(pending):
            for index, stored in zip(round_, self._store_round(connection, [pending[i] for i in round_])):
                results[index] = stored
        return [r for r in results if r is not None]

    @staticmethod
    def _identify(report: Report, capture: Capture) -> tuple[dict[str, Any], str, str]:
        document = to_json(report)
        key = report_key(report, capture.url, capture.agency.name if capture.agency else None)
        check_storable(report, capture, key)
        return document, key, fingerprint(document)

    def _store_round(self, connection: Connection, batch: list[Pending]) -> list[Stored]:
        agency_ids = self._agencies(connection, batch)
        report_ids = self._reports(connection, batch, agency_ids)
        versions: dict[int, list[Any]] = {}
        for chunk in chunks(sorted(set(report_ids))):
            for v in connection.execute(select(VERSIONS.c.report_id, VERSIONS.c.id, VERSIONS.c.number,
                                               VERSIONS.c.fingerprint).where(VERSIONS.c.report_id.in_(chunk))):
                versions.setdefault(v.report_id, []).append(v)
        tableless = [report_ids[i] for i, item in enumerate(batch)
                     if not item.report.tables and versions.get(report_ids[i])]
        with_tables = self._current_has_tables(connection, tableless)
        decided: list[tuple[str, int | None, int]] = []
        new: list[int] = []  # indexes into batch of the items that become a new current version
        for i, item in enumerate(batch):
            mine = versions.get(report_ids[i], [])
            same = next((v for v in mine if v.fingerprint == item.fingerprint), None)
            if same is not None:
                decided.append(("unchanged", same.id, same.number))
            elif not item.report.tables and mine and report_ids[i] in with_tables:
                # A wrapper page or a notice: a source of the report, never the version that hides its numbers.
                decided.append(("source", None, max(v.number for v in mine)))
            else:
                number = max((v.number for v in mine), default=0) + 1
                decided.append(("new" if number == 1 else "updated", None, number))
                new.append(i)
        if new:
            version_ids = self._versions(connection, [batch[i] for i in new], [report_ids[i] for i in new],
                                         [decided[i][2] for i in new])
            self._make_current(connection, [batch[i] for i in new], [report_ids[i] for i in new],
                               [agency_ids.get(i) for i in new], version_ids)
            for i, version_id in zip(new, version_ids):
                decided[i] = (decided[i][0], version_id, decided[i][2])
            if self._schema(connection).analysis_views:
                # These reports' and their next years' cross-year checks now compare with these versions.
                rows = analysis.refresh_many(connection, sorted({report_ids[i] for i in new}),
                                              materialized=self._schema(connection).pivots)
                if rows:
                    insert_rows(connection, "check_results", CHECK_COLUMNS, rows)
        self._sources(connection, batch, report_ids, [version_id for _, version_id, _ in decided])
        return [Stored(outcome, report_ids[i], version_id, number)
                for i, (outcome, version_id, number) in enumerate(decided)]

    def _sources(self, connection: Connection, batch: list[Pending], report_ids: list[int],
                 version_ids: list[int | None]) -> None:
        plain, archived = [], []
        for item, report_id, version_id in zip(batch, report_ids, version_ids):
            capture = item.capture
            row = dict(url=capture.url, content_hash=capture.content_hash, content_type=capture.content_type,
                       http_status=capture.http_status, fetched_at=capture.fetched_at,
                       last_seen_at=capture.fetched_at, report_id=report_id, version_id=version_id)
            if capture.warc_file is None:
                plain.append(row)
            else:
                archived.append(dict(row, warc_file=capture.warc_file, warc_offset=capture.warc_offset))
        if plain:
            connection.execute(self.add_source, plain)
        if archived:
            connection.execute(self.add_source_warc, archived)

    def _current_has_tables(self, connection: Connection, report_ids: list[int]) -> set[int]:
        """Of these reports, those whose current version has cells."""
        out: set[int] = set()
        for chunk in chunks(sorted(set(report_ids))):
            has_cells = select(CELLS.c.id).where(CELLS.c.version_id == REPORTS.c.current_version_id).exists()
            out.update(connection.scalars(select(REPORTS.c.id).where(REPORTS.c.id.in_(chunk), has_cells)))
        return out

    def _agencies(self, connection: Connection, batch: list[Pending]) -> dict[int, int]:
        """Index in batch → agency id: the registry's agency for a crawled document (a parsed name never
        creates one then), else the one the report names; items with neither have none."""
        rows: dict[int, dict[str, Any]] = {}
        for i, item in enumerate(batch):
            registered, report = item.capture.agency, item.report
            if registered is not None:
                rows[i] = dict(name=registered.name, province=registered.province, city=registered.city,
                               county=registered.county, level=registered.level)
            elif report.agency:
                region = report.region
                rows[i] = dict(name=report.agency, province=region.province, city=region.city,
                               county=region.county, level=agency_level(report))
        unknown = {row["name"]: row for row in rows.values() if row["name"] not in self.agency_ids}
        if unknown:
            now = utcnow()
            connection.execute(self.add_agency, [dict(row, created_at=now) for row in unknown.values()])
            for chunk in chunks(sorted(unknown)):
                self.agency_ids.update(connection.execute(
                    select(AGENCIES.c.name, AGENCIES.c.id).where(AGENCIES.c.name.in_(chunk))).all())
        return {i: self.agency_ids[row["name"]] for i, row in rows.items()}

    def _reports(self, connection: Connection, batch: list[Pending], agency_ids: dict[int, int]) -> list[int]:
        now = utcnow()
        connection.execute(self.add_report, [
            dict(report_key=item.key, agency_id=agency_ids.get(i), year=item.report.year, status=item.report.status,
                 first_seen_at=now, updated_at=now) for i, item in enumerate(batch)])
        ids: dict[str, int] = {}
        for chunk in chunks(sorted({item.key for item in batch})):
            ids.update(connection.execute(
                select(REPORTS.c.report_key, REPORTS.c.id).where(REPORTS.c.report_key.in_(chunk))).all())
        return [ids[item.key] for item in batch]

    def _versions(self, connection: Connection, batch: list[Pending], report_ids: list[int],
                  numbers: list[int]) -> list[int]:
        """New versions with their cells, counts and checks; their ids in the batch's order."""
        now = utcnow()
        version_ids = list(connection.execute(self.add_versions, [
            dict(report_id=report_id, number=number, fingerprint=item.fingerprint, document=item.document,
                 created_at=now) for item, report_id, number in zip(batch, report_ids, numbers)]).scalars())
        schema = self._schema(connection)
        ocr, views = schema.ocr_columns, schema.analysis_views
        cells: list[tuple] = []
        checks: list[tuple] = []
        for item, version_id in zip(batch, version_ids):
            report = item.report
            cells += [(version_id, table, row, column, cell.value, cell.raw[:200],
                       *((cell.confidence,) if ocr else ()))
                      for table, rows in report.tables.items() for row, columns in rows.items()
                      for column, cell in columns.items()]
            checks += [(version_id, c.check, c.row, c.column, c.ok, c.expected, c.found) for c in report.checks]
            if report.status in analysis.REPORT_STATUSES and views:
                checks += analysis.completeness_checks(version_id, report.text)
        if cells:
            insert_rows(connection, "table_cells", (*CELL_COLUMNS, CONFIDENCE_COLUMN) if ocr else CELL_COLUMNS, cells)
            derived = [analysis.insert_counts_sql] if views else []
            if schema.pivots:
                derived += [partial(analysis.insert_pivot_sql, pivot) for pivot in analysis.PIVOTS]
            for insert in derived:  # what the views read, derived from the cells
                for chunk in chunks(version_ids):
                    connection.execute(text(insert("c.version_id IN :versions")).bindparams(
                        bindparam("versions", expanding=True)), {"versions": chunk})
        if checks:
            insert_rows(connection, "check_results", CHECK_COLUMNS, checks)
        return version_ids

    def _make_current(self, connection: Connection, batch: list[Pending], report_ids: list[int],
                      agency_ids: list[int | None], version_ids: list[int]) -> None:
        ocr = self._schema(connection).ocr_columns
        now = utcnow()
        rows = []
        for item, report_id, agency_id, version_id in zip(batch, report_ids, agency_ids, version_ids):
            report, meta = item.report, item.report.metadata
            rows.append(dict(
                report_id=report_id, agency_id=agency_id, year=report.year, title=report.title,
                publish_date=date.fromisoformat(report.publish_date) if report.publish_date else None,
                index_no=meta.index_no, issuer=meta.issuer, doc_no=meta.doc_no, created_date=meta.created_date,
                info_source=meta.source, template=report.template, status=report.status, reason=report.reason,
                text=report.text, current_version_id=version_id, updated_at=now, **{OCR_FIELD: report.ocr},
            ))
        connection.execute(CREATE_STAGED)  # a connection's own; gone with a rolled-back transaction
        connection.execute(STAGED.insert(), rows)
        fields = (*CURRENT_FIELDS, OCR_FIELD) if ocr else CURRENT_FIELDS
        connection.exec_driver_sql(
            f"UPDATE reports SET {', '.join(f'{c} = s.{c}' for c in fields)} "
            f"FROM {STAGED.name} AS s WHERE reports.id = s.report_id")
        connection.exec_driver_sql(f"DELETE FROM {STAGED.name}")

    def _schema(self, connection: Connection) -> Schema:
        if self.schema is None:
            self.schema = Schema.of(connection)
        return self.schema
