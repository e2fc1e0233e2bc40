"""The WARC archive: writer (rotation, dedup), reader (pairs, revisits, damage), verify, and reparse end to end."""

from __future__ import annotations

import gzip
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from govreports.archive import (
    FIELD_AGENCY,
    FIELD_CALLBACK,
    INDEX_NAME,
    archive_enabled,
    warc_files,
)
from govreports.archive.reader import iter_captures, read_capture
from govreports.archive.records import Damage, iter_records, read_record
from govreports.archive.verify import verify_archive
from govreports.archive.writer import ArchiveWriter, Exchange
from govreports.cli import main

HTML = "<html><body><p>政府信息公开工作年度报告</p></body></html>".encode()


def exchange(url: str, body: bytes, **kwargs) -> Exchange:
    headers = kwargs.pop("headers", [("Content-Type", "text/html; charset=utf-8"),
                                      ("Content-Length", str(len(body)))])
    return Exchange(url, kwargs.pop("status", 200), headers, body,
                    request_headers=[("User-Agent", "govreports-test"), ("Accept-Encoding", "gzip")], **kwargs)


def flip_byte(path: Path, position: int) -> None:
    data = bytearray(path.read_bytes())
    data[position] ^= 0xFF
    path.write_bytes(bytes(data))


def record_length(path: Path, offset: int) -> int:
    return next(r.length for r in iter_records(path, payloads=False) if not isinstance(r, Damage) and r.offset == offset)


# -- writer ------------------------------------------------------------------

def test_writer_rotates_by_size_and_writes_identical_payloads_once(tmp_path) -> None:
    with ArchiveWriter(tmp_path, max_size=2000) as archive:
        first = archive.write(exchange("http://a.test/1.html", HTML))
        again = archive.write(exchange("http://b.test/copy.html", HTML))  # same payload, other URL
        other = archive.write(exchange("http://a.test/2.html", HTML + b"<!-- 2 -->"))
        empty1 = archive.write(exchange("http://a.test/gone", b"", status=404))
        empty2 = archive.write(exchange("http://a.test/gone2", b"", status=404))
    assert not first.revisit and again.revisit and not other.revisit
    assert not empty1.revisit and not empty2.revisit  # empty payloads are never deduplicated
    assert len(warc_files(tmp_path)) >= 2  # rotated
    original = read_record(tmp_path, first.file, first.offset)
    revisit = read_record(tmp_path, again.file, again.offset)
    assert (original.type, original.uri, original.payload) == ("response", "http://a.test/1.html", HTML)
    assert revisit.type == "revisit" and revisit.uri == "http://b.test/copy.html"
    assert revisit.warc_headers.get_header("WARC-Refers-To") == original.record_id
    assert revisit.warc_headers.get_header("WARC-Refers-To-Target-URI") == "http://a.test/1.html"
    assert revisit.warc_headers.get_header("WARC-Profile").endswith("/revisit/identical-payload-digest")
    assert revisit.warc_headers.get_header("WARC-Payload-Digest") == original.warc_headers.get_header(
        "WARC-Payload-Digest")


def test_dedup_across_runs_also_when_the_index_is_lost(tmp_path) -> None:
    with ArchiveWriter(tmp_path) as archive:
        first = archive.write(exchange("http://a.test/1.html", HTML))
    with ArchiveWriter(tmp_path) as archive:
        second = archive.write(exchange("http://a.test/1.html", HTML))
    (tmp_path / INDEX_NAME).unlink()
    with ArchiveWriter(tmp_path) as archive:  # rebuilt from the WARC files
        third = archive.write(exchange("http://a.test/other.html", HTML))
    assert second.revisit and third.revisit and second.file != first.file
    assert read_record(tmp_path, third.file, third.offset).warc_headers.get_header("WARC-Refers-To") == \
        read_record(tmp_path, first.file, first.offset).record_id
    assert (tmp_path / INDEX_NAME).read_text().count("\n") == 1


def test_standard_tools_read_the_files_at_the_offsets_given(tmp_path) -> None:
    with ArchiveWriter(tmp_path, max_size=1) as archive:  # a file per exchange
        locations = [archive.write(exchange(f"http://a.test/{n}.html", HTML + bytes([48 + n]))) for n in range(3)]
        locations.append(archive.write(exchange("http://a.test/copy.html", HTML + b"0")))
    for location in locations:
        with open(tmp_path / location.file, "rb") as handle:
            iterator = ArchiveIterator(handle, check_digests=True)
            seen = []
            for record in iterator:
                record.content_stream().read()
                assert record.digest_checker.passed is not False
                seen.append((record.rec_type, iterator.get_record_offset()))
        assert seen[0][0] == "warcinfo"
        assert (("revisit" if location.revisit else "response"), location.offset) == seen[1]
        assert seen[2][0] == "request"


# -- reader ------------------------------------------------------------------

def test_reader_pairs_request_and_response_and_resolves_revisits(tmp_path) -> None:
    with ArchiveWriter(tmp_path, max_size=1) as archive:
        archive.write(exchange("http://a.test/r.html", HTML, extra={FIELD_CALLBACK: "parse_report",
                                                                     FIELD_AGENCY: "常州市应急管理局"}))
        archive.write(exchange("http://a.test/z.html", gzip.compress(HTML),
                               headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
                                        ("Transfer-Encoding", "chunked")]))
        archive.write(exchange("http://b.test/copy.html", HTML))
        archive.write(Exchange("http://a.test/post", 200, [("Content-Type", "text/xml")], b"<x/>", method="POST",
                               request_body=b"startrecord=1", rendered=True))
    captures = list(iter_captures(tmp_path))
    assert [c.url for c in captures] == ["http://a.test/r.html", "http://a.test/z.html", "http://b.test/copy.html",
                                         "http://a.test/post"]
    report, zipped, copy, post = captures
    assert (report.callback, report.agency, report.body, report.record_type) == (
        "parse_report", "常州市应急管理局", HTML, "response")
    assert zipped.body == HTML and zipped.headers.get_header("Transfer-Encoding") is None
    assert (copy.record_type, copy.body) == ("revisit", HTML)
    assert post.rendered and post.request.payload == b"startrecord=1"
    assert post.request.http_headers.protocol == "POST"
    assert all(c.request is not None and c.request.type == "request" for c in captures)


def test_a_damaged_record_is_named_skipped_and_the_rest_read(tmp_path) -> None:
    with ArchiveWriter(tmp_path) as archive:
        good = archive.write(exchange("http://a.test/1.html", HTML * 20))
        bad = archive.write(exchange("http://a.test/2.html", HTML * 30 + b"two"))
        copy = archive.write(exchange("http://a.test/copy-of-2.html", HTML * 30 + b"two"))  # refers to the bad one
        last = archive.write(exchange("http://a.test/3.html", HTML * 40))
    path = tmp_path / bad.file
    flip_byte(path, bad.offset + record_length(path, bad.offset) // 2)

    result = verify_archive(tmp_path)
    assert not result.ok
    damaged = [p for p in result.problems if p.file == bad.file and p.offset == bad.offset]
    assert damaged, result.problems
    assert any(p.file == INDEX_NAME for p in result.problems)  # its index entry points at nothing readable
    assert any(p.offset == copy.offset and "revisit" in p.message for p in result.problems)

    items = list(iter_captures(tmp_path))
    assert [i.url for i in items if not isinstance(i, Damage)] == ["http://a.test/1.html", "http://a.test/3.html"]
    damage = [i for i in items if isinstance(i, Damage)]
    assert damage[0].offset == bad.offset and damage[0].file == bad.file
    assert any(d.offset == copy.offset for d in damage)
    assert good.offset < bad.offset < last.offset


def test_verify_reports_every_problem_not_only_the_first(tmp_path) -> None:
    with ArchiveWriter(tmp_path, max_size=1) as archive:
        first = archive.write(exchange("http://a.test/1.html", HTML * 20))
        second = archive.write(exchange("http://a.test/2.html", HTML * 21))
    for location in (first, second):
        path = tmp_path / location.file
        flip_byte(path, location.offset + record_length(path, location.offset) // 2)
    with open(tmp_path / INDEX_NAME, "a") as index:
        index.write("not an index line\n")
    problems = verify_archive(tmp_path).problems
    assert {(p.file, p.offset) for p in problems} >= {(first.file, first.offset), (second.file, second.offset)}
    assert any("malformed" in p.message for p in problems)


def test_the_switch() -> None:
    assert archive_enabled("") is True and archive_enabled("on") is True
    assert archive_enabled("0") is False and archive_enabled("False") is False and archive_enabled("1") is True


# -- end to end: crawl, delete the database, reparse -------------------------

TABLES = ("reports", "table_cells", "sources")


def snapshot(path: Path) -> dict[str, list]:
    connection = sqlite3.connect(path)
    try:
        return {
            "reports": sorted(connection.execute(
                "SELECT report_key, year, title, status, template, publish_date, text FROM reports")),
            "cells": sorted(connection.execute(
                "SELECT r.report_key, c.table_code, c.row_code, c.column_code, c.value, c.raw_text "
                "FROM table_cells c JOIN reports r ON r.current_version_id = c.version_id")),
            "versions": sorted(connection.execute(
                "SELECT r.report_key, v.number, v.fingerprint FROM report_versions v JOIN reports r "
                "ON r.id = v.report_id")),
            "sources": sorted(connection.execute(
                "SELECT s.url, s.content_hash, s.http_status, s.warc_file, s.warc_offset, r.report_key "
                "FROM sources s LEFT JOIN reports r ON r.id = s.report_id")),
        }
    finally:
        connection.close()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The sample site crawled once into SQLite and an archive: (folder, database file, snapshot)."""
    from devtools.crawl import run_crawl, sample_site_settings
    from devtools.sample_site import serve_sample_site

    folder = tmp_path_factory.mktemp("archived")
    database = folder / "crawl.sqlite3"
    with serve_sample_site() as site:
        registry = site.write_registry(folder / "registry.csv")
        # Parsed by two worker processes, whose parses end in any order: the sample site reposts 南开区's 2024
        # report, changed, at a second URL, and the crawl stores them (version 1, then 2) in the order they were
        # archived, as reparse does (pipelines/parse.py, Turns).
        settings = {**sample_site_settings(registry), "GOVREPORTS_ARCHIVE_DIR": str(folder / "archive"),
                    "GOVREPORTS_ARCHIVE_MAX_SIZE": "200000", "GOVREPORTS_PARSE_WORKERS": "2"}
        result = run_crawl({}, settings, f"sqlite:///{database}", folder / "crawl.log")
    assert result.returncode == 0, (folder / "crawl.log").read_text(errors="replace")[-4000:]
    return folder, database, snapshot(database)


def test_every_source_points_at_its_record_and_the_archive_verifies(crawled, capsys) -> None:
    folder, _, before = crawled
    archive = folder / "archive"
    assert len(warc_files(archive)) >= 2  # rotated at 200 kB
    assert before["sources"] and all(s[3] and s[4] is not None for s in before["sources"])
    for url, content_hash, _, file, offset, _ in before["sources"]:
        capture = read_capture(archive, file, offset)  # a revisit's payload comes from the record it refers to
        assert not isinstance(capture, Damage) and capture.url == url
        assert hashlib.sha256(capture.body).hexdigest() == content_hash
    urls = {c.url.rsplit("/", 1)[-1] for c in iter_captures(archive) if not isinstance(c, Damage)}
    assert "robots.txt" in urls
    assert main(["archive", "verify", "--archive-dir", str(archive)]) == 0
    assert ": ok" in capsys.readouterr().out


def test_reparse_from_the_archive_rebuilds_the_same_reports_and_cells(crawled, tmp_path, capsys) -> None:
    folder, _, before = crawled
    database = tmp_path / "again.sqlite3"
    shutil.copy(crawled[1], database)
    database.unlink()  # the crawl's database is gone; only the archive is left
    url = f"sqlite:///{database}"
    assert main(["reparse", "--archive-dir", str(folder / "archive"), "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert f"{len(before['reports'])} new reports" in out and "0 damaged" in out
    assert snapshot(database) == before
    # Seed 003's table 3 is a picture the crawl fetched and archived: reparse reads it from the archive too.
    assert ("四川省应急管理厅|2019", "applications", "new_received", "total", 5, "5") in before["cells"]
    # Again: nothing changes.
    assert main(["reparse", "--archive-dir", str(folder / "archive"), "--database-url", url]) == 0
    assert "0 new reports, 0 new versions" in capsys.readouterr().out
    assert snapshot(database) == before


def test_reparse_filters_by_agency_and_date(crawled, tmp_path, capsys) -> None:
    folder, _, before = crawled
    archive = str(folder / "archive")
    url = f"sqlite:///{tmp_path / 'some.sqlite3'}"
    assert main(["reparse", "--archive-dir", archive, "--database-url", url, "--agency", "常州"]) == 0
    keys = {r[0] for r in snapshot(tmp_path / "some.sqlite3")["reports"]}
    assert keys and all(k.startswith("常州市应急管理局|") for k in keys)
    capsys.readouterr()
    assert main(["reparse", "--archive-dir", archive, "--database-url", url, "--since", "2999-01-01"]) == 0
    assert "reparsed 0 captures" in capsys.readouterr().out


def test_a_damaged_record_is_named_by_verify_and_skipped_by_reparse(crawled, tmp_path, capsys) -> None:
    folder, _, before = crawled
    archive = tmp_path / "archive"
    shutil.copytree(folder / "archive", archive)
    # A report page with a report of its own, and bytes no other capture shares.
    per_report: dict[str, int] = {}
    per_hash: dict[str, int] = {}
    for source in before["sources"]:
        per_report[source[5]] = per_report.get(source[5], 0) + 1
        per_hash[source[1]] = per_hash.get(source[1], 0) + 1
    victim = next(s for s in before["sources"] if per_report[s[5]] == 1 and per_hash[s[1]] == 1
                  and read_record(archive, s[3], s[4]).type == "response")
    url, _, _, file, offset, key = victim
    flip_byte(archive / file, offset + record_length(archive / file, offset) // 2)

    assert main(["archive", "verify", "--archive-dir", str(archive)]) == 1
    out = capsys.readouterr().out
    assert f"DAMAGED {file} at offset {offset}" in out

    database = tmp_path / "after.sqlite3"
    assert main(["reparse", "--archive-dir", str(archive), "--database-url", f"sqlite:///{database}"]) == 1
    captured = capsys.readouterr()
    assert f"damaged, skipped: {file} at offset {offset}" in captured.err
    after = snapshot(database)
    assert {r[0] for r in after["reports"]} == {r[0] for r in before["reports"]} - {key}
    assert [s for s in after["sources"]] == [s for s in before["sources"] if s[0] != url]
    assert [c for c in after["cells"]] == [c for c in before["cells"] if c[0] != key]


def test_the_archive_can_be_switched_off(tmp_path) -> None:
    from devtools.crawl import run_crawl, sample_site_settings
    from devtools.sample_site import serve_sample_site

    database = tmp_path / "off.sqlite3"
    with serve_sample_site() as site:
        registry = site.write_registry(tmp_path / "registry.csv")
        settings = {**sample_site_settings(registry), "GOVREPORTS_ARCHIVE_DIR": str(tmp_path / "archive"),
                    "GOVREPORTS_ARCHIVE": "False"}
        result = run_crawl({"agency": "常州"}, settings, f"sqlite:///{database}", tmp_path / "crawl.log")
    assert result.returncode == 0, (tmp_path / "crawl.log").read_text(errors="replace")[-4000:]
    sources = snapshot(database)["sources"]
    assert sources and all(s[3] is None and s[4] is None for s in sources)
    assert not warc_files(tmp_path / "archive")


def test_reparse_in_batches_stores_and_measures_as_one_by_one(tmp_path) -> None:
    """One transaction for many captures: the same versions, and each change measured against the version
    current before it, when an earlier capture of the batch made that version (a report fetched twice, changed)."""
    from govreports.reparse import reparse
    from govreports.store.engine import make_engine, upgrade

    seeds = Path(__file__).parent / "fixtures" / "reports"
    first = (seeds / "seed002_trs" / "body.html").read_bytes()
    other = (seeds / "seed001_trs" / "body.html").read_bytes()
    # seed002 prints 342 行政许可 decisions (active.licensing.decisions, its only 342): it becomes 343.
    changed = first.replace(b">342</span>", b">343</span>", 1)
    assert changed != first
    report = {FIELD_CALLBACK: "parse_report"}
    with ArchiveWriter(tmp_path / "archive") as archive:
        for url, body in (("http://a.test/1.html", first), ("http://b.test/1.html", other),
                          ("http://a.test/2.html", changed), ("http://a.test/3.html", first)):
            archive.write(exchange(url, body, extra=report))

    def changes(batch: int) -> tuple[list[str], str]:
        engine = make_engine(f"sqlite:///{tmp_path}/batch{batch}.sqlite3")
        upgrade(engine)
        heard: list[str] = []
        try:
            summary = reparse(tmp_path / "archive", engine, on_change=lambda c: heard.append(c.line()), batch=batch)
        finally:
            engine.dispose()
        return heard, summary.line()

    batched, alone = changes(50), changes(1)
    assert batched == alone
    lines, summary = batched
    assert [line.split()[0] for line in lines] == ["new", "new", "new"]  # two new reports, one new version
    assert "v2, 0 new cells, 1 changed values, 0 removed" in lines[2]
    assert "3 new versions" not in summary and "1 unchanged" in summary
