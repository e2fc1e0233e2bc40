"""Platform families recognised from their pages (govreports.fetch.platforms), on markup shaped like the real ones.

Where each shape comes from: govreports/samples/families/SOURCES.md.
"""

from __future__ import annotations

import json

from govreports.fetch.listings import parse_listing
from govreports.fetch.platforms import (
    gkmlpt_attachments,
    gkmlpt_categories,
    platform_attachments,
    vsb_attachments,
    with_query_value,
)

SITE = "http://www.example.gov.cn"
TREE = [
    {"id": 2841, "name": "机构职能", "parent": 0, "post_count": 3, "children": []},
    {"id": 2845, "name": "政府信息公开", "parent": 0, "post_count": 0, "children": [
        {"id": 2846, "name": "政府信息公开年报", "parent": 2845, "post_count": 9, "children": []},
        {"id": 2847, "name": "政府信息公开指南", "parent": 2845, "post_count": 1, "children": []},
    ]},
    {"id": 2850, "name": "政策解读", "parent": 0, "post_count": 0, "jump_url": "http://www.example.gov.cn/zcjd/"},
]
GKMLPT_INDEX = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政府信息公开</title></head><body>"
                "<div id=\"app\"></div><script>window._CONFIG = { SID: '750031', APP_URL: '/zqhjj', "
                f"TREE: {json.dumps(TREE, ensure_ascii=False)}, SERVICE_AREA_ID: 0 }};</script>"
                "<script src=\"/gkmlpt/static/js/chunk-common.c1553651.js\"></script></body></html>")


def article(n: int, title: str, date: int) -> dict:
    return {"id": 3255400 + n, "title": title, "date": date, "publisher": "江门市应急管理局",
            "classify_main_name": "政府信息公开年报", "identifier": f"11440700MB2C13057X/2025-{n:05d}",
            "url": f"/zqhjj/gkmlpt/content/3/3255/post_{3255400 + n}.html", "attachment": []}


def test_a_gkmlpt_index_lists_the_json_catalog_of_its_report_category() -> None:
    listing = parse_listing(GKMLPT_INDEX, f"{SITE}/zqhjj/gkmlpt/index")
    assert listing.family == "gkmlpt" and listing.catalog and not listing.scripted
    assert listing.next_pages == [f"{SITE}/zqhjj/gkmlpt/api/all/2846?page=1&sid=750031"]
    assert listing.entries == []


def test_gkmlpt_categories_fall_back_to_the_urls_fragment_then_every_leaf() -> None:
    others = [node for node in TREE if node["id"] != 2845]
    assert gkmlpt_categories(others, "721") == [721]
    assert gkmlpt_categories(others) == [2841]  # the jump_url node is another site's page, not a category


def test_the_first_json_page_announces_the_others_and_dates_come_from_unix_seconds() -> None:
    page = {"classify": {"id": 2846, "name": "政府信息公开年报", "post_count": 9},
            "articles": [article(1, "江门市应急管理局2024年政府信息公开工作年度报告", 1737331200),
                         article(2, "江门市应急管理局2024年政务公开工作要点", 1710460800),
                         article(3, "图解：江门市应急管理局2023年政府信息公开工作年度报告", 1705939200),
                         article(4, "江门市应急管理局2023年政府信息公开工作年度报告", 1705852800)],
            "total": 9}
    url = f"{SITE}/zqhjj/gkmlpt/api/all/2846?page=1&sid=750031"
    listing = parse_listing(json.dumps(page, ensure_ascii=False), url)
    assert listing.family == "gkmlpt"
    assert listing.entries[0].title == "江门市应急管理局2024年政府信息公开工作年度报告"
    assert listing.entries[0].url == f"{SITE}/zqhjj/gkmlpt/content/3/3255/post_3255401.html"
    assert listing.entries[0].date == "2025-01-20"  # 2025-01-20 00:00 in China, 2025-01-19 in UTC
    assert listing.next_pages == [f"{SITE}/zqhjj/gkmlpt/api/all/2846?page=2&sid=750031",
                                  f"{SITE}/zqhjj/gkmlpt/api/all/2846?page=3&sid=750031"]
    later = parse_listing(json.dumps({**page, "articles": page["articles"][:1]}), url.replace("page=1", "page=3"))
    assert later.next_pages == [] and len(later.entries) == 1


def test_gkmlpt_urls_printed_with_https_stay_on_the_sites_own_scheme() -> None:
    page = {"total": 1, "articles": [{**article(1, "年度报告", 1737331200),
                                      "url": "https://www.example.gov.cn/zqhjj/gkmlpt/content/3/3255/post_3255401.html"},
                                     {**article(2, "年度报告", 1737331200), "url": "https://other.gov.cn/a.html"}]}
    listing = parse_listing(json.dumps(page), "http://www.example.gov.cn:8080/zqhjj/gkmlpt/api/all/2846?page=1&sid=1")
    assert [e.url for e in listing.entries] == [
        "http://www.example.gov.cn:8080/zqhjj/gkmlpt/content/3/3255/post_3255401.html", "https://other.gov.cn/a.html"]


def test_post_count_pages_when_the_api_gives_no_total() -> None:
    page = {"classify": {"id": 2846, "post_count": 3}, "articles": [article(1, "年度报告", 1737331200)] * 2}
    listing = parse_listing(json.dumps(page), f"{SITE}/gkmlpt/api/all/2846?page=1&sid=2")
    assert listing.next_pages == [f"{SITE}/gkmlpt/api/all/2846?page=2&sid=2"]


def test_a_gkmlpt_detail_page_lists_its_attachments_in_config_detail() -> None:
    detail = {"id": 3255404, "title": "江门市应急管理局2023年政府信息公开工作年度报告",
              "content": "\\u003Cp\\u003E详见附件。\\u003C/p\\u003E",
              "attachment": [{"id": 306724, "name": "江门市应急管理局2023年政府信息公开工作年度报告.docx", "type": "docx",
                              "url": "/zqhjj/attachment/0/306/306724/3255404.docx"}]}
    html = f"<html><body><script>window._CONFIG = {{ SID: '750031', DETAIL: {json.dumps(detail)} }};</script></body></html>"
    url = f"{SITE}/zqhjj/gkmlpt/content/3/3255/post_3255404.html"
    assert gkmlpt_attachments(html, url) == [("江门市应急管理局2023年政府信息公开工作年度报告.docx",
                                              f"{SITE}/zqhjj/attachment/0/306/306724/3255404.docx")]
    assert gkmlpt_attachments("<script>var DETAIL = {}</script>", url) == []


VSB_LIST = """<html><body><div class="list"><ul>
<li><a href="../info/1072/3771.htm" target="_blank" title="甘南州应急管理局2024年政府信息公开工作年度报告">甘南州应急管理局2024年政府信息公开工作年度报告</a><span>2025-01-21</span></li>
</ul></div>
<table><tr><td id="fanye213563" nowrap="">共12条&nbsp;&nbsp;1/3&nbsp;</td><td><span class="p_pages">
<span class="p_first_d p_fun_d">首页</span><span class="p_prev_d p_fun_d">上页</span><span class="p_no_d">1</span>
<span class="p_no"><a href="zfxxgknb/2.htm">2</a></span><span class="p_no"><a href="zfxxgknb/1.htm">3</a></span>
<span class="p_next p_fun"><a href="zfxxgknb/2.htm">下页</a></span><span class="p_last p_fun"><a href="zfxxgknb/1.htm">尾页</a></span>
</span></td></tr></table></body></html>"""


def test_a_vsb_column_counts_its_pages_down() -> None:
    listing = parse_listing(VSB_LIST, f"{SITE}/zfxxgk1/zfxxgknb.htm")
    assert listing.family == "vsb"
    assert listing.entries[0].url == f"{SITE}/info/1072/3771.htm" and listing.entries[0].date == "2025-01-21"
    assert listing.next_pages == [f"{SITE}/zfxxgk1/zfxxgknb/2.htm", f"{SITE}/zfxxgk1/zfxxgknb/1.htm"]
    page_two = ('<span class="p_pages"><span class="p_first p_fun"><a href="../zfxxgknb.htm">首页</a></span>'
                '<span class="p_prev p_fun"><a href="../zfxxgknb.htm">上页</a></span><span class="p_no_d">2</span>'
                '<span class="p_next p_fun"><a href="1.htm">下页</a></span></span>')
    later = parse_listing(page_two, f"{SITE}/zfxxgk1/zfxxgknb/2.htm")
    assert later.family == "vsb" and later.next_pages == [f"{SITE}/zfxxgk1/zfxxgknb/1.htm"]  # its 下页 only


def test_vsb_attachments_are_download_jsp_links_named_like_documents() -> None:
    links = [("甘南州应急管理局2023年政府信息公开工作年度报告.docx",
              f"{SITE}/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1281470546&wbfileid=9273541"),
             ("打印", f"{SITE}/system/_content/download.jsp?urltype=print"),
             ("报告.docx", f"{SITE}/info/1072/3771.htm")]
    assert vsb_attachments(links) == links[:1]


ILIST = """<html><body><div class="list_div"><ul>
<li><a href="/gk/yjj/zfxxgknb/1956445.htm" title="绵竹市应急管理局2024年政府信息公开工作年度报告">绵竹市应急管理局2024年政府信息公开工…</a><span>2025-01-22</span></li>
</ul></div>
<div class="page">共 3 页 当前第 1 页 <a href="iList.jsp?node_id=GKmzs&cat_id=15990&cur_page=2">下一页</a>
<a href="iList.jsp?node_id=GKmzs&cat_id=15990&cur_page=3">尾页</a></div></body></html>"""


def test_an_ilist_page_announces_pages_two_to_n_keeping_the_query_order() -> None:
    url = f"{SITE}/info/iList.jsp?node_id=GKmzs&cat_id=15990"
    listing = parse_listing(ILIST, url)
    assert listing.family == "ilist"
    assert listing.entries[0].title == "绵竹市应急管理局2024年政府信息公开工作年度报告"
    assert listing.next_pages == [f"{SITE}/info/iList.jsp?node_id=GKmzs&cat_id=15990&cur_page=2",
                                  f"{SITE}/info/iList.jsp?node_id=GKmzs&cat_id=15990&cur_page=3"]
    assert with_query_value(url + "&cur_page=1", "cur_page", "4").endswith("cat_id=15990&cur_page=4")


def test_pages_of_other_families_are_not_mistaken_for_a_platform() -> None:
    plain = '<ul><li><a href="/a/1.htm">某市应急管理局2024年政府信息公开工作年度报告</a> 2025-01-20</li></ul>'
    assert parse_listing(plain, f"{SITE}/zwgk/nb.htm").family is None
    assert parse_listing('{"articles": []}', f"{SITE}/api/list?page=1").family is None
    assert parse_listing("<html>window._CONFIG = {SID: '2'}</html>", f"{SITE}/index.html").family is None


XXGK_COLUMN = """<html><body><div class="xxgk_title">政府信息公开年报</div><div id="div1229210533"></div>
<script type="text/javascript" src="/module/xxgk/js/xxgk.js"></script>
<script>loadDynamic('/module/xxgk/search.jsp?infotypeId=B001A021&amp;vc_title=&amp;vc_number=&amp;area=002482429',
'div1229210533', 'B001A021', '', '', '2748');</script></body></html>"""


def test_a_hanweb_xxgk_column_is_a_catalog_listed_by_posting_search_jsp() -> None:
    listing = parse_listing(XXGK_COLUMN, f"{SITE}/col/col1229210533/index.html")
    assert listing.family == "hanweb_xxgk" and listing.catalog and listing.next_pages == []
    [(url, form)] = listing.forms
    assert url.startswith(f"{SITE}/module/xxgk/search.jsp?infotypeId=B001A021&")
    assert form["infotypeId"] == "B001A021" and form["jdid"] == "2748" and form["divid"] == "div1229210533"
    assert form["area"] == "002482429" and form["currpage"] == "1" and form["vc_all"] == ""


def test_the_first_search_jsp_answer_announces_its_other_pages() -> None:
    url = (f"{SITE}/module/xxgk/search.jsp?infotypeId=B001A021&vc_title=&vc_number=&area=002482429&jdid=2748"
           "&divid=div1229210533&currpage=1")
    answer = ('<table><tr class="tr_main_value_odd"><td><a href="/art/2025/1/20/art_1229210533_58901234.html" '
              'title="湖州市应急管理局2024年政府信息公开工作年度报告">湖州市应急管理局2024年政府信息公开工…</a></td>'
              '<td>2025-01-20</td></tr></table><div class="page">&nbsp;&nbsp;共3页&nbsp;'
              '<a href="javascript:void(0)" onclick="page(2)">下一页</a></div>')
    listing = parse_listing(answer, url)
    assert listing.entries[0].title == "湖州市应急管理局2024年政府信息公开工作年度报告"
    assert listing.entries[0].date == "2025-01-20"
    assert [form["currpage"] for _, form in listing.forms] == ["2", "3"]
    assert listing.forms[0][0] == url.replace("currpage=1", "currpage=2")
    assert parse_listing(answer, url.replace("currpage=1", "currpage=2")).forms == []


# Fujian's platform: the column page's scripts as real ones print them (SiteInfo.searchId, pageChnlInfo's classsql
# fallback chain, the listModel call of list2.trsapi), a static first page, and the search's JSON answer.
FUJIAN_COLUMN = """<html><body><div ms-visible="$showStatic(1)"><ul><li>
<a href="./202501/t20250120_2187954.htm" target="_blank" title="三明市应急管理局2024年政府信息公开工作年度报告">三明市应急管理局2024年政府信息公开工作年度报告</a>
<span class="bf-pass">2025-01-20</span></li></ul></div>
<ul ms-if="list.length>0"><li ms-repeat="list"><a ms-attr-href="el.chnldocurl" ms-text="el.doctitle|html|showkey"></a></li></ul>
<script>var SiteInfo = { //was4doc: 290792,  //文档检索的was频道号
  itpSiteId: 21, searchId: 200210, //默认的文档检索频道的ID
  defaultPgTemp: "pgBar_pt.html" };</script>
<script>var pageChnlInfo={ quickMode:"动静结合", maxStaticIndex: 5, classsql: "" || "chnlid=1780",
  recordCount:'107', sortfield:'-docorderpri,-docreltime', prepage:15, cache:true }</script>
<script>require(['list2.trsapi'], function(listModel) { listModel({ quickMode:pageChnlInfo.quickMode,
  listArgs: { channelid: SiteInfo.searchId, classsql: pageChnlInfo.classsql,
    sortfield: pageChnlInfo.sortfield||'-docorderpri,-docreltime', classcol: 'publishyear', classsort: 0 },
  cache: pageChnlInfo.cache||true, listApi: { url: "/fjdzapp/search" },
  pagebar: { recordCount: pageChnlInfo.recordCount, prepage: pageChnlInfo.prepage||15, pgCountMode: 'recordCount' }
}) })</script></body></html>"""


def test_a_fujian_column_reads_its_static_page_and_posts_the_search_its_script_names() -> None:
    listing = parse_listing(FUJIAN_COLUMN, f"{SITE}/zwgk/ghxx/gzjzqk/")
    assert listing.family == "fujian" and listing.catalog and not listing.scripted
    assert [e.url for e in listing.entries] == [f"{SITE}/zwgk/ghxx/gzjzqk/202501/t20250120_2187954.htm"]
    [(url, form)] = listing.forms
    assert url.startswith(f"{SITE}/fjdzapp/search?channelid=200210&")
    assert form == {"channelid": "200210", "sortfield": "-docorderpri,-docreltime", "classsql": "chnlid=1780",
                    "classcol": "publishyear", "classnum": "100", "classsort": "0", "cache": "true", "page": "1",
                    "prepage": "15"}


def test_the_first_fujian_answer_announces_its_other_pages_and_links_the_columns_copy() -> None:
    url = parse_listing(FUJIAN_COLUMN, f"{SITE}/zwgk/ghxx/gzjzqk/").forms[0][0]
    doc = {"docid2": 2185438, "chnl": "政府信息公开年报",
           "doctitle": "三明市应急管理局<font color='red'>2024</font>年政府信息公开工作年度报告",
           "chnldocurl": f"{SITE}/zwgk/zfxxgkzl/zfxxgknb/202501/t20250120_2185438.htm",
           "docpuburl": f"{SITE}/zwgk/zfxxgkzl/zfxxgkml/202501/t20250120_2185438.htm",
           "docreltime": "2025.01.20 10:00:00", "files": [], "rels": []}
    answer = {"error": False, "page": 1, "prepage": 15, "pageCount": 3, "recordCount": 40, "data": [doc]}
    listing = parse_listing(json.dumps(answer, ensure_ascii=False), url)
    assert listing.family == "fujian"
    assert listing.entries[0].title == "三明市应急管理局2024年政府信息公开工作年度报告"
    assert listing.entries[0].url == doc["chnldocurl"] and listing.entries[0].date == "2025-01-20"
    assert [form["page"] for _, form in listing.forms] == ["2", "3"]
    assert listing.forms[0][0] == url.replace("&page=1&", "&page=2&")
    later = parse_listing(json.dumps({**answer, "page": 2}, ensure_ascii=False), url.replace("&page=1&", "&page=2&"))
    assert later.forms == [] and len(later.entries) == 1


# Hanweb's JSON gateway: a column page whose unitbuild script names the unit and its queryData (single quotes,
# as the pages print it), the unit's answer {"success", "data": {"html"}} with div.pagination count/rows.
JPAAS_COLUMN = """<html><body><div id="div1229565788"></div>
<script type="text/javascript" src="/AuthorizedRead/unitbuild.js"
 url="/api-gateway/jpaas-publish-server/front/page/build/unit"
 queryData="{'webId':'3185','pageId':'1229565788','tplSetId':'o0YcVHHq5vWtr3uiCp4SY','tagId':'信息列表'}"></script>
</body></html>"""
JPAAS = f"{SITE}/api-gateway/jpaas-publish-server/front/page/build/unit"


def test_a_jpaas_column_gets_its_list_from_the_unit_its_script_names() -> None:
    listing = parse_listing(JPAAS_COLUMN, f"{SITE}/col/col1229565788/index.html")
    assert listing.family == "jpaas" and listing.catalog and not listing.scripted and listing.entries == []
    [url] = listing.next_pages
    assert url.startswith(f"{JPAAS}?webId=3185&pageId=1229565788&tplSetId=o0YcVHHq5vWtr3uiCp4SY&tagId=")
    assert "&parseType=bulidstatic&pageType=column&paramJson=%7B%22pageNo%22%3A1%7D" in url


def test_the_units_first_answer_is_read_like_a_list_and_announces_pages_from_count_over_rows() -> None:
    url = parse_listing(JPAAS_COLUMN, f"{SITE}/col/col1229565788/index.html").next_pages[0]
    fragment = ('<ul><li class="clearfix"><a class="bt-left" title="浙江省发展和改革委员会2024年政府信息公开工作年度报告" '
                'href="/art/2025/1/20/art_1229565788_1.html" target="_blank">浙江省发展和改革委员会2024年政府信息公开…</a>'
                '<span class="bt-right">2025-01-20</span></li></ul>'
                '<div class="pagination" count="40" pageNo="1" rows="15"></div>')
    answer = json.dumps({"success": True, "code": "200", "data": {"html": fragment}}, ensure_ascii=False)
    listing = parse_listing(answer, url)
    assert listing.family == "jpaas"
    assert [(e.title, e.date) for e in listing.entries] == [("浙江省发展和改革委员会2024年政府信息公开工作年度报告",
                                                           "2025-01-20")]
    assert [p.rsplit("paramJson=", 1)[1] for p in listing.next_pages] == [
        "%7B%22pageNo%22%3A2%2C%22pageSize%22%3A15%7D", "%7B%22pageNo%22%3A3%2C%22pageSize%22%3A15%7D"]
    assert parse_listing(answer, listing.next_pages[0]).next_pages == []


def test_hanweb_downfile_links_are_attachments_when_they_name_a_document() -> None:
    links = [("2023年报告.docx", f"{SITE}/module/download/downfile.jsp?classid=0&showname=%E6%8A%A5%E5%91%8A.docx"
                                 "&filename=8f2c41d0.docx"),
             ("下载", f"{SITE}/module/download/downfile.jsp?classid=0&filename=0d1e7319be05.pdf"),
             ("图片", f"{SITE}/module/download/downfile.jsp?classid=0&filename=0d1e7319be05.jpg")]
    assert [t for t, _ in platform_attachments("", f"{SITE}/art/2024/1/24/art_1_2.html", links)] == [
        "2023年报告.docx", "下载"]
