"""Ruling lines → table cells → a grid of (text, is_copy), and tables joined across pages.

A PDF has no tables, only strokes and glyphs. The strokes a word processor
draws for cell borders are collected as horizontal and vertical segments;
segments that touch form one table. Its distinct x and y positions cut it
into positions; a missing border between two positions means one merged
cell. That is the whole model, and it is what makes merged cells (the
template's 三、本年度办理结果, (三)不予公开 …) come out as spans, not
shifted columns. PyMuPDF's own find_tables (a port of pdfplumber's) does
more, in pure Python, for 75–100 ms a page; this takes about 0.5 ms.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from govreports.clean.blocks import ConfidenceGrid, Grid, least
from govreports.clean.documents.pdflines import Char, line_text
from govreports.clean.documents.text import join_wrapped
from govreports.clean.values import is_value
from govreports.vocabulary import NUMBERED_ITEM

SNAP = 1.5  # points: strokes this close are one line (borders drawn twice, half-point offsets)
THIN = 3.0  # points: a filled rectangle this thin is a drawn line
MIN_CELL = 2.0  # points: narrower gaps between lines are double borders, not cells
WHITE = (1.0, 1.0, 1.0)


@dataclass(frozen=True)
class Segment:
    """A horizontal (y, a→b along x) or vertical (x, a→b along y) stroke."""

    at: float
    a: float
    b: float


@dataclass
class Cell:
    x0: float
    y0: float
    x1: float
    y1: float
    chars: list[Char] = field(default_factory=list)
    text: str = ""
    confidence: float | None = None  # OCR's, for a cell read from a picture; None for a PDF's own text

    def finish(self) -> None:
        """The cell's text: its glyphs by baseline, lines top to bottom, a wrapped label read as one."""
        rows: list[tuple[float, list[Char]]] = []
        for ch in sorted(self.chars, key=lambda c: c.cy):
            if rows and abs(rows[-1][0] - ch.cy) < 0.5 * ch.size:
                rows[-1][1].append(ch)
            else:
                rows.append((ch.cy, [ch]))
        self.text = join_wrapped(line_text(chars).replace("\t", " ") for _, chars in rows)


@dataclass
class RuledTable:
    """One table on one page (or joined over several): cells and outline."""

    cells: list[Cell]
    xs: list[float]
    ys: list[float]
    positions: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, col) → index in cells

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cell_at(self, x: float, y: float) -> Cell | None:
        """The cell under a point, by bisection over the table's lines."""
        i, j = bisect_right(self.ys, y) - 1, bisect_right(self.xs, x) - 1
        i, j = min(max(i, 0), len(self.ys) - 2), min(max(j, 0), len(self.xs) - 2)
        k = self.positions.get((i, j))
        return self.cells[k] if k is not None else None

    def contains(self, x: float, y: float) -> bool:
        x0, y0, x1, y1 = self.bbox
        return x0 <= x <= x1 and y0 <= y <= y1


# -- strokes → segments -------------------------------------------------------

def _visible(path: dict) -> bool:
    color = path.get("color") if "s" in (path.get("type") or "") else path.get("fill")
    return color is None or tuple(color[:3]) != WHITE


def segments(paths: Iterable[dict]) -> tuple[list[Segment], list[Segment]]:
    """Horizontal and vertical segments of a page's drawings (lines, thin or stroked rectangles)."""
    hs: list[Segment] = []
    vs: list[Segment] = []
    for path in paths:
        if not _visible(path):
            continue
        stroked = "s" in (path.get("type") or "")
        for item in path.get("items", ()):
            if item[0] == "l":
                _add_line(item[1].x, item[1].y, item[2].x, item[2].y, hs, vs)
            elif item[0] == "re":
                _add_rect(item[1], stroked, hs, vs)
            elif item[0] == "qu":
                _add_rect(item[1].rect, stroked, hs, vs)
    return hs, vs


def _add_line(x0: float, y0: float, x1: float, y1: float, hs: list[Segment], vs: list[Segment]) -> None:
    if abs(y1 - y0) <= SNAP and abs(x1 - x0) > SNAP:
        hs.append(Segment((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= SNAP and abs(y1 - y0) > SNAP:
        vs.append(Segment((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _add_rect(rect, stroked: bool, hs: list[Segment], vs: list[Segment]) -> None:
    x0, y0, x1, y1 = rect.x0, rect.y0, rect.x1, rect.y1
    if y1 - y0 <= THIN and x1 - x0 > THIN:
        hs.append(Segment((y0 + y1) / 2, x0, x1))
    elif x1 - x0 <= THIN and y1 - y0 > THIN:
        vs.append(Segment((x0 + x1) / 2, y0, y1))
    elif stroked:  # a drawn box: four borders. A large fill alone is shading, not a border.
        hs += [Segment(y0, x0, x1), Segment(y1, x0, x1)]
        vs += [Segment(x0, y0, y1), Segment(x1, y0, y1)]


def _collinear(segs: Sequence[Segment]) -> list[list[Segment]]:
    """Strokes grouped by position, each group within SNAP of its first: a border drawn twice half a point
    apart is one line, wherever the two positions fall (rounding them would split 401.65 from 402.15)."""
    groups: list[list[Segment]] = []
    for seg in sorted(segs, key=lambda s: s.at):
        if groups and seg.at - groups[-1][0].at <= SNAP:
            groups[-1].append(seg)
        else:
            groups.append([seg])
    return groups


def merge_segments(segs: Sequence[Segment]) -> list[Segment]:
    """Collinear strokes that touch or overlap become one (borders are drawn cell by cell); strokes on one
    line that do not meet stay apart (two tables' borders, one above the other)."""
    out: list[Segment] = []
    for group in _collinear(segs):
        start = len(out)
        for seg in sorted(group, key=lambda s: s.a):
            if len(out) > start and seg.a <= out[-1].b + SNAP:
                last = out[-1]
                out[-1] = Segment(last.at, last.a, max(last.b, seg.b))
            else:
                out.append(seg)
    return out


# -- segments → tables --------------------------------------------------------

def _components(hs: list[Segment], vs: list[Segment]) -> list[tuple[list[Segment], list[Segment]]]:
    """Groups of segments that cross or touch: one group per table."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.a - SNAP <= v.at <= h.b + SNAP and v.a - SNAP <= h.at <= v.b + SNAP:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return list(groups.values())


def _cluster(values: Iterable[float]) -> list[float]:
    """Sorted positions with near-duplicates (within MIN_CELL) folded into one."""
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] < MIN_CELL:
            continue
        out.append(v)
    return out


def _has(segs: list[Segment], at: float, mid: float) -> bool:
    return any(abs(s.at - at) <= MIN_CELL and s.a - SNAP <= mid <= s.b + SNAP for s in segs)


def table_from(hs: list[Segment], vs: list[Segment]) -> RuledTable | None:
    """A table of merged cells from one group of segments; None for a lone box or rule."""
    xs = _cluster([v.at for v in vs] + [min(h.a for h in hs), max(h.b for h in hs)] if hs else [])
    ys = _cluster([h.at for h in hs] + [min(v.a for v in vs), max(v.b for v in vs)] if vs else [])
    if len(xs) < 2 or len(ys) < 2 or (len(xs) == 2 and len(ys) == 2):
        return None  # a box around a paragraph, or a single rule
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i in range(rows):
        ymid = (ys[i] + ys[i + 1]) / 2
        for j in range(cols):
            xmid = (xs[j] + xs[j + 1]) / 2
            if j + 1 < cols and not _has(vs, xs[j + 1], ymid):
                parent[find(i * cols + j)] = find(i * cols + j + 1)
            if i + 1 < rows and not _has(hs, ys[i + 1], xmid):
                parent[find(i * cols + j)] = find((i + 1) * cols + j)
    return _cells(xs, ys, [find(k) for k in range(rows * cols)])


def _cells(xs: list[float], ys: list[float], roots: list[int]) -> RuledTable:
    cols = len(xs) - 1
    index: dict[int, int] = {}
    cells: list[Cell] = []
    positions: dict[tuple[int, int], int] = {}
    for k, root in enumerate(roots):
        i, j = divmod(k, cols)
        if root not in index:
            index[root] = len(cells)
            cells.append(Cell(xs[j], ys[i], xs[j + 1], ys[i + 1]))
        cell = cells[index[root]]
        cell.x0, cell.y0 = min(cell.x0, xs[j]), min(cell.y0, ys[i])
        cell.x1, cell.y1 = max(cell.x1, xs[j + 1]), max(cell.y1, ys[i + 1])
        positions[(i, j)] = index[root]
    return RuledTable(cells, xs, ys, positions)


def find_tables(paths: Iterable[dict]) -> list[RuledTable]:
    """The ruled tables of one page, top to bottom."""
    return tables_from_segments(*segments(paths))


def tables_from_segments(hs: list[Segment], vs: list[Segment]) -> list[RuledTable]:
    """Tables from horizontal and vertical strokes: a PDF's drawings, or the ruling lines OCR finds in a picture."""
    tables = []
    for group_h, group_v in _components(merge_segments(hs), merge_segments(vs)):
        table = table_from(group_h, group_v)
        if table is not None:
            tables.append(table)
    return sorted(tables, key=lambda t: (t.ys[0], t.xs[0]))


# -- cells → grid -------------------------------------------------------------

def grid(table: RuledTable) -> Grid:
    """Rows of (text, is_copy): a merged cell's first position holds its text, the others copy it."""
    out: Grid = []
    seen: set[int] = set()
    for i in range(len(table.ys) - 1):
        row: list[tuple[str, bool]] = []
        for j in range(len(table.xs) - 1):
            k = table.positions.get((i, j))
            if k is None:
                row.append(("", False))
                continue
            row.append((table.cells[k].text, k in seen))
            seen.add(k)
        out.append(row)
    return out


def confidence_grid(table: RuledTable) -> ConfidenceGrid | None:
    """The OCR confidence of each position of `grid(table)`; None for a table read from a PDF's text."""
    if all(cell.confidence is None for cell in table.cells):
        return None
    return tuple(tuple(table.cells[k].confidence if (k := table.positions.get((i, j))) is not None else None
                       for j in range(len(table.xs) - 1)) for i in range(len(table.ys) - 1))


def shifted(table: RuledTable, dx: float, dy: float) -> RuledTable:
    """The table moved by (dx, dy): a table read from a picture, put where the picture is on its page."""
    cells = [Cell(c.x0 + dx, c.y0 + dy, c.x1 + dx, c.y1 + dy, c.chars, c.text, c.confidence) for c in table.cells]
    return RuledTable(cells, [x + dx for x in table.xs], [y + dy for y in table.ys], dict(table.positions))


def _span(lines: list[float], a: float, b: float) -> range:
    """Indexes of the intervals between `lines` that lie within [a, b]."""
    start = bisect_left(lines, a - MIN_CELL)
    stop = bisect_right(lines, b + MIN_CELL) - 1
    return range(start, max(start, stop))


def rebuild(cells: list[Cell]) -> RuledTable:
    """A table from cell rectangles alone (after two pages' parts were stacked)."""
    xs = _cluster([c.x0 for c in cells] + [c.x1 for c in cells])
    ys = _cluster([c.y0 for c in cells] + [c.y1 for c in cells])
    positions: dict[tuple[int, int], int] = {}
    for k, c in enumerate(cells):
        for i in _span(ys, c.y0, c.y1):
            for j in _span(xs, c.x0, c.x1):
                positions.setdefault((i, j), k)
    return RuledTable(cells, xs, ys, positions)


# -- tables continued on the next page ------------------------------------------

def continues(upper: RuledTable, lower: RuledTable) -> bool:
    """Whether `lower` (first on the next page) carries on `upper` (last on this one): same outer edges.

    Column lines need not match: a header cell split by the page break
    leaves the first part with fewer of them than the rest.
    """
    (ux0, _, ux1, _), (lx0, _, lx1, _) = upper.bbox, lower.bbox
    return abs(ux0 - lx0) <= 2 * SNAP and abs(ux1 - lx1) <= 2 * SNAP


def _header_rows(head: Grid, lower_rows: Grid, lower: RuledTable) -> float:
    """The y where a continuation's repeated header rows end (its top when none are repeated).

    `head`: the rows of the table's first part, whose header a continuation repeats.
    """
    repeated = 0
    while (repeated < min(len(head), len(lower_rows)) - 1
           and [t for t, _ in head[repeated]] == [t for t, _ in lower_rows[repeated]]
           and any(t for t, _ in lower_rows[repeated])):
        repeated += 1
    return lower.ys[repeated]


def _split_row(pairs: dict[int, tuple[Cell, Cell]], last: list[Cell], first: list[Cell]) -> bool:
    """Whether the break cut one row in two: no number would meet text or another number, and either the numbers
    sit on one side only, or a label runs on over the break (一、本年新收政府信息公 | 开申请数量: a cell centred
    in the row printed its number below the break, the others above it)."""
    if not first or any(c.text and id(c) not in pairs for c in first):
        return False
    if any(a.text and b.text and (is_value(a.text) or is_value(b.text)) for a, b in pairs.values()):
        return False
    above, below = any(is_value(c.text) for c in last), any(is_value(c.text) for c in first)
    if above != below:
        return True
    return above and any(a.text and b.text and not NUMBERED_ITEM.match(b.text) for a, b in pairs.values())


def join(parts: Sequence[RuledTable]) -> RuledTable:
    """One table of its parts on consecutive pages: each continuation stacked below, its repeated header dropped.

    Cells on either side of a break become one cell again where the break
    cut them: an empty cell under a text (not number) cell is the rest of a
    vertically merged label (三、本年度办理结果 prints on the first part
    only), and a row whose numbers all sit on one side is one row cut in two.
    Each break only looks at the cells that touch it, and the table is
    rebuilt once: the work grows with the pages, not with their square.
    """
    first = parts[0]
    if len(parts) == 1:
        return first
    head = grid(first)
    cells = list(first.cells)
    bottom = first.ys[-1]
    last = [c for c in first.cells if abs(c.y1 - bottom) <= SNAP]
    for lower in parts[1:]:
        cut = _header_rows(head, grid(lower), lower)
        shift = bottom - cut
        moved = [Cell(c.x0, c.y0 + shift, c.x1, c.y1 + shift, c.chars, c.text, c.confidence) for c in lower.cells
                 if c.y0 >= cut - SNAP]
        top = [c for c in moved if abs(c.y0 - bottom) <= SNAP]
        pairs = {id(cell): (above, cell) for cell in top for above in last
                 if abs(above.x0 - cell.x0) <= 2 * SNAP and abs(above.x1 - cell.x1) <= 2 * SNAP}
        split = _split_row(pairs, last, top)
        touched = []
        for cell in moved:
            above = pairs.get(id(cell), (None, None))[0]
            if above is not None and (split or not cell.text and above.text and not is_value(above.text)):
                above.y1 = cell.y1
                above.text = join_wrapped([above.text, cell.text])
                above.confidence = least(above.confidence, cell.confidence)
                touched.append(above)
            else:
                cells.append(cell)
                touched.append(cell)
        bottom = lower.ys[-1] + shift
        last = [c for c in touched if abs(c.y1 - bottom) <= SNAP]
    return rebuild(cells)
