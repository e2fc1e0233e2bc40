"""The analyst database: SQLAlchemy 2.0 typed models.

One row per agency, per report (agency × year covered), per version of a
report's parsed content, per fetched capture (source), per table cell and
per check. Analysts mostly read the views (see migrations), which join the
current version of every report.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from govreports.store.analysis import COUNTS, PIVOTS, pivot_columns


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    province: Mapped[str | None] = mapped_column(String(50), index=True)
    city: Mapped[str | None] = mapped_column(String(50))
    county: Mapped[str | None] = mapped_column(String(50))
    level: Mapped[str | None] = mapped_column(String(10))  # 省级 | 市级 | 区县级
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Report(Base):
    """A report is an agency's report on one year; its content lives in versions."""

    __tablename__ = "reports"
    # An agency's report on a year, and the year before (the analysts' cross-year views); the report of a
    # version's cells (every view joins cells to reports by the current version).
    # Each holds the columns the views read beside its key (revision 0008): a view never reads the row.
    __table_args__ = (Index("ix_reports_agency_year", "agency_id", "year", "status", "current_version_id",
                            "publish_date"),
                      Index("ix_reports_current_version", "current_version_id", "agency_id", "year", "template",
                            "status", "publish_date"))

    id: Mapped[int] = mapped_column(primary_key=True)
    report_key: Mapped[str] = mapped_column(Text, unique=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    publish_date: Mapped[date | None] = mapped_column(Date)
    index_no: Mapped[str | None] = mapped_column(String(200))
    issuer: Mapped[str | None] = mapped_column(String(200))
    doc_no: Mapped[str | None] = mapped_column(String(200))
    created_date: Mapped[str | None] = mapped_column(String(100))
    info_source: Mapped[str | None] = mapped_column(String(200))
    template: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    # Some of its current version's table cells were read by OCR (a scan, tables printed as pictures).
    ocr: Mapped[bool] = mapped_column(Boolean, server_default=false())  # no Python default: inserts never name it
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("report_versions.id", use_alter=True, name="fk_reports_current_version")
    )
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    agency: Mapped[Agency | None] = relationship()
    versions: Mapped[list[ReportVersion]] = relationship(
        back_populates="report", foreign_keys="ReportVersion.report_id", order_by="ReportVersion.number"
    )


class ReportVersion(Base):
    """One distinct parsed content of a report, kept when a newer one arrives."""

    __tablename__ = "report_versions"
    __table_args__ = (
        UniqueConstraint("report_id", "fingerprint"),
        UniqueConstraint("report_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict] = mapped_column(JSON)  # the spec's JSON of this version
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    report: Mapped[Report] = relationship(back_populates="versions", foreign_keys=[report_id])


class Source(Base):
    """One capture of a document at a URL; the same bytes fetched again are the same row."""

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("url", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text)  # the writer keeps it within what an index holds
    content_hash: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str | None] = mapped_column(Text)
    http_status: Mapped[int | None] = mapped_column(Integer)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("report_versions.id", ondelete="SET NULL"))
    # The WARC record of this capture (response or revisit) in the archive folder; None when not archived.
    warc_file: Mapped[str | None] = mapped_column(String(300))
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)


class TableCell(Base):
    __tablename__ = "table_cells"
    __table_args__ = (
        UniqueConstraint("version_id", "table_code", "row_code", "column_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id", ondelete="CASCADE"))
    table_code: Mapped[str] = mapped_column(String(30))
    row_code: Mapped[str] = mapped_column(String(60))
    column_code: Mapped[str] = mapped_column(String(60))
    value: Mapped[float | None] = mapped_column(Float)
    raw_text: Mapped[str] = mapped_column(String(200))
    confidence: Mapped[float | None] = mapped_column(Float)  # OCR's (0–1) for a value read from a picture


class CheckResult(Base):
    __tablename__ = "check_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id", ondelete="CASCADE"), index=True)
    check_name: Mapped[str] = mapped_column(String(60))
    row_code: Mapped[str | None] = mapped_column(String(60))
    column_code: Mapped[str | None] = mapped_column(String(60))
    ok: Mapped[bool] = mapped_column(Boolean)
    expected: Mapped[float | None] = mapped_column(Float)
    found: Mapped[float | None] = mapped_column(Float)


class ReportCounts(Base):
    """The counts a version's rates and reasons are made of, written with its cells: one column per
    entry of govreports.store.analysis.COUNTS (the one list of them)."""

    __table__ = Table(
        "report_counts", Base.metadata,
        Column("version_id", Integer, ForeignKey("report_versions.id", ondelete="CASCADE"), primary_key=True),
        *(Column(name, Float, nullable=True) for name in COUNTS),
    )


def _pivot(name: str) -> Table:
    """A pivot of tables 2–4 (govreports.store.analysis.PIVOTS): a row per version (and row code)."""
    by_row = PIVOTS[name][1]
    return Table(
        name, Base.metadata,
        Column("version_id", Integer, ForeignKey("report_versions.id", ondelete="CASCADE"), primary_key=True),
        *([Column("row_code", String(60), primary_key=True)] if by_row else []),
        *(Column(column, Float, nullable=True) for column in pivot_columns(name)),
    )


PIVOT_TABLES = {name: _pivot(name) for name in PIVOTS}


class CrossYearResult(Base):
    """A row of the cross-year rule (govreports.store.analysis.CROSS_YEAR_RULE) for a report's current
    version, every status kept (ok, mismatch, no_previous, no_value); rewritten when the report or its
    previous year is stored."""

    __tablename__ = "cross_year_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    previous_report_id: Mapped[int | None] = mapped_column(Integer)
    check_name: Mapped[str] = mapped_column(String(60))
    row_code: Mapped[str] = mapped_column(String(60))
    column_code: Mapped[str] = mapped_column(String(60))
    expected: Mapped[float | None] = mapped_column(Float)
    found: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), index=True)


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    spider: Mapped[str] = mapped_column(String(60))
    arguments: Mapped[dict] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), default="running")  # running | finished | incomplete | failed
    reason: Mapped[str | None] = mapped_column(Text)  # why not finished, in one line
    stats: Mapped[dict] = mapped_column(JSON, default=dict)
