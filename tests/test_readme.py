"""The README's offline commands, run as written (read from the README, so the test follows its text).

Commands that reach real government sites (`scrapy crawl agency -a province=四川`)
are run by the crawl tests against the sample site with the same arguments;
the ones here run as printed, from the checkout.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_line(start: str) -> str:
    """The README's code line that starts with `start` (its comment dropped)."""
    lines = [line.strip() for line in README.splitlines() if line.strip().startswith(start)]
    assert lines, f"the README has no line {start!r}"
    return lines[0].split("  #", 1)[0].strip()


def run(line: str, tmp_path: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    words = shlex.split(line)
    words[0] = str(Path(sys.executable).parent / Path(words[0]).name) if words[0].startswith(".venv/") else words[0]
    env = {**os.environ, "GOVREPORTS_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    return subprocess.run(words, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def test_agencies_of_a_province(tmp_path) -> None:
    done = run(readme_line(".venv/bin/govreports agencies --province 四川"), tmp_path)
    assert done.returncode == 0, done.stderr
    assert "四川省" in done.stdout


def test_the_parse_bench(tmp_path) -> None:
    """As written but for fewer runs: each run parses every page, and the figures' median needs no 200 here."""
    line = readme_line(".venv/bin/python bench/parse.py")
    assert "--runs 200" in line
    done = run(line.replace("--runs 200", "--runs 10"), tmp_path)
    assert done.returncode == 0, done.stderr
    assert "govreports parse: median" in done.stdout and "ratio parse/lxml time: median" in done.stdout


def test_the_reparse_bench(tmp_path) -> None:
    """As written but for a smaller site and one run: a crawl, then reparse with and without workers."""
    line = readme_line(".venv/bin/python bench/reparse.py")
    assert "--agencies 200 --runs 3" in line
    done = run(line.replace("--agencies 200 --runs 3", "--agencies 4 --runs 1"), tmp_path)
    assert done.returncode == 0, done.stderr
    assert "reparse, parse workers 0: median" in done.stdout
    assert "ratio parse workers 2 / parse workers 0:" in done.stdout


def test_the_accuracy_bench_prints_every_family_and_the_targets(tmp_path) -> None:
    done = run(readme_line(".venv/bin/python bench/accuracy.py            #"), tmp_path)
    assert done.returncode == 0, done.stderr
    assert "\nall " in done.stdout and "target cells >= 99.5% overall:" in done.stdout


def test_the_accuracy_bench_reads_the_pdfs_scanned(tmp_path) -> None:
    """One case (a PDF as found) scanned and read by OCR, apart from the targets."""
    done = run(readme_line(".venv/bin/python bench/accuracy.py --scanned") + " --case huaian_hongze_2023", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "scanned 150 dpi:pdf" in done.stdout.split("read by OCR (outside the targets)", 1)[1]


@pytest.mark.parametrize("extra", ["--reports 20 --batches 1"])
def test_the_store_bench_on_sqlite(tmp_path, extra) -> None:
    done = run(readme_line(".venv/bin/python bench/store.py") + " " + extra, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "sqlite" in done.stdout.lower() and "reports/s" in done.stdout
    where = [line for line in done.stdout.splitlines() if line.strip().startswith("where its time goes: ")]
    assert where and "executemany table_cells " in where[0] and "the rest (Python, commits) " in where[0]


def test_search_and_xlsx_export_of_the_stored_samples(tmp_path) -> None:
    stored = run(".venv/bin/govreports store --samples", tmp_path)
    assert stored.returncode == 0, stored.stderr
    search = readme_line(".venv/bin/govreports search 不予公开 --province 四川")
    done = run(search, tmp_path)  # the 四川 sample (2019) prints no 不予公开: a search that finds nothing
    assert (done.returncode, done.stderr.strip().splitlines()[-1]) == (1, "0 reports"), done.stderr
    done = run(search.replace("不予公开", "行政复议"), tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("四川省应急管理厅\t2019\t"), done.stderr
    export = readme_line(".venv/bin/govreports export --format xlsx").replace("govreports.xlsx",
                                                                               str(tmp_path / "g.xlsx"))
    done = run(export, tmp_path)
    assert done.returncode == 0 and (tmp_path / "g.xlsx").stat().st_size > 0, done.stderr
    assert "exported 15 views" in done.stderr


def test_the_analysis_bench_times_every_readme_query(tmp_path) -> None:
    line = readme_line(".venv/bin/python bench/analysis.py").replace("--reports 100000", "--reports 40")
    done = run(line, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "README query 8:" in done.stdout and "all of v_cross_year:" in done.stdout
    assert "slowest README query" in done.stdout and " MB, 39 reports" in done.stdout  # the 37th is left out


def test_discover_on_the_fixtures_portal(tmp_path) -> None:
    """The README's offline `govreports discover`, against the fixtures served on a free port (the README's
    address is the portal's, 127.0.0.8, on port 8000)."""
    from devtools.sample_site import serve_sample_site
    from devtools.site_families import FAMILIES

    line = readme_line(".venv/bin/govreports discover --province 四川 --from http://127.0.0.9:8000/")
    with serve_sample_site(root=FAMILIES) as site:
        assert site.hosts["zf.sc"].startswith("127.0.0.9:")
        done = run(line.replace("127.0.0.9:8000", site.hosts["zf.sc"]).replace("agencies.csv",
                                                                               str(tmp_path / "agencies.csv")), tmp_path)
    assert done.returncode == 0, done.stderr
    written = (tmp_path / "agencies.csv").read_text(encoding="utf-8")
    assert written.splitlines()[0].endswith(",found_on") and "绵竹市应急管理局,四川省,德阳市,绵竹市,区县级" in written


def test_serve_and_a_sqlite_snapshot_as_written(tmp_path) -> None:
    """The README's `govreports serve` section: the samples stored, a snapshot exported, both served."""
    import socket
    import time
    import urllib.request

    assert run(readme_line(".venv/bin/govreports store --samples"), tmp_path).returncode == 0
    snapshot = tmp_path / "snapshot.sqlite3"
    export = readme_line(".venv/bin/govreports export --format sqlite").replace("snapshot.sqlite3", str(snapshot))
    done = run(export, tmp_path)
    assert done.returncode == 0 and snapshot.is_file(), done.stderr
    for line in (readme_line(".venv/bin/govreports serve --port 8001"),
                 readme_line(".venv/bin/govreports serve --database-url sqlite:///snapshot.sqlite3")
                 .replace("sqlite:///snapshot.sqlite3", f"sqlite:///{snapshot}")):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        words = shlex.split(line if "--port" in line else f"{line} --port 8001")
        words[0] = str(Path(sys.executable).parent / "govreports")
        words[words.index("--port") + 1] = str(port)
        env = {**os.environ, "GOVREPORTS_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
        server = subprocess.Popen(words, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            for _ in range(300):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/databases.json", timeout=2) as response:
                        databases = response.read().decode("utf-8")
                    break
                except OSError:
                    assert server.poll() is None, server.stderr.read().decode("utf-8", "replace")
                    time.sleep(0.1)
            else:
                raise AssertionError(f"{line}: no answer in 30 s")
        finally:
            server.terminate()
            server.wait(timeout=30)
        assert ("snapshot" if "snapshot" in line else "govreports") in databases


def test_the_main_job_runs_twice_and_the_second_run_stores_nothing_new(tmp_path) -> None:
    """`scripts/demo` installs what it needs, then runs this (its last line); into the default database."""
    assert readme_line("scripts/demo") == "scripts/demo"
    job = (ROOT / "scripts" / "demo").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert job == 'exec .venv/bin/python -m devtools.demo "$@"'
    runs = [run(".venv/bin/python -m devtools.demo", tmp_path) for _ in range(2)]
    for done in runs:
        assert done.returncode == 0, done.stderr[-3000:]
        assert "crawl finished in " in done.stdout and "with exit status 0" in done.stdout
    assert (tmp_path / "data" / "govreports.sqlite3").exists()
    assert "crawl finished: 6 agencies, 29 reports listed, 16 new" in runs[0].stdout
    assert "crawl finished: 6 agencies, 29 reports listed, 0 new, 0 updated, 23 unchanged" in runs[1].stdout
