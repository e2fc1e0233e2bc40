"""The public API in govreports/__init__: what the README's three lines do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

import govreports

SAMPLES = Path(govreports.__file__).parent / "samples"


def test_the_public_names_are_the_documented_ones() -> None:
    assert sorted(govreports.__all__) == ["Capture", "Report", "ReportParser", "Store", "__version__", "open_store",
                                          "parse", "parse_bytes", "to_json"]
    for name in govreports.__all__:
        assert getattr(govreports, name) is not None


def test_importing_a_core_module_does_not_load_the_parser_or_the_database() -> None:
    code = ("import sys, govreports.clean.values; "
            "print(sorted(m for m in ('govreports.report', 'sqlalchemy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_parse_reads_a_saved_report(tmp_path) -> None:
    report = govreports.parse(SAMPLES / "seed001.txt")
    assert isinstance(report, govreports.Report)
    assert report.status == "parsed"
    assert report.year == 2023
    assert report.agency == "平顶山市应急管理局"
    assert report.tables["applications"]["new_received"]["natural_person"].value == 8
    assert govreports.to_json(report)["tables"]["applications"]["new_received"]["total"] == 8


def test_parse_bytes_says_why_it_cannot_read_and_never_raises() -> None:
    report = govreports.parse_bytes(b"%PDF-1.7\n1 0 obj\n<<", "http://127.0.0.1/a.pdf")
    assert report.status == "failed"
    assert report.reason



def test_a_document_a_parsing_step_fails_on_is_a_failed_report_naming_the_error(monkeypatch, caplog) -> None:
    """A step's bug on a shape no test has (an IndexError a mutated capture once raised) loses no document: it is a
    failed report that says why, and the log holds the traceback."""
    def broken_step(self, text, url=None, images=None):
        raise IndexError("list index out of range")

    monkeypatch.setattr(govreports.ReportParser, "parse_text", broken_step)
    report = govreports.parse_bytes((SAMPLES / "seed001.txt").read_bytes(), "http://127.0.0.1/seed001.txt")
    assert report.status == "failed"
    assert report.url == "http://127.0.0.1/seed001.txt"
    assert "IndexError: list index out of range" in report.reason
    assert "the parser failed on this document" in caplog.text
    assert "Traceback" in caplog.text

def test_open_store_creates_the_schema_and_stores(tmp_path) -> None:
    data = (SAMPLES / "seed001.txt").read_bytes()
    store = govreports.open_store(f"sqlite:///{tmp_path / 'api.db'}")
    stored = store.store(govreports.parse_bytes(data), govreports.Capture.of("http://127.0.0.1/seed001.txt", data))
    assert stored.outcome == "new"
    with store.engine.connect() as connection:
        assert connection.execute(text("select count(*) from reports")).scalar() == 1
    again = govreports.open_store(f"sqlite:///{tmp_path / 'api.db'}")
    stored = again.store(govreports.parse_bytes(data), govreports.Capture.of("http://127.0.0.1/seed001.txt", data))
    assert stored.outcome == "unchanged"
