"""One document → one `Report`: decode, clean, understand, check.

`ReportParser` holds the read-only resources (OpenCC converter, gazetteer)
built once and reused for every document; parsing itself keeps no state
between documents. Bad input never raises: it gives a Report whose status
and reason say what happened.
"""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin

from govreports.clean import html as html_page
from govreports.clean.blocks import CellRow, Document, Paragraph, Table
from govreports.clean.body import body_lines, find_title, preface_titles, title_at
from govreports.clean.cells import (
    drop_cut_number,
    keep_last_empty_cells,
    mark_blank_cells,
    rejoin_browser_cells,
    rejoin_cell_lines,
    rejoin_pipe_cells,
    split_line,
    split_tab_paragraphs,
)
from govreports.clean.columns import (
    in_columns,
    label_before_values,
    page_of_lines,
    place_in_columns,
    place_review_in_columns,
    rejoin_interleaved_rows,
    rejoin_merged_rows,
    rejoin_split_cells,
    respaced,
    terminal_columns,
)
from govreports.clean.decode import decode_bytes
from govreports.clean.documents.limits import Limits
from govreports.clean.furniture import drop_page_furniture
from govreports.clean.grids import rejoin_grid_rows
from govreports.clean.normalize import (
    Normalizer,
    ascii_width,
    markup_breaks,
    normalize_cell,
    normalize_chars,
    normalize_line,
    normalize_text,
    unify_line_breaks,
)
from govreports.clean.sniff import IMAGES, looks_like_html, sniff
from govreports.dates import iso_date
from govreports.model import Check, PageHints, Region, Report, Tables
from govreports.understand import labels, metadata
from govreports.understand.checks import run_checks
from govreports.understand.labels import TEMPLATE_2019, TEMPLATE_2021
from govreports.understand.region import Gazetteer
from govreports.understand.tables import detect_template, read_tables
from govreports.understand.verdict import not_a_report

log = logging.getLogger(__name__)
PARSER_FAILED = "the parser failed on this document (a bug; govreports reparse reads it again once fixed)"
MAX_REASON = 500  # characters of an error's message kept in a failed report's reason

NO_VALUES = "tables.values"  # the check a report fails when no value of any table was read
NO_TABLE_MARGIN = 2  # marker labels one template must print more than the other where no table was read
ATTACHMENTS = ("pdf", "docx", "doc", "odt", "rtf", *IMAGES)
DATA_URI = re.compile(r"^data:image/[a-z+.-]+;base64,(.*)$", re.I | re.S)
MAX_SHOWN_ADDRESS = 200  # characters of a picture's address in a reason (a data: URI can be megabytes)
UNSUPPORTED = {
    "zip": "a ZIP archive is not a report document",
    "binary": "binary content that is neither a page nor a supported document",
    "empty": "the document is empty",
}


@dataclass
class Layout:
    """A document reduced to what understanding needs."""

    lines: list[str]  # every normalized line, chrome included
    rows: list[CellRow]  # every line as cells, in reading order
    body: list[str]  # the report body
    hints: PageHints = field(default_factory=PageHints)
    kind: str = "text"
    pictures: list[html_page.Picture] = field(default_factory=list)  # a page's <img>, where they stand


def template_for_year(year: int | None) -> str | None:
    """The template a year's report should follow, when its labels do not say."""
    if year is None or year < 2019:
        return None
    return TEMPLATE_2021 if year >= 2021 else TEMPLATE_2019


@dataclass
class ReportParser:
    normalizer: Normalizer = field(default_factory=Normalizer)
    gazetteer: Gazetteer = field(default_factory=Gazetteer.load)
    limits: Limits | None = None  # attachment limits; None: the defaults
    prose_options: html_page.Extractor = field(default_factory=html_page.prose_options)  # trafilatura's, read-only

    # -- layouts -------------------------------------------------------
    def text_layout(self, text: str) -> Layout:
        """Captured text: cells are cut from each line before its spaces are squeezed.

        Lines that print only a page number go first: between a table's rows they would join one. Line breaks
        (markup's <br> too) and full-width ASCII are made plain first: a text saved with CRLF, or
        printing ０ and ｜, is the same table (the row rebuilding below reads `|` at a line's end and digits as
        values). A text laid out in a terminal's columns (pandoc, w3m) is re-spaced first, while its wide
        characters still say where its words stand."""
        text = drop_page_furniture(markup_breaks(unify_line_breaks(text)))
        terminal = terminal_columns(text)
        if terminal:
            text = respaced(text)
        text = drop_cut_number(ascii_width(text))
        text = keep_last_empty_cells(split_tab_paragraphs(rejoin_grid_rows(text)))
        text = rejoin_pipe_cells(rejoin_cell_lines(mark_blank_cells(rejoin_browser_cells(text))))
        clean = self.normalizer.simplify(normalize_chars(text))
        raw = clean.split("\n")
        if in_columns(clean):
            raw = rejoin_merged_rows(rejoin_split_cells(rejoin_interleaved_rows(label_before_values(raw))))
            raw = place_in_columns(raw, page_of_lines(text), terminal)
            raw = place_review_in_columns(raw, terminal)
        lines = [normalize_line(line) for line in raw]
        rows = [row for line in raw if (row := split_line(line))]
        return Layout(lines, rows, body_lines(lines))

    def html_layout(self, text: str) -> Layout:
        # A page cut inside a cell (…<td><p>7) may be cut through its number, as a text may.
        text = self.normalizer.simplify(drop_cut_number(text))  # once for the page: markup is ASCII, untouched
        tree = html_page.load_html(text)
        walk = html_page.walk_page(tree, normalize_cell)
        hints = html_page.page_hints(tree, normalize_cell)
        prose = normalize_text(html_page.article_text(html_page.prose_tree(tree), self.prose_options)).split("\n")
        if not any(prose):
            log.debug("trafilatura found no article; the body falls back to the page's own lines")
            prose = walk.prose
        title = metadata.choose_title(hints.titles)
        return Layout(walk.lines, walk.rows, body_lines(prose, title), hints, "html", walk.pictures)

    def document_layout(self, document: Document) -> Layout:
        """An extracted attachment (DOCX, PDF, DOC): blocks walked like a page."""
        texts = [block.text for block in document.blocks if isinstance(block, Paragraph)]
        texts += [text for block in document.blocks if isinstance(block, Table) for row in block.rows
                  for text, _ in row]
        # One OpenCC pass over the whole document, as for a page.
        simple = iter(self.normalizer.simplify("\n".join(t.replace("\n", " ") for t in texts)).split("\n"))
        paragraphs = [next(simple) for block in document.blocks if isinstance(block, Paragraph)]
        walk = html_page.PageWalk(normalize_cell, collapse=False)
        lines = iter(paragraphs)
        for block in document.blocks:
            if isinstance(block, Table):
                walk.grid([[(normalize_cell(next(simple)), copy) for _, copy in row] for row in block.rows],
                          block.confidence)
            else:
                walk.paragraph(next(lines), block.confidence)
        hints = PageHints(titles=[self.normalizer.cell(document.title)] if document.title else [])
        return Layout(walk.lines, walk.rows, body_lines(walk.prose), hints, document.kind)

    # -- understanding -------------------------------------------------
    def is_full_name(self, name: str) -> bool:
        """An agency name that says where it is (a county or above resolves by the codes' names: a town's name
        alone is not a full name, nor its office's, nor a short name such as 甘南州's) and what it is (its suffix)."""
        region = self.gazetteer.region(name, loose=False)
        return bool(region.province or region.county) and bool(metadata.AGENCY_SUFFIX.search(name))

    def understand(self, layout: Layout, url: str | None = None) -> Report:
        head = metadata.header_metadata(layout.lines)
        header = head.metadata
        body_title_at = find_title(layout.body)
        body_title = title_at(layout.body, body_title_at) if body_title_at is not None else None
        prefaced = preface_titles(layout.body)
        preface, preface_agency = self._preface(prefaced)
        title = metadata.choose_title([head.title, body_title, *layout.hints.titles, preface])
        signed_by, signed_on = metadata.signature(layout.body)
        hint_date = next((d for d in map(iso_date, layout.hints.dates) if d), None)
        # A page that prints only the document's own date (成文日期, 发文日期) is dated by it, as by a signature.
        publish_date = head.publish_date or hint_date or signed_on or iso_date(header.created_date or "")
        from_title = metadata.title_agency(title, self.gazetteer.government)
        # A 发布机构 that does not name its place (办公室, 1) is no agency name.
        issuer = self._full_name(header.issuer)
        agency = metadata.choose_agency(
            [signed_by, from_title, issuer, preface_agency,
             next(filter(None, map(self._full_name, metadata.opening_agencies(layout.body))), None),
             self._full_name(metadata.compiling_agency(layout.body, self.gazetteer.government)),
             next(filter(None, map(self._full_name, metadata.contact_agencies(layout.body))), None),
             metadata.host_agency(layout.lines),
             *layout.hints.site_names],
            self.is_full_name,
        ) or metadata.named_town(layout.body)  # a town's name is never a full name: it stands only where none does
        if agency and not self.is_full_name(agency):
            agency = signed_by or from_title or agency
        if agency and from_title and metadata.TOWN_AGENCY.match(from_title) and from_title not in agency:
            # A town's report on its county's portal: the portal's 发布机构 (镇安县政府) is not the town; the fullest
            # name the text gives the town (茅坪回族镇人民政府) is.
            agency = max((name for name in (from_title, *metadata.opening_agencies(layout.body)) if from_title in name),
                         key=len)
        elif agency and agency == issuer and from_title and metadata.AGENCY_SUFFIX.search(from_title) \
                and metadata.is_government(agency) and not metadata.is_government(from_title) \
                and from_title not in agency:
            # A body's report on its government's portal (辽滨沿海经济技术开发区管理委员会…, 发文机关 盘锦市政府): the title's.
            agency = from_title
        agency = metadata.office_of_titled(metadata.unabbreviated(agency, layout.body), from_title)
        text = "\n".join(layout.body)
        if agency:
            # The government's name a town's text prints, or its page's 来源/发布机构 line (来源: 长沙县江背镇人民政府).
            printed = "\n".join(filter(None, (text, header.source, header.issuer)))
            agency = self.gazetteer.qualified(metadata.formal_town(metadata.undoubled(agency), printed))
        # The 信息来源 a page names (兴化市竹泓镇) places a town whose title names it alone (竹泓镇); a title the preface
        # names (《益阳市大通湖区2019年度…》) places one whose own title does not (大通湖区2019年度…).
        region = self._region(agency, title, header.issuer, header.source, *prefaced)
        year = metadata.report_year(title, text, publish_date)
        named = labels.named_tables("\n".join(layout.lines))
        reading = read_tables(layout.rows, detect_template(layout.rows), template_for_year(year))
        tables = reading.tables
        # No table read: the labels say the template only clearly (a menu prints 行政规范性文件), else the year does.
        template = reading.template if tables else (detect_template(layout.rows, margin=NO_TABLE_MARGIN)
                                                    or template_for_year(year) or detect_template(layout.rows))
        report = Report(
            title=title, agency=agency, region=region, year=year, publish_date=publish_date,
            metadata=header, template=template, tables=tables,
            checks=run_checks(tables, template, text, named) + reading.checks, text=text, url=url,
            document_type=layout.kind, ocr=read_by_ocr(tables),
        )
        if lacks_values(tables):  # no table, or tables printed empty (a blank form): is it a report at all?
            reason = not_a_report(title, text)
            if reason:
                report.status, report.reason, report.checks = "not_a_report", reason, []
                # No report's year or template: a year only as the text states it, never guessed from the date.
                report.tables, report.template = {}, None
                report.year = metadata.report_year(title, text, None)
            elif all(check.ok for check in report.checks):
                # A report none of whose numbers were read (cut off, printed as sentences), and no check said so.
                report.checks.append(Check(NO_VALUES, False, None, 0))
        if report.status == "parsed" and (year_check := metadata.year_check(title, text)) and not year_check.ok:
            report.checks.append(year_check)  # like tables.values, said only when it fails: no identity of the tables
        return report

    def _full_name(self, name: str | None) -> str | None:
        """`name` when it is an agency's full name (a 发布机构 办公室 is not; the office that compiled a town's
        report is not the town)."""
        return name if name and self.is_full_name(name) else None

    def _preface(self, titles: list[str]) -> tuple[str | None, str | None]:
        """The first title a preface sentence names (`titles`) that starts with the agency's full name (not 本级…,
        区统计局…), or a town's (连生乡人民政府), and that agency. A preface may cite the notice it answers first
        (《…关于做好2021年…年度报告…的通知》)."""
        for title in titles:
            named = metadata.title_agency(title, self.gazetteer.government)
            agency = self._full_name(named) or (named if named and metadata.TOWN_AGENCY.match(named) else None)
            if agency:
                return title, agency
        return None, None

    def _region(self, *names: str | None) -> Region:
        """The place of the first name that has one; but where that place is guessed from a zone's or a town's name
        (东湖高新区 → 南昌市东湖区) and a later name spells out another city's (武汉东湖新技术开发区…), that one."""
        guessed: Region | None = None
        for name in filter(None, names):
            region = self.gazetteer.region(name)
            if not (region.province or region.county):
                continue
            spelled = self.gazetteer.spells(name)
            if guessed is None:
                if spelled:
                    return region
                guessed = region
            elif spelled and (region.province, region.city) != (guessed.province, guessed.city):
                return region
        return guessed or Region()

    # -- entry points --------------------------------------------------
    def parse_document(self, document: Document, url: str | None = None) -> Report:
        """An attachment already extracted into blocks."""
        report = self.understand(self.document_layout(document), url)
        if document.needs_ocr and not report.tables:
            report.status = "needs_ocr"
            report.reason = f"no text layer for the tables ({document.pages or '?'} pages): OCR needed"
            if document.ocr_unavailable:
                report.reason += f", and not run: {document.ocr_unavailable}"
        elif document.ocr and not report.tables and report.status == "parsed":
            report.reason = "read by OCR: no statistical table found in the pictures"
        return report

    def parse_attachment(self, data: bytes, kind: str, url: str | None = None) -> Report:
        """A PDF, DOCX or DOC/WPS file: extracted within the limits, then parsed like a page."""
        from govreports.clean.documents import DocumentRefused, extract

        try:
            document = extract(data, kind, self.limits)
        except DocumentRefused as refused:
            log.warning("%s: %s refused: %s", url or "document", kind, refused.reason)
            return failed(refused.reason, url, kind)
        return self.parse_document(document, url)

    def parse_text(self, text: str, url: str | None = None, images: Mapping[str, bytes] | None = None) -> Report:
        """A decoded document: HTML markup or plain text (`images`: see `parse_bytes`)."""
        if not text.strip():
            return failed(UNSUPPORTED["empty"], url, "empty")
        layout = self.html_layout(text) if looks_like_html(text) else self.text_layout(text)
        report = self.understand(layout, url)
        if layout.pictures and lacks_tables(report):
            return self.read_pictures(layout, report, url, images or {})
        return report

    # -- tables printed as pictures in a page ------------------------------
    def read_pictures(self, layout: Layout, report: Report, url: str | None, images: Mapping[str, bytes]) -> Report:
        """The page read again with the tables of its body's pictures, when its text lacks a table it announces.

        A picture is taken from `images` (by its absolute URL, or its `src`
        as written) or from a data: URI. Pictures in the body that were not
        given are listed in `wanted_images`, for the crawler to fetch. A
        picture that cannot be read (damaged, too large, over the OCR time)
        is named in `reason`; the page keeps what its text gave.
        """
        from govreports.clean import ocr
        from govreports.clean.documents.image import picture_tables
        from govreports.clean.documents.limits import (
            DEFAULT_LIMITS,
            Deadline,
            DocumentRefused,
        )

        limits = self.limits or DEFAULT_LIMITS
        wanted, given = [], []
        for picture in body_pictures(layout):
            address = urljoin(url or "", picture.src) if not picture.src.startswith("data:") else picture.src
            data = images.get(address) or images.get(picture.src) or data_uri(picture.src)
            if data is None:
                wanted.append(address)
            else:
                given.append((picture, address, data))
        report.wanted_images = wanted
        if not given:
            return report
        budget = Deadline(limits.max_ocr_seconds)
        found: list[tuple[html_page.Picture, list[Table]]] = []
        notes = []
        for picture, address, data in given[:limits.max_ocr_pages]:
            label = address if len(address) <= MAX_SHOWN_ADDRESS else address[:MAX_SHOWN_ADDRESS] + "…"
            try:
                found.append((picture, picture_tables(data, limits, budget)))
            except ocr.OcrUnavailable as why:
                notes.append(f"tables printed as pictures not read: {why.reason}")
                break
            except DocumentRefused as refused:
                log.warning("%s: picture %s not read: %s", url or "page", label, refused.reason)
                notes.append(f"picture {label} not read: {refused.reason}")
        if len(given) > limits.max_ocr_pages:
            notes.append(f"{len(given) - limits.max_ocr_pages} pictures not read: above the OCR limit of "
                         f"{limits.max_ocr_pages} pictures a page")
        if any(tables for _, tables in found):
            report = self.understand(with_pictures(layout, found), url)
            report.wanted_images = wanted
        if notes:
            report.reason = "; ".join(notes)
        return report

    def parse_bytes(self, data: bytes, url: str | None = None, content_type: str | None = None,
                    registered_agency: str | None = None, images: Mapping[str, bytes] | None = None) -> Report:
        """A document as fetched: sniffed, decoded, parsed.

        `registered_agency`: the registry agency a crawl fetched it for; the
        agency the document names is checked against it (agency.registry).
        `images`: the pictures a page's body shows, by URL (what the report's
        `wanted_images` listed, fetched): a table the text announces and
        lacks is read from them by OCR. Never raises: a document one of the
        steps fails on (a bug, found on a shape no test has) is a `failed`
        report naming the error, logged with its traceback, so that it is
        stored, counted and read again by `govreports reparse` once fixed.
        """
        try:
            report = self._parse_bytes(data, url, content_type, images)
        except Exception as error:  # noqa: BLE001 - one document's failure must not lose it, nor stop a crawl
            log.exception("%s: the parser failed on this document; it is kept as failed", url or "document")
            return failed(f"{PARSER_FAILED}: {type(error).__name__}: {error}"[:MAX_REASON], url, "unknown")
        if registered_agency and report.status == "parsed" and report.agency:
            report.checks.append(metadata.registry_check(report.agency, registered_agency))
        return report

    def _parse_bytes(self, data: bytes, url: str | None, content_type: str | None,
                     images: Mapping[str, bytes] | None) -> Report:
        kind = sniff(data)
        if kind in ATTACHMENTS:
            return self.parse_attachment(data, kind, url)
        if kind in UNSUPPORTED:
            log.warning("%s: %s", url or "document", UNSUPPORTED[kind])
            return failed(UNSUPPORTED[kind], url, kind)
        decoded = decode_bytes(data, content_type)
        log.debug("%s decoded as %s (%s)", url or "document", decoded.encoding, decoded.method)
        report = self.parse_text(decoded.text, url, images)
        report.encoding = decoded.encoding
        return report


def lacks_values(tables: Tables) -> bool:
    """No cell of any table prints a value (none read, or all printed empty)."""
    return not any(cell.value is not None for rows in tables.values() for cells in rows.values()
                   for cell in cells.values())


def lacks_tables(report: Report) -> bool:
    """Whether the text announces a table (a heading, a label only it prints) that it does not print whole."""
    return any(check.check.endswith(".complete") and not check.ok for check in report.checks)


def body_pictures(layout: Layout) -> list[html_page.Picture]:
    """The page's pictures that stand among its body's lines: not the logo above it, nor the badges below."""
    body = set(layout.body)
    inside = [k for k, line in enumerate(layout.lines) if line in body]
    if not inside:
        return []
    return [p for p in layout.pictures if inside[0] < p.line <= inside[-1] + 1]


def data_uri(src: str) -> bytes | None:
    """The bytes of a picture written into the page (data:image/png;base64,…), or None."""
    match = DATA_URI.match(src)
    if match is None:
        return None
    try:
        return base64.b64decode(match.group(1), validate=False)
    except ValueError:
        return None


def with_pictures(layout: Layout, found: list[tuple[html_page.Picture, list[Table]]]) -> Layout:
    """The page's lines and rows with each picture's tables put where the picture stands."""
    lines, rows = list(layout.lines), list(layout.rows)
    for picture, tables in sorted(found, key=lambda item: item[0].line, reverse=True):
        walk = html_page.PageWalk(normalize_cell, collapse=False)
        for table in tables:
            walk.grid([[(normalize_cell(text), copy) for text, copy in row] for row in table.rows], table.confidence)
        lines[picture.line:picture.line] = walk.lines
        rows[picture.row:picture.row] = walk.rows
    return replace(layout, lines=lines, rows=rows)


def read_by_ocr(tables: Tables) -> bool:
    """Whether any table value was read from a picture (it then carries OCR's confidence)."""
    return any(cell.confidence is not None for rows in tables.values() for cells in rows.values()
               for cell in cells.values())


def failed(reason: str, url: str | None, document_type: str) -> Report:
    """A document that could not be parsed at all, with the reason why."""
    return Report(url=url, status="failed", reason=reason, document_type=document_type)
