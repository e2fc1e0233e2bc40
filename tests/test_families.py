"""End to end, one platform family at a time: the real `agency` spider crawls each family's fixture host alone.

The fixtures (govreports/samples/families, built by devtools.site_families)
are served like the sample site; each crawl gets a registry with that one
agency and no cms_hint, so the family must be told from its pages. Ground
truth: the fixtures' expected.json (every listing page, every report, the
noise). On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from devtools.crawl import run_crawl, sample_site_settings
from devtools.sample_site import serve_sample_site
from devtools.site_families import FAMILIES
from govreports.archive.reader import Capture, iter_captures
from govreports.store.engine import make_engine

FAMILY_KEYS = {"gkmlpt": "yjj.jm", "vsb": "yjj.gn", "ilist": "yjj.mz", "hanweb_xxgk": "yjj.hz", "fujian": "yjj.sm",
               "jpaas": "zf.tz"}


@pytest.fixture(scope="module")
def site():
    with serve_sample_site(root=FAMILIES) as running:
        yield running


def one_agency_registry(site, name: str, path: Path) -> Path:
    """The fixtures' registry with real addresses, cut down to one agency."""
    rows = list(csv.DictReader(io.StringIO(site.resolve((site.root / "registry.csv").read_text(encoding="utf-8")))))
    chosen = [r for r in rows if r["agency"] == name]
    assert len(chosen) == 1 and not chosen[0]["cms_hint"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(chosen)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request, tmp_path_factory):
    """A database URL factory: one fresh database per crawl."""
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("families-sqlite")
        return lambda family: f"sqlite:///{folder / f'{family}.sqlite3'}"
    from tests.pg import create_database

    server = request.getfixturevalue("postgres_server")
    return lambda family: create_database(server)


@pytest.mark.parametrize("family", list(FAMILY_KEYS))
def test_each_family_is_crawled_to_completion(site, database, family, tmp_path) -> None:
    expected = next(a for a in site.expected()["agencies"] if a["key"] == FAMILY_KEYS[family])
    assert expected["family"] == family
    registry = one_agency_registry(site, expected["agency"], tmp_path / "registry.csv")
    url = database(family)
    settings = {**sample_site_settings(registry), "GOVREPORTS_ARCHIVE_DIR": str(tmp_path / "warc")}
    result = run_crawl({}, settings, url, tmp_path / "crawl.log")
    log = (tmp_path / "crawl.log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, log[-4000:]
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            run = connection.execute(text("SELECT status, stats FROM crawl_runs ORDER BY id")).first()
            reports = {(r.agency, r.year): r for r in connection.execute(text(
                "SELECT report_id, agency, year, status FROM v_reports"))}
            sources = {r.url: r.report_id for r in connection.execute(text("SELECT url, report_id FROM sources"))}
    finally:
        engine.dispose()
    stats = run.stats if isinstance(run.stats, dict) else json.loads(run.stats)
    listing_pages = {page for column in expected["columns"] for page in column["pages"]}
    fetched = [c.url for c in iter_captures(tmp_path / "warc") if isinstance(c, Capture)]
    assert listing_pages <= set(fetched), f"listing pages not fetched: {listing_pages - set(fetched)}"
    assert len(fetched) == len(set(fetched)), "a page fetched twice"
    assert stats.get(f"govreports/agency/{expected['agency']}/listing/pages", 0) >= len(listing_pages)
    assert not [k for k in stats if k.startswith("govreports/listing/") and k != "govreports/listing/pages"], stats
    assert run.status == "finished"
    assert set(reports) == {(expected["agency"], r["year"]) for r in expected["reports"]}
    for report in expected["reports"]:
        row = reports[(expected["agency"], report["year"])]
        assert row.status == "parsed", (report["year"], row.status)
        for source in report["urls"]:
            assert sources.get(source) == row.report_id, f"{source} not stored for {report['year']}"
    noise = {n["url"] for n in expected["noise"]}
    assert noise and not noise & set(sources)
