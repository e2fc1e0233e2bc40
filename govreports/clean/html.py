"""HTML → the page's lines, its cell rows, its markup hints and its body.

Statistical tables are read from the page's own `<table>` markup, with
rowspan/colspan expanded into a grid (trafilatura's table output pads merged
cells and drops empty ones, which shifts columns). Prose comes from
trafilatura, which knows page chrome from article text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Extractor

from govreports.clean.blocks import CellRow, ConfidenceGrid, Grid
from govreports.clean.cells import split_line
from govreports.clean.header import is_bare_label
from govreports.clean.normalize import normalize_chars
from govreports.model import PageHints

log = logging.getLogger(__name__)

SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "select", "iframe", "svg",
                       "object", "embed", "button", "textarea"})
BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "td", "th",
                        "table", "section", "article", "header", "footer", "nav", "aside", "main", "dl", "dt",
                        "dd", "blockquote", "pre", "form", "center", "br", "hr", "tbody", "thead", "caption"})
MAX_SPAN = 60
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
TITLE_META = ("ArticleTitle", "og:title", "title")
DATE_META = ("PubDate", "pubdate", "publishdate", "firstpublishedtime", "article:published_time", "DC.date")
SITE_META = ("SiteName", "og:site_name", "sitename")
TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||--|—|-)\s*")
SOURCE_WHITESPACE = re.compile(r"[ \t\n\r\f]+")  # collapsible in HTML; NBSP and U+3000 are not
SOURCE_BLANKS = " \t\n\r\f"  # what a blank stretch of source is made of (each becomes a space, then none)


TAG = re.compile(r"<[^>]*>")
# Container tags a flattened page loses (its tables, paragraphs and line breaks stay).
CONTAINERS = re.compile(r"</?(?:div|span|section|article|main|aside|header|footer|nav|center|font|form|ul|ol|li|"
                        r"dl|dt|dd|blockquote|b|i|u|em|strong|a|label|small|big)\b[^>]*>", re.I)
LOST_SHARE = 0.5  # a tree holding less than this share of the source's text lost some of it
MIN_CHECKED = 2000  # characters: shorter pages are not checked
# What libxml2 logs when it stops reading a page (the rest of its text is lost): its depth limit, a fatal error.
FATAL, RESOURCE_LIMIT = etree.ErrorLevels.FATAL, etree.ErrorTypes.ERR_RESOURCE_LIMIT


# lxml.html's element classes (what trafilatura reads) without its per-tag lookup, a Python call on every node.
HTML_CLASSES = etree.ElementDefaultClassLookup(element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
                                               pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity)


def _parser() -> etree.HTMLParser:
    # huge_tree lifts libxml2's 256-level depth limit (to about 2,000 levels)
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
    parser.set_element_class_lookup(HTML_CLASSES)
    return parser


def _parse(text: str) -> tuple[etree._Element | None, bool]:
    """The tree, and whether libxml2 stopped reading early (its depth limit, or a fatal error)."""
    parser = _parser()
    try:
        tree = etree.fromstring(text or "<html></html>", parser)
    except (etree.ParserError, ValueError):
        return None, True
    return tree, any(e.level >= FATAL or e.type == RESOURCE_LIMIT for e in parser.error_log)


def load_html(text: str) -> etree._Element:
    """Parse a decoded page; broken markup is repaired, never fatal, and no text is lost.

    lxml.html's elements, so that trafilatura reads the same tree (without
    the data tables) instead of a serialization it would parse again. A
    page nested deeper than libxml2 follows comes back with its text cut
    off: it is then read again with its container tags dropped. The text
    is counted only when libxml2 says it stopped early (counting it is a
    pass over the whole source, 3% of a parse).
    """
    if match := XML_DECLARATION.match(text):
        text = text[match.end():]
    tree, stopped = _parse(text)
    if stopped and len(text) >= MIN_CHECKED:
        source = len(TAG.sub("", text))
        if tree is None or len(_STRING(tree)) < LOST_SHARE * source:
            log.warning("page nested too deep for the HTML parser (%s of %s characters read): read without its "
                        "container tags", len(_STRING(tree)) if tree is not None else 0, source)
            tree, _ = _parse(CONTAINERS.sub("\n", text))
    return tree if tree is not None else etree.fromstring("<html><body></body></html>", _parser())


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        return max(1, min(MAX_SPAN, int(str(value).strip() or 1)))
    except ValueError:
        return 1


_STRING = etree.XPath("string()")  # compiled, thread-safe, immutable: C-level text join


def _cell_text(cell: etree._Element) -> str:
    """The text of the element and its descendants, as XPath's string() gives it: serialized as text in C, three
    times as fast as an XPath call (a page has hundreds of cells, most holding a <p> or <span>)."""
    return etree.tostring(cell, method="text", encoding="unicode", with_tail=False)


def _rows(table: etree._Element) -> list[etree._Element]:
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if c.tag == "tr")
    return rows


def table_grid(table: etree._Element, clean: Callable[[str], str]) -> Grid:
    """Rows of (text, is_copy) with every merged cell repeated where it spans."""
    grid: Grid = []
    carried: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(_rows(table)):
        row: list[tuple[str, bool]] = []
        col = 0
        for cell in (c for c in tr if c.tag in ("td", "th")):
            while carried and (r, col) in carried:
                row.append((carried.pop((r, col)), True))
                col += 1
            text = clean(_cell_text(cell))
            colspan, rowspan = cell.get("colspan"), cell.get("rowspan")
            if colspan is None and rowspan is None:  # most cells: spanning nothing
                row.append((text, False))
                col += 1
                continue
            colspan, rowspan = _span(colspan), _span(rowspan)
            for dc in range(colspan):
                row.append((text, dc > 0))
                for dr in range(1, rowspan):
                    carried[(r + dr, col + dc)] = text
            col += colspan
        while carried and (r, col) in carried:
            row.append((carried.pop((r, col)), True))
            col += 1
        grid.append(row)
    return grid


def _header_row_line(row: list[tuple[str, bool]]) -> str:
    """A table row as one line; a bare label cell (索引号) gets its colon back."""
    parts = []
    for text, copy in row:
        if copy or not text:
            continue
        if is_bare_label(text) and not text.rstrip().endswith((":", "：")):
            text += ":"
        parts.append(text)
    return " ".join(parts)


@dataclass(frozen=True)
class Picture:
    """An <img> of the page and where it stands among the page's lines and cell rows."""

    src: str
    line: int  # index in `PageWalk.lines` of the first line after it
    row: int  # index in `PageWalk.rows` of the first row after it


@dataclass
class PageWalk:
    """Lines and cell rows of a page, in document order.

    `collapse`: the text comes from HTML source, where runs of spaces and
    line breaks are layout of the source file, not of the page; only NBSP
    and ideographic spaces separate cells there.
    """

    clean: Callable[[str], str]
    collapse: bool = True
    lines: list[str] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)  # lines outside data tables
    rows: list[CellRow] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)  # <img> elements, in document order

    def flush(self, confidence: float | None = None) -> None:
        """The buffered text as a line; `confidence`: OCR's, when it was read from a picture."""
        raw = "".join(self.buffer)
        self.buffer.clear()
        if not raw.strip(SOURCE_BLANKS):  # a source's indentation between two blocks: `clean` gives no line
            return
        text = self.clean(raw)
        if not text:
            return
        self.lines.append(text)
        self.prose.append(text)
        if self.collapse:
            raw = SOURCE_WHITESPACE.sub(" ", raw)
        row = split_line(normalize_chars(raw).replace("\n", " "))
        if row is not None:
            if confidence is not None:
                row = replace(row, confidence=(confidence,) * len(row.cells))
            self.rows.append(row)

    def table(self, table: etree._Element) -> None:
        self.grid(table_grid(table, self.clean))

    def grid(self, grid: Grid, confidence: ConfidenceGrid | None = None) -> None:
        """A table's rows: a header line each, and a grid row each (with OCR's confidences, if it was read)."""
        for r, row in enumerate(grid):
            if not any(text for text, _ in row):
                continue
            self.lines.append(_header_row_line(row))
            self.rows.append(CellRow(tuple(text for text, _ in row), grid=True,
                                     copies=frozenset(k for k, (_, copy) in enumerate(row) if copy),
                                     confidence=confidence[r] if confidence is not None else None))

    def paragraph(self, text: str, confidence: float | None = None) -> None:
        self.buffer.append(text)
        self.flush(confidence)

    def visit(self, root: etree._Element) -> None:
        """Every element in document order, walked by lxml (no recursion: a page nested 2,000 deep is walked too;
        half the time of a walk with a stack of its own)."""
        closes: list[bool] = []  # per element entered: whether leaving it ends a line (a block)
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, element in walker:
            if event == "end":
                if closes.pop():
                    self.flush()
                if element.tail and element is not root:
                    self.buffer.append(element.tail)
                continue
            tag = element.tag if isinstance(element.tag, str) else ""
            if tag in SKIP_TAGS or not tag:
                self._skip(walker, closes)
                continue
            if tag == "table" and next(element.iterdescendants("table"), None) is None:
                self.flush()
                self.table(element)
                self._skip(walker, closes)
                continue
            if tag == "img":
                # Not a line break: text around an inline picture stays one line, the picture after it.
                src = (element.get("src") or element.get("data-src") or element.get("oldsrc") or "").strip()
                pending = 1 if "".join(self.buffer).strip() else 0
                if src:
                    self.pictures.append(Picture(src, len(self.lines) + pending, len(self.rows) + pending))
                self._skip(walker, closes)
                continue
            block = tag in BLOCK_TAGS
            if block:
                self.flush()
            closes.append(block)
            if element.text:
                self.buffer.append(element.text)

    @staticmethod
    def _skip(walker: etree.iterwalk, closes: list[bool]) -> None:
        """Not into this element (its tail is read when it is left), and no line ends there."""
        walker.skip_subtree()
        closes.append(False)


def walk_page(tree: etree._Element, clean: Callable[[str], str]) -> PageWalk:
    """Every visible line and cell row of the page body."""
    walk = PageWalk(clean)
    body = tree.find("body")
    walk.visit(body if body is not None else tree)
    walk.flush()
    return walk


def page_hints(tree: etree._Element, clean: Callable[[str], str]) -> PageHints:
    """Title, date and site name as the markup states them: its <meta> contents, first <h1>/<h2> headings and
    <title>, found in one pass over the tree (a pass each was 1% of a parse)."""
    metas: dict[str, list[str]] = {}  # <meta> contents by name or property, in document order
    headings: list[etree._Element] = []
    page_title = None
    for node in tree.iter("meta", "h1", "h2", "title"):
        if node.tag == "meta":
            key = node.get("name") or node.get("property")
            content = (node.get("content") or "").strip()
            if key and content:
                metas.setdefault(key, []).append(content)
        elif node.tag == "title":
            page_title = (node.text or "") if page_title is None else page_title
        elif len(headings) < 3:
            headings.append(node)
    titles = _meta(metas, TITLE_META) + [_cell_text(h) for h in headings]
    parts = [p for p in TITLE_SEPARATORS.split((page_title or "").strip()) if p]
    titles += parts[:1]
    sites = _meta(metas, SITE_META) + parts[1:]
    return PageHints(
        titles=[t for t in (clean(x) for x in titles) if t],
        dates=_meta(metas, DATE_META),
        site_names=[s for s in (clean(x) for x in sites) if s],
    )


def _meta(metas: dict[str, list[str]], names: tuple[str, ...]) -> list[str]:
    return [content for name in names for content in metas.get(name, [])]


def prose_tree(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The page as trafilatura reads it: without its data tables and its <head>. Mutates tree.

    The tables are read from the grid already; leaving them out halves
    trafilatura's time and keeps their cells out of the prose. The head
    holds no prose, only scripts and styles trafilatura would copy three
    times and then clean away; what it reads there is metadata (off) and a
    forum's schema.org posting (no government page is a forum thread).
    """
    for table in [t for t in tree.iter("table") if next(t.iterdescendants("table"), None) is None]:
        # Emptied in place, not removed: its tail stays where it was without being re-set
        # (lxml refuses to re-set text holding control characters the parser let through).
        table.clear(keep_tail=True)
        table.tag = "span"
    head = tree.find("head")
    if head is not None:
        tree.remove(head)
    return tree


def prose_options() -> Extractor:
    """article_text's trafilatura options, built once per parser: built at each call from its keywords, they read
    trafilatura's config file's values again (a tenth of the call)."""
    return Extractor(
        tables=False,
        comments=False,
        images=False,
        formatting=False,
        recall=True,
        fast=True,  # no readability/jusText comparison: 2x faster, same text on CMS pages
        dedup=False,
        with_metadata=False,
    )


def article_text(html: lxml.html.HtmlElement, options: Extractor | None = None) -> str:
    """The article's prose by trafilatura: headings and byline kept, tables left out.

    '' when trafilatura finds none, or gives up on the page (its tree walk
    is recursive): the body then comes from the page's own lines. trafilatura
    never changes `options` (a run that needs others copies them).
    """
    try:
        text = trafilatura.extract(html, options=options or prose_options())
    except RecursionError:
        log.warning("trafilatura cannot walk this page (nested too deep): the body comes from its lines")
        return ""
    return text or ""
