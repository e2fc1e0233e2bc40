"""Tables drawn in text with rules and borders, each row back on one line.

Text dumps of a page draw its tables: `w3m -dump` with box-drawing lines
(│ ├───┼───┤), pandoc's plain text and reStructuredText as grid tables
(+-----+ and |). A cell wider than its column is wrapped over several
lines inside its borders, so one row of the table is several lines of
text, each holding a piece of some cells. Read line by line, the label
of a row is cut into pieces and its values stand beside any of them.

Here the lines between two rules are one row: each column's pieces are
joined, and the row is written as one pipe line (`| a | b | c |`) that
govreports.clean.cells reads as cells. A cell merged down several rows
(a group label, or values printed once for three rows) is where a rule
does not cross its column: its pieces join the first row it spans, as a
merged cell's value belongs to its first row in a page's grid.

Lines between two rules are joined only when they are one row: no
column holds a value on two of them. A table drawn with rules under its
header only (each row one line) stays one line a row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from govreports.clean.values import is_value

BORDERS = "|│┃║"  # what stands between two cells of a line
JUNCTIONS = "┼┬┴├┤┌┐└┘╋╪╫╬╞╡╟╢╔╗╚╝╠╣╦╩┠┨┯┷┿╂"  # where box-drawn rules meet borders
STROKES = "-─━═=:"  # a rule's line (: marks alignment in a grid table's rule)
SEPARATORS = re.compile(f"[{re.escape(BORDERS + JUNCTIONS)}]")
# A rule drawn in ASCII (+-----+=====+, pandoc's grid tables): there + is a junction; elsewhere it is a sign (+123).
ASCII_RULE = re.compile(r"\+[-=:]{2,}|[-=:]{2,}\+")
ASCII_SEPARATORS = re.compile(r"[|+]")
MIN_STROKE = 2  # characters of a piece of rule between two junctions


def fields(line: str) -> list[str]:
    """The pieces between a line's borders and junctions, the outer ones dropped."""
    separators = ASCII_SEPARATORS if ASCII_RULE.search(line) else SEPARATORS
    return separators.split(line.strip())[1:-1]


def _junctions(line: str) -> bool:
    """A line where a drawn rule meets borders: a grid table's, not a markdown table's |---|---|."""
    return ASCII_RULE.search(line) is not None or any(c in JUNCTIONS for c in line)


def _stroked(piece: str) -> bool:
    """A piece of rule between two junctions (────, ---, ===)."""
    stripped = piece.strip()
    return len(stripped) >= MIN_STROKE and all(c in STROKES for c in stripped)


def grid_line(line: str) -> bool:
    """A line of a drawn table: cells between borders (│a│b│, | a | b |), a rule (├───┼───┤, +---+), or both
    (│（三）不予公开├───┼───┤: a merged cell's text beside the rule under the rows it does not span)."""
    stripped = line.strip()
    ends = BORDERS + JUNCTIONS + "+"
    return len(stripped) >= 2 and stripped[0] in ends and stripped[-1] in ends and len(fields(line)) >= 1


def is_rule(line: str) -> bool:
    """A grid line that draws a rule across some column."""
    return any(_stroked(piece) for piece in fields(line))


def rejoin_grid_rows(text: str) -> str:
    """Every drawn table's rows, each on one pipe line; other lines as they are."""
    if not any(c in text for c in JUNCTIONS) and ASCII_RULE.search(text) is None:
        return text
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and grid_line(lines[end]):
            end += 1
        block = lines[k:end]
        rules = sum(map(is_rule, block))
        if any(map(_junctions, block)) and rules >= 1 and len(block) - rules >= 2:
            out += _grid(block)
            k = end
        else:
            out.append(lines[k])
            k += 1
    return "\n".join(out)


def _grid(block: Sequence[str]) -> list[str]:
    """A drawn table's lines as rows: the lines between two rules joined where they are one row.

    A rule crosses the columns it draws strokes in; text beside it (a group
    label in a merged cell) is the next row's. Rows whose lines split into
    another count of columns (a header cell over several) stay one line a row.
    """
    bands: list[list[list[str]]] = [[]]  # the cell texts of each line between two rules
    crossed: list[list[bool]] = []  # the columns each rule between two bands crosses
    for line in block:
        pieces = fields(line)
        strokes = [_stroked(piece) for piece in pieces]
        texts = ["" if stroke else piece.strip() for piece, stroke in zip(pieces, strokes)]
        if any(strokes) and bands[-1]:
            bands.append([])
            crossed.append(strokes)
        if any(texts):
            bands[-1].append(texts)
    if not bands[-1]:
        bands.pop()
        crossed = crossed[:len(bands) - 1]
    rows = [_row(band) for band in bands]
    for start, end in _runs(rows, crossed):
        _merge_down(rows[start:end], crossed[start:end - 1])  # type: ignore[arg-type]
    out: list[str] = []
    for band, row in zip(bands, rows):
        out += [_pipe_line(texts) for texts in band] if row is None else [_pipe_line(row)]
    return out


def _row(band: Sequence[Sequence[str]]) -> list[str] | None:
    """The lines of a band as one row, when each splits into the same columns and no column holds two values."""
    if len({len(texts) for texts in band}) != 1 or len(band[0]) < 2:
        return None
    columns = range(len(band[0]))
    if any(sum(1 for texts in band if texts[c] and is_value(texts[c])) > 1 for c in columns):
        return None
    return [_joined([texts[c] for texts in band]) for c in columns]


def _runs(rows: Sequence[list[str] | None], crossed: Sequence[list[bool]]) -> list[tuple[int, int]]:
    """Runs of joined rows of one width, with rules of as many columns between them: where cells may merge down."""
    runs: list[tuple[int, int]] = []
    start = 0
    for k in range(1, len(rows) + 1):
        same = k < len(rows) and rows[k] is not None and rows[k - 1] is not None \
            and len(rows[k]) == len(rows[k - 1]) == len(crossed[k - 1])  # type: ignore[arg-type]
        if not same:
            if k - start >= 2 and rows[start] is not None:
                runs.append((start, k))
            start = k
    return runs


def _joined(pieces: Sequence[str]) -> str:
    """A cell's pieces, one per line, as its text: CJK runs on, ASCII words and numbers keep a space between.

    Not clean.documents.text.join_wrapped, which joins digits (a number wrapped in a PDF or Word cell): pieces
    joined here may come from two rows of a merged column, and two values must never become one number.
    """
    text = ""
    for piece in pieces:
        if not piece:
            continue
        if text and _word_end(text[-1]) and _word_end(piece[0]):
            text += " "
        text += piece
    return text


def _word_end(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _merge_down(rows: list[list[str]], crossed: Sequence[Sequence[bool]]) -> None:
    """A cell merged down several rows (no rule between them crosses its column): its text goes to the first
    row it spans."""
    for column in range(len(rows[0])):
        first = 0
        for k in range(1, len(rows)):
            if crossed[k - 1][column]:
                first = k
            elif rows[k][column]:
                rows[first][column] = _joined([rows[first][column], rows[k][column]])
                rows[k][column] = ""


def _pipe_line(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"
