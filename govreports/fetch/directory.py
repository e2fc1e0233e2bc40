"""Site directories of government portals → the agencies they list; and who a report in a shared column is by.

Portals publish directories of the sites below them: 政府网站导航 pages,
市州政府 / 区县政府 / 省直部门 link lists, tables, `<select>` dropdowns whose
options' values are the sites, footers. Pure functions over (html, url):
`govreports discover` (spiders/discover.py) reads every page through
`read_directory`, and the agency spider asks `title_agency` / `grouped_names`
who a report of an aggregated 年报 column is by.

What is an agency is decided from the link's text by vocabulary (data, not
code): a name ends with an agency word (政府, 局, 厅, 委员会…); the
national portal, mailboxes, 互动交流, 无障碍 and the site's own sections are
not agencies, whatever they end with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

from govreports.fetch.detect import GRAPHIC, towards_reports
from govreports.fetch.scope import origin
from govreports.vocabulary import REPORT_TITLE

# The last word of an agency's name.
AGENCY_ENDINGS = (
    "人民政府", "政府", "办公厅", "办公室", "委员会", "管理委员会", "管委会", "厅", "局", "委", "办", "署", "院", "府",
    "中心", "联合会", "总工会", "工会", "团委", "检察院", "法院", "街道办事处", "办事处", "档案馆",
)
# Links that end like an agency but are none: the national portal, mailboxes, interaction, accessibility,
# the site's own services. A link whose text contains one of these is left out.
NOT_AGENCIES = (
    "中国政府网", "中央人民政府", "国务院", "信箱", "互动交流", "互动", "无障碍", "网站地图", "联系我们", "关于我们",
    "网站声明", "隐私", "登录", "注册", "政务服务", "办事大厅", "政务服务网", "便民", "留言", "咨询", "投诉", "举报",
    "调查", "征集", "访谈", "新闻发布会", "发布会", "长者", "关怀", "繁体", "English", "微博", "微信", "客户端",
    "RSS", "订阅", "纠错", "网站管理", "主办", "承办", "首页", "返回", "更多", "上一页", "下一页",
    # the headings of a directory, not sites in it
    "市州政府", "区县政府", "县市区政府", "县区政府", "市县政府", "乡镇政府", "地方政府", "下级政府", "各级政府", "政府部门",
    "部门网站", "政府网站",
)
# Words around a name in a directory that are not part of it.
NAME_NOISE = re.compile(r"(?:门户网站|政府门户|官方网站|网站|官网|主站|（[^）]*）|\([^)]*\))$")
# Links from a portal's pages to its directories of sites, strongest first (followed on the portal's own site).
TOWARDS_DIRECTORY = (
    re.compile(r"政府网站导航|网站导航|网站群|站群导航|政府网站"),
    re.compile(r"市州政府|区县政府|县市区政府|县区政府|市县政府|乡镇政府|省直部门|市直部门|县直部门|部门网站|政府部门"
               r"|地方政府|下级政府|地方网站|市州网站|区县网站|机构设置|组织机构|部门链接|友情链接"),
)
MAX_NAME = 30
MIN_NAME = 4
# A year and the words of a report title, taken off a title to leave the name of the agency it is by.
TITLE_YEAR = re.compile(r"(?:19|20)\d{2}\s*年(?:度)?")
TITLE_FILLER = re.compile(r"^(?:关于|[（(【\[][^）)】\]]*[）)】\]])+|(?:关于|的)$")
# Headings of lists of governments, whose links often say only the place (成都, 自贡市, 武侯区).
GOVERNMENT_SECTION = re.compile(r"市州|区县|县区|县市|市县|地市|各市|地方|下级|乡镇|市政府|县政府|区政府")
PLACE_TEXT = re.compile(r"^[\u4e00-\u9fff]{2,12}$")
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "dt", "caption", "legend")


@dataclass(frozen=True)
class DirectoryLink:
    """An agency a directory page lists: its name, its site, and where on the page it was found."""

    name: str
    url: str
    how: str  # "link", "select" or "footer"
    section: str | None = None  # the heading it is listed under (市州政府, 省直部门…)
    place: bool = False  # a bare place name (成都, 武侯区) in a list of governments: the gazetteer names its government


@dataclass
class Directory:
    """What one directory page gives: the agencies it lists, directory pages to read next, the site's own
    report column (its strongest 年报 link), and who runs the site."""

    agencies: list[DirectoryLink] = field(default_factory=list)
    towards: list[tuple[int, str, str]] = field(default_factory=list)  # (rank, text, url) on the same site
    report_column: str | None = None
    owner: str | None = None


def clean_name(text: str) -> str:
    """A link's text as a name: no spaces, no bullet before it, no 网站/门户网站 or (note) after it."""
    name = re.sub(r"\s+", "", text or "").lstrip("·•・-—>›»》◆■□●○▪▸")
    previous = None
    while previous != name:
        previous, name = name, NAME_NOISE.sub("", name)
    return name


def is_agency_name(text: str) -> bool:
    """Whether a link's text names an agency: an agency word at its end and none of the non-agency words."""
    name = clean_name(text)
    if not MIN_NAME <= len(name) <= MAX_NAME:
        return False
    if any(word in name for word in NOT_AGENCIES):
        return False
    if REPORT_TITLE.search(name) or re.search(r"[\d:：，,。;；!！?？]", name):
        return False
    return name.endswith(AGENCY_ENDINGS)


def _tree(html: str) -> etree._Element | None:
    try:
        return etree.fromstring(html or "<html/>", etree.HTMLParser(remove_comments=True))
    except (etree.ParserError, ValueError):
        return None


def _text(node: etree._Element) -> str:
    return re.sub(r"\s+", "", "".join(node.itertext()))


def _link_text(anchor: etree._Element) -> str:
    """An anchor's text, or its title= when the text is cut (四川省发展和改…) or missing (a logo)."""
    text, title = _text(anchor), re.sub(r"\s+", "", anchor.get("title") or "")
    return title if title and (not text or text.endswith(("…", "...")) or len(title) > len(text)) else text


def _in_footer(node: etree._Element) -> bool:
    for parent in node.iterancestors():
        if parent.tag == "footer" or re.search(r"foot|bottom", (parent.get("class") or "") + (parent.get("id") or ""),
                                               re.I):
            return True
    return False


def _headings(tree: etree._Element) -> dict[etree._Element, str]:
    """Each anchor and option → the text of the last heading before it in the page (its group)."""
    current: str | None = None
    found: dict[etree._Element, str] = {}
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag in HEADING_TAGS or "title" in (node.get("class") or "") and node.tag in ("div", "span", "p"):
            text = _text(node)
            if text and len(text) <= MAX_NAME:
                current = text
        elif node.tag in ("a", "option", "select") and current:
            found[node] = current
    return found


def _http(url: str) -> bool:
    return origin(url) is not None


def is_place_text(text: str, section: str | None) -> bool:
    """Whether a link may be a bare place name standing for its government: CJK only, in a list headed as a
    list of governments (市州政府, 区县…); the gazetteer decides whether it is a place."""
    name = clean_name(text)
    return bool(section and GOVERNMENT_SECTION.search(section) and PLACE_TEXT.match(name)
                and not any(word in name for word in NOT_AGENCIES))


def _listed(text: str, target: str, how: str, section: str | None) -> DirectoryLink | None:
    if not _http(target):
        return None
    if is_agency_name(text):
        return DirectoryLink(clean_name(text), target, how, section)
    if how != "footer" and is_place_text(text, section):
        return DirectoryLink(clean_name(text), target, how, section, place=True)
    return None


def directory_links(html: str, url: str) -> list[DirectoryLink]:
    """The agencies a page lists, each site once: anchors (in lists, tables, footers) and `<select>` options
    whose value is a URL, their text an agency name, or a place in a list of governments."""
    tree = _tree(html)
    if tree is None:
        return []
    groups = _headings(tree)
    found: list[DirectoryLink | None] = []
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href:
            footer = _in_footer(anchor)
            found.append(_listed(_link_text(anchor), urljoin(url, href), "footer" if footer else "link",
                                 None if footer else groups.get(anchor)))
    for select in tree.iter("select"):
        options = list(select.iter("option"))
        # its heading, else its prompt (--请选择市州政府--)
        prompt = next((_text(o) for o in options if not (o.get("value") or "").strip()), None)
        section = groups.get(select) or (prompt.strip("-—请选择:：") if prompt else None)
        for option in options:
            value = (option.get("value") or "").strip()
            if value:
                found.append(_listed(_text(option), urljoin(url, value), "select", section))
    seen: set[tuple[str, str]] = set()
    return [link for link in found if link is not None and not ((link.name, site_of(link.url)) in seen
                                                                or seen.add((link.name, site_of(link.url))))]


def site_of(url: str) -> str:
    """scheme://host:port of a URL: a directory lists sites, and one site is one agency."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def towards_directory(text: str) -> int | None:
    """How strongly a link's text leads to a directory of sites (0 best), or None."""
    text = re.sub(r"\s+", "", text)
    if len(text) > 20:
        return None
    for rank, pattern in enumerate(TOWARDS_DIRECTORY):
        if pattern.search(text):
            return rank
    return None


OWNER = re.compile(r"(?:主办单位|主办|网站主办)\s*[:：]\s*([^\s&|，,。<]{4,30})")


def site_owner(html: str) -> str | None:
    """Who runs a site, as its pages say: 主办单位：… in the footer, else the SiteName meta tag."""
    tree = _tree(html)
    if tree is None:
        return None
    owner = OWNER.search(re.sub(r"\u00a0", " ", " ".join(tree.itertext())))
    if owner and is_agency_name(owner.group(1)):
        return clean_name(owner.group(1))
    for meta in tree.iter("meta"):
        if (meta.get("name") or "").lower() == "sitename" and is_agency_name(meta.get("content") or ""):
            return clean_name(meta.get("content") or "")
    return None


def read_directory(html: str, url: str) -> Directory:
    """One page of a portal, as `govreports discover` reads it."""
    tree = _tree(html)
    directory = Directory(agencies=directory_links(html, url), owner=site_owner(html))
    if tree is None:
        return directory
    here = site_of(url)
    best: tuple[int, str] | None = None
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        target = urljoin(url, href)
        if site_of(target) != here or not _http(target):
            continue
        text = _text(anchor) or (anchor.get("title") or "")
        rank = towards_directory(text)
        if rank is not None:
            directory.towards.append((rank, text, target))
        if towards_reports(text) == 0 and (best is None or len(text) < len(best[1])):
            best = (len(text), target)  # the site's own 政府信息公开年报 column: its shortest such link
    directory.towards.sort()
    directory.report_column = best[1] if best else None
    return directory


# -- aggregated 年报 columns -------------------------------------------------------------------

def title_agency(title: str) -> str | None:
    """The agency a report title names (四川省财政厅2024年政府信息公开工作年度报告 → 四川省财政厅), if it names one.

    A short name (市应急局) is a name too: whether it is another agency's is for the caller to judge.
    """
    text = re.sub(r"\s+", "", title or "")
    match = REPORT_TITLE.search(text)
    if not match:
        return None
    before = TITLE_YEAR.sub("", text[: match.start()])
    before = re.split(r"[:：]", GRAPHIC.sub("", before))[-1]  # 图解：… names the report it draws
    previous = None
    while previous != before:
        previous, before = before, TITLE_FILLER.sub("", before)
    return before if is_agency_name(before) else None


def grouped_names(html: str, url: str) -> dict[str, str]:
    """URL → the agency a listing groups it under (a heading naming an agency before it), for listings grouped
    by 部门 and 区县 whose titles say only the year."""
    tree = _tree(html)
    if tree is None:
        return {}
    out: dict[str, str] = {}
    for node, heading in _headings(tree).items():
        if node.tag == "a" and node.get("href") and is_agency_name(heading):
            out.setdefault(urljoin(url, node.get("href").strip()), clean_name(heading))
    return out


AGGREGATED_MIN_AGENCIES = 3  # a column whose reports name this many agencies lists others' reports, not its own


# A name that starts with one of these lacks its place: the column's own agency speaking of itself (市应急局, 本机关).
SELF_REFERENCE = ("市", "县", "区", "省", "州", "旗", "盟", "我", "本")


def spells(name: str, agency: str) -> bool:
    """Whether `name` is a spelling of `agency`: the same, a short form without its place (市应急局), or an
    abbreviation that keeps its characters in order and ends in its last word (平顶山市应急局 of 平顶山市应急管理局,
    四川省发改委 of 四川省发展和改革委员会)."""
    if name == agency or name.startswith(SELF_REFERENCE):
        return True
    if not name or name[-1] not in agency[-3:]:  # 委 of 发改委 in 委员会; 厅 never in 人民政府
        return False
    rest = iter(agency)
    return all(char in rest for char in name)


def entry_agencies(entries: list[tuple[str, str]], groups: dict[str, str], own: str = "") -> dict[str, str | None]:
    """URL → the agency each (title, url) entry is by: its title's name first, else its group's heading;
    None when neither names one, or names `own` (the crawled agency) in one of its spellings."""
    out: dict[str, str | None] = {}
    for title, url in entries:
        name = title_agency(title) or groups.get(url)
        out[url] = None if name and own and spells(name, own) else name
    return out


def is_aggregated(names: dict[str, str | None]) -> bool:
    """Whether a listing's reports are by several agencies (a portal's shared 年报 column): one agency's own
    column names itself, in one or two spellings, if at all."""
    return len({name for name in names.values() if name}) >= AGGREGATED_MIN_AGENCIES


ARTICLE_TITLE = ("articletitle", "title", "dc.title")


def page_title(html: str) -> str | None:
    """A report page's own title: its ArticleTitle meta tag, else its first <h1>, else <title>."""
    tree = _tree(html)
    if tree is None:
        return None
    for meta in tree.iter("meta"):
        if (meta.get("name") or "").lower() in ARTICLE_TITLE and (meta.get("content") or "").strip():
            return meta.get("content").strip()
    for tag in ("h1", "title"):
        for node in tree.iter(tag):
            text = _text(node)
            if text:
                return text
    return None
