"""Clean failures of the command line: one line and the README's exit status; whole output files; a schema
created once by concurrent first runs."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import text

from govreports.archive.writer import ArchiveWriter, Exchange
from govreports.cli import main
from govreports.store.engine import (
    current_revision,
    head_revision,
    make_engine,
    upgrade,
)
from tests.conftest import FIXTURES

SEED = str(FIXTURES / "seed000_text" / "body.txt")
NOWHERE = "postgresql+psycopg://postgres@127.0.0.1:1/none"  # nothing listens on port 1: refused


def run(capsys, *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    err = capsys.readouterr().err
    return status, err


@pytest.fixture
def archive(tmp_path):
    with ArchiveWriter(tmp_path / "archive") as writer:
        writer.write(Exchange("http://a.test/1.html", 200, [("Content-Type", "text/html")], b"<html></html>"))
    return str(tmp_path / "archive")


def test_every_failure_is_one_line_with_the_readmes_exit_status(capsys, tmp_path, archive) -> None:
    missing_folder = f"sqlite:///{tmp_path / 'no' / 'such' / 'folder' / 'db.sqlite3'}"
    good = f"sqlite:///{tmp_path / 'good.sqlite3'}"
    assert run(capsys, "store", SEED, "--database-url", good)[0] == 0
    cases = [
        (("export", "--database-url", NOWHERE), 3, "govreports export: database unavailable: OperationalError: "),
        (("db", "upgrade", "--database-url", NOWHERE), 3, "govreports db: database unavailable: "),
        (("db", "current", "--database-url", NOWHERE), 3, "govreports db: database unavailable: "),
        (("store", SEED, "--database-url", missing_folder), 3,
         "govreports store: database unavailable: OperationalError: unable to open database file"),
        (("reparse", "--archive-dir", archive, "--database-url", NOWHERE), 3, "govreports reparse: database "),
        (("db", "upgrade", "--database-url", "nonsense://x"), 2, "govreports db: bad database URL: "),
        (("export", "--database-url", good, "--output", str(tmp_path / "no" / "out.csv")), 2,
         f"govreports export: {tmp_path / 'no' / 'out.csv'}: No such file or directory"),
        (("export", "--database-url", good, "--format", "parquet", "--output", str(tmp_path)), 2,
         f"govreports export: {tmp_path}: Is a directory"),
    ]
    for argv, status, start in cases:
        got, err = run(capsys, *argv)
        assert (got, len(err.strip().splitlines())) == (status, 1) and err.startswith(start), (argv, got, err)


def too_big_for_the_database(tmp_path):
    """seed000 with its 行政许可 count (220) printed as 9999999999999999: a number beyond the ±2^53 a float column
    holds exactly."""
    lines = (FIXTURES / "seed000_text" / "body.txt").read_text(encoding="utf-8").split("\n")
    assert lines[68] == "220"
    lines[68] = "9999999999999999"
    path = tmp_path / "too_big.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_store_refuses_a_document_the_database_cannot_hold_and_stores_the_others(capsys, tmp_path) -> None:
    """Stored as failed with the reason, said on its line, the exit status 1; the documents after it stored."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    status = main(["store", str(too_big_for_the_database(tmp_path)), SEED, "--database-url", url])
    out, err = capsys.readouterr()
    assert status == 1
    refused, stored = out.splitlines()
    assert refused.startswith("refused ") and "beyond the ±2^53 the database holds exactly" in refused
    assert stored.startswith("new ") and stored.endswith(SEED)
    assert err.strip().splitlines()[-1] == "stored: 1 new, 1 refused"
    with make_engine(url).connect() as connection:
        rows = connection.execute(text("SELECT status, reason FROM reports ORDER BY id")).all()
    assert rows[0].status == "failed" and rows[0].reason.startswith("not stored: active.licensing.decisions is ")
    assert rows[1].status == "parsed"


def test_reparse_refuses_a_document_the_database_cannot_hold_and_goes_on(capsys, tmp_path) -> None:
    body = too_big_for_the_database(tmp_path).read_bytes()
    folder = tmp_path / "archive"
    with ArchiveWriter(folder) as writer:
        for name, data in (("big", body), ("seed", (FIXTURES / "seed000_text" / "body.txt").read_bytes())):
            writer.write(Exchange(f"http://a.test/{name}.txt", 200, [("Content-Type", "text/plain; charset=utf-8")],
                                  data, extra={"GovReports-Callback": "parse_document"}))
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert main(["reparse", "--archive-dir", str(folder), "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "refused" in out and "new" in out
    with make_engine(url).connect() as connection:
        rows = connection.execute(text("SELECT status, reason FROM reports ORDER BY id")).all()
    assert [r.status for r in rows] == ["failed", "parsed"]


def test_an_export_that_fails_leaves_the_existing_file_as_it_was(capsys, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert run(capsys, "store", SEED, "--database-url", url)[0] == 0
    out = tmp_path / "reports.csv"
    assert run(capsys, "export", "--database-url", url, "--output", str(out))[0] == 0
    before = out.read_bytes()
    assert b"agency" in before and len(before.splitlines()) == 2
    engine = make_engine(url)
    with engine.begin() as connection:  # the schema is current, the query fails after the output is opened
        connection.execute(text("DROP VIEW v_reports"))
    engine.dispose()
    for fmt in ("csv", "jsonl"):
        status, err = run(capsys, "export", "--database-url", url, "--format", fmt, "--output", str(out))
        assert status == 3 and "no such table: v_reports" in err and len(err.strip().splitlines()) == 1
        assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def _first_run(url: str, barrier, results) -> None:
    barrier.wait()
    try:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        results.put("ok")
    except Exception as error:  # noqa: BLE001 - the result is the finding
        results.put(f"{type(error).__name__}: {str(error)[:200]}")


def test_concurrent_first_runs_create_the_schema_once(database_url, request, tmp_path) -> None:
    context = multiprocessing.get_context("fork")  # no engine exists before the fork
    for attempt in range(3):
        url = database_url if attempt == 0 else (
            f"sqlite:///{tmp_path / f'new{attempt}.sqlite3'}" if database_url.startswith("sqlite") else
            __import__("tests.pg", fromlist=["create_database"]).create_database(
                request.getfixturevalue("postgres_server")))
        barrier, results = context.Barrier(4), context.Queue()
        workers = [context.Process(target=_first_run, args=(url, barrier, results)) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        assert [results.get(timeout=10) for _ in workers] == ["ok"] * 4
        engine = make_engine(url)
        assert current_revision(engine) == head_revision(engine)
        engine.dispose()
