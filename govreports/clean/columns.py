"""Text laid out in columns (`pdftotext -layout`): a row's last cell printed on a line of its own.

A PDF table printed as text keeps each cell where it stands on the page,
as a run of spaces. A cell a little higher or lower than the rest of its
row (a total centred on a taller cell) lands on a line of its own, next to
the row's label: the row then prints one value too few, and the lone value
looks like a row of its own. The columns give it back: when the lone
value stands right of a nearby row's last value, in the column where the
table's full rows end, it is that row's last cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from govreports.clean.values import is_value

TOKEN = re.compile(r"\S+")
REACH = 3  # lines between a lone value and its row: the label's wrapped lines
WINDOW = 40  # lines around where the table's full rows are looked for
SLACK = 1  # characters a column's values may stand apart by
GAP = 4  # spaces before a value that stands in a column (text without columns has one)


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
        rows = [row for row in (_near(tails, lines, k, step) for step in (-1, 1)) if row is not None
                and tails[row].end < start and _full_row_ends_at(tails, k, start, len(tails[row].texts) + 1)]
        if len(rows) != 1:
            continue
        row = rows[0]
        value = tail.texts[0]
        out[row] = out[row].rstrip().ljust(start) + value if len(out[row].rstrip()) < start else \
            out[row].rstrip() + "  " + value
        out[k] = out[k][:start].rstrip()
        tails[row] = None  # a row takes one value back, once
        tails[k] = None
    return out


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


# -- a row of merged cells -------------------------------------------------------------

ITEM = re.compile(r"^\d{1,2}[.、．]\D")  # a row label's item number: 1.申请人…
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
    labels = []
    for n, (k, _) in enumerate(starts):
        last = starts[n + 1][0] if n + 1 < len(starts) else end
        ends = [j for j in range(k, last) if _row_text(lines[j], column)]
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
