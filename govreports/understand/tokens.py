"""Document text → a stream of table tokens, whatever the input's shape.

The table reader works on one stream: cells in reading order, with row
boundaries where the source has them (HTML rows, tab-separated lines,
markdown pipes) and none where it does not (one cell per line). Empty cells
are kept only inside rows, where they mean "nothing printed here".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

MARKDOWN_RULE_CELL = re.compile(r"^:?-{3,}:?$")


@dataclass(frozen=True)
class Token:
    text: str = ""
    in_row: bool = False  # the token belongs to a row that ends with a row_end
    row_end: bool = False
    span: bool = False  # a copy of a merged cell (rowspan/colspan), not a cell


ROW_END = Token(row_end=True)


def row_tokens(cells: Iterable[str]) -> Iterator[Token]:
    """Tokens of one row of cells, closed by a row end."""
    for cell in cells:
        yield Token(cell.strip(), in_row=True)
    yield ROW_END


def split_row(line: str) -> list[str] | None:
    """The cells of a tab-separated or markdown row, or None for a plain line."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        return [c.strip() for c in stripped[1:-1].split("|")]
    if "\t" in line:
        cells = [c.strip() for c in line.split("\t")]
        if sum(1 for c in cells if c) >= 2:
            return cells
    return None


def text_tokens(text: str) -> Iterator[Token]:
    """Tokens of a plain-text document (lines, TSV rows, markdown rows)."""
    for line in text.split("\n"):
        cells = split_row(line)
        if cells is not None and line.lstrip().startswith("|") and all(
            MARKDOWN_RULE_CELL.match(c) for c in cells if c
        ):
            continue  # the |---|---| rule under a markdown header
        if cells is not None:
            yield from row_tokens(cells)
            continue
        stripped = line.strip()
        if stripped:
            yield Token(stripped)
