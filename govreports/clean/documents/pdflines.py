"""PDF glyphs → visual lines → paragraphs, with running headers and page numbers dropped.

A PDF knows glyphs and positions, not words or paragraphs. Glyphs on one
baseline make a line; a wide gap inside it (a borderless table's columns)
becomes a tab so that the row can be read as cells. Lines make a paragraph
while each one runs to the right margin and the next is not indented: that
is how a wrapped paragraph looks, and how a heading or a signature line
does not. A line printed at the top or bottom of most pages (the report's
running title, "- 3 -", "第3页 共9页") is page furniture, not text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from govreports.clean.blocks import least
from govreports.clean.documents.text import join_wrapped
from govreports.clean.furniture import BAND_PAGE_NUMBER
from govreports.clean.values import is_value

TAB_GAP = 1.5  # ems: a gap this wide separates columns, not words (cell padding leaves about 1.9)
SPACE_GAP = 0.15  # ems: between two Latin characters, a gap this wide is a space
PARAGRAPH_GAP = 0.8  # line heights: more vertical space than this starts a paragraph
INDENT = 1.2  # ems: a line starting this far right of the margin is a first line or centered
SHORT = 4.0  # ems: a line ending further left than this ends its paragraph (CJK line breaking leaves up to 3)
BAND = 0.1  # share of the page height where running headers and footers live
# A surrogate on its own: a font's Unicode map that points into U+D800–DFFF (broken, or one damaged byte) gives
# one. A str holding it cannot be encoded (OpenCC, the database): the glyph is an unknown character, U+FFFD.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
DIGITS = re.compile(r"\d+")


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x3000 <= o <= 0x303F


class Char(NamedTuple):
    """One glyph (a tuple: pages have thousands, and tuples build fastest)."""

    x0: float
    y0: float
    x1: float
    y1: float
    c: str
    size: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


Segment = tuple[float, float, str]  # (x0, x1, text) of a line's piece between column gaps


@dataclass
class Line:
    """A visual line of prose on one page."""

    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    text: str
    page: int
    cells: list[Segment] = field(default_factory=list)  # the pieces between column gaps
    confidence: float | None = None  # OCR's (its weakest piece), for a line read from a picture

    @property
    def height(self) -> float:
        return max(1.0, self.y1 - self.y0)


def well_formed(text: str) -> str:
    """`text` with each lone surrogate as U+FFFD (LONE_SURROGATE)."""
    return LONE_SURROGATE.sub("\ufffd", text)


def page_chars(raw: dict) -> list[list[Char]]:
    """The glyphs of a PyMuPDF rawdict page, one list per line it found."""
    lines = []
    for block in raw.get("blocks", ()):
        for line in block.get("lines", ()):
            chars = []
            for span in line.get("spans", ()):
                size = span["size"]
                for ch in span.get("chars", ()):
                    c = ch["c"]
                    if c and not c.isspace():
                        x0, y0, x1, y1 = ch["bbox"]
                        chars.append(Char(x0, y0, x1, y1, c if c.isprintable() else well_formed(c), size))
            if chars:
                lines.append(chars)
    return lines


def segments(chars: Sequence[Char]) -> list[Segment]:
    """Glyphs left to right, cut where a column gap is: no space in Chinese, one between Latin words."""
    out: list[Segment] = []
    text: list[str] = []
    start = 0.0
    previous: Char | None = None
    for ch in sorted(chars, key=lambda c: c.x0):
        if previous is not None:
            if ch.c == previous.c and abs(ch.x0 - previous.x0) < 1.0:
                continue  # overprinted glyph (fake bold)
            gap = (ch.x0 - previous.x1) / max(ch.size, previous.size, 1.0)
            # Numbers in a report have no spaces in them: a space between two digits is the
            # edge of a column sized to its content (其他 6 | 总计 22 would read 622).
            if gap >= TAB_GAP or gap >= SPACE_GAP and ch.c.isdigit() and previous.c.isdigit():
                out.append((start, previous.x1, "".join(text)))
                text = []
            elif gap >= SPACE_GAP and not is_cjk(ch.c) and not is_cjk(previous.c):
                text.append(" ")
        if not text:
            start = ch.x0
        text.append(ch.c)
        previous = ch
    if previous is not None:
        out.append((start, previous.x1, "".join(text)))
    return out


def line_text(chars: Sequence[Char]) -> str:
    """A line's text, a tab across each column gap."""
    return "\t".join(text for _, _, text in segments(chars))


def visual_lines(char_lines: Iterable[list[Char]], page: int) -> list[Line]:
    """Lines on one baseline joined (PyMuPDF splits a line at a wide gap), top to bottom."""
    spans = sorted(((min(c.y0 for c in cs), max(c.y1 for c in cs), cs) for cs in char_lines),
                   key=lambda s: s[0] + s[1])
    groups: list[tuple[float, float, list[Char]]] = []
    for y0, y1, chars in spans:
        if groups:
            g0, g1, group = groups[-1]
            if min(y1, g1) - max(y0, g0) >= 0.5 * min(y1 - y0, g1 - g0):
                group.extend(chars)
                groups[-1] = (min(y0, g0), max(y1, g1), group)
                continue
        groups.append((y0, y1, list(chars)))
    lines = []
    for y0, y1, chars in groups:
        size = Counter(round(c.size, 1) for c in chars).most_common(1)[0][0]
        cells = segments(chars)
        text = "\t".join(t for _, _, t in cells)
        lines.append(Line(min(c.x0 for c in chars), y0, max(c.x1 for c in chars), y1, size, text, page, cells))
    return lines


# -- borderless tables ----------------------------------------------------------

def _inside(piece: Segment, cell: Segment, em: float) -> bool:
    return piece[0] >= cell[0] - em and piece[1] <= cell[1] + em


def fold_wrapped_cells(lines: Sequence[Line]) -> list[Line]:
    """In a borderless table, a cell's wrapped lines go back into the row they belong to.

    A line right below a row (two or more cells), printing no number, whose
    pieces each sit under one of the row's cells, is the rest of those cells.
    """
    out: list[Line] = []
    for line in lines:
        row = out[-1] if out else None
        if row is not None and len(row.cells) >= 2 and row.page == line.page \
                and line.y0 - row.y1 < 0.5 * line.height and not any(is_value(t) for _, _, t in line.cells):
            homes = [next((k for k, cell in enumerate(row.cells) if _inside(piece, cell, line.size)), -1)
                     for piece in line.cells]
            if -1 not in homes:
                cells = list(row.cells)
                for piece, k in zip(line.cells, homes, strict=True):
                    x0, x1, text = cells[k]
                    cells[k] = (x0, x1, join_wrapped([text, piece[2]]))
                row.cells, row.y1 = cells, line.y1
                row.text = "\t".join(t for _, _, t in cells)
                row.confidence = least(row.confidence, line.confidence)
                continue
        out.append(line)
    return out


# -- running headers, footers, page numbers -----------------------------------

def _key(text: str) -> str:
    return DIGITS.sub("#", "".join(text.split()))


def _band(line: Line, height: float) -> str | None:
    if line.y1 <= height * BAND:
        return "top"
    if line.y0 >= height * (1 - BAND):
        return "bottom"
    return None


def drop_chrome(pages: Sequence[list[Line]], heights: Sequence[float]) -> list[list[Line]]:
    """Each page's lines without page numbers and lines repeated at the top or bottom of most pages."""
    seen: Counter[tuple[str, str]] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        seen.update({(band, _key(line.text)) for line in lines if (band := _band(line, height))})
    repeated = max(2, (len(pages) + 1) // 2)
    out = []
    for lines, height in zip(pages, heights, strict=True):
        kept = []
        for line in lines:
            band = _band(line, height)
            if band and (BAND_PAGE_NUMBER.match(line.text.strip()) or seen[(band, _key(line.text))] >= repeated):
                continue
            kept.append(line)
        out.append(kept)
    return out


# -- lines → paragraphs -------------------------------------------------------

@dataclass(frozen=True)
class Margins:
    left: float
    right: float


def margins(lines: Sequence[Line]) -> Margins:
    """The text column: the leftmost start two lines share, and the furthest any line reaches."""
    if not lines:
        return Margins(0.0, 0.0)
    starts = Counter(round(line.x0) for line in lines)
    shared = [x for x, n in starts.items() if n >= 2]
    return Margins(min(shared) if shared else min(starts), max(line.x1 for line in lines))


def _symmetric(line: Line, m: Margins) -> bool:
    """As far from the left margin as from the right: centered, or running the full width."""
    return abs((line.x0 - m.left) - (m.right - line.x1)) < 2 * line.size


def continues(a: Line, b: Line, m: Margins, page_break: bool) -> bool:
    """Whether line b carries on a's paragraph."""
    if "\t" in a.text or "\t" in b.text or abs(a.size - b.size) > 1.0:
        return False
    if not page_break and b.y0 - a.y1 > PARAGRAPH_GAP * max(a.height, b.height):
        return False
    em = max(a.size, b.size)
    if b.x0 - m.left > INDENT * em and _symmetric(b, m):
        return not page_break and _symmetric(a, m)  # a centered title printed on two lines
    return a.x1 >= m.right - SHORT * em and b.x0 <= m.left + INDENT * em


def paragraphs(lines: Sequence[Line], m: Margins) -> list[tuple[str, float | None]]:
    """The paragraphs the lines make: each one's text, and its OCR confidence (None for a PDF's own text)."""
    out: list[list[Line]] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None and continues(previous, line, m, line.page != previous.page):
            out[-1].append(line)
        else:
            out.append([line])
        previous = line
    return [(join_wrapped(x.text for x in parts) if len(parts) > 1 else parts[0].text,
             least(*(x.confidence for x in parts))) for parts in out]
