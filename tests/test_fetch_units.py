"""Listing pages, report detection and the registry, on realistic markup."""

from __future__ import annotations

import pytest

from govreports.fetch.detect import is_document_url, judge_title, towards_reports
from govreports.fetch.listings import hanweb_pages, parse_listing, trs_pages
from govreports.fetch.registry import (
    RegistryError,
    load_registry,
    parse_registry,
    province_key,
    select_agencies,
)

TRS_COLUMN = """<html><head><meta charset="utf-8"></head><body>
<div class="list"><ul>
<li><a href="./202501/t20250120_8591234.html" title="市应急局2024年政府信息公开工作年度报告" target="_blank">市应急局2024年政府信息公开工作年度报告</a><span>2025-01-20</span></li>
<li><a href="./202401/t20240119_8101234.html" title="市应急局2023年政府信息公开工作年度报告">市应急局2023年政府信息公开工作年度…</a><span>2024-01-19</span></li>
<li><a href="./202403/t20240301_8201234.html">2024年政务公开工作要点</a><span>2024-03-01</span></li>
<li><a href="./202412/t20241210_8501234.html">关于做好2024年度政府信息公开工作年度报告编制发布工作的通知</a><span>2024-12-10</span></li>
<li><a href="./202501/t20250121_8591299.html">图解：市应急局2024年政府信息公开工作年度报告</a><span>2025-01-21</span></li>
</ul></div>
<div class="page"><script>createPageHTML(3, 0, "index", "html");</script></div></body></html>"""

HANWEB_COLUMN = """<html><body><div id="4520583"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3&path=/&columnid=1229154892&unitid=4520583&webname=x&permissiontype=0"></a>]]></nextgroup><recordset>
<record><![CDATA[<li><a href="/art/2025/1/21/art_1229154892_59023.html" title="南开区应急管理局2024年度政府信息公开工作报告">南开区应急管理局2024年度政府信息公开工作报告</a><span>2025-01-21</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2024/1/20/art_1229154892_51123.html">南开区应急管理局2023年度政府信息公开工作报告</a><span>2024-01-20</span></li>]]></record>
</recordset><totalrecord>40</totalrecord></datastore></script></div></body></html>"""


def test_trs_listing_entries_dates_and_pages() -> None:
    url = "http://yjj.example.gov.cn/xxgk/zfxxgknb/index.html"
    listing = parse_listing(TRS_COLUMN, url)
    titles = {e.title: e for e in listing.entries}
    full = titles["市应急局2023年政府信息公开工作年度报告"]  # the title= attribute, not the cut text
    assert full.url == "http://yjj.example.gov.cn/xxgk/zfxxgknb/202401/t20240119_8101234.html"
    assert full.date == "2024-01-19"
    assert listing.next_pages == ["http://yjj.example.gov.cn/xxgk/zfxxgknb/index_1.html",
                                  "http://yjj.example.gov.cn/xxgk/zfxxgknb/index_2.html"]


def test_trs_later_pages_announce_nothing() -> None:
    assert trs_pages('createPageHTML(3, 1, "index", "html");', "http://x/c/index_1.html") == []


def test_hanweb_datastore_and_dataproxy_pages() -> None:
    url = "http://www.example.gov.cn/col/col1229154892/index.html"
    listing = parse_listing(HANWEB_COLUMN, url)
    assert [e.date for e in listing.entries[:2]] == ["2025-01-21", "2024-01-20"]
    assert listing.entries[0].url == "http://www.example.gov.cn/art/2025/1/21/art_1229154892_59023.html"
    assert len(listing.next_pages) == 2
    assert "startrecord=16&endrecord=30" in listing.next_pages[0]
    assert "columnid=1229154892" in listing.next_pages[0]
    assert hanweb_pages(url, 10) == []


def test_page_parameter_and_next_links() -> None:
    html = ('<ul><li><a href="/gk/nb/1.html">常州市应急管理局2020年政府信息公开工作年度报告</a> 2021-01-21</li></ul>'
            '<a href="list.jsp?cat=9&page=2">2</a><a href="list.jsp?cat=9&page=3">3</a><a href="/other?page=2">x</a>'
            '<a href="/gk/list_2.html">下一页</a>')
    listing = parse_listing(html, "http://yjj.example.gov.cn/gk/list.jsp?cat=9&page=1")
    assert listing.next_pages == ["http://yjj.example.gov.cn/gk/list_2.html",
                                  "http://yjj.example.gov.cn/gk/list.jsp?cat=9&page=2",
                                  "http://yjj.example.gov.cn/gk/list.jsp?cat=9&page=3"]


def test_scripted_listing_is_flagged_for_the_browser() -> None:
    html = ("<html><body><ul id='list'></ul><script>var data=[{t:'四川省应急管理厅2019年政府信息公开工作年度报告',"
            "u:'/a.html'}];data.forEach(function(d){var li=document.createElement('li');li.innerHTML="
            "'<a href=\"'+d.u+'\">'+d.t+'</a>';document.getElementById('list').appendChild(li);});</script>"
            "</body></html>")
    assert parse_listing(html, "http://yjt.example.gov.cn/col/").scripted
    assert not parse_listing(TRS_COLUMN, "http://x/").scripted


def test_discovery_links_ranked() -> None:
    html = ('<a href="/xwzx/">新闻中心</a><a href="/zwgk/">政务公开</a><a href="/xxgk/">政府信息公开</a>'
            '<a href="/xxgk/nb/">政府信息公开年报</a>')
    towards = parse_listing(html, "http://yjj.example.gov.cn/").towards
    assert [t for _, t, _ in towards] == ["政府信息公开年报", "政府信息公开", "政务公开"]


@pytest.mark.parametrize("title,is_report,year", [
    ("市应急局2024年政府信息公开工作年度报告", True, 2024),
    ("南开区应急管理局2024年度政府信息公开工作报告", True, 2024),
    ("平顶山市应急管理局 2023 年政府信息公开工作年度报告", True, 2023),
    ("2023年政府信息公开年报", True, 2023),
    ("四川省人民防空办公室2022年政府信息公开年度报告(文字版)", True, 2022),
    ("2024年政务公开工作要点", False, None),
    ("关于做好2024年度政府信息公开工作年度报告编制发布工作的通知", False, 2024),
    ("2024年法治政府建设年度报告", False, None),
    ("我局召开2025年安全生产工作会议", False, None),
    ("关于2022年度政府信息公开情况的报告", True, 2022),
    ("2025年连生乡人民政府政府信息公开工作情况报告", True, 2025),
    ("2023年上半年政府信息公开工作情况报告", False, None),
    ("2023年第三季度政府信息公开工作情况报告", False, None),
    ("西藏自治区审计厅2025年政务信息公开工作开展年度报告", True, 2025),
    ("盐边县新九镇人民政府关于2021年度政府信息公开工作的年度报告", True, 2021),
    ("关于政府信息公开工作的报告", False, None),
])
def test_report_titles(title, is_report, year) -> None:
    verdict = judge_title(title)
    assert (verdict.is_report, verdict.year) == (is_report, year)


def test_graphic_version_is_marked() -> None:
    assert judge_title("图解：2024年政府信息公开工作年度报告").graphic


def test_towards_and_documents() -> None:
    assert towards_reports("政府信息公开年报") == 0
    assert towards_reports("这是一段很长的新闻标题，其中提到了政务公开工作，但并不是栏目链接") is None
    assert is_document_url("http://x/att/2025/年度报告.PDF")
    assert is_document_url("http://x/a.docx?v=2")
    assert not is_document_url("http://x/a.html")


def test_bundled_registry_and_selection() -> None:
    agencies = load_registry()
    assert len(agencies) == 112
    sichuan = select_agencies(agencies, "四川")
    assert sichuan == select_agencies(agencies, "四川省")
    assert all(a.province == "四川省" for a in sichuan)
    assert province_key("广西壮族自治区") == province_key("广西") == "广西"


def test_mirror_hosts_are_never_crawled() -> None:
    sichuan = next(a for a in load_registry() if a.name == "四川省应急管理厅")
    assert sichuan.domains == ("yjt.sc.gov.cn",)


def test_bad_selection_is_a_clear_error() -> None:
    with pytest.raises(RegistryError, match="no registered agency in province '火星'"):
        select_agencies(load_registry(), "火星")


def test_user_registry_adds_agencies(tmp_path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("agency,province,homepage,column_url\n某县应急管理局,四川省,http://127.0.0.1:9/,"
                    "http://127.0.0.1:9/nb/\n", encoding="utf-8")
    agencies = load_registry([path])
    assert len(agencies) == 113
    mine = select_agencies(agencies, "四川", "某县")
    assert mine[0].start_urls == ("http://127.0.0.1:9/nb/",)
    assert parse_registry(path.read_text(encoding="utf-8"))[0].domains == ("127.0.0.1",)
