"""Column (listing) pages → entries and the next pages, for the common CMS families.

Pure functions over (html, url): the spider only turns their results into
requests. Families: TRS (`index_1.html`… announced by `createPageHTML(n, …)`),
Hanweb (records in a `<script type="text/xml">` datastore, further pages
through `dataproxy.jsp`), `?page=N`, and "下一页" links; any page's plain
anchors are read too. Platform families with their own paging (Guangdong's
gkmlpt JSON catalog, VSB, Hanweb's iList.jsp, 信息公开目录 and JSON gateway,
Fujian's platform search) are told apart from the page itself in
govreports.fetch.platforms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from govreports.dates import iso_date
from govreports.fetch.detect import NEXT_PAGE, towards_reports
from govreports.fetch.platforms import (
    PlatformListing,
    fujian_column,
    fujian_search,
    gkmlpt_api,
    gkmlpt_index,
    ilist_pages,
    jpaas_column,
    jpaas_unit,
    vsb_pages,
    xxgk_column,
    xxgk_search,
)

TRS_PAGING = re.compile(r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,"
                        r"\s*['\"](\w+)['\"]")
HANWEB_STORE = re.compile(r"<datastore>(.*?)</datastore>", re.S)
HANWEB_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
HANWEB_TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>")
HANWEB_COLUMN = re.compile(r"/col/col(\d+)/")
HANWEB_PROXY = "/module/web/jpage/dataproxy.jsp"
HANWEB_PER_PAGE = 15
PAGE_PARAMS = ("page", "pageNo", "pageIndex", "currentPage", "pageNum", "p", "cur_page")
MAX_PAGES = 500
JS_LISTING_HINTS = re.compile(r"document\.write|innerHTML|appendChild|\$\(\s*['\"]#?\w+['\"]\s*\)\.(?:html|append)")


@dataclass(frozen=True)
class Entry:
    title: str
    url: str
    date: str | None = None


@dataclass
class Listing:
    entries: list[Entry] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)
    towards: list[tuple[int, str, str]] = field(default_factory=list)  # (rank, text, url) for discovery
    scripted: bool = False  # the page builds its list with JavaScript: render it in a browser
    family: str | None = None  # the platform family recognised (govreports.fetch.platforms), if any
    catalog: bool = False  # entries come only from next_pages/forms (a catalog): a column though it links nothing
    forms: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # further pages to POST: (url, form)


def _tree(html: str) -> etree._Element | None:
    try:
        return etree.fromstring(html or "<html/>", etree.HTMLParser(remove_comments=True))
    except (etree.ParserError, ValueError):
        return None


def _anchor_title(anchor: etree._Element) -> str:
    text = re.sub(r"\s+", "", "".join(anchor.itertext()))
    title = (anchor.get("title") or "").strip()
    # CMSs cut long titles with … and keep the whole one in title=.
    return title if title and (not text or text.endswith(("…", "...")) or len(title) > len(text)) else text


def _date_near(anchor: etree._Element) -> str | None:
    node: etree._Element | None = anchor
    for _ in range(3):  # the anchor's <li>/<tr>/<div>, at most three levels up
        if node is None:
            break
        found = iso_date("".join(node.itertext()))
        if found:
            return found
        node = node.getparent()
    return None


def anchors(tree: etree._Element, base: str) -> list[tuple[str, str, etree._Element]]:
    out = []
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        out.append((_anchor_title(anchor), urljoin(base, href), anchor))
    return out


def trs_pages(html: str, url: str) -> list[str]:
    """index_1.html … of a TRS column, from its createPageHTML(total, current, name, ext) call."""
    m = TRS_PAGING.search(html)
    if not m:
        return []
    total, current, name, ext = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
    if current != 0:
        return []  # only the first page announces the others
    return [urljoin(url, f"{name}_{n}.{ext}") for n in range(1, min(total, MAX_PAGES))]


def hanweb_records(html: str) -> tuple[list[str], int | None]:
    """The <li> markup of a Hanweb datastore's records, and its total."""
    store = HANWEB_STORE.search(html)
    if not store:
        return [], None
    total = HANWEB_TOTAL.search(store.group(1))
    return HANWEB_RECORD.findall(store.group(1)), int(total.group(1)) if total else None


def hanweb_pages(url: str, total: int, per_page: int = HANWEB_PER_PAGE) -> list[str]:
    """dataproxy.jsp requests for the records after the first page."""
    column = HANWEB_COLUMN.search(urlsplit(url).path)
    if not column or total <= per_page:
        return []
    parts = urlsplit(url)
    pages = []
    for start in range(per_page + 1, min(total, per_page * MAX_PAGES) + 1, per_page):
        query = urlencode({"startrecord": start, "endrecord": min(start + per_page - 1, total),
                           "perpage": per_page, "columnid": column.group(1), "unitid": "", "webid": "1",
                           "path": "/", "col": "1", "appid": "1", "sourceContentType": "1"})
        pages.append(urlunsplit((parts.scheme, parts.netloc, HANWEB_PROXY, query, "")))
    return pages


def page_param_pages(links: list[tuple[str, str, etree._Element]], url: str) -> list[str]:
    """Links to the same path that differ only by a page number parameter."""
    here = urlsplit(url)
    found = []
    for _, link, _ in links:
        parts = urlsplit(link)
        if parts.netloc != here.netloc or parts.path != here.path:
            continue
        params = dict(parse_qsl(parts.query))
        if any(p in params and params[p].isdigit() for p in PAGE_PARAMS):
            found.append(link)
    return found


def _platform(found: PlatformListing) -> Listing:
    return Listing(entries=[Entry(t, u, d) for t, u, d in found.entries], next_pages=list(found.next_pages),
                   family=found.family, catalog=found.catalog, forms=list(found.forms))


def parse_listing(html: str, url: str) -> Listing:
    """Entries (title, url, date) and further pages of a column page."""
    api = gkmlpt_api(html, url) or fujian_search(html, url)
    if api is not None:  # a JSON page of a catalog: no markup to read
        return _platform(api)
    unit = jpaas_unit(html, url)
    if unit is not None:  # JSON whose data.html is the list: read it like a page
        fragment, found = unit
        listing = parse_listing(fragment, url)
        listing.family, listing.next_pages = found.family, found.next_pages + listing.next_pages
        return listing
    listing = Listing()
    records, total = hanweb_records(html)
    if records:
        fragment = _tree("<ul>" + "".join(records) + "</ul>")
        if fragment is not None:
            listing.entries += [Entry(t, u, _date_near(a)) for t, u, a in anchors(fragment, url) if t]
        if total:
            listing.next_pages += hanweb_pages(url, total)
    tree = _tree(html)
    if tree is None:
        return listing
    links = anchors(tree, url)
    listing.entries += [Entry(t, u, _date_near(a)) for t, u, a in links if t]
    plain = [(t, u) for t, u, _ in links]
    platform = (gkmlpt_index(html, url) or vsb_pages(html, url, plain) or ilist_pages(html, url, plain)
                or xxgk_search(html, url) or xxgk_column(html, url) or fujian_column(html, url)
                or jpaas_column(html, url))
    if platform is not None:
        listing.family, listing.catalog = platform.family, platform.catalog
        listing.next_pages += platform.next_pages
        listing.forms += platform.forms
    listing.next_pages += trs_pages(html, url)
    listing.next_pages += [u for t, u, _ in links if NEXT_PAGE.match(t)]
    listing.next_pages += page_param_pages(links, url)
    listing.towards = sorted((rank, t, u) for t, u, _ in links if (rank := towards_reports(t)) is not None)
    body_links = sum(1 for t, _, _ in links if len(t) >= 8)
    listing.scripted = not listing.catalog and body_links == 0 and bool(JS_LISTING_HINTS.search(html))
    seen: set[str] = set()
    listing.next_pages = [u for u in listing.next_pages if not (u in seen or seen.add(u)) and u != url]
    return listing
