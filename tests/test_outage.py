"""PostgreSQL stopped under a running crawl: waited out when it comes back, a failed crawl when it does not,
and in both cases nothing lost once it is back (a real server, stopped and started with pg_ctl)."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from devtools.crawl import PROJECT_ROOT, crawl_command
from govreports.store.engine import make_engine
from tests.faultsite import Host, serve_fault_site
from tests.pg import PostgresUnavailable, create_database, own_server
from tests.services import service_missing, wait_for

SETTINGS = {"GOVREPORTS_BUNDLED_REGISTRY": "False", "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0.4",
            "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "GOVREPORTS_STORE_BATCH": "5", "GOVREPORTS_STORE_INTERVAL": "0.3",
            "GOVREPORTS_ARCHIVE": "False"}
HOSTS = [Host(f"{c}市应急管理局", "reports", years=range(2015, 2025)) for c in "成都 绵阳 德阳 自贡 泸州 广元".split()]


@pytest.fixture(scope="module")
def server():
    try:
        with own_server() as running:
            yield running
    except PostgresUnavailable as error:
        service_missing(str(error), f"PostgreSQL is required in CI: {error}")


@pytest.fixture(scope="module")
def site():
    with serve_fault_site(HOSTS) as running:
        yield running


def reports(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql("SELECT COUNT(*) FROM reports WHERE status = 'parsed'").scalar()
    except Exception:  # noqa: BLE001 - not there yet, or the server is stopped
        return 0
    finally:
        engine.dispose()


def start(site, tmp_path, url: str, **settings) -> tuple[subprocess.Popen, list[str]]:
    registry = site.write_registry(tmp_path / "registry.csv")
    command = crawl_command({}, {**SETTINGS, "GOVREPORTS_REGISTRY": str(registry), **settings})
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "govreports.settings", "GOVREPORTS_DATABASE_URL": url}
    return subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True), command


def test_an_outage_shorter_than_the_wait_loses_nothing(server, site, tmp_path) -> None:
    url = create_database(server.url)
    crawl, _ = start(site, tmp_path, url, GOVREPORTS_DATABASE_WAIT="60")
    wait_for(lambda: reports(url) >= 5)
    server.stop()
    time.sleep(2)
    server.start()
    _, err = crawl.communicate(timeout=120)
    assert crawl.returncode == 0, err[-3000:]
    assert "database unavailable (" in err and "database available again after" in err
    assert "Traceback" not in err
    assert err.splitlines()[-1].endswith("crawl finished: 6 agencies, 60 reports listed, 60 new, 0 updated, "
                                         "0 unchanged, 0 not parsed as reports")
    assert reports(url) == 60


def test_an_outage_longer_than_the_wait_fails_the_crawl_and_the_rerun_collects_everything(
        server, site, tmp_path) -> None:
    url = create_database(server.url)
    job = {"JOBDIR": str(tmp_path / "job"), "GOVREPORTS_DATABASE_WAIT": "2"}
    crawl, command = start(site, tmp_path, url, **job)
    wait_for(lambda: reports(url) >= 5)
    server.stop()
    try:
        _, err = crawl.communicate(timeout=120)
    finally:
        server.start()
    assert crawl.returncode == 3, err[-3000:]
    assert "crawl failed: database unavailable (" in err.splitlines()[-1] and "Traceback" not in err
    assert "fetched documents not stored" in err.splitlines()[-1]
    assert reports(url) < 60
    again, _ = start(site, tmp_path, url, **job)
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err[-3000:]
    assert reports(url) == 60
