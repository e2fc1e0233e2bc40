"""Scheduled runs through Scrapyd, as the README shows them: deploy the egg, schedule an `agency` job.

A real Scrapyd (the `scrapyd` package) is started on 127.0.0.x with its own
folders; `scrapyd-deploy` builds and sends the project's egg as the README
says (SCRAPYD_URL); `schedule.json` runs the agency spider on the bundled
sample site into a fresh SQLite database, which must hold every report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from devtools.crawl import sample_site_settings
from devtools.sample_site import serve_sample_site
from govreports.store.engine import make_engine
from tests.services import free_port, service_missing

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(os.sys.executable).parent
ADDRESS = "127.0.0.31"




def call(url: str, data: list[tuple[str, str]] | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(url, data=body, timeout=30) as answer:
        return json.loads(answer.read())


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory) -> Iterator[str]:
    """A Scrapyd on loopback, its eggs, logs and queue in a folder of its own: its URL."""
    if not (BIN / "scrapyd").exists() or not (BIN / "scrapyd-deploy").exists():
        service_missing("scrapyd / scrapyd-deploy not installed (scripts/bootstrap installs the test extras)")
    folder = tmp_path_factory.mktemp("scrapyd")
    port = free_port(ADDRESS)
    (folder / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = {ADDRESS}\nhttp_port = {port}\neggs_dir = {folder / 'eggs'}\n"
        f"logs_dir = {folder / 'logs'}\ndbs_dir = {folder / 'dbs'}\nitems_dir =\nmax_proc = 1\npoll_interval = 0.5\n",
        encoding="utf-8")
    server = subprocess.Popen([str(BIN / "scrapyd")], cwd=folder, stdout=(folder / "scrapyd.out").open("wb"),
                              stderr=subprocess.STDOUT)
    url = f"http://{ADDRESS}:{port}/"
    try:
        for _ in range(100):
            try:
                if call(url + "daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("Scrapyd did not start: " + (folder / "scrapyd.out").read_text(errors="replace")[-2000:])
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_deployed_agency_job_crawls_every_report(scrapyd, tmp_path) -> None:
    deploy = subprocess.run([str(BIN / "scrapyd-deploy")], cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "SCRAPYD_URL": scrapyd})
    shutil.rmtree(ROOT / "build", ignore_errors=True)  # bdist_egg's work folder
    assert deploy.returncode == 0, deploy.stderr[-2000:]
    # The egg's spiders as Scrapyd lists them: agency and discover.
    assert '"spiders": 2' in deploy.stdout and '"status": "ok"' in deploy.stdout, deploy.stdout
    database = tmp_path / "scrapyd.sqlite3"
    with serve_sample_site() as site:
        registry = site.write_registry(tmp_path / "registry.csv")
        settings = {**sample_site_settings(registry), "GOVREPORTS_DATABASE_URL": f"sqlite:///{database}",
                    "GOVREPORTS_ARCHIVE_DIR": str(tmp_path / "archive")}
        job = call(scrapyd + "schedule.json", [("project", "govreports"), ("spider", "agency"),
                                               *[("setting", f"{k}={v}") for k, v in settings.items()]])
        assert job["status"] == "ok", job
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            jobs = call(scrapyd + "listjobs.json?project=govreports")
            if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                break
            time.sleep(1)
        else:
            pytest.fail(f"the Scrapyd job did not finish in 240 s: {jobs}")
        expected = site.expected()
    log = urllib.request.urlopen(f"{scrapyd}logs/govreports/agency/{job['jobid']}.log", timeout=30).read().decode()
    assert "crawl finished: 6 agencies, 29 reports listed, " in log, log[-3000:]
    engine = make_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        parsed = connection.execute(text("SELECT COUNT(*) FROM v_reports WHERE status = 'parsed'")).scalar()
        run = connection.execute(text("SELECT status FROM crawl_runs")).scalar()
    engine.dispose()
    assert parsed == expected["totals"]["reports"]
    assert run == "finished"
