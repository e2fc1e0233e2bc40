"""End to end, every platform family: the real `agency` spider crawls each family's fixture host.

The fixtures (govreports/samples/families, built by devtools.site_families)
are served like the sample site; one crawl per database gets a registry of
the families' agencies, none with a cms_hint, so each family must be told
from its pages; each family is then checked on its own. Ground truth: the
fixtures' expected.json (every listing page, every report, the noise). On
SQLite and on PostgreSQL.
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


def family_registry(site, names: set[str], path: Path) -> Path:
    """The fixtures' registry with real addresses, cut down to these agencies (none with a cms_hint)."""
    rows = list(csv.DictReader(io.StringIO(site.resolve((site.root / "registry.csv").read_text(encoding="utf-8")))))
    chosen = [r for r in rows if r["agency"] in names]
    assert len(chosen) == len(names) and not any(r["cms_hint"] for r in chosen)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(chosen)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def expected_agency(site, family: str) -> dict:
    expected = next(a for a in site.expected()["agencies"] if a["key"] == FAMILY_KEYS[family])
    assert expected["family"] == family
    return expected


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def crawled(request, site, tmp_path_factory):
    """One crawl of every family's agency (each site told from its own pages) into a fresh database:
    (its crawl_runs stats and status, reports by (agency, year), sources' report ids, URLs fetched)."""
    folder = tmp_path_factory.mktemp(f"families-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'families.sqlite3'}"
    else:
        from tests.pg import create_database

        url = create_database(request.getfixturevalue("postgres_server"))
    names = {expected_agency(site, family)["agency"] for family in FAMILY_KEYS}
    registry = family_registry(site, names, folder / "registry.csv")
    settings = {**sample_site_settings(registry), "GOVREPORTS_ARCHIVE_DIR": str(folder / "warc")}
    result = run_crawl({}, settings, url, folder / "crawl.log")
    log = (folder / "crawl.log").read_text(encoding="utf-8", errors="replace")
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
    fetched = [c.url for c in iter_captures(folder / "warc") if isinstance(c, Capture)]
    return run.status, stats, reports, sources, fetched


def test_the_crawl_of_every_family_finishes_with_no_listing_failure(crawled) -> None:
    status, stats, _, _, fetched = crawled
    assert status == "finished"
    assert not [k for k in stats if k.startswith("govreports/listing/") and k != "govreports/listing/pages"], stats
    assert len(fetched) == len(set(fetched)), "a page fetched twice"


@pytest.mark.parametrize("family", list(FAMILY_KEYS))
def test_each_family_is_crawled_to_completion(site, crawled, family) -> None:
    expected = expected_agency(site, family)
    _, stats, reports, sources, fetched = crawled
    listing_pages = {page for column in expected["columns"] for page in column["pages"]}
    assert listing_pages <= set(fetched), f"listing pages not fetched: {listing_pages - set(fetched)}"
    assert stats.get(f"govreports/agency/{expected['agency']}/listing/pages", 0) >= len(listing_pages)
    assert {key for key in reports if key[0] == expected["agency"]} == {
        (expected["agency"], r["year"]) for r in expected["reports"]}
    for report in expected["reports"]:
        row = reports[(expected["agency"], report["year"])]
        assert row.status == "parsed", (report["year"], row.status)
        for source in report["urls"]:
            assert sources.get(source) == row.report_id, f"{source} not stored for {report['year']}"
    noise = {n["url"] for n in expected["noise"]}
    assert noise and not noise & set(sources)
