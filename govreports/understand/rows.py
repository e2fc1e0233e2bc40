"""Cell rows → candidate table rows: a label, the values it prints, its neighbours.

Whatever the input's shape, a table row is some label text followed by
values: on one grid row (HTML, DOCX, PDF, tabs), on one line of text
(`label 8 0 0 0 0 0 8`), or over several lines (the label, then one value
per line, as a page flattened to text prints it). Label-only lines between
rows are kept as *fragments*: they are the wrapped or cut halves of labels,
group headings and column headers, and the aligner may use them.

A line that prints several row labels of the template (a page captured as
one line: `一、本年新收…数量640020470二、上年结转…`) is cut before each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice

from govreports.clean.blocks import CellRow, least
from govreports.clean.cells import glued_tail, text_cells
from govreports.clean.values import UNITS, is_value
from govreports.understand import labels
from govreports.vocabulary import (
    ARTICLE_HEADING,
    HEADER_ONLY_WORDS,
    NO_NUMBER_WORDS,
    NUMBERED_ITEM,
)

MAX_LABEL = 80  # a longer text is prose, not a label
# A row label followed by its definition (规章:地方行政规章指…制定和发布的规范性文件。): the row's label is the term, and the
# definition's words (规范性文件) are no other row's.
DEFINED_TERM = re.compile(r"^([^:：]{2,16})[:：]\s*(?=[^:：]{10})")
# A row label's note in brackets (规范性文件(行政机关制定发布的…)): no part of the label's words.
NOTE_AFTER = re.compile(r"\s*[(（].*$")
NEIGHBOURS = 10  # fragments kept on each side of a row (a label wrapped over nine lines, in a narrow column)


@dataclass
class Candidate:
    """A row of values as printed, before it is known which template row it is."""

    index: int  # position among the document's events
    label: str  # the row's own label: the last text before its values ('' for none)
    context: tuple[str, ...]  # other labels on the row (merged group labels), in order
    values: list[str]  # value texts; '' for a grid cell printed empty
    grid: bool  # empties are visible (a table or tab row)
    before: list[str] = field(default_factory=list)  # label-only lines just before it
    after: list[str] = field(default_factory=list)  # label-only lines just after it
    bare: bool = False  # a row label printed alone, no values after it: a row printed empty, if any
    one_a_line: bool = False  # its values printed one a line after its label: each is one cell as printed
    confidence: list[float | None] = field(default_factory=list)  # OCR's, one per value ([] when none was OCR'd)
    inline: int = 0  # values printed on the label's own line (the others came on lines after it)
    # The value counts of the unlabeled text rows right after it, which may be the rest of its values
    # (tables._continued joins them): a row whose first line prints 1 / 0 and the next 0 0 0 0 1.
    runs_on: tuple[int, ...] = ()

    def confidences(self) -> list[float | None]:
        """One confidence per value: OCR's, or None for values read from text."""
        return self.confidence if len(self.confidence) == len(self.values) else [None] * len(self.values)

    @property
    def empty(self) -> bool:
        """A grid row that prints its label and only empty cells."""
        return not any(self.values)


@dataclass(frozen=True)
class Fragment:
    """A line that holds text and no values."""

    index: int
    text: str
    cells: int = 1  # a table's header row has several
    last: str = ""  # its last label cell: a row's own label after its group labels

    def is_prose(self, length: int = MAX_LABEL) -> bool:
        """A sentence, not a label or a header row."""
        return self.cells == 1 and len(self.text) > length


Event = Candidate | Fragment


def _split(row: CellRow, valued: list[bool] | None = None) -> tuple[list[str], list[str], list[float | None]]:
    """(label texts, value texts, the values' OCR confidences) of one row: values are the cells after its last label.

    A label cell that ends in a number glued to it (…申请数量12, a PDF table
    whose columns touch) gives that number back to the values. `valued`: a
    grid row's _valued cells, when already known.
    """
    cells = row.cells
    if row.grid:
        labelled = [bool(text) and not v for text, v in zip(cells, _valued(cells) if valued is None else valued)]
    else:
        labelled = [bool(text) and not is_value(text) for text in cells]
    last = next((k for k in range(len(labelled) - 1, -1, -1) if labelled[k]), -1)
    labels = []
    for k in range(last + 1):
        if labelled[k] and cells[k] not in labels:
            labels.append(cells[k])
    if row.grid:
        # A labelled grid row whose cells are all empty is a row printed empty, not a header.
        kept = [k for k in range(last + 1, len(cells)) if k not in row.copies]
        values = [cells[k] for k in kept]
        confidence = [row.confidence_at(k) for k in kept] if row.confidence is not None else [None] * len(kept)
        if not labels:
            if not any(values):
                values, confidence = [], []
        elif any(values):
            glued = glued_tail(labels[-1])
            if glued is not None:
                labels[-1], values = glued[0], [*glued[1], *values]
                confidence = [row.confidence_at(last)] * len(glued[1]) + confidence
    else:
        kept = [k for k in range(last + 1, len(cells)) if cells[k]]
        values = [cells[k] for k in kept]
        confidence = [row.confidence_at(k) for k in kept] if row.confidence is not None else [None] * len(kept)
    return labels, values, confidence


MAX_WORD_FOR_VALUE = 4  # characters: 暂无, 不适用, 未统计; a longer text between values is a label or prose


def word_for_value(cells: Sequence[str], k: int) -> bool:
    """Whether a grid row's cell is a short word printed where a value goes: a cell printed without a number,
    not the next row's label (规章 | 0 | 0 | 0 | 规范性文件 | …), a unit or prose.

    Between two values (行政处罚 | 0 | 暂无 | 25), or right after a row's own label with nothing but values
    after it (行政处罚 | 暂无 | |, 行政处罚 | 暂无 | 0 | 25): read as a label, the word took the label's place
    and the row's values slid into the wrong columns, or the row looked printed empty.
    """
    return not is_value(cells[k]) and _valued(cells)[k]


def _word_for_value(cells: Sequence[str], k: int, values: Sequence[bool], before: int | None, after: int | None,
                    label_after: bool) -> bool:
    """word_for_value, given each cell's is_value, the filled cells next to cell k (None: none) and whether a
    filled cell that is no value comes after it. The cell's own word is looked at last: most cells asked about
    are labels that their neighbours already rule out."""
    text = cells[k]
    if not text or values[k] or not text.strip().strip(UNITS):  # empty, a value, or units alone
        return False
    if before is not None and values[before]:
        return after is not None and values[after] and _short_word(text) is not None
    if label_after:
        return False
    key = _short_word(text)
    if key is None:
        return False
    if before is None:  # the row's label on a line of its own above (政府集中采购 / 暂无 | 0)
        return after is not None and key in NO_NUMBER_WORDS
    # After a row's own label (总计 heads columns too), followed by values, or alone when a word that says so:
    # a header's words follow one another (其他 | 尚未 | 结果, 结 | 果 | 维 | 持).
    mine = labels.label_key(NOTE_AFTER.sub("", cells[before]))[0]
    return (mine in labels.ROW_LABELS and mine not in labels.TOTAL_LABELS
            and (after is not None or key in NO_NUMBER_WORDS))


def _short_word(text: str) -> str | None:
    """The text's label key when it is a word short enough to stand for a value: unnumbered, no row's word."""
    key, numbering = labels.label_key(text)
    if not key or len(key) > MAX_WORD_FOR_VALUE or numbering != labels.NO_NUMBERING or key in labels.ROW_WORDS:
        return None
    return key


def _row_label(text: str) -> str:
    """A row's own label: the term a definition after it defines (规章:地方行政规章指…), else the text, if short."""
    if defined := DEFINED_TERM.match(text):
        return defined.group(1)
    return text if len(text) <= MAX_LABEL else ""


@dataclass(frozen=True)
class LabelStarts:
    """Where row labels and numbered headings start in a line of glued text (govreports.understand.tables builds
    them from a template), and what follows each start: a text without any of `heads` has none.

    Tried at every position, `pattern`'s lookbehinds make its scan of a line of prose five times as long as a scan
    for `heads` (whose alternatives each start with a character): most lines asked about print fewer than two.
    """

    pattern: re.Pattern[str]
    heads: re.Pattern[str]

    def cuts(self, text: str) -> list[int]:
        """Where the text is cut, when at two places or more. Each start ends where its own head begins (two starts
        never share one), so a text printing fewer than two heads has fewer than two starts, and is not scanned."""
        heads = self.heads.finditer(text)
        if next(heads, None) is None or next(heads, None) is None:
            return []
        return [m.start() for m in self.pattern.finditer(text)]


def cut_at_labels(text: str, starts: LabelStarts) -> list[str]:
    """A line printing several row labels, cut before each (the page captured as one line)."""
    cuts = starts.cuts(text)
    if len(cuts) < 2:
        return [text]
    cuts = [0] + [c for c in cuts if c > 0] + [len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


def _valued(cells: Sequence[str]) -> list[bool]:
    """Per cell of a grid row: a value, or a word printed where one goes."""
    values = [is_value(text) for text in cells]
    after: list[int | None] = [None] * len(cells)  # the first filled cell after each, and whether one is no value
    label_after = [False] * len(cells)
    following, labelled = None, False
    for k in range(len(cells) - 1, -1, -1):
        after[k], label_after[k] = following, labelled
        if cells[k]:
            following, labelled = k, labelled or not values[k]
    out, before = [], None
    for k, text in enumerate(cells):
        out.append(bool(text) and (values[k] or _word_for_value(cells, k, values, before, after[k], label_after[k])))
        if text:
            before = k
    return out


def _pieces(row: CellRow, valued: list[bool]) -> list[CellRow]:
    """A grid row cut where text follows its values: a browser's copy runs the next paragraph into a row's end.

    行政事业性收费 | 9116.36 | 三、收到和处理… is a row and a heading. A single
    number before a label (1 | 属于国家秘密 | 0 …) is its numbering, not a row.
    `valued`: the row's _valued cells.
    """
    cells = row.cells
    label = [bool(text) and not valued[k] for k, text in enumerate(cells)]
    cuts = [0]
    for k in range(1, len(cells)):
        if label[k] and (cells[k - 1] == "" or valued[k - 1]):
            values = sum(valued[cuts[-1]:k])
            if values >= 2 or values >= 1 and any(label[cuts[-1]:k]):
                cuts.append(k)
    if len(cuts) == 1:
        return [row]
    bounds = cuts + [len(cells)]
    return [CellRow(cells[a:b], True, frozenset(k - a for k in row.copies if a <= k < b),
                    row.confidence[a:b] if row.confidence is not None else None)
            for a, b in zip(bounds, bounds[1:])]


def _values_inside(row: CellRow) -> bool:
    """Values inside a row's label text (规章 0 0 0 行政规范性文件 | 0 0 0): rows run together on one short line."""
    return any(not is_value(cell) and any(is_value(word) for word in cell.split(" ")[1:-1]) for cell in row.cells)


def _value_run(cells: Sequence[str]) -> tuple[int, int] | None:
    """(first, last) of a text row's values when they are one run after its label, with text after them; None
    for any other row."""
    values = [k for k, cell in enumerate(cells) if is_value(cell)]
    if not values or values[0] == 0 or values[-1] == len(cells) - 1 or values[-1] - values[0] + 1 != len(values):
        return None
    return values[0], values[-1]


def _next_label_after_values(cells: Sequence[str]) -> int | None:
    """Where a text row's values end and a numbered label follows them on its line (label, values, then
    1.本机关… or （三）): the next row's, or its group's."""
    run = _value_run(cells)
    return run[1] + 1 if run is not None and NUMBERED_ITEM.match(cells[run[1] + 1]) else None


def _next_row_on_line(cells: Sequence[str]) -> int | None:
    """Where a second row starts on a text row that prints two (label, values, a numbered label, values: 二、上年结转…
    0 … 0  三、本年 （一）予以公开 23 … 23): None for any other row."""
    if not cells or is_value(cells[0]):
        return None
    for k in range(3, len(cells) - 1):
        if NUMBERED_ITEM.match(cells[k]) and is_value(cells[k - 1]) and is_value(cells[k - 2]) \
                and is_value(cells[k + 1]):
            return k
    return None


GLUED_LETTERS = re.compile(rf"^(\d+)([{labels.GROUP_LETTERS}]{{1,2}})$")


def _letters_after_values(cells: Sequence[str]) -> tuple[str, str] | None:
    """(the number, the letters) when a row of values ends in a number with a group label's letters run into it."""
    m = GLUED_LETTERS.match(cells[-1]) if len(cells) >= 2 else None
    if m is None or not is_value(cells[-2]):
        return None
    return m[1], m[2]


MAX_LABEL_TAIL = 8  # characters of a label's last line printed after its values


def _label_around_values(cells: Sequence[str]) -> int | None:
    """The label cell of a text row printed label, values, then the rest of that label (no number, no unit, not a
    numbered label); None for any other row."""
    run = _value_run(cells)
    if run is None or run[1] - run[0] < 1 or run[1] != len(cells) - 2:
        return None
    tail = cells[-1]
    if len(tail) > MAX_LABEL_TAIL or NUMBERED_ITEM.match(tail) or any(c.isdigit() or c in UNITS for c in tail) \
            or not all("\u4e00" <= c <= "\u9fff" for c in tail):
        return None
    return run[0] - 1


def _reshaped(row: CellRow) -> list[CellRow] | None:
    """The rows a text row holds when a text sorted by position (PyMuPDF's sort=True) ran it together with text
    of the rows or cells beside it; None for any other row. Each cell keeps its OCR confidence."""
    cells, sure = row.cells, row.confidence
    if (letters := _letters_after_values(cells)) is not None:
        # 1 0 0 0 0 0 1理结: letters of a group label printed down its cell (三、本年度办理结果), run into the last
        # value of the row beside them: no part of the value.
        return [CellRow((*cells[:-1], letters[0]), confidence=sure),
                CellRow((letters[1],), confidence=sure[-1:] if sure is not None else None)]
    if (label := _label_around_values(cells)) is not None:
        # 4.保护第三方合  1 0 0 0 0 0 1  法权益: a label wrapped in its cell, its values printed at the cell's
        # middle line: the label is both ends.
        # A value run into the label's first line (3.补正后申请内容0  0 … 0  仍不明确) is the row's first.
        head, glued = glued_tail(cells[label]) or (cells[label], [])
        joined = (*cells[:label], head + cells[-1], *glued, *cells[label + 1:-1])
        return [CellRow(joined, confidence=(*sure[:label], least(sure[label], sure[-1]), *[sure[label]] * len(glued),
                                            *sure[label + 1:-1]) if sure is not None else None)]
    if (cut := _next_label_after_values(cells) or _next_row_on_line(cells)) is not None:
        # 8.属于行政查询事项 2 0 0 0 0 0 2   1.本机关不掌握相关政: the next row's label, standing a little higher,
        # printed at the end of this row's line.
        return [CellRow(cells[:cut], confidence=sure[:cut] if sure is not None else None),
                CellRow(cells[cut:], confidence=sure[cut:] if sure is not None else None)]
    return None


def _expand(rows: Iterable[CellRow], starts: LabelStarts | None
            ) -> Iterable[tuple[CellRow, list[bool] | None]]:
    """Rows cut where they hold several; a grid row left whole comes with its _valued cells (asked once)."""
    for row in rows:
        if row.grid:
            valued = _valued(row.cells)
            pieces = _pieces(row, valued)
            if len(pieces) > 1:
                yield from ((piece, None) for piece in pieces)
                continue
            yield row, valued
            continue
        reshaped = _reshaped(row)
        if reshaped is not None:
            yield from ((piece, None) for piece in reshaped)
            continue
        if starts is not None and (sum(map(len, row.cells)) > MAX_LABEL or _values_inside(row)):
            pieces = cut_at_labels(" ".join(row.cells), starts)
            if len(pieces) > 1:
                # Cut from the joined text, a piece's cells are as sure as the row's least sure one.
                sure = least(*row.confidence) if row.confidence is not None else None
                for piece in pieces:
                    cells = text_cells(piece)
                    yield CellRow(cells, confidence=(sure,) * len(cells) if sure is not None else None), None
                continue
        yield row, None


SENTENCE_END = "。"  # no row label prints one


def events(rows: Sequence[CellRow], starts: LabelStarts | None = None) -> list[Event]:
    """The document's rows as candidates and fragments, in order.

    Values on lines of their own (one cell per line) join the row the
    label before them started; a new label, or a line of prose, ends it.
    """
    out: list[Event] = []
    open_row: Candidate | None = None  # a label-only line whose values may follow, one per line
    for row, valued in _expand(rows, starts):
        labels, values, confidence = _split(row, valued)
        if not any(values) and any(word in HEADER_ONLY_WORDS or ARTICLE_HEADING.match(word)
                                   for word in ("".join(label.split()) for label in labels)):
            values, confidence = [], []  # a table's header, padded with empty cells
        if open_row is not None and not row.grid and _word_for_value_line(labels, values):
            labels, values, confidence = [], labels, [row.confidence_at(0)]
        single_value = not row.grid and not labels and len(values) == 1
        if single_value and open_row is not None:
            if not open_row.values:
                out[-1] = open_row  # the fragment that opened it becomes a row
            open_row.one_a_line = True
            open_row.values.extend(values)
            open_row.confidence.extend(confidence)
            continue
        if values and not row.grid and any(SENTENCE_END in label for label in labels):
            # A sentence wrapped with a number after it (…集中发布现行有效行政规范性文件 393 / 件): prose, not a row,
            # though it ends in a row's label.
            labels, values, confidence = labels + values, [], []
        if not values:
            text = " ".join(labels)
            last = labels[-1] if labels else ""
            if _label_tail(out, row, text):
                # The last character of the label above, wrapped onto a line of its own (…申请数 / 量).
                text = last = out.pop().text + text
            out.append(Fragment(len(out), text, len(labels), last))
            open_row = None
            if not row.grid and len(labels) == 1 and len(text) <= MAX_LABEL:
                open_row = Candidate(len(out) - 1, text, (), [], False)
            continue
        label = _row_label(labels[-1] if labels else "")
        if not row.grid and (run_on := _run_on_label(label)) is not None:
            # 行政处罚 15 行政强某 | 0: a row's label, its value, then a label no pattern knew (misprinted) run on.
            first, value, label = run_on
            out.append(Candidate(len(out), first, tuple(labels[:-1]), [value], False, inline=1))
            labels = [label]
        context = tuple(labels[:-1]) if label else tuple(labels)
        candidate = Candidate(len(out), label, context, list(values), row.grid, confidence=list(confidence),
                              inline=len(values))
        out.append(candidate)
        open_row = candidate if not row.grid else None
    _link(out)
    _run_on(out)
    return out


# A row label, a number, then more label text: two rows run together on a line.
RUN_ON = re.compile(r"^(?P<first>.*?[\u4e00-\u9fff)）])\s*(?P<value>[-+]?\d+(?:\.\d+)?)\s*(?P<rest>[\u4e00-\u9fff].*)$")


def _run_on_label(label: str) -> tuple[str, str, str] | None:
    """(a row's label, its value, the label after) where a label runs on over a value into another: only where the
    text before the value is one of the template's row labels exactly (行政处罚 15 行政强某)."""
    m = RUN_ON.match(label)
    if m is None or labels.label_key(m["first"])[0] not in labels.ROW_LABELS:
        return None
    return m["first"], m["value"], m["rest"]


def _word_for_value_line(texts: list[str], values: list[str]) -> bool:
    """A line of its own that says a value has no number (暂无), among values one a line: a cell of the row they
    fill, not a label that starts a row of its own and takes the values after it."""
    return not values and len(texts) == 1 and labels.label_key(texts[0])[0] in NO_NUMBER_WORDS


def _run_on(found: list[Event]) -> None:
    """Each text row's runs_on: the value counts of the unlabeled text rows that follow it line after line."""
    for k, event in enumerate(found):
        if not isinstance(event, Candidate) or event.grid or not event.label:
            continue
        counts = []
        for later in found[k + 1:]:
            if not isinstance(later, Candidate) or later.label or later.grid \
                    or later.index != event.index + 1 + len(counts):
                break
            counts.append(len(later.values))
        event.runs_on = tuple(counts)


MIN_WRAPPED_LABEL = 6  # characters of a label line whose lone last character may wrap onto the next line


def _label_tail(out: Sequence[Event], row: CellRow, text: str) -> bool:
    """Whether a one-character line continues the text line just above it (a row label cut before its last
    character by a narrow cell: 一、本年新收政府信息公开申请数 / 量)."""
    if row.grid or len(text) != 1 or not out or not isinstance(out[-1], Fragment):
        return False
    above = out[-1]
    return above.cells == 1 and len(above.text) >= MIN_WRAPPED_LABEL and not above.is_prose() \
        and "\u4e00" <= text <= "\u9fff" and NUMBERED_ITEM.match(above.text) is not None


def _link(found: list[Event]) -> None:
    """Each candidate's neighbouring fragments (short ones only: labels, not prose)."""
    last: Candidate | None = None
    pending: list[str] = []
    for event in found:
        if isinstance(event, Fragment):
            if not event.is_prose():
                pending.append(event.text)
                if last is not None and len(last.after) < NEIGHBOURS:
                    last.after.append(event.text)
            else:
                pending.clear()
                last = None
            continue
        event.before = pending[-NEIGHBOURS:]
        pending = []
        last = event


def candidates(found: Sequence[Event]) -> list[Candidate]:
    return [e for e in found if isinstance(e, Candidate)]


def bare_rows(found: Sequence[Event]) -> list[Candidate]:
    """Every short label-only line as a bare row: a row label printed with no values, if it is one.

    A label wrapped over several lines (2.申请人 / 逾期未按 / … in a narrow
    column) is offered whole too, from its numbered first line to the line
    before the next numbered one: alone, no line of it is the row's label.
    """
    out = []
    for k, event in enumerate(found):
        if not isinstance(event, Fragment) or event.is_prose() or not event.last or len(event.last) > MAX_LABEL:
            continue
        out.append(Candidate(event.index, event.last, (), [], False, bare=True))
        if event.cells == 1 and NUMBERED_ITEM.match(event.text):
            wrapped = _wrapped(event, islice(found, k + 1, None))
            if wrapped != event.text:
                out.append(Candidate(event.index, wrapped, (), [], False, bare=True))
    return out


def _wrapped(first: Fragment, later: Iterable[Event]) -> str:
    """The label that starts at a fragment, with the unnumbered one-cell lines that continue it."""
    text = first.text
    for event in later:
        line = _continuation(event)
        if line is None or NUMBERED_ITEM.match(line) or len(text) + len(line) > MAX_LABEL:
            break
        text += line
    return text


def _continuation(event: Event) -> str | None:
    """The text a line adds to a label wrapped in its cell: a one-cell line's, or its last cell's when the cell
    before is one letter of a group label printed down its own narrow cell (理 | 费用、行)."""
    if not isinstance(event, Fragment):
        return None
    if event.cells == 1:
        return event.text
    if event.cells == 2 and len(event.text) - len(event.last) == 2:
        return event.last
    return None
