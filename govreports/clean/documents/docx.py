"""DOCX → blocks: the body's paragraphs and tables in document order, merged cells expanded.

The body is walked in its own XML order, so a table stays between the
paragraphs that introduce and follow it. Text comes from the runs Word
displays: deleted revisions, field instructions and the VML fallback copy of
text boxes are skipped, so no `[bookmark: …]`, `PAGE \\* MERGEFORMAT` or
doubled text reaches the parser. Merged cells are expanded from gridSpan
and vMerge the way html.table_grid expands colspan and rowspan.
"""

from __future__ import annotations

import io
import logging
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from govreports.clean.blocks import Block, Document, Grid, Paragraph, Table
from govreports.clean.documents.limits import (
    DEFAULT_LIMITS,
    Deadline,
    DocumentRefused,
    Limits,
    check_size,
)
from govreports.clean.documents.text import join_wrapped, tab_rows

log = logging.getLogger(__name__)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = map(_w, ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml"))
T, TAB, BR, CR, DEL, MOVE_FROM, INSTR, TXBX = map(_w, ("t", "tab", "br", "cr", "del", "moveFrom", "instrText",
                                                       "txbxContent"))
DEL_TEXT, NO_BREAK_HYPHEN, DRAWING, PICT, JC = map(_w, ("delText", "noBreakHyphen", "drawing", "pict", "jc"))
FALLBACK = f"{{{MC}}}Fallback"
EXTENT = f"{{{WP}}}extent"
SKIPPED = frozenset({DEL, MOVE_FROM, INSTR, DEL_TEXT, FALLBACK, _w("rPr"), _w("pPr")})
WRAPPERS = frozenset({SDT, SDT_CONTENT, CUSTOM_XML, _w("smartTag")})  # content inside counts as if unwrapped
MAX_DEPTH = 16  # nested tables and wrappers; deeper is either hostile or garbage
LARGE_IMAGE_EMU = 3_600_000  # 10 cm wide: a table or page pasted as a picture, not a seal or logo
BREAK = "\n"
CHECK_EVERY = 200  # body elements between two looks at the clock


# -- the zip, before anything inflates it -----------------------------------

def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse a zip bomb from its central directory, before a byte is inflated.

    zipfile never inflates an entry past the size the directory declares (a
    lying entry fails its CRC instead), so the declared sizes bound memory.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise DocumentRefused(f"damaged DOCX: not a readable zip archive ({error})") from None
    if len(entries) > limits.max_zip_entries:
        raise DocumentRefused(f"DOCX has {len(entries):,} zip entries, above the limit of {limits.max_zip_entries:,}")
    inflated = sum(entry.file_size for entry in entries)
    if inflated > limits.max_unzipped_bytes:
        raise DocumentRefused(f"DOCX would inflate to {inflated:,} bytes, above the limit of "
                              f"{limits.max_unzipped_bytes:,} bytes (zip bomb?)")
    xml = sum(entry.file_size for entry in entries if entry.filename.endswith((".xml", ".rels")))
    if xml > limits.max_xml_bytes:
        raise DocumentRefused(f"DOCX has {xml:,} bytes of XML, above the limit of {limits.max_xml_bytes:,} bytes")


def _pages(data: bytes) -> int | None:
    """The page count the authoring program saved in docProps/app.xml (Word and WPS keep it current;
    a generator such as python-docx leaves its template's value), when there is one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("docProps/app.xml")
        pages = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True)).find(f"{{{EP}}}Pages")
        return int(pages.text) if pages is not None and pages.text else None
    except (KeyError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile):
        return None


# -- paragraphs -------------------------------------------------------------

@dataclass
class Walk:
    """What the body walk collects: blocks in order, and the pictures it passed."""

    deadline: Deadline
    blocks: list[Block] = field(default_factory=list)
    large_images: int = 0
    data_tables: int = 0
    visited: int = 0  # body elements walked, for the time checks


def _run_text(p: etree._Element, walk: Walk, boxes: list[etree._Element]) -> str:
    """A paragraph's displayed text; line breaks as \\n, text boxes set aside."""
    parts: list[str] = []
    stack = list(reversed(p))
    while stack:
        element = stack.pop()
        tag = element.tag
        if not isinstance(tag, str) or tag in SKIPPED:
            continue
        if tag == T:
            parts.append(element.text or "")
        elif tag == TAB:
            parts.append("\t")
        elif tag in (BR, CR):
            parts.append(BREAK)
        elif tag == NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag == TXBX:
            boxes.append(element)
        else:
            if tag == EXTENT and _int(element.get("cx")) >= LARGE_IMAGE_EMU:
                walk.large_images += 1
            stack.extend(reversed(element))
    return "".join(parts)


def _centered(p: etree._Element) -> bool:
    jc = p.find(f"{_w('pPr')}/{JC}")
    return jc is not None and jc.get(_w("val")) == "center"


def paragraph(p: etree._Element, walk: Walk, depth: int) -> None:
    """One w:p: a line break splits it into paragraphs, except in a centered title."""
    boxes: list[etree._Element] = []
    text = _run_text(p, walk, boxes)
    lines = [text.replace(BREAK, "")] if _centered(p) else text.split(BREAK)
    walk.blocks.extend(Paragraph(line) for line in lines if line.strip())
    for box in boxes:
        body(box, walk, depth + 1)


def _cell_lines(container: etree._Element, walk: Walk, depth: int = 0) -> Iterator[str]:
    """Lines of a cell's paragraphs and their text boxes (each box once, not its VML copy)."""
    if depth > MAX_DEPTH:
        return
    for child in container:
        if child.tag == P:
            boxes: list[etree._Element] = []
            yield from _run_text(child, walk, boxes).split(BREAK)
            for box in boxes:
                yield from _cell_lines(box, walk, depth + 1)
        elif child.tag in WRAPPERS:
            yield from _cell_lines(child, walk, depth + 1)


def cell_text(tc: etree._Element, walk: Walk) -> str:
    """A cell's paragraphs joined: labels wrapped in narrow cells read as one."""
    return join_wrapped(_cell_lines(tc, walk))


# -- tables -----------------------------------------------------------------

def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with this tag, looking through content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            yield from _children(child, tag)


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _int_prop(element: etree._Element, path: str, default: int, low: int = 1) -> int:
    """A w:val count (gridSpan, gridBefore), kept within 0..64 whatever the file says."""
    found = element.find(path)
    return default if found is None else max(low, min(64, _int(found.get(_w("val")), default)))


def _merge(tc: etree._Element, tag: str) -> str | None:
    """'restart', 'continue' or None for w:vMerge / w:hMerge (an absent val means continue)."""
    found = tc.find(f"{_w('tcPr')}/{_w(tag)}")
    return None if found is None else (found.get(_w("val")) or "continue")


def table_grid(tbl: etree._Element, walk: Walk) -> Grid:
    """Rows of (text, is_copy): gridSpan and hMerge copy leftwards, vMerge copies from above."""
    grid: Grid = []
    for tr in _children(tbl, TR):
        row: list[tuple[str, bool]] = [("", False)] * _int_prop(tr, f"{_w('trPr')}/{_w('gridBefore')}", 0, low=0)
        for tc in _children(tr, TC):
            span = _int_prop(tc, f"{_w('tcPr')}/{_w('gridSpan')}", 1)
            col = len(row)
            above = grid[-1][col] if grid and col < len(grid[-1]) else None
            if _merge(tc, "vMerge") == "continue" and above is not None:
                row.extend((above[0], True) for _ in range(span))
            elif _merge(tc, "hMerge") == "continue" and row:
                row.extend((row[-1][0], True) for _ in range(span))
            else:
                text = cell_text(tc, walk)
                row.extend((text, k > 0) for k in range(span))
        grid.append(row)
    return grid


def table(tbl: etree._Element, walk: Walk, depth: int) -> None:
    """A data table becomes a grid; a layout table holding tables is walked as a body."""
    if any(True for _ in tbl.iterdescendants(TBL)):
        for tr in _children(tbl, TR):
            for tc in _children(tr, TC):
                body(tc, walk, depth + 1)
        return
    grid = table_grid(tbl, walk)
    if any(text for row in grid for text, _ in row):
        walk.blocks.append(Table(grid))
        walk.data_tables += 1


def body(container: etree._Element, walk: Walk, depth: int = 0) -> None:
    """Paragraphs and tables of a body, a cell or a text box, in document order."""
    if depth > MAX_DEPTH:
        raise DocumentRefused(f"DOCX nests tables or text boxes more than {MAX_DEPTH} levels deep")
    for child in container:
        walk.visited += 1
        if walk.visited % CHECK_EVERY == 1:  # the first element, then every CHECK_EVERY
            walk.deadline.check(f"after {len(walk.blocks)} blocks")
        if child.tag == P:
            paragraph(child, walk, depth)
        elif child.tag == TBL:
            table(child, walk, depth)
        elif child.tag in WRAPPERS:
            body(child, walk, depth + 1)


# -- entry point ------------------------------------------------------------

def open_docx(data: bytes) -> docx.document.Document:
    try:
        return docx.Document(io.BytesIO(data))
    except PackageNotFoundError as error:
        raise DocumentRefused(f"damaged DOCX: {error}") from None
    except ValueError as error:  # python-docx: "file … is not a Word file, content type is …"
        raise DocumentRefused(f"not a Word document: {error}") from None
    except (KeyError, zipfile.BadZipFile, zlib.error, etree.XMLSyntaxError, EOFError, OSError) as error:
        raise DocumentRefused(f"damaged DOCX: {type(error).__name__}: {error}") from None


def extract_docx(data: bytes, limits: Limits = DEFAULT_LIMITS, kind: str = "docx",
                 deadline: Deadline | None = None) -> Document:
    """A DOCX as blocks; refused when too large, a zip bomb or not a Word file."""
    check_size(data, limits, "DOCX")
    check_zip(data, limits)
    deadline = deadline or Deadline(limits.max_seconds)
    document = open_docx(data)
    walk = Walk(deadline)
    body(document.element.body, walk)
    title = (document.core_properties.title or "").strip() or None
    blocks = tab_rows(walk.blocks)
    text_chars = sum(len(b.text.strip()) for b in blocks if isinstance(b, Paragraph))
    needs_ocr = walk.large_images > 0 and not any(isinstance(b, Table) for b in blocks)
    log.debug("DOCX: %d blocks, %d characters of prose, %d tables, %d large images",
              len(blocks), text_chars, walk.data_tables, walk.large_images)
    return Document(kind, blocks, _pages(data), needs_ocr, title)
