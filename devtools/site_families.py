"""Build the platform-family fixtures: govreports/samples/families/ (one folder per fake host).

    .venv/bin/python -m devtools.site_families [--out DIR]

One fake agency per platform family that whole provinces run their 政务公开
columns on, its markup, scripts and JSON shaped after real pages of that
family (govreports/samples/families/SOURCES.md says which), with paging,
noise entries and an attachment. Served like the sample site
(devtools.sample_site.serve_sample_site(root=FAMILIES)); the report pages
reuse devtools.site_build's generated reports, so they parse. Deterministic,
like the sample site; it writes registry.csv (no cms_hint: the family is
recognised from the pages) and expected.json (the ground truth, in the
sample site's shape, plus each column's listing pages).

    yjj.jm  江门市应急管理局 (广东)  gkmlpt: /jmyjj/gkmlpt/index, JSON /gkmlpt/api/all/{category}?page=N&sid=…
    yjj.gn  甘南州应急管理局 (甘肃)  VSB: zfxxgknb.htm, zfxxgknb/2.htm, zfxxgknb/1.htm; /info/1072/…htm
    yjj.mz  绵竹市应急管理局 (四川)  Hanweb info/iList.jsp?node_id=…&cat_id=…&cur_page=N
    yjj.hz  湖州市应急管理局 (浙江)  Hanweb 信息公开目录: loadDynamic(…search.jsp…), POST search.jsp, currpage=N
    yjj.sm  三明市应急管理局 (福建)  Fujian's platform: listModel({listApi: {url: "/fjdzapp/search"}…}), POST, JSON page=N
    zf.tz   台州市人民政府   (浙江)  Hanweb JSON gateway: unitbuild.js's queryData, GET …/build/unit?…&paramJson={"pageNo":N…}

And a province portal for `govreports discover` and shared 年报 columns (not in registry.csv: discovered):

    zf.sc   四川省人民政府   政府网站导航 (/wzdh/: a list, a <select> naming 德阳 alone; /wzdh/qx/: a table), linking yjt.sc, zf.dy
                             and yjj.mz by `{host:KEY}` (the server fills in addresses); /zwgk/ndbg/: one 年报 column
                             for five agencies over two TRS pages, attributed by title or group heading
    yjt.sc  四川省应急管理厅   its own site, a plain list column found from the homepage
    zf.dy   德阳市人民政府     the same

expected.json's `directory` is what discover must find from zf.sc's homepage; a report of zf.sc's
shared column names its own `agency`.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from devtools.site_build import (
    NAV,
    SAMPLES,
    Agency,
    HostBuild,
    Item,
    ReportText,
    Style,
    article_main,
    blocks_html,
    expected_json,
    header_table,
    html_source,
    report_docx,
    report_text,
    rng_for,
    spot_numbers,
    trs_paging_script,
)

FAMILIES = SAMPLES / "families"
REGISTRY_COLUMNS = ("agency", "province", "city", "county", "level", "homepage", "column_url",
                    "example_report_url", "report_year", "cms_hint", "evidence")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JSON_TYPE = "application/json; charset=utf-8"
NOISE_KINDS = ("graphic", "work_points", "compile_notice", "rule_of_law")


def _noise_and_news(host: HostBuild, items: list[Item], column: tuple[str, str], text_version: str) -> None:
    for item in items:
        if item.kind == "news":
            host.column_news(item, column)
        elif item.kind in NOISE_KINDS:
            host.noise_page(item, column, text_version=text_version if item.kind == "graphic" else None)


def _docx_source(host: HostBuild, path: str, listed_in: str, via: str, note: str) -> dict[str, Any]:
    return {"url": host.url(path), "kind": "docx", "encoding": None, "listed_in": listed_in, "via": host.url(via),
            "content_type": DOCX_TYPE, "note": note}


# -- 江门: Guangdong's gkmlpt ------------------------------------------------------------------

GKMLPT_SID = "750025"
GKMLPT_BASE = "/jmyjj"
GKMLPT_CATEGORY = 2846
GKMLPT_PER_PAGE = 4


def gkmlpt_post_path(post_id: int) -> str:
    """/…/gkmlpt/content/{id // 10^6}/{id // 10^3}/post_{id}.html, as every gkmlpt site files its posts."""
    return f"{GKMLPT_BASE}/gkmlpt/content/{post_id // 1_000_000}/{post_id // 1000}/post_{post_id}.html"


def gkmlpt_tree() -> list[dict[str, Any]]:
    """A category tree like the TREE of a department's _CONFIG: ids, names, post counts, a jump_url node."""
    def node(cid: int, name: str, parent: int, count: int, children: list | None = None, **extra: Any) -> dict:
        return {"id": cid, "name": name, "parent": parent, "post_count": count, "theme_count": count,
                "children": children or [], **extra}

    return [
        node(2841, "机构职能", 0, 4),
        node(2842, "法规文件", 0, 0, [node(2843, "规范性文件", 2842, 12), node(2844, "其他文件", 2842, 37)]),
        node(2845, "政府信息公开", 0, 0, [node(GKMLPT_CATEGORY, "政府信息公开年报", 2845, 10),
                                       node(2847, "政府信息公开指南", 2845, 1), node(2848, "政府信息公开制度", 2845, 2)]),
        node(2849, "通知公告", 0, 58),
        node(2850, "政策解读", 0, 0, jump_url="http://www.jiangmen.gov.cn/zcjd/"),
    ]


def gkmlpt_json(value: Any) -> str:
    """JSON as the platform writes it into pages: UTF-8, with < and > escaped as \\u003C / \\u003E."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003C").replace(">", "\\u003E")


def gkmlpt_shell(agency: Agency, title: str, config: dict[str, str]) -> str:
    """A gkmlpt page: an empty #app that the platform's Vue bundle fills from window._CONFIG."""
    fields = ",\n  ".join(f"{k}: {v}" for k, v in config.items())
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="renderer" content="webkit">\n<title>{html.escape(title)}</title>\n'
            f'<link href="{GKMLPT_BASE}/gkmlpt/static/css/app.1a7e2c4d.css" rel="stylesheet">\n</head>\n'
            f'<body>\n<div id="app"></div>\n<script>\nwindow._CONFIG = {{\n  {fields}\n}};\n</script>\n'
            f'<script src="{GKMLPT_BASE}/gkmlpt/static/js/chunk-vendors.7a9c5b21.js"></script>\n'
            f'<script src="{GKMLPT_BASE}/gkmlpt/static/js/chunk-common.c1553651.js"></script>\n'
            f'<script src="{GKMLPT_BASE}/gkmlpt/static/js/index.3f0d2e96.js"></script>\n'
            f"<noscript>{html.escape(agency.site_name)}政府信息公开平台需要启用JavaScript。</noscript>\n</body>\n</html>\n")


def gkmlpt_detail(host: HostBuild, post_id: int, item: Item, report: ReportText, body: str,
                  attachments: list[dict[str, Any]], index_no: str) -> None:
    """A gkmlpt post: the server renders the classify table and the article; _CONFIG.DETAIL repeats the post."""
    a = host.agency
    classify = ('<div class="classify">' + header_table([
        ("索引号：", index_no), ("分类：", "政府信息公开年报"), ("发布机构：", a.name), ("成文日期：", item.date),
        ("名称：", report.title), ("文号：", ""), ("发布日期：", item.date), ("主题词：", "")]) + "</div>\n")
    links = "".join(f'<p><a class="nfw-cms-attachment" href="{x["url"]}">{html.escape(x["name"])}</a></p>'
                    for x in attachments)
    article = (f'<div class="content">\n<h1 class="title">{html.escape(report.title)}</h1>\n'
               f'<div class="date-row">发布日期：{item.date}&nbsp;&nbsp;来源：{html.escape(a.name)}</div>\n'
               f'<div class="article-content">\n{body}\n{links}</div>\n</div>\n')
    detail = {"id": post_id, "title": report.title, "identifier": index_no, "publisher": a.name,
              "classify_main_name": "政府信息公开年报", "date": item.date, "content": body + links,
              "attachment": attachments, "url": gkmlpt_post_path(post_id)}
    page = gkmlpt_shell(a, f"{report.title}_{a.site_name}", {
        "SID": f"'{GKMLPT_SID}'", "APP_URL": f"'{GKMLPT_BASE}'", "DETAIL": gkmlpt_json(detail)})
    page = page.replace('<div id="app"></div>', f'<div id="app">\n{classify}{article}</div>')
    host.put(item.path, page)


def build_jm() -> HostBuild:
    agency = Agency("yjj.jm", "江门市应急管理局", "市应急管理局", "广东省", "江门市", "", "市级",
                    "江门市蓬江区港口路111号", "0750-3500218", "江门市应急管理局", "粤ICP备05008591号-2", 2)
    host = HostBuild(agency, Style(agency, NAV, css="gd"), "gkmlpt")
    index = f"{GKMLPT_BASE}/gkmlpt/index"
    column = ("政府信息公开年报", index)
    col_url = host.url(index)
    r2024 = report_text(agency, 2024, "江门市应急管理局2024年政府信息公开工作年度报告", "2025年1月17日", rng_for(agency.key, 2024))
    r2023 = report_text(agency, 2023, "江门市应急管理局2023年政府信息公开工作年度报告", "2024年1月19日", rng_for(agency.key, 2023))
    r2022 = report_text(agency, 2022, "江门市应急管理局2022年政府信息公开工作年度报告", "2023年1月13日", rng_for(agency.key, 2022))
    r2021 = report_text(agency, 2021, "江门市应急管理局2021年政府信息公开工作年度报告", "2022年1月14日", rng_for(agency.key, 2021))
    posts = [  # post id, title, date, kind: newest first, as the API lists them
        (3255890, "图解：江门市应急管理局2024年政府信息公开工作年度报告", "2025-01-21", "graphic"),
        (3255421, r2024.title, "2025-01-20", "report"),
        (3201377, "关于做好2024年度政府信息公开工作年度报告编制发布工作的通知", "2024-12-18", "compile_notice"),
        (2998104, "江门市应急管理局2024年政务公开工作要点", "2024-03-15", "work_points"),
        (2904533, r2023.title, "2024-01-22", "report"),
        (2870116, "江门市应急管理局开展危险化学品企业专项检查", "2023-11-07", "news"),
        (2511839, r2022.title, "2023-01-16", "report"),
        (2380452, "江门市应急管理局召开防汛抗旱工作部署会", "2022-05-10", "news"),
        (2288716, "江门市应急管理局2021年法治政府建设年度报告", "2022-01-26", "rule_of_law"),
        (2271094, r2021.title, "2022-01-17", "report"),
    ]
    items = [Item(title, gkmlpt_post_path(pid), date, kind) for pid, title, date, kind in posts]
    ids = {item.path: pid for item, (pid, *_rest) in zip(items, posts)}
    by_year = {2024: items[1], 2023: items[4], 2022: items[6], 2021: items[9]}

    def epoch(date: str) -> int:  # 00:00 China time, as the API's `date` counts it
        return int(datetime.fromisoformat(date).replace(tzinfo=timezone(timedelta(hours=8))).timestamp())

    def article(item: Item) -> dict[str, Any]:
        pid = ids[item.path]
        return {"id": pid, "title": item.title, "document_number": "", "publisher": agency.name, "keywords": "",
                "date": epoch(item.date), "created_at": f"{item.date} 09:30:00",
                "display_publish_time": epoch(item.date), "identifier": f"11440700MB2C13057X/{item.date[:4]}-{pid % 1000:05d}",
                "classify_main": GKMLPT_CATEGORY, "classify_main_name": "政府信息公开年报",
                "classify_genre_name": "年度报告", "classify_theme_name": "综合政务",
                "url": item.path, "post_url": item.path, "attachment": [], "abstract": "", "relation": "[]",
                "is_expired": 0, "is_abolished": 0}

    classify = {"id": GKMLPT_CATEGORY, "name": "政府信息公开年报", "parent": 2845, "post_count": len(items),
                "theme_count": len(items)}
    api = f"{GKMLPT_BASE}/gkmlpt/api/all/{GKMLPT_CATEGORY}"
    chunks = [items[i:i + GKMLPT_PER_PAGE] for i in range(0, len(items), GKMLPT_PER_PAGE)]
    pages = []
    for n, chunk in enumerate(chunks, start=1):
        path = f"{api}?page={n}&sid={GKMLPT_SID}"
        host.put(path, json.dumps({"classify": classify, "articles": [article(i) for i in chunk], "total": len(items)},
                                  ensure_ascii=False, indent=1) + "\n")
        pages.append(host.url(path))
    host.alias(api, f"{api}?page=1&sid={GKMLPT_SID}")  # without a query the API answers its first page
    host.config["headers"][api] = {"Content-Type": JSON_TYPE}
    host.common(index, [("政府信息公开年报", index)], [i for i in items if i.kind == "news"],
                homepage_nav_label="信息公开")
    host.put(index, gkmlpt_shell(agency, f"{agency.site_name}政府信息公开", {
        "SID": f"'{GKMLPT_SID}'", "APP_URL": f"'{GKMLPT_BASE}'", "STATIC_URL": f"'{GKMLPT_BASE}/gkmlpt/static'",
        "TREE": gkmlpt_json(gkmlpt_tree()), "SERVICE_AREA_ID": "0", "SEARCH_URL": "'//search.gd.gov.cn/search/gkml'"}))
    host.columns.append({"url": col_url, "family": "gkmlpt", "pages": [col_url] + pages, "in_registry": False,
                         "note": "found from the homepage's 政府信息公开 link; the index is a Vue shell"})

    def index_no(item: Item) -> str:
        return f"11440700MB2C13057X/{item.date[:4]}-{ids[item.path] % 1000:05d}"

    for year, report in ((2024, r2024), (2022, r2022), (2021, r2021)):
        item = by_year[year]
        gkmlpt_detail(host, ids[item.path], item, report, blocks_html(report, word=year != 2024), [], index_no(item))
        host.add_report(year, report.title, item.date, report.template, spot_numbers(report.tables),
                        [html_source(host, item.path, col_url, "utf-8")], [item.title])
    # 2023: the post only announces its attachment; DETAIL.attachment lists it
    item = by_year[2023]
    docx_path = f"{GKMLPT_BASE}/attachment/0/306/306724/{ids[item.path]}.docx"
    host.files[docx_path] = report_docx(r2023)
    attachment = {"id": 306724, "name": f"{r2023.title}.docx", "type": "docx", "mime": DOCX_TYPE,
                  "size": len(host.files[docx_path]), "url": docx_path}
    gkmlpt_detail(host, ids[item.path], item, r2023,
                  f'<p style="text-indent:2em">现将《{html.escape(r2023.title)}》予以公布，详见附件。</p>',
                  [attachment], index_no(item))
    host.add_report(2023, r2023.title, item.date, r2023.template, spot_numbers(r2023.tables),
                    [_docx_source(host, docx_path, col_url, item.path, "listed in _CONFIG.DETAIL.attachment")],
                    [item.title], note="the post only links its attachment; it is not the report")
    _noise_and_news(host, items, column, by_year[2024].path)
    return host


# -- 甘南: VSB ----------------------------------------------------------------------------------

VSB_OWNER = 1281470546


def vsb_page(host: HostBuild, title: str, main: str, trail: tuple[tuple[str, str | None], ...],
             meta: dict[str, str] | None = None) -> str:
    """A VSB page: its meta tags (ArticleTitle, PubDate, ContentSource) and the generator comment."""
    extra = "".join(f'<meta name="{k}" content="{html.escape(v)}" />\n' for k, v in (meta or {}).items())
    extra += ('<meta name="Generator" content="VSB" />\n'
              '<script type="text/javascript" src="/system/resource/js/counter.js"></script>\n')
    return host.style.page(title, main, *trail, extra_head=extra)


def vsb_pager(n: int, pages: int, total: int, stem: str, here_is_first: bool) -> str:
    """The pager VSB writes: page 1 is `<stem>.htm`, page k>1 is `<stem>/<pages-k+1>.htm` (counting down)."""
    name = stem.rsplit("/", 1)[-1]

    def href(k: int) -> str:
        if k == 1:
            return f"{name}.htm" if here_is_first else f"../{name}.htm"
        return f"{name}/{pages - k + 1}.htm" if here_is_first else f"{pages - k + 1}.htm"

    def fun(cls: str, text: str, k: int, enabled: bool) -> str:
        return (f'<span class="p_{cls} p_fun"><a href="{href(k)}">{text}</a></span>' if enabled
                else f'<span class="p_{cls}_d p_fun_d">{text}</span>')

    parts = [fun("first", "首页", 1, n > 1), fun("prev", "上页", n - 1, n > 1)]
    parts += [f'<span class="p_no_d">{k}</span>' if k == n else f'<span class="p_no"><a href="{href(k)}">{k}</a></span>'
              for k in range(1, pages + 1)]
    parts += [fun("next", "下页", n + 1, n < pages), fun("last", "尾页", pages, n < pages)]
    return (f'<table cellspacing="0" cellpadding="0" border="0"><tr><td id="fanye213563" nowrap="">'
            f"共{total}条&nbsp;&nbsp;{n}/{pages}&nbsp;</td><td nowrap=\"\"><span class=\"p_pages\">"
            + "".join(parts) + "</span></td></tr></table>\n")


def build_gn() -> HostBuild:
    agency = Agency("yjj.gn", "甘南藏族自治州应急管理局", "州应急管理局", "甘肃省", "甘南藏族自治州", "", "市级",
                    "合作市当周街88号", "0941-8212730", "甘南州应急管理局", "陇ICP备09003852号-1", 1)
    host = HostBuild(agency, Style(agency, NAV, css="vsb"), "vsb")
    stem = "/zfxxgk1/zfxxgknb"
    column = ("政府信息公开年报", stem + ".htm")
    col_url = host.url(stem + ".htm")
    r2024 = report_text(agency, 2024, "甘南州应急管理局2024年政府信息公开工作年度报告", "2025年1月20日", rng_for(agency.key, 2024))
    r2023 = report_text(agency, 2023, "甘南州应急管理局2023年政府信息公开工作年度报告", "2024年1月18日", rng_for(agency.key, 2023))
    r2021 = report_text(agency, 2021, "甘南州应急管理局2021年政府信息公开工作年度报告", "2022年1月20日", rng_for(agency.key, 2021))
    items = [
        Item("图解：甘南州应急管理局2024年政府信息公开工作年度报告", "/info/1072/3902.htm", "2025-01-22", "graphic"),
        Item(r2024.title, "/info/1072/3897.htm", "2025-01-21", "report"),
        Item("甘南州应急管理局开展冬春火灾防控专项检查", "/info/1072/3865.htm", "2024-12-06", "news"),
        Item("甘南州应急管理局2024年政务公开工作要点", "/info/1072/3611.htm", "2024-03-26", "work_points"),
        Item(r2023.title, "/info/1072/3540.htm", "2024-01-19", "report"),
        Item("关于做好2023年度政府信息公开工作年度报告编制发布工作的通知", "/info/1072/3498.htm", "2023-12-12", "compile_notice"),
        Item("甘南州应急管理局召开安全生产委员会全体会议", "/info/1072/3371.htm", "2023-07-04", "news"),
        Item("甘南州应急管理局组织森林草原防灭火应急演练", "/info/1072/3102.htm", "2022-09-15", "news"),
        Item("甘南州应急管理局2021年法治政府建设年度报告", "/info/1072/2841.htm", "2022-02-10", "rule_of_law"),
        Item(r2021.title, "/info/1072/2807.htm", "2022-01-21", "report"),
        Item("甘南州应急管理局开展地震应急疏散演练", "/info/1072/2633.htm", "2021-05-12", "news"),
    ]
    per_page = 4
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)]
    pages = []
    for n, chunk in enumerate(chunks, start=1):
        first = n == 1
        lis = "".join(f'<li id="line_u8_{k}"><a href="{"../" if first else "../../"}{i.path.lstrip("/")}" target="_blank" '
                      f'title="{html.escape(i.title)}">{html.escape(i.title)}</a><span>{i.date}</span></li>\n'
                      for k, i in enumerate(chunk))
        main = (f'<div class="list-right"><h2>政府信息公开年报</h2><ul class="list">\n{lis}</ul>\n'
                f'<div class="pb_sys_common pb_sys_normal pb_sys_style1">'
                f"{vsb_pager(n, len(chunks), len(items), stem, first)}</div></div>\n")
        path = stem + ".htm" if first else f"{stem}/{len(chunks) - n + 1}.htm"
        host.put(path, vsb_page(host, f"政府信息公开年报-{agency.site_name}", main,
                                (("信息公开", "/zfxxgk1/index.htm"), ("政府信息公开年报", None))))
        pages.append(host.url(path))
    host.columns.append({"url": col_url, "family": "vsb", "pages": pages, "in_registry": True})
    host.common("/zfxxgk1/index.htm", [("政府信息公开年报", stem + ".htm")], [i for i in items if i.kind == "news"],
                homepage_nav_label="信息公开")

    def detail(item: Item, report: ReportText, body: str, attachment: str = "") -> None:
        main = ('<form name="_newscontent_fromname"><div class="content-title">'
                f"<h3>{html.escape(report.title)}</h3><i>发布时间：{item.date}&nbsp;&nbsp;来源：{html.escape(agency.name)}"
                f"&nbsp;&nbsp;点击数：<script>_showDynClicks(\"wbnews\", {VSB_OWNER}, {item.path.rsplit('/', 1)[-1][:-4]})</script>"
                "</i></div>\n"
                f'<div id="vsb_content"><div class="v_news_content">\n{body}\n</div></div>\n{attachment}</form>\n')
        host.put(item.path, vsb_page(host, f"{report.title}-{agency.site_name}", main,
                                     (("信息公开", "/zfxxgk1/index.htm"), ("政府信息公开年报", stem + ".htm")),
                                     {"ArticleTitle": report.title, "PubDate": f"{item.date} 10:12",
                                      "ContentSource": agency.name}))

    for report, item in ((r2024, items[1]), (r2021, items[9])):
        detail(item, report, blocks_html(report, word=True))
        host.add_report(report.year, report.title, item.date, report.template, spot_numbers(report.tables),
                        [html_source(host, item.path, col_url, "utf-8")], [item.title])
    # 2023: the report is the attachment, downloaded through download.jsp
    download = (f"/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner={VSB_OWNER}&wbfileid=9273541")
    host.files[download] = report_docx(r2023)
    host.put(download.split("?")[0], "<!DOCTYPE html><html><head><title>附件下载</title></head><body>"
             "<p>下载参数错误，请从信息页面下载附件。</p></body></html>\n")
    host.config["headers"][download] = {"Content-Type": DOCX_TYPE,
                                        "Content-Disposition": "attachment; filename=9273541.docx"}
    attachment = ('<ul style="list-style-type:none;"><li>附件【<a href="' + html.escape(download) + '" target="_blank">'
                  f"{html.escape(r2023.title)}.docx</a>】已下载<span id=\"nattach9273541\">"
                  '<script language="javascript">getClickTimes(9273541,1281470546,"wbnewsfile","attach")</script>'
                  "</span>次</li></ul>\n")
    detail(items[4], r2023, f'<p style="text-indent:2em">现将《{html.escape(r2023.title)}》予以公布，详见附件。</p>',
           attachment)
    host.add_report(2023, r2023.title, items[4].date, r2023.template, spot_numbers(r2023.tables),
                    [_docx_source(host, download, col_url, items[4].path, "VSB download.jsp, named by its link text")],
                    [items[4].title], note="the detail page only links its attachment; it is not the report")
    _noise_and_news(host, items, column, items[1].path)
    return host


# -- 绵竹: Hanweb info/iList.jsp ------------------------------------------------------------------

def build_mz() -> HostBuild:
    agency = Agency("yjj.mz", "绵竹市应急管理局", "市应急管理局", "四川省", "德阳市", "绵竹市", "区县级",
                    "绵竹市剑南街道大西街92号", "0838-6202119", "绵竹市应急管理局", "蜀ICP备05021187号-1", 1)
    host = HostBuild(agency, Style(agency, NAV, css="gk"), "ilist")
    listing = "/info/iList.jsp?node_id=GKmzsyjj&cat_id=15990"
    column = ("政府信息公开年报", listing)
    col_url = host.url(listing)
    r2024 = report_text(agency, 2024, "绵竹市应急管理局2024年政府信息公开工作年度报告", "2025年1月22日", rng_for(agency.key, 2024))
    r2023 = report_text(agency, 2023, "绵竹市应急管理局2023年政府信息公开工作年度报告", "2024年1月19日", rng_for(agency.key, 2023))
    r2020 = report_text(agency, 2020, "绵竹市应急管理局2020年政府信息公开工作年度报告", "2021年1月25日", rng_for(agency.key, 2020))
    col = "/gk/bmxxgk/yjj/zfxxgknb/"
    items = [
        Item(r2024.title, col + "1961207.htm", "2025-01-23", "report"),
        Item("绵竹市应急管理局2024年法治政府建设年度报告", col + "1958310.htm", "2025-01-10", "rule_of_law"),
        Item("绵竹市应急管理局召开第三季度安全生产形势分析会", col + "1912044.htm", "2024-10-09", "news"),
        Item("绵竹市应急管理局2024年政务公开工作要点", col + "1870552.htm", "2024-04-02", "work_points"),
        Item(r2023.title, col + "1833619.htm", "2024-01-22", "report"),
        Item("关于做好2023年度政府信息公开工作年度报告编制发布工作的通知", col + "1811007.htm", "2023-12-14", "compile_notice"),
        Item("绵竹市应急管理局开展燃气安全专项整治", col + "1740288.htm", "2023-05-17", "news"),
        Item("绵竹市应急管理局开展“安全生产月”宣传咨询日活动", col + "1602931.htm", "2021-06-16", "news"),
        Item(r2020.title, col + "1519374.htm", "2021-01-26", "report"),
    ]
    per_page = 4
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)]
    pages = []
    for n, chunk in enumerate(chunks, start=1):
        lis = "".join(f'<li><a href="{i.path}" target="_blank" title="{html.escape(i.title)}">{html.escape(i.title)}'
                      f"</a><span>{i.date}</span></li>\n" for i in chunk)
        def page_href(k: int) -> str:
            return "iList.jsp?node_id=GKmzsyjj&amp;cat_id=15990" + (f"&amp;cur_page={k}" if k > 1 else "")

        pager = [f"共 {len(chunks)} 页 当前第 {n} 页", f'<a href="{page_href(1)}">首页</a>']
        if n > 1:
            pager.append(f'<a href="{page_href(n - 1)}">上一页</a>')
        if n < len(chunks):
            pager.append(f'<a href="{page_href(n + 1)}">下一页</a>')
        pager.append(f'<a href="{page_href(len(chunks))}">尾页</a>')
        main = (f'<div class="gk_list"><h2>政府信息公开年报</h2><div class="list_div"><ul>\n{lis}</ul></div>\n'
                f'<div class="page">{" ".join(pager)}</div></div>\n')
        path = listing if n == 1 else f"{listing}&cur_page={n}"
        host.put(path, host.style.page(f"政府信息公开年报_{agency.site_name}", main, ("政府信息公开", "/info/"),
                                       ("政府信息公开年报", None)))
        pages.append(host.url(path))
    host.columns.append({"url": col_url, "family": "ilist", "pages": pages, "in_registry": True})
    host.put("/info/iList.jsp", host.style.page(f"政府信息公开_{agency.site_name}",  # the list without its node and cat
                                                '<div class="gk_list"><p>参数错误。</p></div>\n', ("政府信息公开", None)))
    host.common("/info/", [("政府信息公开年报", listing)], [i for i in items if i.kind == "news"])

    def attribute(item: Item, report: ReportText, serial: int) -> str:
        spans = [("索引号", f"00824531-2/{item.date[:4]}-{serial:05d}"), ("文号", ""), ("发布日期", item.date),
                 ("发布机构", agency.name), ("来源", agency.name), ("关键词", "政府信息公开年报")]
        return ('<div id="attribute">' + "".join(f"<span>{k}：{html.escape(v)}</span>" for k, v in spans) + "</div>\n")

    for serial, (report, item) in enumerate(((r2024, items[0]), (r2023, items[4]), (r2020, items[8])), start=1):
        main = (f'<section><h1>{html.escape(report.title)}</h1>\n{attribute(item, report, serial)}'
                f'<article>\n{blocks_html(report, word=report.year != 2024)}\n</article></section>\n')
        host.put(item.path, host.style.page(f"{report.title}_{agency.site_name}", main, ("政府信息公开", "/info/"),
                                            ("政府信息公开年报", listing)))
        host.add_report(report.year, report.title, item.date, report.template, spot_numbers(report.tables),
                        [html_source(host, item.path, col_url, "utf-8")], [item.title])
    _noise_and_news(host, items, column, items[0].path)
    return host


# -- 湖州: Hanweb 信息公开目录 (module/xxgk/search.jsp by POST) ---------------------------------------

XXGK_COLUMN_ID = 1229210533
XXGK_SEARCH = "/module/xxgk/search.jsp"
# The query the module's loadDynamic call leads to, fields in the order the crawler writes them (a static mirror
# names its answers by the exact query; the real module reads the same fields from the query or the form).
XXGK_QUERY = ("infotypeId=B001A021&vc_title=&vc_number=&area=002482429&jdid=2748&divid=div{col}"
              "&vc_filenumber=&vc_all=&texttype=&fbtime=&currpage={page}")


def build_hz() -> HostBuild:
    agency = Agency("yjj.hz", "湖州市应急管理局", "市应急管理局", "浙江省", "湖州市", "", "市级",
                    "湖州市吴兴区仁皇山路666号", "0572-2398110", "湖州市应急管理局", "浙ICP备05012331号-1", 2)
    host = HostBuild(agency, Style(agency, NAV, css="hanweb"), "hanweb_xxgk")
    col = XXGK_COLUMN_ID
    column_path = f"/col/col{col}/index.html"
    column = ("政府信息公开年报", column_path)
    col_url = host.url(column_path)
    r2024 = report_text(agency, 2024, "湖州市应急管理局2024年政府信息公开工作年度报告", "2025年1月16日", rng_for(agency.key, 2024))
    r2023 = report_text(agency, 2023, "湖州市应急管理局2023年政府信息公开工作年度报告", "2024年1月18日", rng_for(agency.key, 2023))
    r2022 = report_text(agency, 2022, "湖州市应急管理局2022年政府信息公开工作年度报告", "2023年1月17日", rng_for(agency.key, 2022))

    def art(date: str, n: int) -> str:
        y, m, d = (int(x) for x in date.split("-"))
        return f"/art/{y}/{m}/{d}/art_{col}_{n}.html"

    items = [
        Item("图解：湖州市应急管理局2024年政府信息公开工作年度报告", art("2025-01-21", 58903310), "2025-01-21", "graphic"),
        Item(r2024.title, art("2025-01-20", 58901234), "2025-01-20", "report"),
        Item("关于做好2024年度政府信息公开工作年度报告编制发布工作的通知", art("2024-12-16", 58577102), "2024-12-16",
             "compile_notice"),
        Item("湖州市应急管理局开展工贸行业有限空间作业检查", art("2024-09-10", 58201377), "2024-09-10", "news"),
        Item("湖州市应急管理局2024年政务公开工作要点", art("2024-03-18", 57712904), "2024-03-18", "work_points"),
        Item(r2023.title, art("2024-01-19", 57420186), "2024-01-19", "report"),
        Item("湖州市应急管理局召开防汛防台工作部署会", art("2023-06-05", 56980213), "2023-06-05", "news"),
        Item("湖州市应急管理局2022年法治政府建设年度报告", art("2023-02-08", 56512008), "2023-02-08", "rule_of_law"),
        Item(r2022.title, art("2023-01-18", 56480577), "2023-01-18", "report"),
        Item("湖州市应急管理局举办应急管理干部培训班", art("2022-11-22", 56177420), "2022-11-22", "news"),
    ]
    per_page = 4
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)]
    pages = []
    for n, chunk in enumerate(chunks, start=1):
        rows = "".join(
            f'<tr class="tr_main_value_{"odd" if k % 2 == 0 else "even"}">'
            f'<td width="8%">{(n - 1) * per_page + k + 1}</td>'
            f'<td width="72%" align="left"><a href="{i.path}" target="_blank" title="{html.escape(i.title)}">'
            f"{html.escape(i.title)}</a></td><td width=\"20%\">{i.date}</td></tr>\n" for k, i in enumerate(chunk))
        pager = (f'<table width="100%"><tr><td align="center">&nbsp;&nbsp;共{len(chunks)}页&nbsp;&nbsp;'
                 f"当前第{n}页&nbsp;&nbsp;共{len(items)}条&nbsp;&nbsp;"
                 + "".join(f'<a href="javascript:void(0)" onclick="searchByPage({k})">{text}</a>&nbsp;'
                           for k, text in ((1, "首页"), (max(n - 1, 1), "上一页"), (min(n + 1, len(chunks)), "下一页"),
                                           (len(chunks), "尾页")))
                 + "</td></tr></table>\n")
        answer = (f'<table width="100%" class="tb_title" cellspacing="0" cellpadding="0">\n{rows}</table>\n{pager}')
        path = f"{XXGK_SEARCH}?{XXGK_QUERY.format(col=col, page=n)}"
        host.put(path, answer)
        pages.append(host.url(path))
    host.put(XXGK_SEARCH, "<table></table>\n")  # without its fields the module answers an empty list
    host.config["post"] = [XXGK_SEARCH]
    main = (f'<div class="xxgk_title">政府信息公开年报</div>\n<div id="div{col}"></div>\n'
            '<script type="text/javascript" src="/module/xxgk/js/xxgk.js"></script>\n'
            "<script type=\"text/javascript\">loadDynamic('/module/xxgk/search.jsp?infotypeId=B001A021&amp;vc_title=&amp;"
            f"vc_number=&amp;area=002482429', 'div{col}', 'B001A021', '', '', '2748');</script>\n"
            '<iframe src="/module/xxgk/tree.jsp?divid=div1229210531&amp;area=002482429&amp;standardXxgk=1" '
            'frameborder="0" width="220" height="600"></iframe>\n')
    host.put(column_path, host.style.page(f"政府信息公开年报_{agency.site_name}", main,
                                          ("政府信息公开", "/col/col1229210531/index.html"), ("政府信息公开年报", None)))
    host.columns.append({"url": col_url, "family": "hanweb_xxgk", "pages": [col_url] + pages, "in_registry": False,
                         "note": "found from the homepage; the list is the answer to a POST of search.jsp"})
    host.common("/col/col1229210531/index.html", [("政府信息公开年报", column_path)],
                [i for i in items if i.kind == "news"])

    def meta_block(item: Item, index_no: str) -> list[tuple[str, str]]:
        return [("索引号：", index_no), ("发布机构：", agency.name), ("公开方式：", "主动公开"), ("发文日期：", item.date),
                ("文号：", ""), ("主题分类：", "综合政务")]

    for serial, (report, item) in enumerate(((r2024, items[1]), (r2023, items[5]), (r2022, items[8])), start=1):
        host.report_page(item, report, column, meta_block(item, f"002482429/{item.date[:4]}-{serial:05d}"),
                         f"<span>发布日期：{item.date}</span>&nbsp;<span>来源：{agency.name}</span>",
                         word=report.year != 2024)
        host.add_report(report.year, report.title, item.date, report.template, spot_numbers(report.tables),
                        [html_source(host, item.path, col_url, "utf-8")], [item.title])
    _noise_and_news(host, items, column, items[1].path)
    return host


# -- 三明: Fujian's province-wide platform search (list2.trsapi, POST /fjdzapp/search) ---------------

FJ_SEARCH = "/fjdzapp/search"
FJ_CHANNELID = "100011"  # SiteInfo.searchId: the site's document-search channel
FJ_CHNLID = 4127  # the column's own channel (classsql: chnlid=…)
FJ_PER_PAGE = 4
FJ_COLUMN = "/zwgk/zfxxgkzl/zfxxgknb/"


def fujian_query(page: int) -> str:
    """The search's fields in the order the crawler writes them (a static mirror names its answers by the exact
    query, unquoted; the real search reads the same fields from the POSTed form)."""
    return (f"channelid={FJ_CHANNELID}&sortfield=-docorderpri,-docreltime&classsql=chnlid={FJ_CHNLID}"
            f"&classcol=publishyear&classnum=100&classsort=0&cache=true&page={page}&prepage={FJ_PER_PAGE}")


def fujian_scripts(record_count: int) -> str:
    """The scripts every column page of the platform ends with: the site's SiteInfo, the column's pageChnlInfo,
    and the listModel call that names the search (list2.trsapi)."""
    return ('<script>\n    var SiteInfo = {\n        itpSiteId: 33,    //互动站点ID\n'
            f"        searchId: {FJ_CHANNELID}, //默认的文档检索频道的ID\n"
            '        defaultPgTemp: "pgBar_sm.html",  //本站点默认的分页模板名\n'
            '        siteMsgType: "govSite",\n        initWindowRoot: false,\n        openSlb: true\n'
            "    };\n</script>\n"
            '<script src="/images/model.min.js"></script>\n'
            "<script>\n\t\tvar pageChnlInfo={\n\t\t  quickMode:\"动静结合\",\n\t\t  maxStaticIndex: 1,\n"
            f'\t\t  classsql: "" || "chnlid={FJ_CHNLID}",\n\t\t  recordCount:\'{record_count}\',\n'
            f"\t\t  sortfield:'-docorderpri,-docreltime',\n\t\t  prepage:{FJ_PER_PAGE},\n\t\t  cache:true\n\t\t}}\n"
            "</script>\n<script type=\"text/javascript\">\n\t\tif(!window['pageChnlInfo']){\n"
            '\t\t\tavalon.log("获取pageChnlInfo失败，分页功能启动失败");\n\t\t}else{\n'
            "\t\t\trequire(['list2.trsapi'], function(listModel) {\n\t\t\t\tlistModel({\n"
            "\t\t\t\t\tquickMode:pageChnlInfo.quickMode,\n\t\t\t\t\tmaxStaticIndex: pageChnlInfo.maxStaticIndex,\n"
            "\t\t\t\t\tlistArgs: {\n\t\t\t\t\t\tchannelid: SiteInfo.searchId,\n"
            "\t\t\t\t\t\tclasssql: pageChnlInfo.classsql,\n"
            "\t\t\t\t\t\tsortfield: pageChnlInfo.sortfield||'-docorderpri,-docreltime',\n"
            "\t\t\t\t\t\tclasscol: 'publishyear', //需要获取发布年份的统计分类数据\n\t\t\t\t\t\tclasssort: 0\n\t\t\t\t\t},\n"
            "\t\t\t\t\tcache: pageChnlInfo.cache||true,\n"
            f'\t\t\t\t\tlistApi: {{\n\t\t\t\t\t\turl: "{FJ_SEARCH}"\n\t\t\t\t\t}},\n'
            "\t\t\t\t\tpagebar: {\n\t\t\t\t\t\trecordCount: pageChnlInfo.recordCount,\n"
            "\t\t\t\t\t\tpgTemp: 'pgBar_sm.html',\n"
            "\t\t\t\t\t\tprepage: pageChnlInfo.prepage||15,\n\t\t\t\t\t\tpgCountMode: 'recordCount'\n\t\t\t\t\t}\n"
            "\t\t\t\t})\n\t\t\t})\n\t\t}\n</script>\n")


def fujian_column_main(static: list[Item]) -> str:
    """The column's list as the platform prints it: the first page static (动静结合), the avalon template the
    search's answer fills, and the pager the script draws."""
    lis = "".join(f'\t<li>\n\t\t<a href=".{i.path[len(FJ_COLUMN) - 1:]}" target="_blank" '
                  f'title="{html.escape(i.title)}">'
                  f'{html.escape(i.title)}</a>\n\t\t<em id="rel_{i.path.rsplit("_", 1)[-1][:-4]}"></em>\n'
                  f'\t\t<span class="bf-pass">{i.date}</span>\n\t</li>\n' for i in static)
    template = ('<ul ms-if="list.length>0">\n\t<li ms-repeat="list">\n'
                '\t\t<a ms-attr-title="el.doctitle_cp" ms-attr-href="el.chnldocurl" Target="_blank" '
                'ms-text="el.doctitle|html|showkey"></a>\n'
                '\t\t<span ms-text="el.docreltime | date2(\'yyyy-MM-dd\')" class="bf-pass"></span>\n\t</li>\n</ul>\n')
    return ('<div class="title_extend"><div class="title_name">政府信息公开年报</div></div>\n'
            '<div class="list_base list_base_date_01 list_base_file_type" ms-controller="list" role="viewlist" '
            'des="政府信息公开年报">\n<div ms-visible="showStatic">\n<div ms-visible="$showStatic(1)">\n<ul>\n'
            f'{lis}</ul>\n</div>\n</div>\n<div ms-visible="!showStatic">\n'
            '<ul ms-if="list.length==0"><div ms-if="error" style="text-align: center; padding: 30px">暂无数据</div></ul>\n'
            f'{template}</div>\n</div>\n'
            '<div class="page_base mar_t_base" ms-controller="list_pagebar" ms-include-src="pgTemp"></div>\n')


def fujian_detail(host: HostBuild, item: Item, title: str, body: str, attachments: list[tuple[str, str]]) -> None:
    """A TRS detail page of the platform: TRS meta tags, article_title, article_time, the TRS_Editor body and,
    when the document has files, the article_attachment block (附件下载) linking them relative to the page."""
    a = host.agency
    files = "".join(f'<li><a href="./{name}" target="_blank">{html.escape(text)}</a></li>'
                    for text, name in attachments)
    block = ('<div class="article_attachment">\n<div class="title_base"><div class="title_icon_base">'
             '<i class="trt-iconfont trt-icon-xiazai"></i>附件下载</div></div>\n'
             f'<div class="list_base primary_color list_base_date_02"><ul>{files}</ul></div>\n</div>\n'
             ) if files else ""
    main = ('<div class="article_title_group"><div class="article_title text_align_center">'
            f"{html.escape(title)}</div></div>\n"
            f'<div class="article_extend"><span class="article_time">时间：{item.date} 10:00</span>'
            '<span class="article_views" ms-text="\'浏览量：\' + pvCount"></span></div>\n'
            '<div class="article_area"><div class="article_content article_content_01 font_family_cn">\n'
            f"<div class=TRS_Editor>{body}</div>\n</div></div>\n"
            f'<div class="article_extend"><span class="article_source">来源：{html.escape(a.name)}</span></div>\n{block}')
    meta = {"ArticleTitle": title, "PubDate": f"{item.date} 10:00", "ContentSource": a.name,
            "ColumnName": "政府信息公开年报", "ChnlId": str(FJ_CHNLID)}
    extra = "".join(f'<meta name="{k}" content="{html.escape(v)}" />\n' for k, v in meta.items())
    host.put(item.path, host.style.page(f"{title}_{a.site_name}", main, ("政府信息公开", "/zwgk/zfxxgkzl/"),
                                        ("政府信息公开年报", FJ_COLUMN), extra_head=extra))


def build_sm() -> HostBuild:
    agency = Agency("yjj.sm", "三明市应急管理局", "市应急管理局", "福建省", "三明市", "", "市级",
                    "三明市三元区新市中路268号", "0598-8226110", "三明市应急管理局", "闽ICP备05016536号-3", 2)
    host = HostBuild(agency, Style(agency, NAV, css="fj"), "fujian")
    column = ("政府信息公开年报", FJ_COLUMN)
    col_url = host.url(FJ_COLUMN)
    r2024 = report_text(agency, 2024, "三明市应急管理局2024年政府信息公开工作年度报告", "2025年1月17日", rng_for(agency.key, 2024))
    r2023 = report_text(agency, 2023, "三明市应急管理局2023年政府信息公开工作年度报告", "2024年1月19日", rng_for(agency.key, 2023))
    r2022 = report_text(agency, 2022, "三明市应急管理局2022年政府信息公开工作年度报告", "2023年1月16日", rng_for(agency.key, 2022))
    r2021 = report_text(agency, 2021, "三明市应急管理局2021年政府信息公开工作年度报告", "2022年1月14日", rng_for(agency.key, 2021))

    def t(date: str, docid: int) -> str:  # TRS's ./YYYYMM/tYYYYMMDD_ID.htm
        return f"{FJ_COLUMN}{date[:4]}{date[5:7]}/t{date.replace('-', '')}_{docid}.htm"

    items = [  # newest first, as the search sorts them (-docorderpri,-docreltime)
        Item("图解：三明市应急管理局2024年政府信息公开工作年度报告", t("2025-01-21", 2188207), "2025-01-21", "graphic"),
        Item(r2024.title, t("2025-01-20", 2187954), "2025-01-20", "report"),
        Item("关于做好2024年度政府信息公开工作年度报告编制发布工作的通知", t("2024-12-16", 2179321), "2024-12-16",
             "compile_notice"),
        Item("三明市应急管理局开展森林防灭火专项督导检查", t("2024-11-05", 2170088), "2024-11-05", "news"),
        Item(r2023.title, t("2024-01-22", 2093765), "2024-01-22", "report"),
        Item("三明市应急管理局2024年政务公开工作要点", t("2024-01-10", 2090142), "2024-01-10", "work_points"),
        Item("三明市应急管理局召开全市安全生产工作会议", t("2023-08-09", 2011470), "2023-08-09", "news"),
        Item("三明市应急管理局2022年法治政府建设年度报告", t("2023-02-10", 1893225), "2023-02-10", "rule_of_law"),
        Item(r2022.title, t("2023-01-17", 1887613), "2023-01-17", "report"),
        Item("三明市应急管理局组织开展防汛防台应急演练", t("2022-06-14", 1812054), "2022-06-14", "news"),
        Item(r2021.title, t("2022-01-17", 1750931), "2022-01-17", "report"),
    ]
    by_year = {2024: items[1], 2023: items[4], 2022: items[8], 2021: items[10]}
    attachment = f"P0{items[4].date.replace('-', '')}398127604315.docx"  # TRS names a file P0 + date + serial
    docx_path = items[4].path.rsplit("/", 1)[0] + "/" + attachment
    # The 2022 report was filed in the 信息公开目录 too: docpuburl names that copy, chnldocurl this column's.
    elsewhere = {items[8].path: "/zwgk/zfxxgkzl/zfxxgkml/qtyzdgkdzfxx/202301/t20230117_1887613.htm"}

    def doc(item: Item, serial: int) -> dict[str, Any]:
        docid = int(item.path.rsplit("_", 1)[-1][:-4])
        here = host.url(item.path)
        pub = host.url(elsewhere.get(item.path, item.path))
        files = []
        if item is by_year[2023]:
            files = [{"appdesc": f"{r2023.title}.docx", "appdocid": docid, "appfile": attachment, "appflag": 10,
                      "appsern": 1, "docpuburl": pub, "fileext": "docx",
                      "_src": (f"/protect/P0{item.date[:7].replace('-', '')}/P0{item.date.replace('-', '')}/"
                               f"{attachment}"),
                      "_href": host.url(docx_path)}]
        return {"docid2": docid, "bgxz": "", "chnl": "政府信息公开年报", "chnldocurl": here,
                "content": f"{item.title}。", "docabstract": "", "doclogo": "", "docpeople": "", "docpuburl": pub,
                "docreltime": f"{item.date.replace('-', '.')} 10:00:00", "doctitle": item.title, "doctype": 20,
                "efftype": "", "fileno": "", "idxid": f"SM04100-0100-{item.date[:4]}-{serial:05d}", "itvid": "",
                "modal": 1, "pubdate": f"{item.date.replace('-', '.')} 00:00:00", "puborg": agency.name,
                "recid": 2400000 + serial, "sourcename": agency.name, "subdoctitle": "", "type": 20,
                "url": pub, "ztcx": "", "tpfl": "", "pics": [], "files": files,
                "_docpuburl": pub.rsplit("/", 1)[0] + "/", "rels": []}

    chunks = [items[i:i + FJ_PER_PAGE] for i in range(0, len(items), FJ_PER_PAGE)]
    pages = []
    for n, chunk in enumerate(chunks, start=1):
        answer = {"error": False, "page": n, "prepage": FJ_PER_PAGE, "pageCount": len(chunks),
                  "recordCount": len(items),
                  "data": [doc(i, (n - 1) * FJ_PER_PAGE + k + 1) for k, i in enumerate(chunk)]}
        query = fujian_query(n)
        host.put(f"{FJ_SEARCH}?{query}", json.dumps(answer, ensure_ascii=False) + "\n")
        pages.append(host.url(f"{FJ_SEARCH}?{urlencode(parse_qsl(query))}"))
    host.put(FJ_SEARCH, json.dumps({"error": True, "page": 1, "prepage": 15, "pageCount": 0, "recordCount": 0,
                                    "data": []}) + "\n")  # without its fields the search finds nothing
    host.config["post"] = [FJ_SEARCH]
    host.config["headers"][FJ_SEARCH] = {"Content-Type": JSON_TYPE}
    host.put(FJ_COLUMN, host.style.page(f"政府信息公开年报_{agency.site_name}",
                                        fujian_column_main(chunks[0]) + fujian_scripts(len(items)),
                                        ("政府信息公开", "/zwgk/zfxxgkzl/"), ("政府信息公开年报", None)))
    host.columns.append({"url": col_url, "family": "fujian", "pages": [col_url] + pages, "in_registry": False,
                         "note": "found from the homepage; the column prints its first page, the search (POST) "
                                 "lists all"})
    host.common("/zwgk/zfxxgkzl/", [("政府信息公开年报", FJ_COLUMN)], [i for i in items if i.kind == "news"],
                homepage_nav_label="信息公开")
    for year, report in ((2024, r2024), (2022, r2022), (2021, r2021)):
        item = by_year[year]
        fujian_detail(host, item, report.title, blocks_html(report, word=year != 2024), [])
        host.add_report(year, report.title, item.date, report.template, spot_numbers(report.tables),
                        [html_source(host, item.path, col_url, "utf-8")], [item.title])
    # 2023: the page only announces its file; the article_attachment block (and the search's files[]) link it
    item = by_year[2023]
    host.files[docx_path] = report_docx(r2023)
    fujian_detail(host, item, r2023.title,
                  f'<p style="text-indent: 2em;">现将《{html.escape(r2023.title)}》予以公布，详见附件。</p>',
                  [(f"{r2023.title}.docx", attachment)])
    host.add_report(2023, r2023.title, item.date, r2023.template, spot_numbers(r2023.tables),
                    [_docx_source(host, docx_path, col_url, item.path,
                                  "linked in the page's article_attachment block")],
                    [item.title], note="the page only links its attachment; it is not the report")
    _noise_and_news(host, items, column, by_year[2024].path)
    return host


# -- 台州: Hanweb's JSON gateway (JPaaS unit build, GET /api-gateway/jpaas-publish-server/front/page/build/unit) ---

JPAAS_UNIT = "/api-gateway/jpaas-publish-server/front/page/build/unit"
JPAAS_COLUMN_ID = 1229198418
JPAAS_QUERY_DATA = (("webId", "3386"), ("pageId", str(JPAAS_COLUMN_ID)), ("tplSetId", "f2pX8kUyHh9SxqzVmVkNw"),
                    ("tagId", "当前栏目list"))
JPAAS_ROWS = 4
HANWEB_DOWNFILE = "/module/download/downfile.jsp"


def jpaas_query(page: int) -> str:
    """The unit's query in the order the crawler writes it: the queryData's fields, parseType and pageType as the
    script adds them, then paramJson (page 1 without pageSize: the template's own). Unquoted, as the static
    mirror names its answers."""
    param = f'{{"pageNo":{page}}}' if page == 1 else f'{{"pageNo":{page},"pageSize":{JPAAS_ROWS}}}'
    fields = "&".join(f"{k}={v}" for k, v in JPAAS_QUERY_DATA)
    return f"{fields}&parseType=bulidstatic&pageType=column&paramJson={param}"


def build_tz() -> HostBuild:
    agency = Agency("zf.tz", "台州市人民政府", "市政府", "浙江省", "台州市", "", "市级",
                    "台州市市府大道1号", "0576-88685110", "台州市人民政府", "浙ICP备05004816号-1", 6)
    host = HostBuild(agency, Style(agency, NAV, css="hanweb"), "jpaas")
    col = JPAAS_COLUMN_ID
    column_path = f"/col/col{col}/index.html"
    xxgk_path = "/col/col1229198401/index.html"
    column = ("政府信息公开年报", column_path)
    col_url = host.url(column_path)
    r2024 = report_text(agency, 2024, "台州市人民政府2024年政府信息公开工作年度报告", "2025年1月20日", rng_for(agency.key, 2024))
    r2023 = report_text(agency, 2023, "台州市人民政府2023年政府信息公开工作年度报告", "2024年1月22日", rng_for(agency.key, 2023))
    r2022 = report_text(agency, 2022, "台州市人民政府2022年政府信息公开工作年度报告", "2023年1月18日", rng_for(agency.key, 2022))

    def art(date: str, n: int) -> str:
        y, m, d = (int(x) for x in date.split("-"))
        return f"/art/{y}/{m}/{d}/art_{col}_{n}.html"

    items = [
        Item("图解：台州市人民政府2024年政府信息公开工作年度报告", art("2025-01-24", 59012876), "2025-01-24", "graphic"),
        Item(r2024.title, art("2025-01-23", 59012533), "2025-01-23", "report"),
        Item("关于做好2024年度政府信息公开工作年度报告编制发布工作的通知", art("2024-12-12", 58602214), "2024-12-12",
             "compile_notice"),
        Item("台州市召开全市数字政府建设推进会", art("2024-06-18", 58112907), "2024-06-18", "news"),
        Item("台州市人民政府2024年政务公开工作要点", art("2024-03-29", 57810366), "2024-03-29", "work_points"),
        Item(r2023.title, art("2024-01-24", 57433085), "2024-01-24", "report"),
        Item("台州市政府召开第一次全体会议", art("2023-07-11", 57007721), "2023-07-11", "news"),
        Item("台州市人民政府2022年法治政府建设年度报告", art("2023-02-13", 56531458), "2023-02-13", "rule_of_law"),
        Item(r2022.title, art("2023-01-19", 56487210), "2023-01-19", "report"),
        Item("台州市开展政府开放日活动", art("2022-10-26", 56090145), "2022-10-26", "news"),
        Item("台州市政务服务中心推出“周末不打烊”服务", art("2022-04-08", 55712063), "2022-04-08", "news"),
    ]
    chunks = [items[i:i + JPAAS_ROWS] for i in range(0, len(items), JPAAS_ROWS)]
    pages = []
    for n, chunk in enumerate(chunks, start=1):
        lis = "".join(f'<li class="clearfix"><a class="bt-left" title="{html.escape(i.title)}" href="{i.path}" '
                      f'target="_blank">{html.escape(i.title)}</a><span class="bt-right">{i.date}</span></li>'
                      for i in chunk)
        fragment = (f'<ul class="list">{lis}</ul>'
                    f'<div class="pagination" count="{len(items)}" pageNo="{n}" rows="{JPAAS_ROWS}"></div>')
        query = jpaas_query(n)
        host.put(f"{JPAAS_UNIT}?{query}", json.dumps({"success": True, "code": "200", "data": {"html": fragment}},
                                                     ensure_ascii=False) + "\n")
        pages.append(host.url(f"{JPAAS_UNIT}?{urlencode(parse_qsl(query))}"))
    host.put(JPAAS_UNIT, json.dumps({"success": False, "data": {"html": ""}}) + "\n")  # without its unit: nothing
    host.config["headers"][JPAAS_UNIT] = {"Content-Type": JSON_TYPE}
    query_data = "{" + ",".join(f"'{k}':'{v}'" for k, v in JPAAS_QUERY_DATA) + "}"
    main = (f'<div class="xxgk_title">政府信息公开年报</div>\n<div id="div{col}"></div>\n'
            f'<script type="text/javascript" src="/AuthorizedRead/unitbuild.js" id="unitbuild" url="{JPAAS_UNIT}" '
            f'queryData="{query_data}"></script>\n')
    host.put(column_path, host.style.page(f"政府信息公开年报_{agency.site_name}", main, ("政府信息公开", xxgk_path),
                                          ("政府信息公开年报", None)))
    host.columns.append({"url": col_url, "family": "jpaas", "pages": [col_url] + pages, "in_registry": False,
                         "note": "found from the homepage; the column is empty, its unitbuild script's unit lists it"})
    host.common(xxgk_path, [("政府信息公开年报", column_path)], [i for i in items if i.kind == "news"])

    def meta_block(item: Item, serial: int) -> list[tuple[str, str]]:
        return [("索引号：", f"001008003/{item.date[:4]}-{serial:05d}"), ("发布机构：", agency.name),
                ("公开方式：", "主动公开"), ("发文日期：", item.date), ("文号：", ""), ("主题分类：", "综合政务")]

    for serial, (report, item) in enumerate(((r2024, items[1]), (r2022, items[8])), start=1):
        host.report_page(item, report, column, meta_block(item, serial),
                         f"<span>发布日期：{item.date}</span>&nbsp;<span>来源：{agency.name}</span>",
                         word=report.year != 2024)
        host.add_report(report.year, report.title, item.date, report.template, spot_numbers(report.tables),
                        [html_source(host, item.path, col_url, "utf-8")], [item.title])
    # 2023: the article only links its file, through Hanweb's downfile.jsp (showname, filename)
    item = items[5]
    shown = f"{r2023.title}.docx"
    download = (f"{HANWEB_DOWNFILE}?classid=0&showname={quote(shown)}&filename=8f2c41d07a9e4b53a6c1e0f7d2b94a61.docx")
    unquoted = f"{HANWEB_DOWNFILE}?classid=0&showname={shown}&filename=8f2c41d07a9e4b53a6c1e0f7d2b94a61.docx"
    host.files[unquoted] = report_docx(r2023)
    host.put(HANWEB_DOWNFILE, "<!DOCTYPE html><html><head><title>下载</title></head><body><p>文件不存在。</p></body></html>\n")
    host.config["headers"][unquoted] = {"Content-Type": DOCX_TYPE}
    body = f'<p style="text-indent:2em">现将《{html.escape(r2023.title)}》予以公布，详见附件。</p>'
    link = (f'<p>附件：<a href="{html.escape(download)}" target="_blank">{html.escape(shown)}</a></p>\n')
    main = article_main(r2023.title, f"<span>发布日期：{item.date}</span>&nbsp;<span>来源：{agency.name}</span>",
                        body, header_table(meta_block(item, 3)), link)
    meta = f'<meta name="ArticleTitle" content="{html.escape(r2023.title)}" />\n'
    host.put(item.path, host.style.page(f"{r2023.title}_{agency.site_name}", main, column, extra_head=meta))
    host.add_report(2023, r2023.title, item.date, r2023.template, spot_numbers(r2023.tables),
                    [_docx_source(host, download, col_url, item.path, "Hanweb downfile.jsp, named by showname")],
                    [item.title], note="the article only links its attachment; it is not the report")
    _noise_and_news(host, items, column, items[1].path)
    return host


# -- 四川: a province portal with a site directory and an aggregated 年报 column ------------------------

PORTAL_NAV = NAV + (("政府网站导航", "/wzdh/"),)
AGGREGATED = "/zwgk/ndbg/"


def _agency(key: str, name: str, short: str, city: str, county: str, level: str, size: int = 1) -> Agency:
    return Agency(key, name, short, "四川省", city, county, level, "成都市青羊区", "028-8760" + str(1000 + size),
                  name, "蜀ICP备05003300号-1", size)


def build_plain(agency: Agency, years: tuple[int, ...], news_title: str) -> HostBuild:
    """A department's or a city's own site: homepage → 政府信息公开 → its 年报 column, one list page."""
    host = HostBuild(agency, Style(agency, NAV), "plain")
    col = "/xxgk/ndbg/"
    column = ("政府信息公开年报", col)
    col_url = host.url(col)
    items: list[Item] = []
    reports: list[tuple[ReportText, Item]] = []
    for n, year in enumerate(years):
        report = report_text(agency, year, f"{agency.name}{year}年政府信息公开工作年度报告", f"{year + 1}年1月2{n}日",
                             rng_for(agency.key, year))
        item = Item(report.title, f"{col}{year + 1}01/t{year + 1}012{n}_{7100 + year}.html", f"{year + 1}-01-2{n}",
                    "report")
        items.append(item)
        reports.append((report, item))
    items.insert(1, Item(f"{agency.name}{years[0]}年政务公开工作要点", f"{col}{years[0]}03/t{years[0]}0318_6001.html",
                         f"{years[0]}-03-18", "work_points"))
    items.append(Item(f"{agency.name}{news_title}", f"{col}{years[-1]}06/t{years[-1]}0610_5001.html",
                      f"{years[-1]}-06-10", "news"))
    lis = "".join(f'<li><a href="{i.path}" target="_blank" title="{html.escape(i.title)}">{html.escape(i.title)}</a>'
                  f"<span>{i.date}</span></li>\n" for i in items)
    host.put(col, host.style.page(f"政府信息公开年报_{agency.site_name}",
                                  f'<div class="list"><h2>政府信息公开年报</h2><ul>\n{lis}</ul></div>\n',
                                  ("政府信息公开", "/xxgk/"), ("政府信息公开年报", None)))
    host.common("/xxgk/", [("政府信息公开年报", col)], [i for i in items if i.kind == "news"])
    for report, item in reports:
        host.report_page(item, report, column, [], f"<span>发布时间：{item.date}</span>&nbsp;<span>来源：{agency.name}</span>")
        host.add_report(report.year, report.title, item.date, report.template, spot_numbers(report.tables),
                        [html_source(host, item.path, col_url, "utf-8")], [item.title])
    _noise_and_news(host, items, column, reports[0][1].path)
    host.columns.append({"url": col_url, "family": "plain", "pages": [col_url], "in_registry": False,
                         "note": "found from the homepage"})
    return host


def build_yjt() -> HostBuild:
    return build_plain(_agency("yjt.sc", "四川省应急管理厅", "省应急管理厅", "", "", "省级", 3), (2024, 2023),
                       "召开全省安全生产电视电话会议")


def build_dy() -> HostBuild:
    return build_plain(_agency("zf.dy", "德阳市人民政府", "市政府", "德阳市", "", "市级", 4), (2024, 2022),
                       "召开市政府常务会议")


# The directory: (section, how it is listed, host key, name, the link's text). Every agency it lists has a
# site in the fixtures; the 市州 list names its cities by their place alone, as portals do.
DIRECTORY = (
    ("省直部门", "link", "yjt.sc", "四川省应急管理厅", "四川省应急管理厅"),
    ("市州政府", "select", "zf.dy", "德阳市人民政府", "德阳"),
    ("区县部门", "link", "yjj.mz", "绵竹市应急管理局", "绵竹市应急管理局"),
)
# Links of the directory pages that are not agencies (the national portal, mailboxes, services).
DIRECTORY_NOISE = (("中国政府网", "http://www.gov.cn/"), ("省长信箱", "/hdjl/szxx/"), ("互动交流", "/hdjl/"),
                   ("无障碍", "/wza/"), ("网站地图", "/wzdt/"), ("四川政务服务网", "/zwfw/"))
# The aggregated column: (agency, year, listed title or None when its group heading names the agency, group, page).
AGGREGATED_REPORTS = (
    ("四川省人民政府", 2024, None, "四川省人民政府", 1),
    ("四川省发展和改革委员会", 2024, "title", "省直部门", 1),
    ("四川省教育厅", 2024, "title", "省直部门", 1),
    ("四川省民政厅", 2024, None, "四川省民政厅", 1),
    ("德阳市旌阳区人民政府", 2024, "title", "区县政府", 2),
    ("四川省民政厅", 2023, None, "四川省民政厅", 2),
    ("四川省发展和改革委员会", 2023, "title", "省直部门", 2),
)
AGGREGATED_AGENCIES = {  # name → (short, city, county, level, size)
    "四川省人民政府": ("省政府", "", "", "省级", 6), "四川省发展和改革委员会": ("省发展改革委", "", "", "省级", 3),
    "四川省教育厅": ("省教育厅", "", "", "省级", 3), "四川省民政厅": ("省民政厅", "", "", "省级", 2),
    "德阳市旌阳区人民政府": ("区政府", "德阳市", "旌阳区", "区县级", 2),
}


def build_portal() -> HostBuild:
    """四川省人民政府's portal: a 政府网站导航 (links, a <select>, a table, two levels) and one 年报 column that lists
    the reports of the province's departments and counties, grouped, over two pages."""
    agency = _agency("zf.sc", "四川省人民政府", "省政府", "", "", "省级", 6)
    host = HostBuild(agency, Style(agency, PORTAL_NAV), "portal")
    column = ("政府信息公开年报", AGGREGATED)
    col_url = host.url(AGGREGATED)
    host.common("/zwgk/", [("政府信息公开年报", AGGREGATED)], [])
    noise = "".join(f'<li><a href="{href}">{text}</a></li>' for text, href in DIRECTORY_NOISE)
    home = (f'<div class="block"><div class="hd"><h3>政务公开</h3></div><ul class="links">'
            f'<li><a href="/zwgk/">政府信息公开</a></li><li><a href="{AGGREGATED}">政府信息公开年报</a></li></ul></div>\n'
            f'<div class="block"><div class="hd"><h3>网站导航</h3></div><ul class="links">'
            f'<li><a href="/wzdh/">政府网站导航</a></li>{noise}</ul></div>\n')
    host.put("/", host.style.page(agency.site_name, home).replace(
        '<div class="position">您当前的位置：<a href="/">首页</a></div>\n', ""))
    links = {key: f"http://{{host:{key}}}/" for _s, _h, key, _n, _t in DIRECTORY}
    departments = "".join(f'<li><a href="{links[key]}" target="_blank">{text}</a></li>'
                          for section, how, key, name, text in DIRECTORY if section == "省直部门")
    options = "".join(f'<option value="{links[key]}">{text}</option>'
                      for section, how, key, name, text in DIRECTORY if how == "select")
    directory = (f'<div class="wzdh"><h3>省直部门</h3><ul class="links">{departments}'
                 f'<li><a href="http://www.gov.cn/" target="_blank">中国政府网</a></li></ul>\n'
                 f'<h3>市州政府</h3><select onchange="window.open(this.value)"><option value="">--请选择市州政府--</option>'
                 f"{options}</select>\n"
                 f'<h3>区县政府</h3><p><a href="/wzdh/qx/">区县政府网站</a></p>\n'
                 f'<div class="foot-links"><ul>{noise}</ul></div></div>\n')
    host.put("/wzdh/", host.style.page(f"政府网站导航_{agency.site_name}", directory, ("政府网站导航", None)))
    cells = "".join(f'<td><a href="{links[key]}" target="_blank">{text}</a></td>'
                    for section, how, key, name, text in DIRECTORY if section == "区县部门")
    counties = (f'<div class="wzdh"><h3>区县部门</h3><table class="links"><tr>{cells}'
                f'<td><a href="/hdjl/">互动交流</a></td><td><a href="/hdjl/szxx/">省长信箱</a></td></tr></table></div>\n')
    host.put("/wzdh/qx/", host.style.page(f"区县政府网站_{agency.site_name}", counties,
                                          ("政府网站导航", "/wzdh/"), ("区县政府网站", None)))
    for _text, href in DIRECTORY_NOISE:
        if href.startswith("/") and href not in host.files:
            host.put(href, host.style.page(f"{_text}_{agency.site_name}", f"<p>{_text}</p>\n", (_text, None)))
    # the aggregated column: two pages (TRS), grouped by headings
    pages: dict[int, list[str]] = {1: [], 2: []}
    last_group: dict[int, str | None] = {1: None, 2: None}
    for n, (name, year, by, group, page) in enumerate(AGGREGATED_REPORTS):
        short, city, county, level, size = AGGREGATED_AGENCIES[name]
        owner = Agency(f"zf.sc.{n}", name, short, "四川省", city, county, level, "成都市", "028-86601000", name,
                       agency.icp, size)
        title = f"{name}{year}年政府信息公开工作年度报告"
        report = report_text(owner, year, title, f"{year + 1}年1月2{n % 8}日", rng_for(owner.key, year))
        item = Item(title, f"{AGGREGATED}{year + 1}01/t{year + 1}01{20 + n}_{6400 + n}.html", f"{year + 1}-01-{20 + n}",
                    "report")
        listed = title if by == "title" else f"{year}年政府信息公开工作年度报告"
        if last_group[page] != group:
            pages[page].append(f'</ul><h4 class="group">{group}</h4><ul>')
            last_group[page] = group
        pages[page].append(f'<li><a href="{item.path}" target="_blank" title="{html.escape(listed)}">'
                           f"{html.escape(listed)}</a><span>{item.date}</span></li>")
        host.report_page(item, report, column, [("发布机构：", name), ("发布日期：", item.date)],
                         f"<span>发布时间：{item.date}</span>&nbsp;<span>来源：{name}</span>")
        host.add_report(year, title, item.date, report.template, spot_numbers(report.tables),
                        [html_source(host, item.path, col_url, "utf-8")], [listed])
        host.reports[-1]["agency"] = name
        host.reports[-1]["attributed_by"] = by or "group"
    noise_items = [
        Item("图解：四川省教育厅2024年政府信息公开工作年度报告", f"{AGGREGATED}202501/t20250130_6499.html", "2025-01-30",
             "graphic"),
        Item("关于做好2024年度政府信息公开工作年度报告编制发布工作的通知", f"{AGGREGATED}202412/t20241216_6311.html",
             "2024-12-16", "compile_notice"),
        Item("四川省人民政府2024年政务公开工作要点", f"{AGGREGATED}202404/t20240402_6201.html", "2024-04-02", "work_points"),
    ]
    education = next(r for r in host.reports if r["title"].startswith("四川省教育厅"))
    for page in pages:
        pages[page].append('</ul><h4 class="group">政务公开</h4><ul>')
    for k, item in enumerate(noise_items):
        pages[1 + k % 2].append(f'<li><a href="{item.path}" target="_blank" title="{html.escape(item.title)}">'
                                f"{html.escape(item.title)}</a><span>{item.date}</span></li>")
    _noise_and_news(host, noise_items, column, education["urls"][0].split("}", 1)[1])
    for page, lis in pages.items():
        name = "index.html" if page == 1 else f"index_{page - 1}.html"
        main = (f'<div class="list"><h2>政府信息公开年报</h2><ul>{"".join(lis)}</ul>\n'
                f'<div class="page">{trs_paging_script()}<script>createPageHTML(2, {page - 1}, "index", "html");'
                f"</script></div></div>\n")
        host.put(AGGREGATED + name, host.style.page(f"政府信息公开年报_{agency.site_name}", main,
                                                    ("政府信息公开", "/zwgk/"), ("政府信息公开年报", None)))
    host.columns.append({"url": col_url, "family": "aggregated", "in_registry": False,
                         "pages": [col_url, host.url(AGGREGATED + "index_1.html")],
                         "note": "one column for the province's departments and counties; found by discover"})
    return host


def directory_truth(portal: HostBuild) -> dict[str, Any]:
    """What `govreports discover` must find from the portal: the portal, then every agency the directory lists."""
    rows = [{"agency": portal.agency.name, "homepage": portal.url("/"), "column_url": portal.url(AGGREGATED),
             "province": "四川省", "city": None, "county": None, "level": "省级", "how": "portal"}]
    places = {"yjt.sc": ("四川省", None, None, "省级"), "zf.dy": ("四川省", "德阳市", None, "市级"),
              "yjj.mz": ("四川省", "德阳市", "绵竹市", "区县级")}
    for section, how, key, name, text in DIRECTORY:
        province, city, county, level = places[key]
        rows.append({"agency": name, "homepage": f"http://{{host:{key}}}/", "column_url": "", "province": province,
                     "city": city, "county": county, "level": level, "how": how, "section": section,
                     "listed_as": text})
    return {"start": portal.url("/"), "agencies": rows,
            "not_agencies": [text for text, _href in DIRECTORY_NOISE] + ["互动交流", "省长信箱"]}


# -- all ----------------------------------------------------------------------------------------

REGISTRY = {  # key → (column URL in the registry or None, evidence)
    "yjj.jm": (None, "江门市应急管理局2024年政府信息公开工作年度报告 2025-01-20"),
    "yjj.gn": ("/zfxxgk1/zfxxgknb.htm", "甘南州应急管理局2024年政府信息公开工作年度报告 2025-01-21"),
    "yjj.mz": ("/info/iList.jsp?node_id=GKmzsyjj&cat_id=15990", "绵竹市应急管理局2024年政府信息公开工作年度报告 2025-01-23"),
    "yjj.hz": (None, "湖州市应急管理局2024年政府信息公开工作年度报告 2025-01-20"),
    "yjj.sm": (None, "三明市应急管理局2024年政府信息公开工作年度报告 2025-01-20"),
    "zf.tz": (None, "台州市人民政府2024年政府信息公开工作年度报告 2025-01-23"),
}


def registry_rows(hosts: list[HostBuild]) -> str:
    """registry.csv rows without cms_hint: the spider must tell each family from its pages."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REGISTRY_COLUMNS)
    for h in hosts:
        a = h.agency
        if a.key not in REGISTRY:
            continue  # the province portal's agencies: found by `govreports discover`, not registered
        column, evidence = REGISTRY[a.key]
        writer.writerow((a.name, a.province, a.city, a.county, a.level, h.url("/"), h.url(column) if column else "",
                         h.reports[0]["urls"][0], h.reports[0]["year"], "", evidence))
    return out.getvalue()


def zwgk_page(host: HostBuild) -> None:
    """The nav's 政务公开 page, linking the host's 信息公开 entry."""
    xxgk = {"gkmlpt": f"{GKMLPT_BASE}/gkmlpt/index", "vsb": "/zfxxgk1/index.htm", "ilist": "/info/",
            "hanweb_xxgk": "/col/col1229210531/index.html", "fujian": "/zwgk/zfxxgkzl/",
            "jpaas": "/col/col1229198401/index.html", "plain": "/xxgk/"}.get(host.family)
    if xxgk is None or "/zwgk/" in host.files:
        return
    host.put("/zwgk/", host.style.page(f"政务公开_{host.agency.site_name}",
                                       f'<ul><li><a href="{xxgk}">政府信息公开</a></li></ul>\n', ("政务公开", None)))


def build(out: Path = FAMILIES) -> dict[str, Any]:
    hosts = [build_jm(), build_gn(), build_mz(), build_hz(), build_sm(), build_tz()]
    portal = build_portal()
    hosts += [portal, build_yjt(), build_dy()]
    for h in hosts:
        zwgk_page(h)
    out.mkdir(parents=True, exist_ok=True)
    for folder in out.iterdir():
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)
    for h in hosts:
        h.write(out)
    (out / "registry.csv").write_text(registry_rows(hosts), encoding="utf-8")
    expected = expected_json(hosts)
    expected["directory"] = directory_truth(portal)
    expected["about"] = ("Ground truth for crawls of the platform-family fixtures (govreports/samples/families), in the "
                         "shape of the sample site's expected.json: each column's `pages` are every listing page a crawl "
                         "must read (HTML or JSON). Shapes follow real pages: SOURCES.md. Generated by "
                         "devtools.site_families.")
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.site_families", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=FAMILIES, help="the folder (default: govreports/samples/families)")
    args = parser.parse_args(argv)
    expected = build(args.out)
    print(f"{args.out}: {expected['totals']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
