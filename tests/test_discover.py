"""Registry discovery from portals, and a portal's shared 年报 column.

Pure parts first (govreports.fetch.directory, govreports.discovery) on
hand-written pages with hand-written answers; then end to end on the family
fixtures' province portal (govreports/samples/families/zf.sc, built by
devtools.site_families): `govreports discover` finds every agency its
directory lists and nothing else, and `scrapy crawl agency` with that file
finds every report of every agency — those of the portal's shared column
each under its own agency — with no noise, on SQLite and PostgreSQL.
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
from govreports.cli import main as cli
from govreports.discovery import Found, government_name, merged, place_of, registry_rows
from govreports.fetch.directory import (
    DirectoryLink,
    directory_links,
    entry_agencies,
    grouped_names,
    is_agency_name,
    is_aggregated,
    page_title,
    read_directory,
    spells,
    title_agency,
)
from govreports.fetch.registry import parse_registry
from govreports.model import Region
from govreports.store.engine import make_engine
from govreports.understand.region import Gazetteer

DIRECTORY_PAGE = """<html><head><meta name="SiteName" content="某某网"></head><body>
<div class="nav"><a href="/">首页</a><a href="/wzdh/">政府网站导航</a><a href="/hdjl/">互动交流</a>
<a href="/zwgk/ndbg/">政府信息公开年报</a><a href="/zwgk/">政府信息公开</a></div>
<h3>省直部门</h3>
<ul><li><a href="http://fgw.sc.gov.cn/" target="_blank">四川省发展和改革委员会</a></li>
<li><a href="http://edu.sc.gov.cn/">四川省教育厅网站</a></li>
<li><a href="http://mzt.sc.gov.cn/" title="四川省民族宗教事务委员会">四川省民族宗教事…</a></li>
<li><a href="http://jst.sc.gov.cn/"><img src="logo.png" alt=""></a></li>
<li><a href="http://www.gov.cn/">中国政府网</a></li>
<li><a href="/hdjl/szxx/">省长信箱</a></li></ul>
<h3>市州政府</h3>
<select onchange="window.open(this.value)"><option value="">--请选择--</option>
<option value="http://www.chengdu.gov.cn/">· 成都市人民政府</option>
<option value="javascript:void(0)">德阳市人民政府</option>
<option value="http://www.deyang.gov.cn/">德阳市人民政府</option>
<option value="http://www.zg.gov.cn/">自贡</option><option value="/qxgk/">区县概况</option></select>
<h3>区县政府</h3>
<table><tr><td><a href="https://www.jingyang.gov.cn/index.html">旌阳区人民政府(门户网站)</a></td>
<td><a href="/wza/">无障碍</a></td><td><a href="ftp://files.sc.gov.cn/">四川省档案馆</a></td></tr></table>
<div class="footer"><a href="http://www.sczwfw.gov.cn/">四川政务服务网</a>
<a href="http://www.scsrd.gov.cn/">四川省人大常委会办公厅</a>
<p>主办单位：四川省人民政府办公厅 &nbsp; 网站标识码：5100000062</p></div>
</body></html>"""


def test_directory_links_are_the_agencies_in_lists_selects_tables_and_footers() -> None:
    assert directory_links(DIRECTORY_PAGE, "http://www.sc.gov.cn/") == [
        DirectoryLink("四川省发展和改革委员会", "http://fgw.sc.gov.cn/", "link", "省直部门"),
        DirectoryLink("四川省教育厅", "http://edu.sc.gov.cn/", "link", "省直部门"),
        DirectoryLink("四川省民族宗教事务委员会", "http://mzt.sc.gov.cn/", "link", "省直部门"),
        DirectoryLink("旌阳区人民政府", "https://www.jingyang.gov.cn/index.html", "link", "区县政府"),
        DirectoryLink("四川省人大常委会办公厅", "http://www.scsrd.gov.cn/", "footer", None),
        DirectoryLink("成都市人民政府", "http://www.chengdu.gov.cn/", "select", "市州政府"),
        DirectoryLink("德阳市人民政府", "http://www.deyang.gov.cn/", "select", "市州政府"),
        DirectoryLink("自贡", "http://www.zg.gov.cn/", "select", "市州政府", place=True),
        DirectoryLink("区县概况", "http://www.sc.gov.cn/qxgk/", "select", "市州政府", place=True),
    ]
    prompt_only = '<select><option value="">--请选择区县政府--</option><option value="http://a.gov.cn/">武侯区</option></select>'
    assert directory_links(prompt_only, "http://www.sc.gov.cn/") == [
        DirectoryLink("武侯区", "http://a.gov.cn/", "select", "区县政府", place=True)]
    departments = '<h3>省直部门</h3><ul><li><a href="http://a.gov.cn/">成都</a></li></ul>'
    assert directory_links(departments, "http://www.sc.gov.cn/") == []  # a place, but not in a list of governments


def test_a_portal_page_leads_to_its_directories_and_names_its_column_and_owner() -> None:
    page = read_directory(DIRECTORY_PAGE, "http://www.sc.gov.cn/")
    assert page.towards == [(0, "政府网站导航", "http://www.sc.gov.cn/wzdh/")]
    assert page.report_column == "http://www.sc.gov.cn/zwgk/ndbg/"
    assert page.owner == "四川省人民政府办公厅"
    assert read_directory('<meta name="SiteName" content="德阳市人民政府"><p>x</p>', "http://a/").owner == "德阳市人民政府"


@pytest.mark.parametrize(("name", "agency"), [
    ("四川省应急管理厅", True), ("德阳市人民政府网站", True), ("成都市人民政府(门户网站)", True),
    ("四川省发展和改革委员会", True), ("天府新区管委会", True), ("绵竹市应急管理局", True),
    ("中国政府网", False), ("中央人民政府", False), ("省长信箱", False), ("互动交流", False), ("无障碍", False),
    ("市州政府", False), ("区县政府", False), ("政府网站导航", False), ("四川政务服务网", False), ("局", False),
    ("2024年工作局", False), ("四川省教育厅2024年政府信息公开工作年度报告", False), ("图解：四川省教育厅", False),
])
def test_non_agencies_are_left_out(name: str, agency: bool) -> None:
    assert is_agency_name(name) is agency


@pytest.mark.parametrize(("title", "agency"), [
    ("四川省财政厅2024年政府信息公开工作年度报告", "四川省财政厅"),
    ("关于四川省教育厅2024年度政府信息公开工作年度报告", "四川省教育厅"),
    ("图解：四川省教育厅2024年政府信息公开工作年度报告", "四川省教育厅"),
    ("德阳市旌阳区人民政府2023年政府信息公开工作年度报告", "德阳市旌阳区人民政府"),
    ("2024年政府信息公开工作年度报告", None),
    ("关于做好2024年度政府信息公开工作年度报告编制发布工作的通知", None),
    ("四川省教育厅2024年工作要点", None),
])
def test_the_agency_a_report_title_names(title: str, agency: str | None) -> None:
    assert title_agency(title) == agency


SHARED_COLUMN = """<div class="list"><h2>政府信息公开年报</h2>
<h4>四川省民政厅</h4><ul><li><a href="/ndbg/1.html">2024年政府信息公开工作年度报告</a></li>
<li><a href="/ndbg/2.html">四川省财政厅2024年政府信息公开工作年度报告</a></li></ul>
<h4>区县政府</h4><ul><li><a href="/ndbg/3.html">2024年政府信息公开工作年度报告</a></li>
<li><a href="/ndbg/4.html">旌阳区人民政府2024年政府信息公开工作年度报告</a></li></ul></div>"""


def test_a_shared_column_attributes_each_report_by_title_then_group() -> None:
    groups = grouped_names(SHARED_COLUMN, "http://www.sc.gov.cn/")
    assert groups == {"http://www.sc.gov.cn/ndbg/1.html": "四川省民政厅", "http://www.sc.gov.cn/ndbg/2.html": "四川省民政厅"}
    entries = [("2024年政府信息公开工作年度报告", "http://www.sc.gov.cn/ndbg/1.html"),
               ("四川省财政厅2024年政府信息公开工作年度报告", "http://www.sc.gov.cn/ndbg/2.html"),
               ("2024年政府信息公开工作年度报告", "http://www.sc.gov.cn/ndbg/3.html"),
               ("旌阳区人民政府2024年政府信息公开工作年度报告", "http://www.sc.gov.cn/ndbg/4.html")]
    names = entry_agencies(entries, groups)
    assert names == {"http://www.sc.gov.cn/ndbg/1.html": "四川省民政厅", "http://www.sc.gov.cn/ndbg/2.html": "四川省财政厅",
                     "http://www.sc.gov.cn/ndbg/3.html": None, "http://www.sc.gov.cn/ndbg/4.html": "旌阳区人民政府"}
    assert is_aggregated(names)


def test_one_agencys_own_column_is_not_shared() -> None:
    titles = [("市应急局2024年政府信息公开工作年度报告", "http://a/1"),
              ("平顶山市应急管理局2023年政府信息公开工作年度报告", "http://a/2"),
              ("平顶山市应急局2022年政府信息公开工作年度报告", "http://a/3"),
              ("2021年政府信息公开工作年度报告", "http://a/4")]
    own = entry_agencies(titles, {}, "平顶山市应急管理局")
    assert own == {"http://a/1": None, "http://a/2": None, "http://a/3": None, "http://a/4": None}
    assert not is_aggregated(own)


@pytest.mark.parametrize(("name", "agency", "same"), [
    ("平顶山市应急局", "平顶山市应急管理局", True), ("市应急局", "平顶山市应急管理局", True),
    ("四川省发改委", "四川省发展和改革委员会", True), ("四川省政府", "四川省人民政府", True),
    ("四川省民政厅", "四川省人民政府", False), ("四川省教育厅", "四川省人民政府", False),
    ("德阳市旌阳区人民政府", "四川省人民政府", False),
])
def test_spellings_of_the_crawled_agency(name: str, agency: str, same: bool) -> None:
    assert spells(name, agency) is same


def test_page_title() -> None:
    assert page_title('<meta name="ArticleTitle" content="四川省民政厅2024年报"><h1>x</h1>') == "四川省民政厅2024年报"
    assert page_title("<title>t</title><h1> 标 题 </h1>") == "标题"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def test_name_to_region(gazetteer: Gazetteer) -> None:
    portal = Region("四川省")
    assert place_of("四川省应急管理厅", gazetteer, portal) == Region("四川省", None, None)
    assert place_of("德阳市人民政府", gazetteer, portal) == Region("四川省", "德阳市", None)
    assert place_of("绵竹市应急管理局", gazetteer, portal) == Region("四川省", "德阳市", "绵竹市")
    assert place_of("德阳市旌阳区人民政府", gazetteer, portal) == Region("四川省", "德阳市", "旌阳区")
    assert place_of("旌阳区人民政府", gazetteer, portal) == Region("四川省", "德阳市", "旌阳区")
    assert place_of("应急管理厅", gazetteer, portal) == Region("四川省", None, None)  # no place: the portal's


def test_a_place_listed_among_governments_is_its_government(gazetteer: Gazetteer) -> None:
    sichuan, beijing = Region("四川省"), Region("北京市")
    assert government_name("德阳", gazetteer, sichuan) == "德阳市人民政府"
    assert government_name("自贡市", gazetteer, sichuan) == "自贡市人民政府"
    assert government_name("武侯区", gazetteer, sichuan) == "成都市武侯区人民政府"
    assert government_name("绵竹市", gazetteer, sichuan) == "绵竹市人民政府"
    assert government_name("朝阳区", gazetteer, beijing) == "北京市朝阳区人民政府"
    assert government_name("区县概况", gazetteer, sichuan) is None
    found = [Found("四川省人民政府", "http://www.sc.gov.cn/", "http://www.sc.gov.cn/", "portal"),
             Found("自贡", "http://www.zg.gov.cn/", "http://www.sc.gov.cn/wzdh/", "select", "市州政府", place=True),
             Found("区县概况", "http://www.sc.gov.cn/qxgk/", "http://www.sc.gov.cn/wzdh/", "select", "市州政府",
                   place=True)]
    assert [(r["agency"], r["city"], r["level"]) for r in registry_rows(found, gazetteer)] == [
        ("四川省人民政府", "", "省级"), ("自贡市人民政府", "自贡市", "市级")]


def test_registry_rows_keep_the_province_and_merge_keeps_curated_rows(gazetteer: Gazetteer) -> None:
    found = [Found("四川省人民政府", "http://www.sc.gov.cn/", "http://www.sc.gov.cn/", "portal", None,
                   "http://www.sc.gov.cn/ndbg/"),
             Found("德阳市人民政府", "http://www.deyang.gov.cn/", "http://www.sc.gov.cn/wzdh/", "select", "市州政府"),
             Found("江门市应急管理局", "http://yjj.jiangmen.gov.cn/", "http://www.sc.gov.cn/wzdh/", "link", None)]
    rows = registry_rows(found, gazetteer, "四川")
    assert [(r["agency"], r["province"], r["city"], r["level"], r["column_url"]) for r in rows] == [
        ("四川省人民政府", "四川省", "", "省级", "http://www.sc.gov.cn/ndbg/"),
        ("德阳市人民政府", "四川省", "德阳市", "市级", "")]
    assert rows[1]["found_on"] == "http://www.sc.gov.cn/wzdh/ (select: 市州政府)"
    curated = {"agency": "德阳市人民政府", "province": "四川省", "homepage": "http://www.deyang.gov.cn/",
               "column_url": "http://www.deyang.gov.cn/ndbg/", "cms_hint": "TRS"}
    assert merged([curated], rows) == [curated, rows[0]]
    spelled = {**curated, "agency": "德阳市政府"}  # the same site under a name of its own: kept, not doubled
    assert merged([spelled], rows) == [spelled, rows[0]]
    assert len(registry_rows(found, gazetteer)) == 3  # no --province: every agency found


# -- end to end -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site():
    with serve_sample_site(root=FAMILIES) as running:
        yield running


@pytest.fixture(scope="module")
def discovered(site, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("discover")
    output = folder / "agencies.csv"
    status = cli(["discover", "--province", "四川", "--from", site.url("zf.sc"), "--output", str(output),
                  "--log", str(folder / "discover.log"), "-s", "AUTOTHROTTLE_START_DELAY=0.05", "-s", "DOWNLOAD_DELAY=0"])
    assert status == 0, (folder / "discover.log").read_text(encoding="utf-8")[-3000:]
    return output


def test_discover_finds_every_agency_the_directory_lists_and_nothing_else(site, discovered) -> None:
    truth = site.expected()["directory"]
    rows = list(csv.DictReader(io.StringIO(discovered.read_text(encoding="utf-8"))))
    assert [r["agency"] for r in rows] == [a["agency"] for a in truth["agencies"]]
    for row, want in zip(rows, truth["agencies"]):
        assert (row["homepage"], row["column_url"], row["province"], row["city"] or None, row["county"] or None,
                row["level"]) == (want["homepage"], want["column_url"], want["province"], want["city"], want["county"],
                                  want["level"])
        assert f"({want['how']}" in row["found_on"]
    assert not {r["agency"] for r in rows} & set(truth["not_agencies"])
    assert len(parse_registry(discovered.read_text(encoding="utf-8"))) == len(rows)  # the crawl's own reader


def test_merge_keeps_hand_curated_rows(site, discovered, tmp_path) -> None:
    registry = tmp_path / "mine.csv"
    curated = ("agency,province,city,county,level,homepage,column_url,example_report_url,report_year,cms_hint,evidence\n"
               "德阳市人民政府,四川省,德阳市,,市级,http://www.deyang.gov.cn/,http://www.deyang.gov.cn/ndbg/,,,TRS,by hand\n")
    registry.write_text(curated, encoding="utf-8")
    status = cli(["discover", "--from", site.url("zf.sc"), "--output", str(registry), "--merge",
                  "--log", str(tmp_path / "discover.log"), "-s", "AUTOTHROTTLE_START_DELAY=0.05"])
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(registry.read_text(encoding="utf-8"))))
    assert [r["agency"] for r in rows] == ["德阳市人民政府", "四川省人民政府", "四川省应急管理厅", "绵竹市应急管理局"]
    assert (rows[0]["column_url"], rows[0]["cms_hint"], rows[0]["evidence"]) == (
        "http://www.deyang.gov.cn/ndbg/", "TRS", "by hand")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('discover-sqlite') / 'crawl.sqlite3'}"
    from tests.pg import create_database

    return create_database(request.getfixturevalue("postgres_server"))


def test_crawl_of_the_discovered_registry_finds_every_report_under_its_agency(site, discovered, database,
                                                                              tmp_path) -> None:
    expected = site.expected()
    keys = {"zf.sc", "yjt.sc", "zf.dy", "yjj.mz"}
    hosts = [a for a in expected["agencies"] if a["key"] in keys]
    want = {(r.get("agency") or h["agency"], r["year"]): r for h in hosts for r in h["reports"]}
    assert len(want) == 14 and len({name for name, _ in want}) == 8
    settings = {**sample_site_settings(discovered), "GOVREPORTS_ARCHIVE_DIR": str(tmp_path / "warc")}
    result = run_crawl({"province": "四川"}, settings, database, tmp_path / "crawl.log")
    log = (tmp_path / "crawl.log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, log[-4000:]
    assert ("四川省人民政府: 7 listed, 7 new, 0 updated, 0 unchanged, 0 failed; 4 other agencies' reports among them, "
            "stored under those agencies") in log
    engine = make_engine(database)
    try:
        with engine.connect() as connection:
            reports = {(r.agency, r.year): r for r in connection.execute(text(
                "SELECT report_id, agency, province, city, county, year, status FROM v_reports"))}
            sources = {r.url: r.report_id for r in connection.execute(text("SELECT url, report_id FROM sources"))}
            mismatched = connection.execute(text(
                "SELECT count(*) FROM check_results WHERE check_name = 'agency.registry' AND NOT ok")).scalar()
            stats = connection.execute(text("SELECT stats FROM crawl_runs ORDER BY id")).scalar()
    finally:
        engine.dispose()
    assert set(reports) == set(want)
    for key, report in want.items():
        row = reports[key]
        assert row.status == "parsed", key
        for url in report["urls"]:
            assert sources.get(url) == row.report_id, f"{url} not stored under {key}"
    places = {("德阳市旌阳区人民政府", 2024): ("四川省", "德阳市", "旌阳区"), ("四川省民政厅", 2023): ("四川省", None, None),
              ("绵竹市应急管理局", 2024): ("四川省", "德阳市", "绵竹市"), ("德阳市人民政府", 2024): ("四川省", "德阳市", None)}
    for key, place in places.items():
        assert (reports[key].province, reports[key].city, reports[key].county) == place
    assert mismatched == 0
    noise = {n["url"] for h in hosts for n in h["noise"]}
    assert noise and not noise & set(sources)
    stats = stats if isinstance(stats, dict) else json.loads(stats)
    assert stats["govreports/agency/四川省人民政府/reports/listed"] == 7
    assert stats["govreports/agency/四川省人民政府/agencies/attributed"] == 4


def test_discover_says_what_is_wrong_in_one_line(tmp_path, capsys) -> None:
    output = str(tmp_path / "agencies.csv")
    assert cli(["discover", "--output", output]) == 2
    assert capsys.readouterr().err.strip() == ("govreports discover: give --from URL or --province (whose 人民政府 "
                                               "portals the registry knows)")
    assert cli(["discover", "--from", "ftp://www.sc.gov.cn/", "--output", output]) == 2
    assert "--from needs http(s) URLs: ftp://www.sc.gov.cn/" in capsys.readouterr().err
    assert cli(["discover", "--province", "火星", "--output", output]) == 2
    assert "knows no 人民政府 portal in 火星" in capsys.readouterr().err


def test_a_portal_that_does_not_answer_finds_nothing(tmp_path, capsys) -> None:
    import socket

    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    output = tmp_path / "agencies.csv"
    status = cli(["discover", "--from", f"http://127.0.0.1:{port}/", "--output", str(output),
                  "--log", str(tmp_path / "discover.log"), "-s", "RETRY_TIMES=0"])
    assert status == 1
    assert "govreports discover: no agency found on http://127.0.0.1:" in capsys.readouterr().err


def test_portals_of_a_province_are_its_governments_in_the_registry() -> None:
    from govreports.discovery import portals_of
    from govreports.fetch.registry import Agency

    agencies = [Agency("四川省人民政府(办公厅)", "四川省", homepage="http://www.sc.gov.cn/"),
                Agency("四川省财政厅", "四川省", homepage="http://czt.sc.gov.cn/"),
                Agency("德阳市人民政府", "四川省", "德阳市", homepage="http://www.deyang.gov.cn/"),
                Agency("天津市人民政府", "天津市", homepage="http://www.tj.gov.cn/")]
    assert portals_of(agencies, "四川") == ["http://www.sc.gov.cn/", "http://www.deyang.gov.cn/"]


# -- the agency spider on a shared column (fake responses) ----------------------------------------

SHARED_REGISTRY = ("agency,province,city,county,level,homepage,column_url\n"
                   "四川省人民政府,四川省,,,省级,http://127.0.0.11:8000/,http://127.0.0.11:8000/ndbg/\n"
                   "四川省应急管理厅,四川省,,,省级,http://127.0.0.12:8000/,\n")
SHARED_PAGE = """<html><body><ul>
<li><a href="/ndbg/1.html">四川省应急管理厅2024年政府信息公开工作年度报告</a><span>2025-01-20</span></li>
<li><a href="/ndbg/2.html">四川省教育厅2024年政府信息公开工作年度报告</a><span>2025-01-21</span></li>
<li><a href="/ndbg/3.html">四川省人民政府2024年政府信息公开工作年度报告</a><span>2025-01-22</span></li></ul>
<h4>旌阳区人民政府</h4><ul><li><a href="/ndbg/4.html">2024年政府信息公开工作年度报告</a><span>2025-01-23</span></li></ul>
<h4>区县政府</h4><ul><li><a href="/ndbg/5.html">2024年政府信息公开工作年度报告</a><span>2025-01-24</span></li></ul>
<a href="/ndbg/index_1.html">下一页</a></body></html>"""


def test_the_spider_attributes_a_shared_columns_reports(tmp_path) -> None:
    from govreports.spiders.agency import AgencySpider
    from scrapy import Request
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    registry = tmp_path / "registry.csv"
    registry.write_text(SHARED_REGISTRY, encoding="utf-8")
    crawler = get_crawler(AgencySpider, {"GOVREPORTS_BUNDLED_REGISTRY": False, "GOVREPORTS_REGISTRY": str(registry)})
    spider = AgencySpider.from_crawler(crawler)
    crawler.spider = spider
    portal = next(a for a in spider.agencies if a.name == "四川省人民政府")
    column = "http://127.0.0.11:8000/ndbg/"
    def answer(url: str, body: bytes) -> HtmlResponse:
        return HtmlResponse(url, body=body, encoding="utf-8", request=Request(url))

    page = answer(column, SHARED_PAGE.encode("utf-8"))
    requests = list(spider.parse_column(page, portal, 1))
    reports = {r.url.rsplit("/", 1)[1]: r.cb_kwargs for r in requests if r.callback == spider.parse_report}
    assert {k: (v["shared"], v["reported_by"]) for k, v in reports.items()} == {
        "1.html": (True, "四川省应急管理厅"), "2.html": (True, "四川省教育厅"), "3.html": (True, None),
        "4.html": (True, "旌阳区人民政府"), "5.html": (True, None)}
    further = [r for r in requests if r.callback == spider.parse_column]
    assert [(r.url, r.cb_kwargs.get("shared")) for r in further] == [(column + "index_1.html", True)]

    def fetched(name: str, body: str) -> object:
        url = column + name
        kwargs = reports[name]
        return next(iter(spider.parse_report(answer(url, body.encode("utf-8")), **kwargs)))

    item = fetched("1.html", "<h1>x</h1>")
    assert item.agency is portal and item.reported_by.name == "四川省应急管理厅"
    assert item.reported_by.homepage == "http://127.0.0.12:8000/"  # the registry's row
    item = fetched("4.html", "<h1>x</h1>")
    assert (item.reported_by.name, item.reported_by.province, item.reported_by.city, item.reported_by.county,
            item.reported_by.level) == ("旌阳区人民政府", "四川省", "德阳市", "旌阳区", "区县级")
    assert fetched("3.html", "<h1>x</h1>").reported_by is None  # the portal's own report
    item = fetched("5.html", '<meta name="ArticleTitle" content="四川省民政厅2024年政府信息公开工作年度报告"><h1>x</h1>')
    assert (item.reported_by.name, item.reported_by.level) == ("四川省民政厅", "省级")  # its page names it
    own = answer(column, '<ul><li><a href="/1.html">2024年政府信息公开工作年度报告</a> 2025-01-20</li></ul>'.encode())
    plain = [r for r in spider.parse_column(own, portal, 1) if r.callback == spider.parse_report]
    assert plain and "shared" not in plain[0].cb_kwargs  # one agency's own column: nothing attributed
