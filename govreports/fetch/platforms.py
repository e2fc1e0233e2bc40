"""Platform families that whole provinces run their 政务公开 columns on, recognised from the page itself.

Pure functions over (text, url), used by govreports.fetch.listings; each
family is told by markers its pages always carry, never by the registry's
cms_hint, because the same agency moves between platforms and the hint goes
stale.

- gkmlpt, Guangdong's 政府信息公开目录 platform: `/gkmlpt/index` is an empty
  Vue shell whose `window._CONFIG = {SID: '…', TREE: [...]}` names the
  site and its category tree; the entries come from the JSON listing
  `/gkmlpt/api/all/{category}?page=N&sid=SID` (`articles`, `total`,
  `classify.post_count`), pages counted from 1; detail pages
  `/gkmlpt/content/…/post_ID.html` carry `_CONFIG.DETAIL` with the
  attachments.
- VSB (博达站群): listing `<column>.htm`, its further pages
  `<column>/N.htm` counting down to 1, pager `<span class="p_pages">`;
  detail pages `/info/<column id>/<id>.htm`, attachments through
  `/system/_content/download.jsp?urltype=news.DownloadAttachUrl…`.
- Hanweb WCM's 信息公开 list `info/iList.jsp?node_id=…&cat_id=…&cur_page=N`,
  with 共N页 and links that change only cur_page.
- Hanweb's 信息公开目录 module: a column page whose script calls
  `loadDynamic('/module/xxgk/search.jsp?infotypeId=…&area=…', 'div…', 'cid', …, 'webid')`;
  the list is the answer to a POST of search.jsp (infotypeId, jdid, divid,
  currpage), rows `tr.tr_main_value_odd/even`, and 共N页 in its pager.
- Fujian's province-wide platform (TRS, every 政务公开 site of fujian.gov.cn
  and its cities and counties): a column page prints its first entries
  and names, in script, the search that lists them all,
  `listModel({listArgs: {channelid: SiteInfo.searchId, classsql: …},
  listApi: {url: "/fjdzapp/search"}, pagebar: {recordCount, prepage}})`;
  the list is the JSON answer to a POST of that search (channelid,
  sortfield, classsql, classcol, classnum, classsort, cache, page,
  prepage): `data` [{doctitle, chnldocurl, docpuburl, docreltime,
  files}], `page`, `pageCount`, `recordCount`.
- Hanweb's JSON gateway (JCMS/JPaaS, the 信息公开 columns of Zhejiang's and
  others' sites): the column page names the unit that builds its list, on
  a `<script src="…/unitbuild.js" url="/api-gateway/jpaas-publish-server/front/page/build/unit"
  queryData="{'webId':…,'pageId':…,'tplSetId':…,'tagId':…}">` (or on its
  `div.pagination`); the list is the answer to a GET of that unit with the
  queryData's fields and `paramJson={"pageNo":N,"pageSize":M}`:
  `{"success": true, "data": {"html": "<ul>…</ul><div class="pagination" count=… rows=…>"}}`.
  Attachments of its articles go through `/module/download/downfile.jsp?…&filename=….pdf`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from govreports.dates import iso_date
from govreports.fetch.detect import (
    DOCUMENT_SUFFIXES,
    is_document_url,
    shown_document,
    towards_reports,
)

CHINA = timezone(timedelta(hours=8))
MAX_PLATFORM_PAGES = 500

# -- gkmlpt -------------------------------------------------------------------------------
GKMLPT_CONFIG = re.compile(r"window\._CONFIG\s*=\s*\{")
GKMLPT_SID = re.compile(r"\bSID\s*:\s*['\"]?(\d+)")
GKMLPT_TREE = re.compile(r"\bTREE\s*:\s*(?=\[)")
GKMLPT_DETAIL = re.compile(r"\bDETAIL\s*:\s*(?=\{)")
GKMLPT_PATH = re.compile(r"^(.*?)/gkmlpt/")
GKMLPT_API = re.compile(r"/gkmlpt/api/all/(\d+)$")
# Where a gkmlpt article keeps its date, most precise first (unix seconds or text).
GKMLPT_DATE_FIELDS = ("date", "publish_time", "display_publish_time", "created_at")
GKMLPT_URL_FIELDS = ("url", "post_url")

# -- VSB ----------------------------------------------------------------------------------
VSB_PAGER = re.compile(r"""<span\s+class=["']p_pages["']|<td[^>]+id=["']fanye\d+""", re.I)
VSB_DOWNLOAD = re.compile(r"/system/_content/download\.jsp\?", re.I)

# -- Hanweb iList.jsp ---------------------------------------------------------------------
ILIST_PATH = re.compile(r"/info/iList\.jsp$", re.I)
ILIST_PAGE = "cur_page"
ILIST_TOTAL = re.compile(r"共\s*(\d+)\s*页")

# -- Hanweb 信息公开目录 search.jsp ---------------------------------------------------------
XXGK_SEARCH = re.compile(r"/module/xxgk/search\.jsp$")
# loadDynamic('<search.jsp?…>', '<divid>', '<cid>', '…', '…', '<webid>'): the column page's call, all literals
XXGK_LOAD = re.compile(r"""loadDynamic\(\s*['"]([^'"]*?/module/xxgk/search\.jsp\?[^'"]*)['"]\s*,\s*['"]([^'"]+)['"]"""
                       r"""\s*,\s*['"]([^'"]*)['"]\s*,\s*['"][^'"]*['"]\s*,\s*['"][^'"]*['"]\s*,\s*['"]([^'"]*)['"]""")
XXGK_EMPTY_FIELDS = ("vc_title", "vc_number", "vc_filenumber", "vc_all", "texttype", "fbtime")
XXGK_PAGE = "currpage"

# -- Fujian's platform search (list2.trsapi) ------------------------------------------------
FJ_LIST_API = re.compile(r"""listApi\s*:\s*\{\s*url\s*:\s*['"]([^'"]+)['"]""")
FJ_CHANNEL = re.compile(r"""\bchannelid\s*:\s*(?:['"](\d+)['"]|(\d+)|SiteInfo\.(\w+))""")
FJ_SITE_VALUE = r"""\b{name}\s*:\s*['"]?(\d+)"""
# classsql: "" || "chnlid=1780" (the template's fallback chain): the last non-empty literal of the chain
FJ_CLASSSQL = re.compile(r"""\bclasssql\s*:\s*((?:(?:"[^"]*"|'[^']*')\s*\|\|\s*)*(?:"[^"]*"|'[^']*'))""")
FJ_SORTFIELD = re.compile(r"""\bsortfield\s*:\s*['"]([^'"]+)['"]""")
FJ_PREPAGE = re.compile(r"""\bprepage\s*:\s*['"]?(\d+)""")
FJ_PAGE = "page"
FJ_DEFAULT_SORT = "-docorderpri,-docreltime"
FJ_URL_FIELDS = ("chnldocurl", "docpuburl", "url")

# -- Hanweb's JSON gateway (JPaaS unit build) ------------------------------------------------
JPAAS_UNIT = re.compile(r"/api-gateway/jpaas-publish-server/front/page/build/unit$")
JPAAS_TAG = re.compile(r"<(?:script|div)\b[^>]*\bqueryData\s*=\s*(?:\"[^\"]*\"|'[^']*')[^>]*>", re.I)
JPAAS_ATTR = r"""\b{name}\s*=\s*(?:"([^"]*)"|'([^']*)')"""
JPAAS_PAGINATION = re.compile(r"<div\b[^>]*\bclass\s*=\s*[\"']pagination[\"'][^>]*>", re.I)
HANWEB_DOWNLOAD = re.compile(r"/module/download/downfile\.jsp\?", re.I)
  # the column's own copy first, as the page's template links it


@dataclass
class PlatformListing:
    """What a platform page gives: (title, url, date) entries and further listing URLs."""

    family: str
    entries: list[tuple[str, str, str | None]] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)
    catalog: bool = False  # the page lists nothing itself: its entries come from next_pages and forms
    forms: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # further listings to POST: (url, form)


def _json_value(text: str, marker: re.Pattern[str]) -> Any:
    """The JSON value that follows a marker in a script (TREE: [...], DETAIL: {...}), or None."""
    m = marker.search(text)
    if not m:
        return None
    try:
        value, _ = json.JSONDecoder().raw_decode(text, m.end())
    except ValueError:
        return None
    return value


def _base(url: str) -> str | None:
    """The site prefix before /gkmlpt/ (sites live under sub-paths: /zqhjj/gkmlpt/index)."""
    parts = urlsplit(url)
    m = GKMLPT_PATH.match(parts.path)
    return urlunsplit((parts.scheme, parts.netloc, m.group(1), "", "")) if m else None


def gkmlpt_categories(tree: list[dict[str, Any]], fragment: str = "") -> list[int]:
    """The categories to list: those named as the report column (their leaves), else the one the URL's
    #fragment opens, else every leaf (the reports are filed somewhere in the tree)."""
    named: list[int] = []
    leaves: list[int] = []

    def leaves_of(node: dict[str, Any]) -> list[int]:
        children = [c for c in node.get("children") or [] if isinstance(c, dict) and not c.get("jump_url")]
        return [n for c in children for n in leaves_of(c)] if children else [int(node["id"])]

    def walk(nodes: list[Any]) -> None:
        for node in nodes:
            if not isinstance(node, dict) or node.get("jump_url") or "id" not in node:
                continue
            if towards_reports(str(node.get("name", ""))) == 0:
                named.extend(leaves_of(node))
                continue
            if node.get("children"):
                walk(node["children"])
            else:
                leaves.append(int(node["id"]))

    walk(tree)
    if named:
        return list(dict.fromkeys(named))
    if fragment.isdigit():
        return [int(fragment)]
    return leaves


def on_page_origin(page_url: str, link: str) -> str:
    """A link to the page's own host, on the page's scheme and port: gkmlpt prints its URLs absolute with
    https even on sites that only answer http (and the crawl's scope is scheme, host and port)."""
    absolute, page = urlsplit(urljoin(page_url, link)), urlsplit(page_url)
    if absolute.hostname != page.hostname or absolute.scheme not in ("http", "https"):
        return absolute.geturl()
    return urlunsplit((page.scheme, page.netloc, absolute.path, absolute.query, absolute.fragment))


def gkmlpt_api_url(base: str, category: int, sid: str, page: int = 1) -> str:
    return f"{base}/gkmlpt/api/all/{category}?{urlencode({'page': page, 'sid': sid})}"


def gkmlpt_index(html: str, url: str) -> PlatformListing | None:
    """A gkmlpt index page (window._CONFIG with SID and TREE): the JSON listings of its report categories."""
    if "/gkmlpt/" not in urlsplit(url).path or not GKMLPT_CONFIG.search(html):
        return None
    sid = GKMLPT_SID.search(html)
    tree = _json_value(html, GKMLPT_TREE)
    base = _base(url)
    if not sid or not isinstance(tree, list) or base is None:
        return None
    categories = gkmlpt_categories(tree, urlsplit(url).fragment)
    return PlatformListing("gkmlpt", catalog=True,
                           next_pages=[gkmlpt_api_url(base, c, sid.group(1)) for c in categories])


def _article_date(article: dict[str, Any]) -> str | None:
    for name in GKMLPT_DATE_FIELDS:
        value = article.get(name)
        if isinstance(value, (int, float)) and value > 0:
            return datetime.fromtimestamp(value, CHINA).date().isoformat()
        if isinstance(value, str) and (found := iso_date(value)):
            return found
    return None


def gkmlpt_api(text: str, url: str) -> PlatformListing | None:
    """A page of /gkmlpt/api/all/{category}: its articles; the first page also announces the others
    (from `total`, or the category's post_count, over the page's own size)."""
    parts = urlsplit(url)
    category = GKMLPT_API.search(parts.path)
    if not category or not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, list):
        return None
    listing = PlatformListing("gkmlpt")
    for article in articles:
        if not isinstance(article, dict):
            continue
        link = next((article[k] for k in GKMLPT_URL_FIELDS if isinstance(article.get(k), str) and article[k]), None)
        title = re.sub(r"\s+", "", str(article.get("title") or ""))
        if link and title:
            listing.entries.append((title, on_page_origin(url, link), _article_date(article)))
    query = dict(parse_qsl(parts.query))
    if query.get("page", "1") not in ("0", "1") or not articles:
        return listing  # later pages announce nothing: the first one did
    classify = data.get("classify") if isinstance(data.get("classify"), dict) else {}
    total = data.get("total") or classify.get("post_count") or 0
    pages = min(math.ceil(int(total) / len(articles)), MAX_PLATFORM_PAGES) if str(total).isdigit() else 1
    base, sid = _base(url), query.get("sid", "")
    if base is not None:
        listing.next_pages = [gkmlpt_api_url(base, int(category.group(1)), sid, n) for n in range(2, pages + 1)]
    return listing


def gkmlpt_attachments(html: str, url: str) -> list[tuple[str, str]]:
    """The attachments a gkmlpt detail page lists in _CONFIG.DETAIL (the page draws them by script)."""
    if not GKMLPT_CONFIG.search(html):
        return []
    detail = _json_value(html, GKMLPT_DETAIL)
    if not isinstance(detail, dict):
        return []
    found = []
    for item in detail.get("attachment") or detail.get("attachments") or []:
        if isinstance(item, dict) and isinstance(item.get("url"), str):
            found.append((str(item.get("name") or ""), on_page_origin(url, item["url"])))
    return found


# -- VSB ----------------------------------------------------------------------------------

def vsb_pages(html: str, url: str, links: list[tuple[str, str]]) -> PlatformListing | None:
    """A VSB listing `<column>.htm`: its pager links `<column>/N.htm` count down, so the first page's
    largest N names every later page (N, N-1, … 1)."""
    parts = urlsplit(url)
    if not parts.path.endswith(".htm") or not VSB_PAGER.search(html):
        return None
    stem = parts.path[: -len(".htm")]
    page_link = re.compile(re.escape(stem) + r"/(\d+)\.htm$")
    numbers = [int(m.group(1)) for _, link in links
               if urlsplit(link).netloc == parts.netloc and (m := page_link.search(urlsplit(link).path))]
    listing = PlatformListing("vsb")
    if numbers:
        top = min(max(numbers), MAX_PLATFORM_PAGES)
        listing.next_pages = [urlunsplit((parts.scheme, parts.netloc, f"{stem}/{n}.htm", "", ""))
                              for n in range(top, 0, -1)]
    return listing


def vsb_attachments(links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """VSB attachments: download.jsp links whose text names the file (附件【报告.docx】)."""
    return [(text, link) for text, link in links if VSB_DOWNLOAD.search(link) and is_document_url(text)]


# -- Hanweb iList.jsp ---------------------------------------------------------------------

def with_query_value(url: str, name: str, value: str) -> str:
    """The URL with one query parameter set, the others kept in their order (a static mirror names
    its files by the exact query)."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if any(k == name for k, _ in pairs):
        pairs = [(k, value if k == name else v) for k, v in pairs]
    else:
        pairs.append((name, value))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(pairs, safe="%"), ""))


def ilist_pages(html: str, url: str, links: list[tuple[str, str]]) -> PlatformListing | None:
    """An info/iList.jsp list: pages 2…N (N from 共N页, else the largest cur_page linked), announced by page 1."""
    parts = urlsplit(url)
    if not ILIST_PATH.search(parts.path):
        return None
    listing = PlatformListing("ilist")
    if dict(parse_qsl(parts.query)).get(ILIST_PAGE, "1") != "1":
        return listing
    linked = [int(v) for _, link in links if ILIST_PATH.search(urlsplit(link).path)
              and (v := dict(parse_qsl(urlsplit(link).query)).get(ILIST_PAGE, "")).isdigit()]
    total = ILIST_TOTAL.search(re.sub(r"<[^>]+>|&nbsp;", " ", html))
    last = min(int(total.group(1)) if total else max(linked, default=1), MAX_PLATFORM_PAGES)
    listing.next_pages = [with_query_value(url, ILIST_PAGE, str(n)) for n in range(2, last + 1)]
    return listing


# -- Hanweb 信息公开目录 search.jsp ---------------------------------------------------------

def xxgk_form(url: str) -> tuple[str, dict[str, str]]:
    """A search.jsp request as the module sends it: the URL carries every field, the POST body repeats them."""
    return url, dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def xxgk_column(html: str, url: str) -> PlatformListing | None:
    """A column page of the 信息公开目录 module: its first search.jsp page (POST), from the loadDynamic call."""
    call = XXGK_LOAD.search(html)
    if not call:
        return None
    path, divid, cid, webid = (s.replace("&amp;", "&") for s in call.groups())
    search = urljoin(url, path)
    fields = dict(parse_qsl(urlsplit(search).query, keep_blank_values=True))
    if cid:
        fields["infotypeId"] = cid
    fields.update({"jdid": webid or "1", "divid": divid, **{k: fields.get(k, "") for k in XXGK_EMPTY_FIELDS},
                   XXGK_PAGE: "1"})
    parts = urlsplit(search)
    first = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(fields), ""))
    return PlatformListing("hanweb_xxgk", catalog=True, forms=[xxgk_form(first)])


def xxgk_search(html: str, url: str) -> PlatformListing | None:
    """A search.jsp answer: page 1 announces pages 2…N (共N页) as the same POST with another currpage."""
    parts = urlsplit(url)
    if not XXGK_SEARCH.search(parts.path):
        return None
    listing = PlatformListing("hanweb_xxgk")
    if dict(parse_qsl(parts.query)).get(XXGK_PAGE, "1") != "1":
        return listing
    total = ILIST_TOTAL.search(re.sub(r"<[^>]+>|&nbsp;", " ", html))
    last = min(int(total.group(1)), MAX_PLATFORM_PAGES) if total else 1
    listing.forms = [xxgk_form(with_query_value(url, XXGK_PAGE, str(n))) for n in range(2, last + 1)]
    return listing


# -- Fujian's platform search ------------------------------------------------------------

def fujian_column(html: str, url: str) -> PlatformListing | None:
    """A column page of Fujian's platform: its first search page, from the listModel call's literals (a form
    the module POSTs, its fields also in the URL's query as for search.jsp)."""
    api = FJ_LIST_API.search(html)
    channel = FJ_CHANNEL.search(html) if api else None
    if not api or not channel:
        return None
    channelid = channel.group(1) or channel.group(2)
    if channel.group(3):  # channelid: SiteInfo.searchId, defined in the site's shared script
        value = re.search(FJ_SITE_VALUE.format(name=re.escape(channel.group(3))), html)
        channelid = value.group(1) if value else None
    if not channelid:
        return None
    chain = FJ_CLASSSQL.search(html)
    literals = re.findall(r""""([^"]*)"|'([^']*)'""", chain.group(1)) if chain else []
    classsql = next((a or b for a, b in reversed(literals) if a or b), "")
    sortfield = FJ_SORTFIELD.search(html)
    prepage = FJ_PREPAGE.search(html)
    fields = {"channelid": channelid, "sortfield": sortfield.group(1) if sortfield else FJ_DEFAULT_SORT,
              "classsql": classsql, "classcol": "publishyear", "classnum": "100", "classsort": "0",
              "cache": "true", FJ_PAGE: "1", "prepage": prepage.group(1) if prepage else "15"}
    parts = urlsplit(urljoin(url, api.group(1).replace("&amp;", "&")))
    first = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(fields), ""))
    return PlatformListing("fujian", catalog=True, forms=[xxgk_form(first)])


def fujian_search(text: str, url: str) -> PlatformListing | None:
    """An answer of Fujian's platform search (JSON with `data` [{doctitle, chnldocurl, docreltime…}]): its
    entries; page 1 also announces pages 2…pageCount (or recordCount over prepage) as the same POST."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if "channelid" not in query or not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    docs = data.get("data") if isinstance(data, dict) else None
    if not isinstance(docs, list):
        return None
    listing = PlatformListing("fujian")
    for doc in docs:
        if not isinstance(doc, dict):
            continue
        link = next((doc[k] for k in FJ_URL_FIELDS if isinstance(doc.get(k), str) and doc[k]), None)
        title = re.sub(r"<[^>]+>|\s+", "", str(doc.get("doctitle") or doc.get("title") or ""))
        if link and title:
            listing.entries.append((title, urljoin(url, link), iso_date(str(doc.get("docreltime") or ""))))
    if str(data.get("page") or query.get(FJ_PAGE, "1")) != "1":
        return listing  # later pages announce nothing: the first one did
    count, per_page = data.get("pageCount"), query.get("prepage", "")
    if not str(count).isdigit() and str(data.get("recordCount")).isdigit() and per_page.isdigit() and int(per_page):
        count = math.ceil(int(data["recordCount"]) / int(per_page))
    last = min(int(count), MAX_PLATFORM_PAGES) if str(count).isdigit() else 1
    listing.forms = [xxgk_form(with_query_value(url, FJ_PAGE, str(n))) for n in range(2, last + 1)]
    return listing


# -- Hanweb's JSON gateway ----------------------------------------------------------------

def _attribute(tag: str, name: str) -> str | None:
    m = re.search(JPAAS_ATTR.format(name=name), tag, re.I)
    return None if m is None else (m.group(1) if m.group(1) is not None else m.group(2)).replace("&amp;", "&")


def _query_data(value: str) -> dict[str, str] | None:
    """queryData as the pages print it: a JSON object in single quotes ({'webId':'3185','pageId':'…'})."""
    for text in (value, value.replace("'", '"')):
        try:
            data = json.loads(text)
        except ValueError:
            continue
        if isinstance(data, dict):
            return {str(k): str(v) for k, v in data.items()}
    return None


def _pagination(html: str) -> tuple[int, int] | None:
    """(count, rows) from the list's `<div class="pagination" count="…" rows="…">`, when it gives both."""
    for tag in JPAAS_PAGINATION.findall(html):
        count, rows = _attribute(tag, "count"), _attribute(tag, "rows") or _attribute(tag, "pageSize")
        if count and count.isdigit() and rows and rows.isdigit() and int(rows):
            return int(count), int(rows)
    return None


def jpaas_unit_url(unit: str, fields: dict[str, str], page: int, rows: int | None = None) -> str:
    """A GET of the unit: the queryData's fields (parseType and pageType as the script adds them), then paramJson."""
    query = {**fields}
    query.setdefault("parseType", "bulidstatic")
    query.setdefault("pageType", "column")
    param = {"pageNo": page, **({"pageSize": rows} if rows else {})}
    query["paramJson"] = json.dumps(param, separators=(",", ":"))
    return f"{unit}?{urlencode(query)}"


def jpaas_column(html: str, url: str) -> PlatformListing | None:
    """A column page whose list the JPaaS unit builds: the unit's page 1, or, when the page prints its first
    page with the pagination div (count, rows), the unit's pages 2…N."""
    for tag in JPAAS_TAG.findall(html):
        unit = _attribute(tag, "url") or _attribute(tag, "unitUrl")
        fields = _query_data(_attribute(tag, "queryData") or "")
        if not unit or fields is None or not JPAAS_UNIT.search(urlsplit(urljoin(url, unit)).path):
            continue
        unit = urljoin(url, unit)
        paging = _pagination(html)
        if paging is None:
            return PlatformListing("jpaas", catalog=True, next_pages=[jpaas_unit_url(unit, fields, 1)])
        count, rows = paging
        last = min(math.ceil(count / rows), MAX_PLATFORM_PAGES)
        return PlatformListing("jpaas", catalog=True,
                               next_pages=[jpaas_unit_url(unit, fields, n, rows) for n in range(2, last + 1)])
    return None


def jpaas_unit(text: str, url: str) -> tuple[str, PlatformListing] | None:
    """An answer of the unit: the list's HTML (`data.html`, read like any list page) and, on page 1, pages
    2…N of the same GET (N from the answer's pagination div: count over rows)."""
    parts = urlsplit(url)
    if not JPAAS_UNIT.search(parts.path) or not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text, strict=False)
    except ValueError:
        return None
    inner = data.get("data") if isinstance(data, dict) else None
    fragment = inner.get("html") if isinstance(inner, dict) else None
    if not isinstance(fragment, str):
        return None
    listing = PlatformListing("jpaas")
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    try:
        page = int(json.loads(query.get("paramJson") or "{}").get("pageNo", 1))
    except (ValueError, AttributeError):
        page = 1
    paging = _pagination(fragment)
    if page == 1 and paging is not None:
        count, rows = paging
        fields = {k: v for k, v in query.items() if k != "paramJson"}
        unit = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        listing.next_pages = [jpaas_unit_url(unit, fields, n, rows)
                              for n in range(2, min(math.ceil(count / rows), MAX_PLATFORM_PAGES) + 1)]
    return fragment, listing


def hanweb_attachments(links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Hanweb attachments: downfile.jsp links whose filename, showname or text names a document."""
    found = []
    for text, link in links:
        if not HANWEB_DOWNLOAD.search(link):
            continue
        query = dict(parse_qsl(urlsplit(link).query))
        if any(is_document_url(v) for v in (query.get("filename", ""), query.get("showname", ""), text)):
            found.append((text, link))
    return found


# What a page's source holds, lowercased, wherever it can list an attachment: a document's suffix (a link, or
# the text of a platform's download link), a platform's download script or gkmlpt's config, or a character
# reference that may spell a suffix's dot.
ATTACHMENT_MARKERS = (*DOCUMENT_SUFFIXES, "download.jsp", "downfile.jsp", "_config", "&#46;", "&#x2e;")


def may_list_attachments(html: str, url: str) -> bool:
    """False when the page cannot list an attachment, so that its links need not be parsed (a crawl's
    report pages are read a second time for their attachments, on the crawl's own thread)."""
    source = html.lower()
    return shown_document(url) is not None or any(marker in source for marker in ATTACHMENT_MARKERS)


def platform_attachments(html: str, url: str, links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Attachments a report page lists in a platform's own way (beyond plain links to .pdf/.docx)."""
    return gkmlpt_attachments(html, url) + vsb_attachments(links) + hanweb_attachments(links)
