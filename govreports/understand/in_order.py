"""Table 3 read from its values in the order they are printed, when its rows' lines do not say which are whose.

pdftotext's default text (no `-layout`, no `-raw`) prints a table's cells in
reading order but not its rows a line each: a row's first values beside its
label and the rest one a line below it, the labels of a group together and
their values after them, a wrapped label in the middle of a row's values.
What stays is the order of the values: a row at a time, each row in column
order. The table's section then ends in its rows × 7 values (the values of
table 2 that a page break moved below the section's heading come before its
first row label). A cell of a row taller than its neighbours may stand a
little before or after its place (a (六) row's total after the table's last
row, two rows' first values together): up to MOVES such values are put back
where the rows add up.

Those values are the table only where they keep every identity of table 3
(each row's total, each column's 总计 and balance) under exactly one of the
row sequences the template prints whose rows the section's labels allow, and
agree with every cell read from the rows otherwise (unless those break an
identity themselves), with no other arrangement within MOVES doing so; else
nothing is read from them. Only the whole table is taken, never some rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from govreports.clean.values import to_number
from govreports.model import Cell
from govreports.understand import checks, labels
from govreports.understand.rows import Candidate, Event, Fragment

WIDTH = len(labels.APPLICANT_COLUMNS)
# Table 3's numbered section heading (三、收到和处理政府信息公开申请情况): where its values start.
SECTION = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*" + re.escape(labels.TABLE_TITLES["applications"][:6]))
IDENTITIES = (checks.applications_row_totals, checks.applications_balance, checks.applications_total_processed)
Rows = dict[str, dict[str, Cell]]
Value = tuple[int, str]  # a value's number and its text as printed
MOVES = 2  # values printed out of their place that a reading may put back
REACH = 2 * WIDTH  # how far from its place such a value may stand
# No value is put back into or out of the first two rows: the identities do not tell 本年新收 from 上年结转 (only
# their sum balances), so values moved between them would add up either way.
FIXED = 2 * WIDTH
DIGITS = re.compile(r"\d+")
LONG_LABEL = 6  # a row label this long is printed once a table (总计 and 其他 are header words too)


def sequences(template: labels.Template) -> tuple[tuple[labels.RowSpec, ...], ...]:
    """The row sequences a table 3 of this template prints: a 2021 table may print the 2019 single (六) row."""
    single = labels.TEMPLATES[labels.TEMPLATE_2019].applications
    return (template.applications,) if template.applications == single else (template.applications, single)


def _texts(event: Event) -> tuple[str, ...]:
    return (event.text,) if isinstance(event, Fragment) else (*event.context, event.label)


def _section_start(found: Sequence[Event]) -> int | None:
    return next((k for k, event in enumerate(found) if any(SECTION.match(t.strip()) for t in _texts(event))), None)


def _row_label(event: Event, spellings: frozenset[str]) -> bool:
    return any(labels.label_key(t)[0] in spellings for t in _texts(event) if t)


@dataclass(frozen=True)
class Section:
    """What table 3's section prints after its heading."""

    values: list[str]  # every value, in order
    before: int  # how many of them come before its first row label
    words: str  # its labels' text run together, without spaces and punctuation (labels cut over lines rejoin)
    # It shows a cell printed empty (a grid's): no value is put back in another place (it may be that cell's).
    blanks: bool

    def twice(self, template: labels.Template) -> bool:
        """Whether it prints a row's label twice (pymupdf4llm's text of a page, then its table of the same
        rows): the last values are then the second copy's, which may lack a row the first one prints."""
        letters = DIGITS.sub("", self.words)
        return any(letters.count(spelling) > 1 for spec in template.applications for spelling in spec.spellings
                   if len(spelling) >= LONG_LABEL)


def section(found: Sequence[Event], end: int, template: labels.Template) -> Section | None:
    """Table 3's section: from its heading up to `end`.

    The heading's own event is not the section's (行政事业性收费 | 9116.36 | 三、收到和处理… is a row of table 2).
    """
    start = _section_start(found[:end])
    if start is None:
        return None
    spellings = frozenset(s for spec in template.applications for s in spec.spellings)
    values: list[str] = []
    words: list[str] = []
    before: int | None = None
    blanks = False
    for event in found[start + 1:end]:
        if before is None and _row_label(event, spellings):
            before = len(values)
        words += _texts(event)
        if isinstance(event, Candidate):
            values += [v for v in event.values if v]
            blanks = blanks or event.grid and not all(event.values)
    return Section(values, len(values) if before is None else before, labels.PUNCTUATION.sub("", "".join(words)),
                   blanks)


def _printed_rows(rows: Sequence[labels.RowSpec], template: labels.Template, words: str) -> bool:
    """Whether the section prints no label of a row of the template that `rows` lacks (a 2021 table's
    (六) sub-rows whose cells are merged into one: their values are not a single 其他处理 row's)."""
    codes = {spec.code for spec in rows}
    return not any(spelling in words for spec in template.applications if spec.code not in codes
                   for spelling in spec.spellings)


def _table(rows: Sequence[labels.RowSpec], values: Sequence[Value]) -> Rows:
    return {spec.code: {c: Cell(*values[k * WIDTH + j]) for j, c in enumerate(spec.columns)}
            for k, spec in enumerate(rows)}


def _first_unsummed(values: Sequence[Value], rows: int) -> int | None:
    """The first row whose total is not the sum of its other cells (a quick test: the identities are checks')."""
    for k in range(rows):
        row = values[k * WIDTH:(k + 1) * WIDTH]
        if sum(number for number, _ in row[:-1]) != row[-1][0]:
            return k
    return None


def _put_back(values: tuple[Value, ...], rows: int, moves: int) -> Iterator[tuple[tuple[Value, ...], int]]:
    """The values with up to `moves` of them put back where the rows add up, each within REACH of where it
    stands: a tool prints a cell of a row taller than its neighbours (a wrapped label) a little before or after
    its place. Every arrangement whose rows add up is given, with the moves left; none, when the values need
    more moves."""
    k = _first_unsummed(values, rows)
    if k is None:
        yield values, moves
        return
    if moves == 0:
        return
    first, last = k * WIDTH, (k + 1) * WIDTH
    tried: set[tuple[Value, ...]] = set()
    for i in range(max(0, first - REACH), min(len(values), last + REACH)):
        rest = values[:i] + values[i + 1:]
        for j in range(max(0, i - REACH), min(len(values) - 1, i + REACH) + 1):
            if j == i or max(i, j) < first or min(i, j) >= last or min(i, j) < FIXED:
                continue  # a move that leaves row k as it is, or one the identities could not check
            moved = rest[:j] + (values[i],) + rest[j:]
            if moved in tried:
                continue
            tried.add(moved)
            unsummed = _first_unsummed(moved, rows)
            if unsummed is None or unsummed > k:
                yield from _put_back(moved, rows, moves - 1)


def _holds(table: Rows) -> bool:
    tables = {"applications": table}
    return all(check.ok for identity in IDENTITIES for check in identity(tables))


def _agrees(table: Rows, read: Mapping[str, Mapping[str, Cell]]) -> bool:
    """Whether every cell read from the rows has the value read in order."""
    for code, cells in read.items():
        for column, cell in cells.items():
            if cell.value is not None and (code not in table or table[code][column].value != cell.value):
                return False
    return True


@dataclass(frozen=True)
class InOrder:
    """Table 3 read in order, and how many of its values were put back in another place."""

    rows: Rows
    put_back: int


def read_in_order(found: Sequence[Event], end: int, template: labels.Template,
                  read: Mapping[str, Mapping[str, Cell]]) -> InOrder | None:
    """Table 3 from its section's last values in order, when exactly one row sequence of the template keeps every
    identity with them and agrees with `read` (the cells read from the rows); else None.

    Where `read` itself breaks an identity, it need not agree: a row given another row's values by its label's
    place (a label printed after its values, pdftotext's of pingtan_gwh_2023) is what breaks it.
    """
    printed = section(found, end, template)
    if printed is None or printed.twice(template):
        return None
    values = printed.values
    must_agree = _holds(dict(read))  # cells that break no identity themselves
    moves = 0 if printed.blanks else MOVES
    fits: list[InOrder] = []
    seen: set[tuple[Value, ...]] = set()
    for rows in sequences(template):
        size = len(rows) * WIDTH
        if len(values) < size or len(values) - size > printed.before \
                or not _printed_rows(rows, template, printed.words):
            continue
        raws = values[len(values) - size:]
        numbers = [to_number(raw) for raw in raws]
        if not all(type(n) is int for n in numbers):
            continue
        for arranged, left in _put_back(tuple(zip(numbers, raws)), len(rows), moves):  # type: ignore[arg-type]
            if arranged in seen:
                continue
            seen.add(arranged)
            table = _table(rows, arranged)
            if _holds(table) and (not must_agree or _agrees(table, read)):
                fits.append(InOrder(table, moves - left))
    return fits[0] if len(fits) == 1 else None


__all__ = ["InOrder", "Section", "read_in_order", "section", "sequences"]
