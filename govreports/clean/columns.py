"""Text laid out in columns (`pdftotext -layout`): cells put back where the page has them.

A PDF table printed as text keeps each cell where it stands on the page,
as a run of spaces, line by line. Three things the page shows by position
are lost to a reader that only reads the order of the words:

- a cell a little higher or lower than the rest of its row (a total
  centred on a taller cell) lands on a line of its own, next to the row's
  label (`rejoin_split_cells`);
- values of cells merged down a group's rows print once, centred on the
  group, beside whichever row's label stands there (`rejoin_merged_rows`);
- an empty cell is a gap, so a row printing fewer values than columns says
  which cells are empty only by where its values stand (`place_in_columns`).

A terminal's text (pandoc, w3m) pads its columns as it shows them, a
Chinese character two columns wide; such a text is told apart
(`terminal_columns`) and re-spaced so that characters count columns
(`respaced`) before the passes above.

Each pass acts only where the positions leave a single reading, and
leaves the lines as they are otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple
from unicodedata import east_asian_width

from govreports.clean.values import is_value
from govreports.vocabulary import APPLICANT_COLUMN_LABELS, REVIEW_COLUMN_LABELS

TOKEN = re.compile(r"\S+")
REACH = 3  # lines between a lone value and its row: the label's wrapped lines
WINDOW = 40  # lines around where the table's full rows are looked for
SLACK = 1  # characters a column's values may stand apart by
GAP = 4  # spaces before a value that stands in a column (text without columns has one)
SPACED_VALUE = re.compile(r"\S {2,}[\d-]")
COLUMN_GAP = re.compile(r"\S {2,}\S")  # a line laid out in columns: words set apart by runs of spaces


@dataclass(frozen=True)
class Tail:
    """The values that end a line, and the column each starts at."""

    starts: tuple[int, ...]
    texts: tuple[str, ...]
    gap: int  # spaces before the first value

    @property
    def spaced(self) -> bool:
        """Laid out in columns: wide gaps between its values, or before its only one."""
        if len(self.texts) == 1:
            return self.gap >= GAP
        return all(b - a > len(t) + 1 for a, b, t in zip(self.starts, self.starts[1:], self.texts))

    @property
    def end(self) -> int:
        return self.starts[-1] + len(self.texts[-1])


def value_tail(line: str) -> Tail | None:
    """The values that end a line of columns, or None when none does (or it has explicit separators)."""
    if "\t" in line or "|" in line:
        return None
    tokens = list(TOKEN.finditer(line))
    k = len(tokens)
    while k > 0 and is_value(tokens[k - 1].group()):
        k -= 1
    values = tokens[k:]
    if not values:
        return None
    gap = values[0].start() - (tokens[k - 1].end() if k else 0)
    return Tail(tuple(m.start() for m in values), tuple(m.group() for m in values), gap)


def rejoin_split_cells(lines: Sequence[str]) -> list[str]:
    """Lines of columns with each lone last cell put back at the end of the row it belongs to.

    Taken only when exactly one row near the lone value (within REACH
    lines, over label lines only) ends left of it with one value fewer
    than a full row of the table whose last value stands in its column.
    """
    tails = [value_tail(line) for line in lines]
    out = list(lines)
    for k, tail in enumerate(tails):
        if tail is None or len(tail.texts) != 1 or not tail.spaced:
            continue
        start = tail.starts[0]
        rows = [row for row in (_near(tails, lines, k, step) for step in (-1, 1))
                if row is not None and _short_of(tails[row], tails, k, start)]
        if len(rows) != 1:
            continue
        row = rows[0]
        out[row] = out[row].rstrip().ljust(start) + tail.texts[0]
        out[k] = out[k][:start].rstrip()
        tails[row] = None  # a row takes one value back, once
        tails[k] = None
    return out


def _short_of(row: Tail | None, tails: Sequence[Tail | None], k: int, start: int) -> bool:
    """Whether a row ends left of the lone value at `start` and is one value short of a full row ending there."""
    return row is not None and row.end < start and _full_row_ends_at(tails, k, start, len(row.texts) + 1)


def _near(tails: Sequence[Tail | None], lines: Sequence[str], k: int, step: int) -> int | None:
    """The first line with two values or more from line k in one direction, over label lines only."""
    for n in range(1, REACH + 1):
        j = k + step * n
        if not 0 <= j < len(lines) or not lines[j].strip():
            return None
        tail = tails[j]
        if tail is not None:
            return j if len(tail.texts) >= 2 and tail.spaced else None
    return None


def _full_row_ends_at(tails: Sequence[Tail | None], k: int, start: int, width: int) -> bool:
    """Whether a row of `width` values near line k has its last value in the column at `start`."""
    for j in range(max(0, k - WINDOW), min(len(tails), k + WINDOW + 1)):
        tail = tails[j]
        if tail is not None and len(tail.texts) == width and abs(tail.starts[-1] - start) <= SLACK:
            return True
    return False


MIN_ROW = 3  # values a row joined from two lines prints: table 1's rows print three
MAX_ROW = 15  # and at most: table 4's row prints fifteen


def rejoin_interleaved_rows(lines: Sequence[str]) -> list[str]:
    """Two lines of values that are one row whose cells stand at two heights, as one line.

    A row whose cells do not all stand level (the first and last centred
    lower than the five between) prints as two lines of values, each with
    gaps where the other's cells are (`   0   0   0   0   0` over
    `4                                4`). Taken only for two lines next to
    each other, at most one printing a label before its values, whose values
    take turns with no column in common and together stand where a full row
    of the table near them stands, value for value.
    """
    tails = [value_tail(line) for line in lines]
    out = list(lines)
    k = 0
    while k + 1 < len(lines):
        merged = _one_row(lines[k], lines[k + 1], tails[k], tails[k + 1])
        if merged is not None and _full_row_stands(tails, k, sorted((*tails[k].starts, *tails[k + 1].starts))):
            out[k], out[k + 1] = merged, ""
            k += 2
            continue
        k += 1
    return out


def _one_row(upper: str, lower: str, upper_tail: Tail | None, lower_tail: Tail | None) -> str | None:
    """The two lines as one, the values of the one printing no label put into the other's gaps; None unless
    their values take turns as columns (MIN_ROW to MAX_ROW in all) and at most one prints a label before them."""
    if upper_tail is None or lower_tail is None \
            or not MIN_ROW <= len(upper_tail.starts) + len(lower_tail.starts) <= MAX_ROW:
        return None
    if not (_spread(upper_tail) and _spread(lower_tail) and _interleaved(upper_tail, lower_tail)):
        return None
    labelled = bool(upper[:upper_tail.starts[0]].strip())
    base, base_tail, other, tail = ((upper, upper_tail, lower, lower_tail) if labelled
                                    else (lower, lower_tail, upper, upper_tail))
    if other[:tail.starts[0]].strip() or len(base[:base_tail.starts[0]].rstrip()) + WIDE > tail.starts[0]:
        return None
    merged = base.rstrip()
    for x, text in zip(tail.starts, tail.texts):
        merged = merged[:x].ljust(x) + text + merged[x + len(text):]
    return merged


def _interleaved(upper: Tail, lower: Tail) -> bool:
    """Values of two lines that share no column and whose spans overlap (not a row's halves side by side)."""
    taken = [(x, x + len(t)) for x, t in zip(upper.starts, upper.texts)]
    clash = any(x < end + SLACK and start < x + len(t) + SLACK for x, t in zip(lower.starts, lower.texts)
                for start, end in taken)
    return not clash and upper.starts[0] < lower.end and lower.starts[0] < upper.end


def _full_row_stands(tails: Sequence[Tail | None], k: int, starts: Sequence[int]) -> bool:
    """Whether a row near lines k and k + 1 (not they) prints as many values, each where `starts` has one."""
    for j in range(max(0, k - WINDOW), min(len(tails), k + WINDOW + 2)):
        tail = tails[j]
        if j not in (k, k + 1) and tail is not None and len(tail.starts) == len(starts) and all(
                abs(a - b) <= SLACK for a, b in zip(tail.starts, starts)):
            return True
    return False


# -- a label's wrapped line printed after its row's values ---------------------------

GLUED_LABEL = re.compile(r"^(\d+)(?=[^\d\s.,%、．，。])")  # a value, then a label's word with no space between
LABEL_START = re.compile(r"^[（(【\[]|^[一二三四五六七八九十]+、")  # a label of its own: （四）无法提供, 一、…


def label_before_values(lines: Sequence[str]) -> list[str]:
    """Lines that print a row's values and then a line of its wrapped label, with the label put before them.

    A tool that sorts a page's words by height (PyMuPDF's sorted text)
    prints the line of a label that stands level with its row's values
    after them (`   21   0 … 21  请数量`), where a table read in order has
    it: before. Taken only on a line printing nothing before its values,
    two or more of them set apart as columns, then a short word or two with
    no digit that start no label of their own; the label goes into the
    spaces before the values, which stay where they stand.
    """
    out = list(lines)
    for k, line in enumerate(lines):
        tokens = list(TOKEN.finditer(line))
        n = 0
        while n < len(tokens) and is_value(tokens[n].group()):
            n += 1
        if n == len(tokens) or tokens[0].start() < WIDE:
            continue
        starts, texts = [m.start() for m in tokens[:n]], [m.group() for m in tokens[:n]]
        label_at, glued = tokens[n].start(), GLUED_LABEL.match(tokens[n].group())
        if glued:  # the last value run into the label's line (3请数量)
            starts.append(label_at)
            texts.append(glued.group(1))
            label_at += len(glued.group(1))
        if len(texts) < 2:
            continue
        values = Tail(tuple(starts), tuple(texts), starts[0])
        label = line[label_at:].rstrip()
        if (not _spread(values) or not glued and label_at - values.end < WIDE or len(label) >= PROSE_WORD
                or label.isascii() or any(c.isdigit() for c in label) or LABEL_START.match(label)):
            continue
        lead = label.ljust(values.starts[0] - WIDE) if len(label) + WIDE <= values.starts[0] else label
        out[k] = lead + " " * WIDE + line[values.starts[0]:values.end]
    return out


# -- a row of merged cells -------------------------------------------------------------

ITEM = re.compile(r"^\d{1,2}[.、．]\D")  # a row label's item number: 1.申请人…
ROW_LABEL_START = re.compile(rf"{LABEL_START.pattern}|{ITEM.pattern}")  # a label of its own: a group's, an item's
MIDDLE = 1  # lines a cell's text may stand off the middle of the cells it is centred on


@dataclass(frozen=True)
class Label:
    """A row label wrapped down its column: the lines it starts and ends on."""

    start: int
    end: int

    @property
    def middle(self) -> float:
        return (self.start + self.end) / 2


def rejoin_merged_rows(lines: Sequence[str]) -> list[str]:
    """Values of cells merged down several rows, put after the first row's label, where a table's order has them.

    A page centres a cell's text on the rows it spans: values merged down
    the rows of a group (rowspan) print once, at the middle of the group,
    beside whichever label happens to stand there. They are the group's
    first row's (the others have no cells of their own). Taken only where
    the values stand off the middle of the label beside them and at the
    middle of the group's labels, none of which prints values of its own.
    The group's own label, printed down the left of its rows, is put before
    them, as a table read in order prints it.
    """
    tails = [value_tail(line) for line in lines]
    rows = [k for k, tail in enumerate(tails) if tail is not None and len(tail.texts) >= 2 and tail.spaced]
    changes: list[tuple[int, int, list[str]]] = []
    for before, row, after in zip([-1, *rows], rows, [*rows[1:], len(lines)]):
        labels, column = _item_labels(lines, before + 1, after)
        tail = tails[row]
        if len(labels) < 2 or column is None or tail is None or _row_text(lines[row], column):
            continue
        inside = next((label for label in labels if label.start <= row <= label.end), None)
        group = Label(labels[0].start, labels[-1].end)
        if inside is None or abs(row - inside.middle) <= MIDDLE or abs(row - group.middle) > MIDDLE:
            continue
        changes.append((group.start, group.end, _reordered(lines, group, labels[0].end, tail, column)))
    out = list(lines)
    for start, end, block in reversed(changes):
        out[start:end + 1] = block
    return out


def _item_labels(lines: Sequence[str], start: int, end: int) -> tuple[list[Label], int | None]:
    """The numbered row labels that start in lines [start, end), and the column they stand in."""
    starts = [(k, m.start()) for k in range(start, end) for m in TOKEN.finditer(lines[k]) if ITEM.match(m.group())]
    if not starts:
        return [], None
    column = min(x for _, x in starts) - SLACK
    # A line may print two (3.危及安全   4.保护第三方合法权益: a page's columns run together): one label starts there.
    first_lines = sorted({k for k, _ in starts})
    labels = []
    for n, k in enumerate(first_lines):
        last = first_lines[n + 1] if n + 1 < len(first_lines) else end
        ends = [j for j in range(k, last) if _row_text(lines[j], column)]  # line k's own item is label text
        labels.append(Label(k, ends[-1]))
    return labels, column


def _row_text(line: str, column: int) -> list[re.Match[str]]:
    """The label words of a line that stand in the row labels' column or right of it."""
    return [m for m in TOKEN.finditer(line) if m.start() >= column and not is_value(m.group())]


def _reordered(lines: Sequence[str], group: Label, first_end: int, tail: Tail, column: int) -> list[str]:
    """The group's lines in reading order: its own label, the first row's label, the values, the other rows."""
    heading = [line[:column].rstrip() for line in lines[group.start:group.end + 1] if line[:column].strip()]
    values = ""
    for x, text in zip(tail.starts, tail.texts):
        values = values.ljust(x) + text
    labels = [" " * column + " ".join(m.group() for m in words) for k in range(group.start, group.end + 1)
              if (words := _row_text(lines[k], column))]
    first = sum(1 for k in range(group.start, first_end + 1) if _row_text(lines[k], column))
    return heading + labels[:first] + [values] + labels[first:]


# -- values placed under the header's columns -----------------------------------------

HEADER_REACH = 8  # lines a header's words and its first row of values may stand apart by
CENTRE_SLACK = 1.5  # characters a value's centre may stand off its column word's centre
WIDE = 2  # spaces before a header word that stands where the page prints it
PROSE_WORD = 30  # a word this long (no wide gap in it) is a sentence: the table has ended
SPACED_LETTERS = 2  # a letter-spaced header word prints its letters one space apart, one or two at a time
SECTION = re.compile(r"^\s*[一二三四五六七八九十]+、")
FILL = "\u200b"  # after a wide character in a widened line: not a space, so it stays inside the word
WIDE_CLASSES = ("W", "F")  # East Asian Width classes a terminal shows two columns wide


class Anchor(NamedTuple):
    """Where a header word stands: the column it starts at, and its centre."""

    start: int
    centre: float


def in_columns(text: str) -> bool:
    """Whether a text may be laid out in columns at all: some value after a run of spaces."""
    return SPACED_VALUE.search(text) is not None


def page_of_lines(text: str) -> list[int]:
    """The page each line of a text stands on: pdftotext starts each page with a form feed."""
    out, page = [], 0
    for line in text.split("\n"):
        page += line.count("\f")
        out.append(page)
    return out


def place_in_columns(lines: Sequence[str], pages: Sequence[int], left_aligned: bool = False) -> list[str]:
    """Rows of table 3 that leave cells empty, as tab rows with every value under its header word.

    Text laid out in columns shows an empty cell as a gap only: a row
    printing fewer values than the table has columns does not say which
    are empty, but where its values stand does. A value is placed where its
    centre stands under a header word's centre on the same page, and a row
    is rewritten only when every value of it is placed so, in order. Header
    words pushed along by the word before them (one space between) are not
    where the page prints them, and place nothing.

    The pages after it print no header, and pdftotext sets their columns apart
    by each page's words alone, so positions there place nothing. When every
    row of the header's page filled the same columns, a row of the table on
    the pages after printing as many values fills them too
    (`_continued_pattern`).

    `left_aligned`: a value may also stand where its header word starts, as
    a terminal's table (pandoc, w3m) starts each cell at its column's left
    edge; a page centres them.
    """
    if len(pages) != len(lines):
        return list(lines)
    return _place_all(lines, pages, left_aligned)[0]


REVIEW_WIDTH = 3 * len(REVIEW_COLUMN_LABELS)
REVIEW_HEADER_LINES = 4  # lines above table 4's values its column words may stand on (two, and a rule or two)


def place_review_in_columns(lines: Sequence[str], left_aligned: bool = False) -> list[str]:
    """Table 4's row of values printing fewer than its fifteen, as a tab row with every value under its column
    word: the fifteen words (结果维持 … 总计, three times) on the lines just above, each where the page prints it,
    and every value standing under one of them, in order."""
    out = list(lines)
    for k, line in enumerate(lines):
        tail = value_tail(line)
        if tail is None or len(tail.texts) >= REVIEW_WIDTH or line[:tail.starts[0]].strip():
            continue
        starts = sorted(Anchor(start, (start + end - 1) / 2) for j in range(max(0, k - REVIEW_HEADER_LINES), k)
                        for start, end, word in header_words(lines[j])
                        if word.replace(FILL, "") in REVIEW_COLUMN_LABELS and _stands_apart(lines[j], start))
        if len(starts) != REVIEW_WIDTH or len({anchor.start for anchor in starts}) != REVIEW_WIDTH:
            continue
        columns = _placed(tail, dict(enumerate(starts)), REVIEW_WIDTH, left_aligned)
        if columns is not None:
            out[k] = "\t".join(_filled(tail, columns, REVIEW_WIDTH))
    return out


def terminal_columns(text: str) -> bool:
    """Whether a text is laid out in a terminal's columns, a wide Chinese character taking two (pandoc and w3m
    pad cells so): table 3's rows stand under its header words counted so, more of them than counted in
    characters (pdftotext's page grid)."""
    if text.isascii() or not in_columns(text):
        return False
    lines = text.split("\n")
    pages = page_of_lines(text)
    placed = _place_all(lines, pages)[1]
    return _place_all([widened(line) for line in lines], pages, left_aligned=True)[1] > placed


def respaced(text: str) -> str:
    """A text laid out in a terminal's columns with each word moved to the character its column is (each gap
    one space wider for every wide character before it on its line): later passes count characters."""
    return "\n".join(TOKEN.sub(lambda m: m.group() + " " * _wide(m.group()), line).rstrip()
                     if COLUMN_GAP.search(line) else line for line in text.split("\n"))


def widened(line: str) -> str:
    """The line with FILL after each wide character: a position in it is the column a terminal shows it at."""
    if line.isascii():
        return line
    return "".join(c + FILL if east_asian_width(c) in WIDE_CLASSES else c for c in line)


def _wide(word: str) -> int:
    return 0 if word.isascii() else sum(east_asian_width(c) in WIDE_CLASSES for c in word)


def _place_all(lines: Sequence[str], pages: Sequence[int], left_aligned: bool = False) -> tuple[list[str], int]:
    """The lines with table 3's short rows placed (place_in_columns), and how many rows were placed."""
    out = list(lines)
    width = len(APPLICANT_COLUMN_LABELS)
    placed = 0
    for header, anchors in _headers(lines):
        patterns: list[tuple[int, ...] | None] = []
        short: tuple[int, Tail, tuple[int, ...]] | None = None  # the last row placed short, with its label
        k = header + 1
        while k < len(lines) and pages[k] == pages[header] and not _table_ends(lines[k]):
            tail = value_tail(lines[k])
            if tail is not None:
                columns = _placed(tail, anchors, width, left_aligned)
                patterns.append(columns)
                if short is not None and columns is not None and _rest_of(short, k, lines[k][:tail.starts[0]], columns):
                    # The rest of a row whose cells stand at two heights, after a wrapped line of its label: one row
                    row, first, first_columns = short
                    cells = _filled(first, first_columns, width)
                    for column, text in zip(columns, tail.texts):
                        cells[column] = text
                    out[row] = _tab_line(lines[row], first.starts[0], cells)
                    out[k] = lines[k][:tail.starts[0]].rstrip()
                    short = None
                elif columns is not None and len(columns) < width:
                    out[k] = _tab_row(lines[k], tail, columns, width)
                    placed += 1
                    labelled = bool(lines[k][:tail.starts[0]].strip())
                    short = (k, tail, columns) if labelled else None
                else:
                    short = None
            elif short is not None and ROW_LABEL_START.match(lines[k].strip()):
                short = None
            k += 1
        pattern = _continued_pattern(patterns)
        while pattern is not None and k < len(lines) and not _table_ends(lines[k]):
            tail = value_tail(lines[k])
            if tail is not None and len(tail.texts) == len(pattern) and _spread(tail):
                out[k] = _tab_row(lines[k], tail, pattern, width)
                placed += 1
            k += 1
    return out, placed


def _rest_of(short: tuple[int, Tail, tuple[int, ...]], k: int, label: str, columns: Sequence[int]) -> bool:
    """Whether line k's values are the rest of the short row: within REACH lines, in exactly the columns it left
    empty, after no label of their own (a wrapped line of its label only: 分处理的，只计这一)."""
    row, _, taken = short
    return (0 < k - row <= REACH + 1 and not set(taken) & set(columns)
            and len(taken) + len(columns) == len(APPLICANT_COLUMN_LABELS)
            and not ROW_LABEL_START.match(label.strip()))


def _placed(tail: Tail, anchors: dict[int, Anchor], width: int, left_aligned: bool = False
            ) -> tuple[int, ...] | None:
    """The columns a row's values stand under, in order; every column for a full row; None when any stands
    under none."""
    if len(tail.texts) >= width:
        return tuple(range(width)) if len(tail.texts) == width else None
    if not _spread(tail):
        return None
    columns = [_column(anchors, x, text, left_aligned) for x, text in zip(tail.starts, tail.texts)]
    if None in columns or columns != sorted(set(columns)):  # type: ignore[type-var]
        return None
    return tuple(columns)  # type: ignore[arg-type]


MIN_PATTERN_ROWS = 3  # rows of the header's page that must agree before their columns carry over a page break


def _continued_pattern(patterns: Sequence[tuple[int, ...] | None]) -> tuple[int, ...] | None:
    """The columns every value row of the header's page filled (at least MIN_PATTERN_ROWS rows, fewer columns
    than the table has), or None when any row filled others or stood under no header word."""
    if len(patterns) < MIN_PATTERN_ROWS or None in patterns or len(set(patterns)) != 1:
        return None
    pattern = patterns[0]
    return pattern if pattern is not None and len(pattern) < len(APPLICANT_COLUMN_LABELS) else None


def _filled(tail: Tail, columns: Sequence[int], width: int) -> list[str]:
    """`width` cells, each value of `tail` in its column, the others empty."""
    cells = [""] * width
    for column, text in zip(columns, tail.texts):
        cells[column] = text
    return cells


def _tab_row(line: str, tail: Tail, columns: Sequence[int], width: int) -> str:
    return _tab_line(line, tail.starts[0], _filled(tail, columns, width))


def _tab_line(line: str, label_end: int, cells: Sequence[str]) -> str:
    """The line's label pieces (before `label_end`) and the cells, tab-separated."""
    labels = [p.strip() for p in re.split(r" {2,}", line[:label_end]) if p.strip()]
    page_break = "\f" * line[:label_end].count("\f")  # kept: it says where a page starts
    return page_break + ("\t".join([*labels, *cells]) if labels else "\t".join(["", *cells]))


def _headers(lines: Sequence[str]) -> list[tuple[int, dict[int, Anchor]]]:
    """(the last line of each table-3 header, where each column word that stands where printed starts and its
    centre)."""
    found: list[tuple[int, dict[int, Anchor]]] = []
    anchors: dict[int, Anchor] = {}
    last = -HEADER_REACH - 1
    for k, line in enumerate(lines):
        words = [(start, end, column) for start, end, word in header_words(line)
                 if (column := _label_column(word)) is not None]
        if not words:
            if anchors and k - last > HEADER_REACH:
                found.append((last, anchors))
                anchors = {}
            continue
        if k - last > HEADER_REACH:
            if anchors:
                found.append((last, anchors))
            anchors = {}
        for start, end, column in words:
            if _stands_apart(line, start):
                anchors[column] = Anchor(start, (start + end - 1) / 2)
        last = k
    if anchors:
        found.append((last, anchors))
    # A table-3 header prints 自然人; table 4's 其他 and 总计 alone are not one.
    return [(k, a) for k, a in found if 0 in a and len(a) >= 2 and sorted(a) == sorted(a, key=a.__getitem__)]


def _stands_apart(line: str, start: int) -> bool:
    """Whether the word at `start` stands where the page prints it: spaces before it, not pushed along by the word
    before it."""
    return line[max(0, start - WIDE):start].strip() == "" or start < WIDE


def header_words(line: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of a line's words, a word letter-spaced to fill its cell read as one (社 会 → 社会)."""
    out: list[tuple[int, int, str]] = []
    for m in TOKEN.finditer(line):
        if out and m.start() == out[-1][1] + 1 and _letters(m.group()) and _letters(line[out[-1][0]:out[-1][1]]):
            start, _, text = out[-1]
            out[-1] = (start, m.end(), text + m.group())
        else:
            out.append((m.start(), m.end(), m.group()))
    return out


def _letters(span: str) -> bool:
    """CJK letters one space apart, one or two at a time (自 然), not running text or numbers."""
    return all(0 < len(part) <= SPACED_LETTERS and not part.isascii() for part in span.replace(FILL, "").split(" "))


def _label_column(word: str) -> int | None:
    """The applicant column a header word names: its label, or the first line of a label wrapped in its cell
    (自然 of 自然人 over 人, 商业 of 商业企业)."""
    word = word.replace(FILL, "")
    for column, label in enumerate(APPLICANT_COLUMN_LABELS):
        if word == label or len(word) >= 2 and label.startswith(word):
            return column
    return None


def _column(anchors: dict[int, Anchor], start: int, text: str, left_aligned: bool = False) -> int | None:
    """The one column whose header word a value stands under: centred on it, or (`left_aligned`) starting
    where it starts."""
    centre = start + (len(text) - 1) / 2
    near = [column for column, anchor in anchors.items()
            if abs(anchor.centre - centre) <= CENTRE_SLACK or left_aligned and anchor.start == start]
    return near[0] if len(near) == 1 else None


def _spread(tail: Tail) -> bool:
    """Values set apart by wide gaps (columns), not by the single spaces of running text."""
    return tail.gap >= WIDE and all(b - a >= len(t) + WIDE for a, b, t in zip(tail.starts, tail.starts[1:], tail.texts))


def _table_ends(line: str) -> bool:
    """A heading without values (四、政府信息公开行政复议…) or a sentence: the table is over."""
    if any(len(m.group().replace(FILL, "")) >= PROSE_WORD for m in TOKEN.finditer(line)):
        return True
    return bool(SECTION.match(line)) and value_tail(line) is None
