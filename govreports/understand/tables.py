"""Cell rows → the statistical tables, keyed by the spec's stable codes.

One reader serves every input shape (see `rows` for how rows are found,
`align` for how they are matched to the template). Tables 2 and 3 are
aligned to the template's row sequence; table 4, which has no row labels,
is the first fifteen values after its heading. A row whose digits were
glued together is cut apart only where the template's identities allow a
single reading (`glued`); otherwise its cells stay unread and a check
says so. A table 3 whose rows' lines do not say which values are whose may
still be read from its values in printed order (`in_order`).
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import combinations
from types import MappingProxyType

from govreports.clean.blocks import CellRow, least
from govreports.clean.values import UNITS, is_value, to_number
from govreports.model import TABLE_KEYS as TABLE_ORDER
from govreports.model import Cell, Check, Number, Tables
from govreports.understand import checks as identities
from govreports.understand import glued, labels
from govreports.understand.align import (
    ROW_INDEXES,
    Scorer,
    align,
    fitted_width,
    place_bare,
)
from govreports.understand.in_order import read_in_order, sequences
from govreports.understand.rows import (
    Candidate,
    Event,
    Fragment,
    LabelStarts,
    bare_rows,
    candidates,
    events,
)
from govreports.vocabulary import (
    APPLICANT_COLUMN_LABELS,
    NUMBERED_ITEM,
    REVIEW_HEADER_WORDS,
)

log = logging.getLogger(__name__)

MAX_LABEL = 80
PROSE_LENGTH = 40
HEADER_WORDS, HEADER_WORD = 6, 4  # a line of at least this many words, each at most this long, is a header's
SECTION_HEADING = re.compile(r"^(?:#+\s*)?[一二三四五六七八九十]+、\S{4,}")  # a markdown heading's marks too
SHORT_WORD = 2  # 总计, 其他, 规章: words a table-4 header may print too
REVIEW_LOOKAHEAD = 150  # events after the table-4 heading within which its values must start (header characters one a line)
REVIEW_WIDTH = len(labels.REVIEW_COLUMNS)
REVIEW_HEADER_LETTERS = frozenset("".join(REVIEW_HEADER_WORDS)) - {"结"}  # 结 is 结果's too
HEADER_AFTER = 20  # events after table 4's values within which its header words show it printed column by column
# A numbered section heading of table 2 or 3 (二、主动公开政府信息情况): what table 4 never comes before.
EARLIER_TABLES = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*(?:" + labels.TABLE_NAMES["active"].pattern + "|"
                            + labels.TABLE_NAMES["applications"].pattern + ")")
EXACT = 0.95  # a table-2 label this close is taken even out of order
# Table 3 read from its values in printed order (in_order): a passing check, `found` the values put back.
READ_IN_ORDER = "applications.read_in_order"


def to_cell(raw: str, confidence: float | None = None) -> Cell:
    return Cell(to_number(raw) if raw.strip() else None, raw, confidence)


@dataclass
class Printed:
    """A row's values as printed, and OCR's confidence in each (None for values read from text)."""

    values: list[str] = field(default_factory=list)
    confidence: list[float | None] = field(default_factory=list)
    cut_off: bool = False  # the text ends with this row: a capture cut short, its cells after the end lost
    apart: bool = False  # printed between separators (a table, pipes, tabs) or one a line: each value is one cell
    stacked: bool = False  # gathered from lines of their own, not printed on the row's line (see _stacked_sums)
    dropped: list[str] = field(default_factory=list)  # values printed for it beyond its columns
    grid: bool = False  # printed in a grid row (a table, pipes, tabs)
    after_labels: bool = False  # stacked right after other rows' labels that printed no values (see _stacked_sums)
    sub_rows: bool = False  # its label alone above rows of their own (see _sub_rows): which are its cells is unknown
    # Another number of cells beyond its columns than most grid rows of its level print: (theirs, its own), see
    # _uneven_rows; and its values were it to print theirs, each way it may have lost or been given a cell.
    uneven: tuple[int, int] | None = None
    readings: tuple[tuple[str, ...], ...] = ()

    def least(self) -> float | None:
        """How sure the row is as a whole: text cut or joined from its values is as sure as the weakest."""
        return least(*self.confidence)


def detect_template(rows: Sequence[CellRow], margin: int = 1) -> str | None:
    """The template whose marker labels the tables print most, by at least `margin` (a page's menu may print one:
    行政规范性文件)."""
    texts = (text for row in rows for k, text in enumerate(row.cells)
             if k not in row.copies and 1 < len(text) <= MAX_LABEL and not is_value(text))
    blob = labels.PUNCTUATION.sub("", "\n".join(texts))
    score = {template: sum(blob.count(marker) for marker in markers)
             for template, markers in labels.TEMPLATE_MARKERS.items()}
    ranked = sorted(score.values(), reverse=True)
    best = max(score, key=lambda t: score[t])
    return best if ranked[0] > 0 and ranked[0] - ranked[1] >= margin else None


# What a row label follows in a page captured as one line: a value, or the end of a column header.
HEADER_ENDS = ("件数", "数量", "金额", "万元)", "万元）", "增/减", "增减")


def spaced_alternation(words: set[str], gap: str) -> str:
    """A pattern matching any of the words, `gap` allowed between two characters, the longest word where several
    start at one place: as a trie (本(?:年(?:度…|新…)|…)|其…), so that a place starting with a character some word
    starts with tries one branch per character, not every word that starts with it (twice as fast on glued lines).

    Two words' branches never both go on at a character (a node's children are distinct characters, none in `gap`),
    so the one that goes on furthest is the longest word, as an alternation of the words, longest first, would find.
    """
    trie: dict[str, dict] = {}
    for word in sorted(words):  # a pattern of the same text in every process
        node = trie
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}  # a word ends here

    def branches(node: dict[str, dict]) -> str:
        out = []
        for character, child in node.items():
            if not character:
                continue
            rest = branches(child)
            out.append(re.escape(character) + (f"(?:{gap}{rest})" + ("?" if "" in child else "") if rest else ""))
        return out[0] if len(out) == 1 else f"(?:{'|'.join(out)})" if out else ""

    return branches(trie)


def label_starts(template: labels.Template) -> LabelStarts:
    """Where a row label or a numbered heading starts inside a long line of glued text.

    A row label counts where numbering, a value or a column header's end
    comes right before it; a numbered heading (四、…) where a value does.
    """
    heads = {s if len(s) <= 3 else s[:4] for spec in template.rows for s in spec.spellings}
    heads |= {*labels.GROUP_WORDS, labels.RESULTS_WORD, *labels.ACTIVE_HEADINGS}
    spaced = spaced_alternation(heads, r"[\s“”\"]*")
    # Item numbers are one digit (1.–8.): in 00000002.重复申请 the 2 is the number, the zeros are values.
    numbering = r"(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|[1-9][.、])"
    after = "|".join(f"(?<={re.escape(end)})" for end in HEADER_ENDS)
    # A value may end in its unit (2笔, 984361元, 12.5万元) where the next row or heading starts.
    value = rf"(?<=[\d—/无-])|(?<=\d[{UNITS}])|(?<=\d[{UNITS}]{{2}})"
    heading = "[一二三四五六七八九十]+、"
    return LabelStarts(re.compile(rf"(?:{numbering}\s*)+(?={spaced})|(?:{value}|{after})\s*(?={spaced})"
                                  rf"|(?:{value})\s*(?={heading})"),
                       re.compile(rf"{spaced}|{heading}"))


# Built once per template: each document used to rebuild the pattern's text.
LABEL_STARTS = MappingProxyType({name: label_starts(template) for name, template in labels.TEMPLATES.items()})


@dataclass
class TableReading:
    """What the tables say, which template they follow, and what could not be read."""

    tables: Tables = field(default_factory=dict)
    template: str | None = None
    checks: list[Check] = field(default_factory=list)
    score: float = 0.0


# -- table 4 --------------------------------------------------------------------------

def _review_heading(event: Event) -> bool:
    """Table 4's heading; not a line of a preface listing the sections (…行政诉讼情况、政府信息公开工作存在…)."""
    text = event.text if isinstance(event, Fragment) else event.label or " ".join(event.context)
    if labels.REVIEW_WORD not in text or isinstance(event, Fragment) and event.is_prose() \
            or labels.SECTION_LIST.search(text):
        return False
    return bool(text) and labels.REVIEW_START.match(labels.label_key(text)[0]) is not None


def _review_start(found: Sequence[Event]) -> int | None:
    """The event index of table 4's heading: the first one its values follow (or print beside it).

    Table 4 comes last: a heading that tables 2 or 3 follow is the preface's outline of the report
    ((四)因政府信息公开工作被申请行政复议、提起行政诉讼情况。 under 一、总体情况), not the table's.
    """
    for k, event in enumerate(found):
        if not _review_heading(event) or _earlier_tables_follow(found, k):
            continue
        if isinstance(event, Candidate):
            return k
        for later in found[k + 1:k + 1 + REVIEW_LOOKAHEAD]:
            if isinstance(later, Candidate):
                return k
            if later.is_prose(PROSE_LENGTH) and not _header_words(later.text):
                break
    return None


def _earlier_tables_follow(found: Sequence[Event], k: int) -> bool:
    """Whether the section heading of table 2 or 3 comes after event k."""
    return any(isinstance(event, Fragment) and EARLIER_TABLES.match(event.text) for event in found[k + 1:])


def _header_words(text: str) -> bool:
    """Short words a space apart: a header printed a line of each (维持 纠正 结果 审结 计 …), not a sentence."""
    words = text.split()
    return len(words) >= HEADER_WORDS and all(len(word) <= HEADER_WORD for word in words)


def _review_values(found: Sequence[Event], start: int) -> Printed:
    """The values after table 4's heading, across its header lines, until fifteen are read."""
    printed = Printed()
    rows = 0  # text rows they were gathered from
    first, last = None, start
    for k, event in enumerate(found[start:], start):
        if len(printed.values) >= REVIEW_WIDTH:
            break
        if isinstance(event, Fragment):
            if printed.values and (event.is_prose(PROSE_LENGTH) or SECTION_HEADING.match(event.text)):
                break
            continue
        if _earlier_tables_row(event):
            continue
        if printed.values and event.grid and SECTION_HEADING.match(event.label):
            break  # the next section's heading as a table row's label (五、存在的…| |0 0 0 …, pymupdf4llm's)
        if not event.empty:  # a header row's empty cells are not values
            rows += 0 if event.grid else 1 + event.one_a_line  # values one a line: each on a line of its own
            first, last = k if first is None else first, k
            for value, confidence in zip(event.values, event.confidences(), strict=True):
                if value or event.grid:
                    printed.values.append(value)
                    printed.confidence.append(confidence)
    # Gathered from several text lines before the table's header words: the table printed a column at a time.
    printed.stacked = rows > 1 and first is not None and _header_after(found, first, last)
    return printed


def _names_another_row(row: Candidate, spec: labels.RowSpec, template: labels.Template) -> bool:
    """Whether a row's own label is exactly another row's of the template, not this one's: a text that prints
    a table twice and lost a row in one copy (pymupdf4llm's of pingtan_gaj_2022) aligns the other copy's row to it."""
    key = labels.label_key(row.label)[0]
    named = ROW_INDEXES[template.name].exact.get(key, ())
    return bool(named) and spec not in (template.rows[j] for j in named)


def _earlier_tables_row(row: Candidate) -> bool:
    """A row of table 2 or 3 under table 4's heading (pymupdf4llm prints the rows a page break carried over after
    it): its label is a row's of the template, numbered ((七)总计, 3.其他) or no word a table-4 header prints too."""
    key, numbering = labels.label_key(row.label)
    return key in labels.ROW_LABELS and (len(key) > SHORT_WORD or numbering != labels.NO_NUMBERING)


def _header_after(found: Sequence[Event], first: int, last: int) -> bool:
    """Whether table 4's header words follow the first of its values (events first to last, and a few after),
    printed whole, a letter a line (结 / 果 / 维 / 持), or their letters scattered column by column (维 / 纠 / 结 /
    审, pdftotext's reading order)."""
    text = "".join(event.text for event in found[first + 1:last + 1 + HEADER_AFTER] if isinstance(event, Fragment))
    text = "".join(text.split())
    return any(word in text for word in REVIEW_HEADER_WORDS) \
        or sum(letter in REVIEW_HEADER_LETTERS for letter in text) >= len(REVIEW_HEADER_LETTERS)


def read_review(found: Sequence[Event], start: int) -> tuple[dict[str, Cell] | None, list[Check]]:
    printed = _review_values(found, start)
    values = printed.values
    if not any(values):
        return None, []
    if glued.is_glued(values, REVIEW_WIDTH):
        cut = glued.splits(values, REVIEW_WIDTH, glued.review_totals)
        if len(cut) != 1:
            return _review_unread(printed, "glued_digits", len(cut))
        return {c: to_cell(v, printed.least()) for c, v in zip(labels.REVIEW_COLUMNS, cut[0])}, []
    if len(values) < REVIEW_WIDTH:
        return _review_unread(printed, "short_row", len(values))
    if len(values) > REVIEW_WIDTH and "" in values:
        return _review_settled(printed)
    numbers = _numbers(values[:REVIEW_WIDTH])
    if printed.stacked and numbers is not None and not (glued.review_totals(numbers, True)
                                                        and _results_settled(numbers)):
        # Printed before its header: a table printed a column at a time (pdfminer's text boxes, pdftotext's reading
        # order) stacks other cells' values here, or gives a group's results in an order of its own (2 3 1 1 7 for
        # 2 1 3 1 7), which their sum does not tell.
        return _review_unread(printed, "stacked_row", None)
    return {c: to_cell(v, k) for c, v, k in zip(labels.REVIEW_COLUMNS, values, printed.confidence)}, []


REVIEW_EXTRA = 2  # empty cells beyond fifteen tried out of table 4's values (a closing cell, a stray <td>)


def _review_settled(printed: Printed) -> tuple[dict[str, Cell], list[Check]]:
    """Table 4 printing empty cells beyond its fifteen (a closing cell, a stray empty <td>), read as every way of
    taking them out that keeps its groups' totals reads each cell (cells printed empty taken as 0).

    Its first fifteen slid a column after a stray cell: 61 | 3 | 0 | … under 直接起诉 read 3 as 结果纠正. A group
    where the ways differ and one keeps its total tells them apart; a cell the ways kept read alike is read so,
    the others unread, and `uneven_row` fails (passes where the ways differed and every cell is settled).
    """
    values = printed.values
    extra = len(values) - REVIEW_WIDTH
    blanks = [k for k, value in enumerate(values) if value == ""]
    readings = list(dict.fromkeys(tuple(v for k, v in enumerate(values) if k not in out)
                                  for out in combinations(blanks, extra))) if extra <= REVIEW_EXTRA else []
    if len(readings) == 1:
        return {c: to_cell(v, printed.least()) for c, v in zip(labels.REVIEW_COLUMNS, readings[0])}, []
    width = len(labels.REVIEW_RESULTS)  # four results and their total
    numbers = [[_zeroed(to_cell(v)).value for v in reading] for reading in readings]
    held = [{g // width for g in range(0, REVIEW_WIDTH, width)
             if None not in row[g:g + width] and sum(row[g:g + width - 1]) == row[g + width - 1]} for row in numbers]
    settled = _agreed(readings, held, lambda k: k // width)
    raw = " ".join(printed.values)
    cells = {c: to_cell(settled[k], printed.least()) if k in settled else Cell(None, raw, printed.least())
             for k, c in enumerate(labels.REVIEW_COLUMNS)}
    return cells, [Check("review_litigation.uneven_row", len(settled) == REVIEW_WIDTH, REVIEW_WIDTH,
                         len(printed.values), row=labels.REVIEW_ROW)]


def _results_settled(numbers: list[int]) -> bool:
    """Whether each group's results are known without their order: all four the same number (0 0 0 0 0)."""
    width = len(labels.REVIEW_RESULTS)
    return all(len(set(numbers[g:g + width - 1])) == 1 for g in range(0, REVIEW_WIDTH, width))


def _review_unread(printed: Printed, reason: str, found: int | None) -> tuple[dict[str, Cell], list[Check]]:
    """Table 4 not read: its printed text kept in every cell, and the check saying why."""
    raw = " ".join(printed.values)
    return ({c: Cell(None, raw, printed.least()) for c in labels.REVIEW_COLUMNS},
            [Check(f"review_litigation.{reason}", False, REVIEW_WIDTH, found, row=labels.REVIEW_ROW)])


# -- tables 2 and 3 -----------------------------------------------------------------------

def _fit(candidate: Candidate, width: int, terminated: bool = False) -> Printed:
    """A row's values without merged-cell padding, as many as the row has columns.

    `terminated`: the table's rows end in an empty cell of their own (a capture's closing pipe: 行政许可 | 339 | +123 |
    462 | |), so a row with an empty cell at both ends (行政处罚 | | +239 | 239 | |) loses its last, not its first.
    """
    values, confidence = list(candidate.values), candidate.confidences()
    if candidate.grid:
        for end in ((-1, 0) if terminated else (0, -1)):
            while len(values) > width and values[end] == "":
                values.pop(end)
                confidence.pop(end)
        filled = [k for k, value in enumerate(values) if value]
        if len(values) > width and len(filled) == width:
            # An empty cell inside the row under a header cell over two columns (本年增/减 | | 处理决定数量): padding.
            values, confidence = [values[k] for k in filled], [confidence[k] for k in filled]
    # Filled cells beyond the columns leave the row unread (long_row, in _unglue); empty ones are padding.
    return Printed(values[:width], confidence[:width], dropped=[v for v in values[width:] if v])


def _continued(found: Sequence[Candidate], taken: set[int], i: int, width: int, join: bool = True
               ) -> tuple[Printed, int]:
    """A text row's values, with those of unlabeled rows right after it that complete it exactly (`join`).

    Also the position in `found` of the last row it took.
    """
    printed = Printed(list(found[i].values), found[i].confidences())
    k = i + 1
    while join and len(printed.values) < width and k < len(found) and k not in taken and not found[k].label \
            and not found[k].grid and len(printed.values) + len(found[k].values) <= width \
            and found[k].index == found[k - 1].index + 1:
        printed.values += found[k].values
        printed.confidence += found[k].confidences()
        taken.add(k)
        k += 1
    return Printed(printed.values[:width], printed.confidence[:width], dropped=printed.values[width:]), k - 1


def _wraps_on(found: Sequence[Candidate], taken: set[int], i: int, spec: labels.RowSpec, printed: Printed) -> bool:
    """Whether the next text row is this one's, cut by a page break inside its label: (一、本年新收政府信息公
    58 0 0 0 0 0 / 开申请数量 / 58, pdftotext -raw of a Word report). Taken only when the two labels read
    together are the row's and the first alone is not, the values then fill the row exactly, and they hold its
    total (table 3's row: the last is the sum of the others)."""
    if spec.table != "applications" or i + 1 >= len(found) or i + 1 in taken:
        return False
    row, after = found[i], found[i + 1]
    if after.grid or not after.label or after.index != row.index + 1 or not row.label:
        return False
    if labels.label_key(row.label)[0] in spec.spellings \
            or labels.label_key(row.label + after.label)[0] not in spec.spellings:
        return False
    numbers = _numbers(printed.values + after.values)
    return numbers is not None and len(numbers) == len(spec.columns) and sum(numbers[:-1]) == numbers[-1]


SPLIT_REACH = 3  # wrapped label lines between a row's first values and the rest of them


def _rest_below(found: Sequence[Candidate], taken: set[int], i: int, width: int, printed: Printed
                ) -> Printed | None:
    """A table-3 row whose values print on two lines with its wrapped label between, each line's values in the
    order they stand but which columns each holds not said ((二)部分公开(区 3 / 分处理的,只计这一 / 3 0 0 0 0 0: a
    text grouping its lines by height, pdfplumber's): the values put together the one way, each line's order
    kept, in which the last is the sum of the others. None when the next row has a label or is another row's
    (a numbered label between), the two do not fill the row exactly, or no way or more than one adds up."""
    if i + 1 >= len(found) or i + 1 in taken:
        return None
    row, after = found[i], found[i + 1]
    between = after.index - row.index - 1
    if after.label or after.grid or not 0 <= between <= SPLIT_REACH or len(after.before) < between:
        return None
    if any(NUMBERED_ITEM.match(text) for text in after.before[len(after.before) - between:]):
        return None
    own, rest = _numbers(printed.values), _numbers(after.values)
    if own is None or rest is None or len(own) + len(rest) != width:
        return None
    values, numbers_printed = printed.values + after.values, own + rest
    confidence = printed.confidence + after.confidences()
    ways: dict[tuple[int, ...], list[int]] = {}
    for places in combinations(range(width), len(own)):
        order = _column_order(places, len(own), width)
        numbers = tuple(numbers_printed[k] for k in order)
        if sum(numbers[:-1]) == numbers[-1]:
            ways.setdefault(numbers, order)
    if len(ways) != 1:
        return None
    order = next(iter(ways.values()))
    return Printed([values[k] for k in order], [confidence[k] for k in order])


def _column_order(places: tuple[int, ...], first: int, width: int) -> list[int]:
    """For each column, the index into (first line's values + second line's) of the value it takes, the first
    line's standing at `places`."""
    own, rest = iter(range(first)), iter(range(first, width))
    return [next(own) if column in places else next(rest) for column in range(width)]


def _totals_alone(found: Sequence[Candidate], pairs: list[tuple[int, labels.RowSpec]]) -> set[str]:
    """The tables whose every matched row prints a total's label alone, unnumbered (总计 | 183489, not table 3's
    (七)总计): no table of the template's."""
    alone: dict[str, list[bool]] = {}
    for i, spec in pairs:
        key, numbering = labels.label_key(found[i].label) if found[i].label else ("", None)
        alone.setdefault(spec.table, []).append(key in labels.TOTAL_LABELS and numbering == labels.NO_NUMBERING)
    return {table for table, totals in alone.items() if all(totals)}


def _sub_rows(found: Sequence[Candidate], pairs: list[tuple[int, labels.RowSpec]], template: labels.Template
              ) -> set[int]:
    """Matched rows whose template label stands alone above two or more rows of values under labels of their own
    (其他对外管理服务事项 / 行政检查 | 0 | 0 | 0 / 行政确认 | 0 | 0 | 0): whether the row's cells are one of them or
    their sum, the text does not say. The first had been taken for the row, through the label above it."""
    exact = ROW_INDEXES[template.name].exact
    position = {(spec.table, spec.code): j for j, spec in enumerate(template.rows)}
    taken = {i for i, _ in pairs}

    def rows_named(text: str) -> tuple[int, ...]:
        return exact.get(labels.label_key(text)[0], ())

    out = set()
    for i, spec in pairs:
        row, after = found[i], found[i + 1] if i + 1 < len(found) else None
        j = position[(spec.table, spec.code)]
        if (row.label and row.before and j in rows_named(row.before[-1]) and j not in rows_named(row.label)
                and after is not None and i + 1 not in taken and after.label and not after.before
                and after.index == row.index + 1 and not rows_named(after.label)):
            out.add(i)
    return out


def _place(found: Sequence[Candidate], pairs: list[tuple[int, labels.RowSpec]], text_end: int | None = None,
           sub_rows: frozenset[int] = frozenset(), exact: Mapping[str, tuple[int, ...]] = MappingProxyType({}),
           join: bool = True) -> dict[tuple[str, str], Printed]:
    """The printed values of each matched row, continuation lines joined (unless not `join`).

    `text_end`: the index of the document's last event, when the text ends
    inside the tables (no table 4 after them): a row ending there is cut off.
    `sub_rows`: the rows printed in sub-rows (_sub_rows). `exact`: the template's row labels (ROW_INDEXES).
    """
    taken = {i for i, _ in pairs}
    terminated = _terminated(found, pairs)
    placed: dict[tuple[str, str], Printed] = {}
    for i, spec in pairs:
        width = len(spec.columns)
        printed, last = ((_fit(found[i], width, spec.table in terminated), i) if found[i].grid
                         else _continued(found, taken, i, width, join))
        if last == i and _wraps_on(found, taken, i, spec, printed):
            printed = Printed(printed.values + found[i + 1].values, printed.confidence + found[i + 1].confidences())
            taken.add(i + 1)
            last = i + 1
        if last == i and not found[i].grid and spec.table == "applications" and len(printed.values) < width:
            rest = _rest_below(found, taken, i, width, printed)
            if rest is not None:
                printed = rest
                taken.add(i + 1)
                last = i + 1
        printed.cut_off = text_end is not None and found[last].index == text_end
        printed.apart = found[i].grid or found[i].one_a_line or last > i
        printed.grid = found[i].grid
        printed.stacked = not found[i].grid and found[i].inline < width and (found[i].one_a_line or last > i)
        printed.after_labels = printed.stacked and _after_row_labels(found[i], exact)
        printed.sub_rows = i in sub_rows
        placed[(spec.table, spec.code)] = printed
    specs = dict(pairs)
    for i, (usual, own) in _uneven_rows(found, pairs).items():
        spec = specs[i]
        printed = placed[(spec.table, spec.code)]
        printed.uneven = (usual, own)
        printed.readings = _readings(found[i], len(spec.columns) + usual, len(spec.columns), spec.table in terminated)
    return placed


def _terminated(found: Sequence[Candidate], pairs: list[tuple[int, labels.RowSpec]]) -> set[str]:
    """Tables whose full rows print an empty cell after their values: that closing cell is no padding before them.

    Told by more of its rows longer than its columns closing so (a first value, an empty cell last) than ending in a
    value: one row given a cell too many (a stray empty <td>) does not make a table that prints none so.
    """
    votes: Counter[str] = Counter()
    for i, spec in pairs:
        values = found[i].values
        if found[i].grid and len(values) > len(spec.columns):
            if values[0] != "" and values[-1] == "":
                votes[spec.table] += 1
            elif values[-1] != "":
                votes[spec.table] -= 1
    return {table for table, vote in votes.items() if vote > 0}


def _uneven_rows(found: Sequence[Candidate], pairs: list[tuple[int, labels.RowSpec]]) -> dict[int, tuple[int, int]]:
    """Grid rows of tables 2 and 3 that print another number of cells after their label, beyond their columns, than
    most grid rows of their level (三、, (三), 3.) and columns do (table 2's blocks): (theirs, its own).

    Rows of a level print as many cells after their label (one a column, a merged label's empty cells, a closing
    one): a group's label printed beside its first row only (pandoc's (五)) is no cell after it. A row short of most
    of its level lost a cell to its capture (a missing <td>, an empty cell dropped), one longer was given one (a
    stray empty <td>), and which one its empty cells do not say: its values may have slid a column (| 一、… | | |
    821 | 35 | | 2 | 1 | 859 |).
    """
    levels: dict[tuple[str, int, tuple[str, ...]], list[tuple[int, int]]] = {}
    for i, spec in pairs:
        if spec.table in UNEVEN_TABLES and found[i].grid:
            levels.setdefault((spec.table, _level(spec), spec.columns), []).append(
                (i, len(found[i].values) - len(spec.columns)))
    out = {}
    for rows in levels.values():
        extras = Counter(extra for _, extra in rows).most_common()
        if len(extras) < 2 or extras[0][1] < 2 or extras[0][1] == extras[1][1]:
            continue  # one number of cells, or none most of the level's rows print
        usual = extras[0][0]
        out.update({i: (usual, extra) for i, extra in rows if extra != usual})
    return out


UNEVEN_TABLES = ("active", "applications")  # table 4 prints one row
WIDTH_CHECKS = ("short_row", "long_row")  # a row's cells more or fewer than its columns
BALANCE_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")


def _settle_uneven_rows(template: labels.Template, placed: Mapping[tuple[str, str], Printed], tables: Tables,
                        checks: list[Check]) -> list[Check]:
    """Uneven rows (_uneven_rows), each cell read where every way of putting back the cell the row lost (or taking
    out the one it was given) reads it alike; in table 3, every way that keeps its column identities.

    Which cell such a row lost its empty cells do not say, and the cells on one side of it slid a column; a slid
    value breaks its column's sum (cells printed empty taken as 0), a slid 0 keeps every sum wherever it stands. A
    column where the ways differ and one of them keeps its identities tells them apart, one where none does says the
    row lost a value, not an empty cell; a cell the ways kept read alike is read so, the others are unread (table 2
    has no identity: only the cells every way reads alike).
    `uneven_row` says so, failing where a cell is left unread, in place of a `short_row` or `long_row` the row's
    cells as printed gave; a row unread for another reason stays so.
    """
    out = list(checks)
    for spec in template.rows:
        printed = placed.get((spec.table, spec.code))
        read = tables.get(spec.table, {})
        if printed is None or printed.uneven is None or spec.code not in read or printed.cut_off:
            continue
        own = [check for check in out if check.row == spec.code and check.check.startswith(f"{spec.table}.")]
        if any(check.check.split(".", 1)[1] not in WIDTH_CHECKS for check in own):
            continue
        as_read = tuple(printed.values[:len(spec.columns)])
        if printed.readings == (as_read,) or not printed.readings and "" not in as_read:
            continue  # every place gives the row as read, or values alone, none empty: nothing slid
        held = (_held_columns(spec, printed.readings, read) if spec.table == "applications"
                else [set(range(len(spec.columns)))] * len(printed.readings))  # table 2 has no identity
        agreed = _agreed(printed.readings, held, lambda k: k)
        settled = {column: agreed[k] for k, column in enumerate(spec.columns) if k in agreed}
        unread = _unread(spec, printed)
        read[spec.code] = {column: to_cell(settled[column], printed.least()) if column in settled else unread[column]
                           for column in spec.columns}
        out = [check for check in out if check not in own]
        out.append(Check(f"{spec.table}.uneven_row", len(settled) == len(spec.columns),
                         *(len(spec.columns) + extra for extra in printed.uneven), row=spec.code))
    return out


def _held_columns(spec: labels.RowSpec, readings: Sequence[tuple[str, ...]], read: Mapping[str, Mapping[str, Cell]]
                  ) -> list[set[int]]:
    """The columns (by place) whose identities hold with the row read each way, cells printed empty taken as 0.

    Every row of table 3 stands in the balance (三、 rows, (七)总计) or in (七)总计's sum ((一)…(六) rows), or both."""
    rules = [rule for rule, applies in ((identities.applications_balance, spec.code in BALANCE_ROWS),
                                        (identities.applications_total_processed, spec.code == "total_processed"
                                         or spec.code.startswith(identities.PROCESSED_GROUPS))) if applies]
    place = {column: k for k, column in enumerate(spec.columns)}
    zeroed = {row: {c: _zeroed(cell) for c, cell in cells.items()} for row, cells in read.items()}
    held = []
    for reading in readings:
        zeroed[spec.code] = {c: _zeroed(to_cell(v)) for c, v in zip(spec.columns, reading)}
        held.append(set(place.values()).intersection(
            *({place[check.column] for check in rule({"applications": zeroed}) if check.ok} for rule in rules)))
    return held


def _agreed(readings: Sequence[tuple[str, ...]], held: Sequence[set[int]], unit: Callable[[int], int]
            ) -> dict[int, str]:
    """The cells (by place) that every reading kept reads alike.

    `held`: the units (a column, a group of table 4) whose identity each reading keeps; `unit`: a place's. A unit
    where the readings differ and one of them keeps its identity tells them apart: a reading that breaks it is not
    kept. One where they differ and none keeps it says the row lost a value, not an empty cell: its cells stay
    unknown.
    """
    places = range(len(readings[0])) if readings else range(0)
    differ = {unit(k) for k in places if len({reading[k] for reading in readings}) > 1}
    telling = differ & set().union(*held)
    kept = [reading for reading, ok in zip(readings, held) if telling <= ok]
    return {k: values.pop() for k in places
            if unit(k) not in differ - telling and len(values := {reading[k] for reading in kept}) == 1}


def _zeroed(cell: Cell) -> Cell:
    return Cell(0, cell.raw) if cell.value is None and not cell.raw.strip() else cell


def _readings(candidate: Candidate, usual: int, width: int, terminated: bool) -> tuple[tuple[str, ...], ...]:
    """A row's values were it to print the `usual` number of cells after its label: an empty cell put back at each
    place it may have lost one, or each of its empty cells taken out where it was given one; fitted to its columns."""
    values = candidate.values
    if len(values) == usual - 1:
        zones = [values[:k] + [""] + values[k:] for k in range(len(values) + 1)]
    elif len(values) == usual + 1:
        zones = [values[:k] + values[k + 1:] for k, value in enumerate(values) if value == ""]
    else:
        return ()
    fitted = (_fit(replace(candidate, values=zone, confidence=[]), width, terminated) for zone in zones)
    return tuple(dict.fromkeys(tuple(f.values) for f in fitted if len(f.values) == width and not f.dropped))


def _level(spec: labels.RowSpec) -> int:
    return 2 if spec.numbering.item else 1 if spec.numbering.group else 0


def _cells(spec: labels.RowSpec, printed: Printed) -> dict[str, Cell]:
    return {c: to_cell(v, k) for c, v, k in zip(spec.columns, printed.values, printed.confidence)}


def _applications_hold(rows: dict[str, list[int]]) -> bool:
    """Table 3's column identities, where every cell they need is known."""
    for column in range(7):
        def get(code: str) -> int | None:
            values = rows.get(code)
            return values[column] if values is not None else None
        parts = [get(c) for c in ("new_received", "carried_over", "total_processed", "carried_forward")]
        if None not in parts and parts[0] + parts[1] != parts[2] + parts[3]:
            return False
        processed = [v for code, v in rows.items() if code.startswith(("granted", "partially_granted", "denied.",
                                                                          "unavailable.", "not_processed.", "other."))]
        total = get("total_processed")
        if total is not None and processed and sum(v[column] for v in processed) != total:
            return False
    return True


def _applications_complete(read: Mapping[str, Mapping[str, Cell]], template: labels.Template) -> bool:
    """Whether every cell of one of the row sequences table 3 may print was read."""
    return any(all(spec.code in read and all(cell.value is not None for cell in read[spec.code].values())
                   for spec in rows) for rows in sequences(template))


def _any_value(table: dict[str, dict[str, Cell]]) -> bool:
    """Whether a table shows any printed value: rows of empty cells alone are a table not read (its values may be
    pictures, or lost), unless it prints its empty cells between separators."""
    return any(cell.value is not None or cell.raw.strip() for cells in table.values() for cell in cells.values())


def _numbers(values: list[str]) -> list[int] | None:
    numbers = [to_number(v) for v in values]
    return None if any(n is None for n in numbers) else numbers  # type: ignore[return-value]


def _printed_by_column(template: labels.Template, placed: dict[tuple[str, str], Printed]) -> bool:
    """Whether a text shows its tables printed a column at a time: a row stacked one value a line that was
    given more values than it has cells, or that stands after other rows' labels and does not add up."""
    for spec in template.rows:
        printed = placed.get((spec.table, spec.code))
        if printed is not None and printed.stacked and (_overflows(printed) or _unsummed(spec, printed)):
            return True
    return False


def _overflows(printed: Printed) -> bool:
    """More values were printed for a row than it has cells (the text not ending in it)."""
    return bool(printed.dropped) and not printed.cut_off


def _unsummed(spec: labels.RowSpec, printed: Printed, by_column: bool = False) -> bool:
    """A table-3 row stacked one value a line right after other rows' labels (or in a text printed a column at a
    time) whose values do not add up (see _stacked_sums)."""
    return printed.stacked and (printed.after_labels or by_column) and spec.table == "applications" \
        and not _stacked_sums(printed.values)


def _after_row_labels(row: Candidate, exact: Mapping[str, tuple[int, ...]]) -> bool:
    """Whether other rows' item labels (3.危及…) stand right before a row, with no values of their own (the
    header's words, 总计 and 其他, and a group's label, （六）其他处理, print none in any table)."""
    keys = [labels.label_key(text) for text in row.before]
    return any(numbering.item is not None and exact.get(key) for key, numbering in keys)


def _stacked_sums(values: list[str]) -> bool:
    """Whether a row of table 3 gathered from lines of their own adds up (its total the sum of the others).

    A text that prints a table a column at a time (pdfminer's text boxes:
    the labels of six rows, then the six values of one column) stacks other
    rows' values under the last label: read as its cells, they are wrong
    numbers. Such a row, its values one a line right after labels of other
    rows printing none, is not read when it does not add up. (A table
    printed a row at a time keeps its values as printed, sums or not.)
    """
    numbers = _numbers(values)
    return numbers is None or len(numbers) != len(labels.APPLICANT_COLUMNS) or sum(numbers[:-1]) == numbers[-1]


def _unread(spec: labels.RowSpec, printed: Printed) -> dict[str, Cell]:
    """A row whose values cannot be put in their columns: no number, the printed text kept."""
    raw = " ".join(printed.values)
    return {c: Cell(None, raw, printed.least()) for c in spec.columns}


MERGED_GROUP = 3  # rows of a group from which a later row's values may be the group's merged cell, centred on it


def _group_centred(template: labels.Template, placed: Mapping[tuple[str, str], Printed]) -> set[tuple[str, str]]:
    """Text rows whose values may be their group's merged cell: the only values of a group of MERGED_GROUP rows or
    more, printed beside its middle row, the others printing none (the rows after it their labels), or one a
    line after its last row's label. A page centres a cell merged down the group's rows (rowspan) on them,
    beside whichever row stands there, and a text a column at a time prints it after the group's labels;
    which row's the cell is, a text without positions does not say (pdfplumber's of pingtan_scj_2023: (六)'s
    0s beside 2.申请人逾期未按…; pdfminer's: after 3.其他)."""
    groups: dict[str, list[labels.RowSpec]] = {}
    for spec in template.applications:
        if spec.numbering.group and spec.numbering.item:
            groups.setdefault(spec.numbering.group, []).append(spec)
    out = set()
    for specs in groups.values():
        printed = [placed.get((spec.table, spec.code)) for spec in specs]
        filled = [k for k, row in enumerate(printed) if row is not None and any(row.values)]
        if len(specs) < MERGED_GROUP or len(filled) != 1:
            continue
        k = filled[0]
        row = printed[k]
        middle = k in {(len(specs) - 1) // 2, len(specs) // 2}
        # The rows after it printed (their labels, no values): not a text cut off after it. Or, a text a column at a
        # time (pdfminer's), the values one a line after the group's last label.
        if row is not None and not row.grid and (middle and None not in printed[k + 1:]
                                                 or k == len(specs) - 1 and row.stacked and None not in printed):
            out.add((specs[k].table, specs[k].code))
    return out


def _empty_first_cells(placed: dict[tuple[str, str], Printed], table: str, row: Printed) -> bool:
    """Whether another row of the table prints its first cell empty: the table's way with an empty cell, then."""
    return any(p.values and p.values[0] == "" for (t, _), p in placed.items() if t == table and p is not row)


def _unglue(template: labels.Template, placed: dict[tuple[str, str], Printed]) -> tuple[Tables, list[Check]]:
    """Cells of every matched row; glued rows cut where only one cut keeps the identities.

    A row with fewer values than columns, none of them glued, does not say
    which of its cells are the empty ones: it stays unread, with a check
    (unless the text ends in it: its cells are then the first ones).
    A row label printed with no values at all is a row of empty cells, with
    a check too.
    """
    tables: Tables = {}
    checks: list[Check] = []
    options: dict[str, list[list[str]]] = {}

    def flag(spec: labels.RowSpec, cells: dict[str, Cell], kind: str, found: Number | None) -> None:
        """The row read as `cells` (unread, empty, or its first ones), with the failed check that says why."""
        tables.setdefault(spec.table, {})[spec.code] = cells
        checks.append(Check(f"{spec.table}.{kind}", False, len(spec.columns), found, row=spec.code))

    by_column = _printed_by_column(template, placed)
    centred = _group_centred(template, placed)
    for spec in template.rows:
        printed = placed.get((spec.table, spec.code))
        if printed is None:
            continue
        values = printed.values
        width = len(spec.columns)
        if printed.sub_rows:
            flag(spec, _unread(spec, printed), "sub_rows", None)
            continue
        if (spec.table, spec.code) in centred:
            flag(spec, _unread(spec, printed), "merged_rows", len(values))
            continue
        if not values:
            # A bare row: its label printed with nothing after it. Read as empty cells, as a
            # page shows them, with a check: a capture may also have lost what it printed.
            flag(spec, {c: Cell(None, "") for c in spec.columns}, "empty_row", 0)
            continue
        if glued.is_glued(values, width) and not (printed.apart and spec.table != "applications"):
            if printed.cut_off and spec.table != "applications" \
                    and not all(set(v) == {"0"} for v in values if len(v) > 1 and v.isdigit()):
                # Fewer values than cells at the text's end: the cut explains it as well as glued digits do
                # (政府集中采购 14 of 14 | 523.15, not 1 | 4); only zeros (00) are glued whatever was cut. Table 3's
                # row total tells a whole row from a cut one.
                flag(spec, _unread(spec, printed), "short_row", len(values))
                continue
            identity = glued.row_total if spec.table == "applications" else None
            options[spec.code] = glued.splits(values, width, identity)
            continue
        if _overflows(printed) and (printed.stacked or printed.grid):
            # More values than it has cells: one a line after its label, other rows' values stacked under it; in
            # a grid, cells the header does not explain.
            flag(spec, _unread(spec, Printed(values + printed.dropped, printed.confidence)),
                 "stacked_row" if printed.stacked else "long_row", width + len(printed.dropped))
            continue
        if _unsummed(spec, printed, by_column):
            flag(spec, _unread(spec, printed), "stacked_row", len(values))
            continue
        if printed.cut_off and values[0] == "" and any(values) and not _empty_first_cells(placed, spec.table, printed):
            # Cut off by the text's end after an empty first cell: the padding of a merged column, which a whole row
            # shows by its length (| 三、… | （一）予以公开 |  | 22 | … | 22 |), or a cell printed empty: unknown,
            # unless the table's whole rows print empty first cells too.
            flag(spec, _unread(spec, printed), "short_row", len(values))
            continue
        if len(values) < width:
            # Cut off by the text's end, the cells it prints are its first ones, and the others are not in the
            # document (absent, not printed empty: null); else which cells are empty is unknown. An empty cell
            # before a value leaves it unknown too: the rows before may print one so (| 0 |, a lone value whose
            # column the capture does not show).
            gapped = "" in values[:max(k for k, v in enumerate(values) if v)] if any(values) else False
            flag(spec, _cells(spec, printed) if printed.cut_off and not gapped else _unread(spec, printed),
                 "short_row", len(values))
            continue
        tables.setdefault(spec.table, {})[spec.code] = _cells(spec, printed)
    if not options:
        return tables, checks
    # Rows with several row-level cuts: the column identities of table 3 may settle them.
    def ints(cut: list[str]) -> list[int]:
        return [int(to_number(v) or 0) for v in cut]

    applications = {spec.code for spec in template.applications}
    fixed = {code: numbers for code, cells in tables.get("applications", {}).items()
             if (numbers := _numbers([c.raw for c in cells.values()])) is not None and len(numbers) == 7}
    fixed.update({code: ints(cuts[0]) for code, cuts in options.items() if len(cuts) == 1 and code in applications})
    ambiguous = {code: [ints(cut) for cut in cuts] for code, cuts in options.items()
                 if len(cuts) > 1 and code in applications}
    settled = glued.joint(ambiguous, fixed, _applications_hold)
    for spec in template.rows:
        if spec.code not in options:
            continue
        cuts = options[spec.code]
        printed = placed[(spec.table, spec.code)]
        raw = " ".join(printed.values)
        if len(cuts) == 1:
            values = cuts[0]
        elif spec.code in settled:
            values = [str(v) for v in settled[spec.code]]
        else:
            flag(spec, _unread(spec, printed), "glued_digits", len(cuts))
            continue
        tables.setdefault(spec.table, {})[spec.code] = {c: Cell(to_number(v), raw, printed.least())
                                                        for c, v in zip(spec.columns, values)}
    return tables, checks


def read_with(found: Sequence[Event], template_name: str) -> TableReading:
    """The tables under one template."""
    template = labels.TEMPLATES[template_name]
    start = _review_start(found)
    body = found if start is None else found[:start]
    rows = candidates(body)
    text_end = found[-1].index if start is None and found else None
    # A label the text ends in printed no value before the cut: not a row printed empty.
    labels_alone = [row for row in bare_rows(body) if row.index != text_end]
    sliced = sliced_header(body)
    by_height = sliced and values_before_label(body)
    pairs, score, bare = _align_tables(rows, labels_alone, template, text_end, by_height)
    pairs = [(i, spec) for i, spec in pairs if not _names_another_row(rows[i], spec, template)]
    totals_only = _totals_alone(rows, pairs)
    if totals_only:
        log.debug("tables %s matched by a total's label alone: no tables of the template's", sorted(totals_only))
        pairs = [(i, spec) for i, spec in pairs if spec.table not in totals_only]
        bare = [spec for spec in bare if spec.table not in totals_only]
    # A header printed across its columns: lines may be grouped by where words stand (pdfplumber's text), and a row
    # whose cells stand a little apart in height prints over two lines, each in the order of its own words; joined,
    # its values would go into other columns.
    placed = _place(rows, pairs, text_end, frozenset(_sub_rows(rows, pairs, template)),
                    ROW_INDEXES[template.name].exact, join=not sliced)
    placed.update({(spec.table, spec.code): Printed() for spec in bare if (spec.table, spec.code) not in placed})
    tables, checks = _unglue(template, placed)
    checks = _settle_uneven_rows(template, placed, tables, checks)
    if not _applications_complete(tables.get("applications", {}), template):
        ordered = read_in_order(found, len(found) if start is None else start, template,
                                tables.get("applications", {}))
        if ordered is not None:
            log.debug("table 3 read from its values in printed order, %d put back", ordered.put_back)
            tables["applications"] = ordered.rows
            checks = [check for check in checks if not check.check.startswith("applications.")]
            checks.append(Check(READ_IN_ORDER, True, None, ordered.put_back))
    checks += _key_by_printed_headers(tables, template_name, partial(_block_header, found, rows, pairs))
    # Rows that print their empty cells between separators (规章 | | |) are a table printed empty: read, flagged.
    shown_empty = {table for (table, _), printed in placed.items() if printed.apart and printed.values}
    for name in [name for name, table in tables.items() if not _any_value(table)]:
        if name in shown_empty:
            checks.append(Check(f"{name}.all_empty", False, None, 0))
        else:
            del tables[name]
    if start is not None:
        review, review_checks = read_review(found, start)
        if review is not None:
            tables["review_litigation"] = {labels.REVIEW_ROW: review}
            checks += review_checks
    return TableReading(_ordered(tables, template), template_name, checks, score)


def sliced_header(found: Sequence[Event]) -> bool:
    """Whether table 3's header prints a line across its columns: the first lines of two or more column words
    wrapped in their cells (商业 科研 over 企业 机构), each line's words in the order they stand."""
    for event in found:
        if not isinstance(event, Fragment):
            continue
        words = event.text.split()
        columns = {c for word, after in zip(words, [*words[1:], ""]) if len(word) >= 2
                   for c, label in enumerate(APPLICANT_COLUMN_LABELS)
                   if label != word and label.startswith(word) and not label.startswith(word + after)}
        if len(columns) >= 2:  # a cell's own lines run on (商业 企业 | 科研 机构) complete their word: no slice
            return True
    return False


def values_before_label(found: Sequence[Event]) -> bool:
    """Whether a row's values print before its label, the label standing lower: a whole row of values on a line
    of its own right after another whole row, then a numbered label. With a header printed across its columns
    (sliced_header), the text's lines are grouped by where words stand in height (pdfplumber's extract_text()),
    not read cell by cell."""
    previous: Candidate | None = None
    for event in found:
        if not isinstance(event, Candidate):
            continue
        if not event.label and not event.grid and not event.one_a_line and len(event.values) >= 2 \
                and previous is not None and len(previous.values) == len(event.values) and not event.before \
                and event.after and NUMBERED_ITEM.match(event.after[0]):
            return True
        previous = event
    return False


# Every word a block of table 2 prints over its columns, in either template.
BLOCK_WORDS = frozenset(word for _, words in labels.BLOCK_HEADER_WORDS for printed in words.values() for word in printed)
HEADER_REACH = 12  # events above a block's first row its headers may stand in (one a line: 信息内容, 本年新, 制作数量…)


def _block_header(found: Sequence[Event], rows: Sequence[Candidate], pairs: Sequence[tuple[int, labels.RowSpec]],
                  codes: Sequence[str]) -> str:
    """The words printed above the first row of table 2's block of `codes`, back to the row or sentence before and
    HEADER_REACH events at most (not a page's menu far above): its column headers."""
    first = min((i for i, spec in pairs if spec.table == "active" and spec.code in codes), default=None)
    if first is None:
        return ""
    row = rows[first]
    k = next(k for k, event in enumerate(found) if event is row)
    words = [*row.before, *row.context]
    for event in reversed(found[max(0, k - HEADER_REACH):k]):
        if isinstance(event, Candidate) and not event.bare and not _header_cell(event) \
                or isinstance(event, Fragment) and event.is_prose():
            break
        words.append(event.text if isinstance(event, Fragment) else event.label)
    return labels.PUNCTUATION.sub("", "".join(words))


def _header_cell(row: Candidate) -> bool:
    """A column header cell that a text's one-cell lines took for a row: 本年增 with the / of 本年增/减 after it as
    its value (a page's text one cell a line, / and 减 on lines of their own)."""
    key = labels.PUNCTUATION.sub("", row.label)
    return not any(v.isdigit() for value in row.values for v in value) and any(word in key for word in BLOCK_WORDS)


def printed_template(header: str, template_name: str,
                     words: Mapping[str, tuple[str, ...]] = labels.REGULATION_COLUMN_WORDS) -> str | None:
    """The other template, when a block's headers print only its column words (`words`, the block's; (一)'s by
    default): the cells are keyed by what is printed."""
    if any(word in header for word in words[template_name]):
        return None
    return next((name for name, printed in words.items()
                 if name != template_name and any(word in header for word in printed)), None)


def _key_by_printed_headers(tables: Tables, template_name: str, headers: Callable[[Sequence[str]], str]) -> list[Check]:
    """Each block's cells, read in the template's column order, keyed by the other template's codes where its
    headers say so (`headers`: a block's, by its codes). A row of more values than the headers print columns is
    unread, and `active.header_columns` fails: the headers do not say which of its values they name."""
    active = tables.get("active", {})
    checks: list[Check] = []
    columns = {name: {spec.code: spec.columns for spec in template.active} for name, template in labels.TEMPLATES.items()}
    for codes, words in labels.BLOCK_HEADER_WORDS:
        if not any(code in active for code in codes):
            continue
        other = printed_template(headers(codes), template_name, words)
        if other is None:
            continue
        log.debug("table 2's block %s prints the %s template's headers in a %s reading: its cells keyed by them",
                  codes, other, template_name)
        for code in codes:
            cells = active.get(code)
            if cells is None or code not in columns[other]:
                continue
            read_as = list(zip(columns[template_name][code], columns[other][code]))
            values = [cells[column].value for column in columns[template_name][code] if column in cells]
            if any(value is not None for value in values[len(read_as):]):
                raw = " ".join(cell.raw for cell in cells.values() if cell.raw)
                active[code] = {printed: Cell(None, raw) for printed in columns[other][code]}
                checks.append(Check("active.header_columns", False, len(columns[other][code]),
                                    sum(value is not None for value in values), row=code))
                continue
            active[code] = {printed: cells[column] for column, printed in read_as if column in cells}
    return checks


def _align_tables(rows: Sequence[Candidate], bare: Sequence[Candidate], template: labels.Template,
                  text_end: int | None = None, by_height: bool = False
                  ) -> tuple[list[tuple[int, labels.RowSpec]], float, list[labels.RowSpec]]:
    """Table 3 aligned first; table 2 among the rows before it, in order, then any exact label left.

    Converters sometimes move a piece of table 2 after the rest of it; its
    labels are distinctive enough to be taken out of order when they match
    exactly. Bare rows (a label with no values) take the rows left between
    two matched ones, where their label is exactly that row's.
    """
    scorer = Scorer(template.rows, ROW_INDEXES[template.name], text_end, by_height)
    active_part = range(len(template.active))
    applications = align(rows, scorer, range(len(template.active), len(template.rows)))
    first = min((i for i, _ in applications.pairs), default=len(rows))
    active = align(rows[:first], scorer, active_part)
    pairs = [(i, template.rows[j]) for i, j in applications.pairs + active.pairs]
    taken = {i for i, _ in pairs}
    matched = {j for _, j in active.pairs}
    for j in active_part:
        if j in matched:
            continue
        exact = next((i for i in range(first) if i not in taken and scorer.scores(rows[i]).get(j, 0.0) >= EXACT),
                     None)
        if exact is not None:
            pairs.append((exact, template.rows[j]))
            taken.add(exact)
    table_3 = rows[first].index if first < len(rows) else math.inf
    empty = [template.rows[j] for part, tail in ((active, (table_3, len(template.active))), (applications, None))
             for _, j in place_bare(part.pairs, rows, bare, scorer, tail)]
    return sorted(pairs, key=lambda pair: pair[0]), applications.score + active.score, empty


def _ordered(tables: Tables, template: labels.Template) -> Tables:
    order = {spec.code: i for i, spec in enumerate(template.rows)}
    return {
        table: dict(sorted(rows.items(), key=lambda item: order.get(item[0], -1)))
        for table, rows in sorted(tables.items(), key=lambda item: TABLE_ORDER.index(item[0]))
        if rows
    }


def read_tables(rows: Sequence[CellRow], template: str | None = None, fallback: str | None = None) -> TableReading:
    """The tables a document's rows print.

    `template`: the one its labels name, when they do; else both are tried
    and the better-aligned reading wins (`fallback`, the year's template,
    on a tie).
    """
    names = [template] if template else [fallback or labels.TEMPLATE_2021] + [
        t for t in labels.TEMPLATES if t != (fallback or labels.TEMPLATE_2021)]
    starts = LABEL_STARTS[names[0]]
    found = events(rows, starts)
    readings = [read_with(found, name) for name in names]
    best = max(readings, key=lambda r: r.score)  # max keeps the first on a tie
    return best


__all__ = ["TableReading", "detect_template", "fitted_width", "read_tables", "to_cell"]
