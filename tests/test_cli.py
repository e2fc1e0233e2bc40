"""`govreports parse` end to end, as a user runs it: files, folders, stdin, a URL on 127.0.0.1."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

SEED = FIXTURES / "seed000_text" / "body.txt"
PAGE = FIXTURES / "seed002_trs" / "body.html"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govreports.cli", *args], input=stdin,
                          capture_output=True, timeout=120)


def test_json_is_the_spec_shape() -> None:
    result = run("parse", str(SEED))
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    expected = json.loads((SEED.parent / "expected.json").read_text(encoding="utf-8"))
    assert list(payload)[:10] == ["title", "agency", "region", "year", "publish_date", "metadata", "template",
                                  "tables", "checks", "text"]
    assert {k: payload[k] for k in expected} == expected


def test_table_format_for_a_person() -> None:
    result = run("parse", str(PAGE), "--format", "table")
    assert result.returncode == 0
    out = result.stdout.decode("utf-8")
    assert "常州市应急管理局2020年政府信息公开工作年度报告" in out
    assert "== 收到和处理政府信息公开申请情况 (applications)" in out
    assert "checks: 44 passed, 0 failed" in out


def test_failed_checks_are_marked(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("(七)总计\n\n2", "(七)总计\n\n5", 1)
    broken = tmp_path / "report.txt"
    broken.write_text(text, encoding="utf-8")
    out = run("parse", str(broken), "--format", "table").stdout.decode("utf-8")
    assert "5!" in out
    assert "! applications.balance natural_person: expected 2, found 5" in out


def test_stdin() -> None:
    result = run("parse", "-", stdin=SEED.read_bytes())
    assert json.loads(result.stdout)["agency"] == "六盘水市应急管理局"


def test_missing_file_is_a_clear_error() -> None:
    result = run("parse", "/nonexistent/report.html")
    assert result.returncode == 2
    assert b"cannot read /nonexistent/report.html" in result.stderr
    assert b"Traceback" not in result.stderr


def test_empty_file_outcome(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = run("parse", str(empty))
    assert result.returncode == 1
    assert b"failed: the document is empty" in result.stderr
    assert json.loads(result.stdout)["status"] == "failed"


def test_folder_gives_json_lines_and_a_summary() -> None:
    result = run("parse", str(FIXTURES / "seed003_trs"), str(FIXTURES / "seed001_text"))
    lines = result.stdout.decode("utf-8").splitlines()
    assert [json.loads(line)["year"] for line in lines] == [2019, 2023]
    assert b"parsed 2 documents" in result.stderr


def test_bundled_samples() -> None:
    result = run("parse", "--samples", "--format", "table")
    assert result.returncode == 0, result.stderr
    assert b"12 parsed" in result.stderr
    assert "天津市南开区应急管理局" in result.stdout.decode("utf-8")


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path == "/zwgk/202101/t20210121_1.html":
            body = PAGE.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")  # GBK bytes, no charset: as served
        else:
            body = "<html><body><h1>404 页面不存在</h1></body></html>".encode("gbk")
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=gbk")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_on_a_local_site(site: str) -> None:
    result = run("parse", f"{site}/zwgk/202101/t20210121_1.html")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["metadata"]["index_no"] == "014110243/2021-00009"
    assert payload["tables"]["applications"]["new_received"]["total"] == 4


def test_url_that_fails(site: str) -> None:
    result = run("parse", f"{site}/missing.html")
    assert result.returncode == 2
    assert b"cannot fetch" in result.stderr and b"404" in result.stderr
