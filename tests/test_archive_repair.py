"""`govreports archive repair`: what a killed write leaves is cut, appends then carry on; and reparse's cap."""

from __future__ import annotations

import gzip
import io
import os

from warcio.warcwriter import WARCWriter

from govreports.archive import INDEX_NAME, warc_files
from govreports.archive.reader import iter_captures
from govreports.archive.records import Damage, iter_records
from govreports.archive.verify import verify_archive
from govreports.archive.writer import ArchiveWriter, Exchange
from govreports.cli import main

HTML = "<html><body><p>政府信息公开工作年度报告</p></body></html>".encode()


def exchange(url: str, body: bytes) -> Exchange:
    return Exchange(url, 200, [("Content-Type", "text/html; charset=utf-8")], body)


def write_three(folder) -> list:
    with ArchiveWriter(folder) as archive:
        return [archive.write(exchange(f"http://a.test/{n}.html", HTML * (10 + n))) for n in range(3)]


def test_a_write_cut_by_kill_is_repaired_and_appends_carry_on(tmp_path, capsys) -> None:
    first, second, last = write_three(tmp_path)
    path = tmp_path / last.file
    size = path.stat().st_size
    with open(path, "r+b") as handle:  # the process died inside the last response record
        handle.truncate(last.offset + 40)
    with open(tmp_path / INDEX_NAME, "a", encoding="utf-8") as index:
        index.write("sha1:ABC\tcut-line")  # and inside a line of the index
    assert not verify_archive(tmp_path).ok
    assert main(["archive", "verify", "--archive-dir", str(tmp_path)]) == 1
    capsys.readouterr()

    assert main(["archive", "repair", "--archive-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"REPAIRED {last.file}: cut 40 bytes at offset {last.offset} (unreadable gzip member" in out
    assert "REPAIRED payload-digests.tsv: 2 lines pointing at no readable record dropped" in out  # last's, the cut one
    assert out.rstrip().endswith(": ok") and path.stat().st_size == last.offset < size
    assert [c.url for c in iter_captures(tmp_path)] == ["http://a.test/0.html", "http://a.test/1.html"]

    with open(path, "ab") as handle:  # appending goes on where the last readable record ends
        WARCWriter(handle, gzip=True).write_record(WARCWriter(None).create_warc_record(
            "http://a.test/appended", "resource", payload=io.BytesIO(b"appended"), length=8))
    assert verify_archive(tmp_path).ok
    assert [r.uri for r in iter_records(path) if not isinstance(r, Damage)][-1] == "http://a.test/appended"
    assert main(["archive", "repair", "--archive-dir", str(tmp_path)]) == 0  # nothing left to do
    assert "REPAIRED" not in capsys.readouterr().out


def test_damage_followed_by_readable_records_is_left_and_reported(tmp_path, capsys) -> None:
    first, second, last = write_three(tmp_path)
    path = tmp_path / second.file
    data = bytearray(path.read_bytes())
    data[second.offset + 60] ^= 0xFF
    path.write_bytes(bytes(data))
    assert main(["archive", "repair", "--archive-dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "REPAIRED" not in out.replace("REPAIRED payload-digests.tsv", "") and f"DAMAGED {second.file}" in out
    assert path.read_bytes() == bytes(data)


def test_reparse_refuses_a_gzip_bomb_in_the_archive_with_bounded_memory(tmp_path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "archive"
    bomb = gzip.compress(b"\0" * (400 * 1024 * 1024), compresslevel=1)  # 400 MB from about 1.7 MB
    with ArchiveWriter(folder) as archive:
        archive.write(Exchange("http://a.test/bomb.html", 200, [("Content-Type", "text/html"),
                                                                ("Content-Encoding", "gzip")], bomb,
                               extra={"GovReports-Callback": "parse_report"}))
        archive.write(Exchange("http://a.test/fine.html", 200, [("Content-Type", "text/html")], HTML,
                               extra={"GovReports-Callback": "parse_report"}))
    assert len(warc_files(folder)) == 1
    probe = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "print(r.returncode); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
             "sys.stderr.write(r.stderr + r.stdout)")
    result = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "govreports.cli", "reparse",
                             "--archive-dir", str(folder), "--database-url", f"sqlite:///{tmp_path / 'db.sqlite3'}"],
                            capture_output=True, text=True, timeout=120, env={**os.environ})
    status, peak_kb = (int(x) for x in result.stdout.split())  # the probe's child: reparse
    assert peak_kb < 300 * 1024, f"reparse peaked at {peak_kb // 1024} MB"
    assert status == 1, result.stderr
    assert "refused, skipped: govreports" in result.stderr and "http://a.test/bomb.html: its Content-Encoding " \
                                                               "(gzip) inflates beyond 52428800 bytes" in result.stderr
    assert "1 new reports" in result.stderr and "1 refused" in result.stderr
