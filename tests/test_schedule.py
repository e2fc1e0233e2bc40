"""The README's cron line, run as written (in a deployment folder like /srv/govreports), week after week."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from devtools.sample_site import serve_sample_site

ROOT = Path(__file__).resolve().parent.parent
DEPLOYMENT = "/srv/govreports"


def cron_line() -> tuple[list[str], str]:
    """The schedule and the command of the README's cron line."""
    line = next(line.strip() for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
                if line.strip().startswith("15 3 * * 1"))
    fields = line.split(None, 5)
    return fields[:5], fields[5]


def test_the_cron_line_collects_again_every_run(tmp_path) -> None:
    schedule, command = cron_line()
    assert command.startswith(f"cd {DEPLOYMENT} && .venv/bin/scrapy crawl agency ") and "JOBDIR=" in command
    deployment = tmp_path / "srv-govreports"
    (deployment / "data").mkdir(parents=True)
    (deployment / ".venv").symlink_to(ROOT / ".venv")
    shutil.copy(ROOT / "scrapy.cfg", deployment)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVREPORTS_")}  # the defaults, as in cron
    with serve_sample_site() as site:
        env.update(GOVREPORTS_REGISTRY=str(site.write_registry(tmp_path / "registry.csv")),
                   GOVREPORTS_BUNDLED_REGISTRY="0")  # the sample site's agencies only: nothing off 127.0.0.x
        probe = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", "from govreports import settings; "
                                "assert not settings.GOVREPORTS_BUNDLED_REGISTRY"], env=env, capture_output=True)
        assert probe.returncode == 0, "without GOVREPORTS_BUNDLED_REGISTRY=0 the crawl would leave 127.0.0.x"
        for week in (1, 2):
            run = subprocess.run(["bash", "-c", command.replace(DEPLOYMENT, str(deployment))], env=env,
                                 capture_output=True, text=True, timeout=180)
            log = (deployment / "data" / "crawl-sichuan.log").read_text(encoding="utf-8")
            assert run.returncode == 0, log[-3000:]
            assert log.rstrip().splitlines()[-1].split("] INFO: ")[1].startswith("crawl finished: 1 agencies, 3 reports "
                                                                                 f"listed, {3 if week == 1 else 0} new")
    connection = sqlite3.connect(deployment / "data" / "govreports.sqlite3")
    runs = [json.loads(stats) for (stats,) in connection.execute("SELECT stats FROM crawl_runs ORDER BY id")]
    reports = connection.execute("SELECT COUNT(*) FROM v_reports WHERE status = 'parsed'").fetchone()[0]
    connection.close()
    assert len(runs) == 2 and reports == 3
    week2 = runs[1]
    assert week2["govreports/agency/四川省应急管理厅/listing/pages"] >= 1  # the column was read again
    assert week2["govreports/jobdir/reports_done_before"] == 3  # its stored reports were not fetched again
    assert (deployment / "data" / "jobs" / "sichuan" / "reports.done").read_text().count("\n") == 3
