"""Digits of several cells run together, cut apart by the template's identities.

A capture that lost the separators between cells (`640020470` for
64 0 0 2 0 4 70) still carries every digit. The cuts are found by
enumeration: every way to cut the digits into the row's cells (no cell
with a leading zero, each printed piece cut on its own) that satisfies the
row's identity. A cut is taken only when it is the only one; otherwise
the cells stay unread and a check says how many cuts fit (0: none, 2: more
than one). Nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import product

from govreports.clean.values import to_number

# The row's own arithmetic on its values so far, in column order; `final` once the row is complete.
Identity = Callable[[list[int], bool], bool]
MAX_CELL_DIGITS = 9
MAX_SOLUTIONS = 2  # enough to know a cut is not the only one
MAX_COMBINATIONS = 20000


def is_glued(values: Sequence[str], width: int) -> bool:
    """Fewer cells than columns, and some printed piece long enough to hold several."""
    return 0 < len(values) < width and any(len(v) > 1 and v.isdigit() for v in values)


def splits(values: Sequence[str], width: int, identity: Identity | None) -> list[list[str]]:
    """The cuts of a row's printed pieces into `width` cells that keep its identity (at most MAX_SOLUTIONS).

    A piece that is not a plain run of digits (a dash, a decimal) is one
    cell. Without an identity, only the cut every reading shares is taken:
    as many digits as cells, in a row printed as one piece (规章000); a row
    whose pieces stand apart (规范性文件 13 0) shows where its cells end, and
    lacks a cell rather than a cut. The identity is asked after every cell
    (it may answer for a part of the row), so hopeless cuts are dropped early.
    """
    if identity is None:
        if len(values) > 1:
            return []
        sizes = [len(v) if v.isdigit() else 1 for v in values]
        return [[d for v in values for d in (v if v.isdigit() else [v])]] if sum(sizes) == width else []
    found: list[list[str]] = []
    cells: list[str] = []
    numbers: list[int] = []

    def walk(piece: int, offset: int) -> None:
        if len(found) >= MAX_SOLUTIONS:
            return
        if piece == len(values):
            if len(cells) == width and identity(numbers, True):
                found.append(list(cells))
            return
        text = values[piece]
        room = width - len(cells) - (len(values) - piece - 1)  # each later piece needs a cell
        if room < 1:
            return
        if not text.isdigit() or room == 1:
            ends: range | list[int] = [len(text)]  # the rest of the piece is one cell
        else:
            ends = range(offset + 1, min(len(text), offset + MAX_CELL_DIGITS) + 1)
        for end in ends:
            head = text[offset:end] if text.isdigit() else text
            if text.isdigit() and (len(head) > 1 and head[0] == "0" or len(head) > MAX_CELL_DIGITS):
                break
            cells.append(head)
            numbers.append(int(to_number(head) or 0))
            if identity(numbers, False):
                walk(piece + 1, 0) if end == len(text) else walk(piece, end)
            cells.pop()
            numbers.pop()

    walk(0, 0)
    return found


def row_total(values: list[int], final: bool) -> bool:
    """Table 3: the total column is the sum of the six applicant columns."""
    if len(values) < 7:
        return True
    return len(values) == 7 and sum(values[:6]) == values[6]


def review_totals(values: list[int], final: bool) -> bool:
    """Table 4: each group's total is the sum of its four results (checked as each group ends)."""
    if len(values) > 15:
        return False
    return all(sum(values[g:g + 4]) == values[g + 4] for g in (0, 5, 10) if len(values) >= g + 5)


def joint(options: dict[str, list[list[int]]], fixed: dict[str, list[int]],
          holds: Callable[[dict[str, list[int]]], bool]) -> dict[str, list[int]]:
    """Rows whose cut is the same in every combination that keeps the table's column identities.

    `options`: the row-level cuts of each ambiguous row; `fixed`: every
    other row's values. Returns the rows settled this way.
    """
    names = list(options)
    total = 1
    for name in names:
        total *= len(options[name])
    if not names or total > MAX_COMBINATIONS:
        return {}
    agreed: dict[str, list[int] | None] = {}
    for combo in product(*(options[n] for n in names)):
        rows = {**fixed, **dict(zip(names, combo))}
        if not holds(rows):
            continue
        for name, values in zip(names, combo):
            agreed[name] = values if agreed.get(name, values) == values else None
    return {name: values for name, values in agreed.items() if values is not None}
