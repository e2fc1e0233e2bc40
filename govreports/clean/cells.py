"""A line of text → its cells, whatever separates them.

Text of a report arrives with its table cells separated by tabs (Word,
a browser's copy), by markdown pipes, by runs of spaces (`pdftotext
-layout`), by single spaces (`一、本年新收…数量 8 0 0 0 0 0 8`), or not at
all (`…申请数量640020470`). Cells are cut here, before spaces are squeezed,
so that digits of different cells are never joined into one number.

A line becomes: label cells (the text before its values; pieces separated
by two or more spaces stay separate cells) followed by its value cells.
Values are only taken from the end of a line: a line whose numbers are
followed by text is prose (`共收到申请 3 件`), not a row.
"""

from __future__ import annotations

import re

from govreports.clean.blocks import CellRow
from govreports.clean.columns import COLUMN_GAP, TOKEN
from govreports.clean.normalize import normalize_line
from govreports.clean.values import UNITS, is_value
from govreports.vocabulary import NO_NUMBER_WORDS, TOC_ENTRY

MARKDOWN_RULE_CELL = re.compile(r"^:?-{3,}:?$")
PIECES = re.compile(r" {2,}|\t")
# A label with its number glued on: …申请数量640020470, (七)总计8.
# Numbers glued to each other (35-15, 1.52.5): each run of digits split one way only, possessively (as (?:\d+)+ tried
# every split of a run that did not end the text, 22 digits took a quarter of a second, 40 a day); between two points
# a run has two digits at least (1.2 and 2.5 glued print 1.22.5): a number holds one point at most.
GLUED_NUMBER = r"\d++(?:(?:\.\d{2,}+)*\.\d++)?"
GLUED_TAIL = re.compile(rf"^(.*[\u3400-\u9fff）)\]】”])([-+]?{GLUED_NUMBER}(?:[-+]{GLUED_NUMBER})*)$")
SIGNED = re.compile(r"[-+]?\d+(?:\.\d+)?")  # a sign starts a new value: 35-15 is 35 and -15
UNIT_VALUE = re.compile(rf"[-+]?\d+(?:\.\d+)?[{UNITS}]{{1,2}}")
# The shortest label whose rest is two numbers or more, each with its unit: 政府集中采购 | 2笔 | 984361元
# (one number and unit ends many a sentence: 共收到申请3件).
GLUED_UNIT_TAIL = re.compile(rf"^(.*?[\u3400-\u9fff）)\]】”])((?:{UNIT_VALUE.pattern}){{2,}})$")
MAX_CELL = 120  # a longer piece between pipes is prose that happens to hold a pipe
MAX_GLUED_LABEL = 400  # a table-4 header glued to its values is long
MIN_EMPTY_AFTER = 2  # empty cells after a bordered row's only text, for it to be a row printed empty


# PyMuPDF's Table.to_markdown (pymupdf4llm) names the empty cells of the row it takes as a header Col1, Col2, …:
# on a page that a table continues onto, that row is one of the table's rows. In a row that prints values they
# are empty cells; in one that prints none (|Col1|Col2|询事项|Col4|…, a label's wrapped end) they say nothing.
EMPTY_HEADER_CELL = re.compile(r"^Col\d+$")


def _cells(fields: list[str]) -> tuple[str, ...]:
    return tuple(normalize_line(f) for f in fields)


def pipe_fields(line: str) -> list[str] | None:
    """The fields of a row that pipes separate: | a | b | as markdown prints it, a | b | as a capture keeps it."""
    stripped = line.strip()
    if "|" not in stripped:
        return None
    fields = [c.strip() for c in stripped.split("|")]
    if "Col" in stripped and any(EMPTY_HEADER_CELL.match(f) for f in fields) and any(is_value(f) for f in fields):
        fields = ["" if EMPTY_HEADER_CELL.match(f) else f for f in fields]
    if fields and fields[0] == "" and stripped.startswith("|"):
        fields = fields[1:]
    if fields and fields[-1] == "" and stripped.endswith("|"):
        fields = fields[:-1]
    # A row label may be long (规范性文件:是指…, a definition after it) where the cells after it are a row's.
    cells_like = stripped.startswith("|") or stripped.count("|") >= 2 and max(map(len, fields)) <= MAX_CELL \
        or stripped.count("|") >= 3 and max(map(len, fields[1:])) <= MAX_CELL
    if not cells_like or len(fields) < 2:
        return None
    if sum(1 for f in fields if f) >= 2:
        return fields
    # A labelled row whose cells are all empty: 规章 | | | (a label and its empty cells, as tab rows keep them),
    # 行政事业性收费 | | (table 2's one-column row); | | 2.其他法律… | | | after merged group cells, between borders.
    if fields[0] and stripped.count("|") >= 2:
        return fields
    filled = [k for k, f in enumerate(fields) if f]
    return fields if stripped.startswith("|") and len(filled) == 1 and len(fields) - filled[0] > MIN_EMPTY_AFTER \
        else None


def tab_fields(line: str) -> list[str] | None:
    """The fields of a row typed with tabs: two filled at least, or a label and empty cells after it.

    The one tab-row rule: text captures, Word documents and PDF lines whose
    column gaps became tabs all go through it.
    """
    if "\t" not in line:
        return None
    fields = [f.strip() for f in line.split("\t")]
    if sum(1 for f in fields if f) >= 2:
        return fields
    if fields[0] and len(fields) >= 3:
        return fields  # a labelled row whose cells are all empty: 2.其他法律…\t\t\t
    return None


# A number the text ends in, nothing after it (not even a line break): a capture cut through the number's digits
# reads as a smaller one (行政许可 | 7 of 72, 增9 of 增98, 18.8 of 18.871). A lone 0 is whole: a count goes on after
# no leading 0. A page number after dot leaders (目录 … 12) is no cell.
CUT_NUMBER = re.compile(r"(?<![\d.,，])(?P<number>(?:[-+]|增加?|减少?)?(?!0\Z)\d[\d.,，]*)\Z")
NUMBER_CHARS = ".,，"  # with the decimal digits, what CUT_NUMBER's number runs of
LONGEST_SIGN = 2  # 增加, 减少
DOT_LEADERS = ".…·．"


def _tail_start(text: str) -> int:
    """Where the text's last run of digits, points and commas starts, less room for a sign: an end-anchored
    search from there finds what one over the whole text finds (that one tried every place of a 200 KB text,
    a sixth of a page's parse)."""
    start = len(text)
    while start and (text[start - 1].isdecimal() or text[start - 1] in NUMBER_CHARS):
        start -= 1
    return max(0, start - LONGEST_SIGN)


def _after_dot_leader(text: str, end: int) -> bool:
    while end and text[end - 1].isspace():
        end -= 1
    return end > 0 and text[end - 1] in DOT_LEADERS


def drop_cut_number(text: str) -> str:
    """The text without the number it ends in: it may be cut, and its cell is then one the capture lost (the row
    is read as cut off, its cell absent, a check failed). The pipe opening that cell on its line goes with it: left,
    it would close an empty cell."""
    m = CUT_NUMBER.search(text, _tail_start(text))
    if m is None or _after_dot_leader(text, m.start()):
        return text
    kept = text[:m.start()].rstrip(" \t")
    return kept[:-1].rstrip(" \t") if kept.endswith("|") else kept


def rejoin_pipe_cells(text: str) -> str:
    """A pipe row broken after each cell (`规章 |`, then `|` alone on each line after) back on one line.

    A converter that printed each empty cell on a line of its own leaves
    lines that hold a pipe and nothing else: they are the row's empty
    cells, not rows of their own.
    """
    if "\n|" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if line.strip() == "|" and out and out[-1].rstrip().endswith("|"):
            out[-1] = out[-1].rstrip() + " |"
        else:
            out.append(line)
    return "\n".join(out)


MIN_UNBORDERED_ROWS = 3  # pipe rows without outer pipes before their last pipes are read as cells


def keep_last_empty_cells(text: str) -> str:
    """A row's empty last cell kept where a table prints no outer pipes (html2text: `a| 821| 859`, and
    `a| 258| 1|    ` for a row whose total is empty).

    There a pipe ending a line stands before an empty cell, not at the
    table's edge; it is taken so only in a markdown table (its rule line
    `---|---` under the first row) of which some rows end in a cell's text.
    A run that ends every row in a pipe (a capture's `a | b |`) is left as
    it is.
    """
    if "|" not in text:
        return text
    lines = text.split("\n")
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and "|" in lines[end] and not lines[end].lstrip().startswith("|"):
            end += 1
        run = [line.rstrip() for line in lines[k:end]]
        if len(run) >= MIN_UNBORDERED_ROWS and any(_unbordered_rule(r) for r in run) \
                and any(not r.endswith("|") for r in run) and any(r.endswith("|") for r in run):
            for j in range(k, end):
                if lines[j].rstrip().endswith("|"):
                    lines[j] = lines[j].rstrip() + " |"
        k = max(end, k + 1)
    return "\n".join(lines)


def _unbordered_rule(line: str) -> bool:
    """A markdown table's rule line printed without outer pipes (---|---), under its first row."""
    stripped = line.strip()
    cells = [c.strip() for c in stripped.removesuffix("|").split("|")]
    return not stripped.startswith("|") and len(cells) >= 2 and all(MARKDOWN_RULE_CELL.match(c) for c in cells)


PIPES_ONLY = re.compile(r"^\|+$")
PIPE_AT_LINE_END = re.compile(r"\|[ \t\u00a0\u3000]*\n")  # NBSP and U+3000: a page's padding, as a space
MIN_CELL_LINES = 6  # lines of one cell and its pipe (or of a pipe alone) before a run is read as a table
MAX_CELL_PIECES = 3  # lines of text a cell may be wrapped over between two pipe lines
MAX_PIECE = 12  # characters of each line of such a wrapped cell


def _filled(line: str) -> int:
    """How many of a line's fields between pipes hold text."""
    return sum(1 for field in line.split("|") if field.strip())


def _kind(line: str) -> str | None:
    """A line of a capture's table: `pipes` (|, ||), `cell` (规章 |, 0 |, | 25 |, 8 | |||), `row` (a | b |), else None."""
    stripped = line.strip()
    if not stripped.endswith("|") and not stripped.startswith("|"):
        return None
    filled = _filled(stripped)
    return "pipes" if filled == 0 else "cell" if filled == 1 else "row" if stripped.endswith("|") else None


def _one_pipe(line: str) -> bool:
    """`|` or `0 |`: what only a capture printing one cell a line prints (a row printed empty is 规章 | |||)."""
    return line.strip().count("|") == 1 and line.strip().endswith("|")


def _run_end(lines: list[str], start: int) -> int:
    """Where a run of cell lines that starts at `start` ends (exclusive); `start` when none starts there.

    A row line belongs to the run when cell lines follow it (a row broken
    after its first cells).
    """
    end, k = start, start
    while k < len(lines):
        kind = _kind(lines[k])
        if kind in ("pipes", "cell"):
            k += 1
            end = k
            continue
        if k > start and end == k and not lines[k].strip():
            k += 1  # a blank line (or tabs alone) among the cells
            end = k
            continue
        if k > start and end == k and _cut_cell(lines[k:]):
            return len(lines)  # the text ends in a cell cut before its pipe, or in a row of values
        if kind == "row" and k + 1 < len(lines) and _kind(lines[k + 1]) in ("pipes", "cell"):
            k += 1
            continue
        pieces = _cell_pieces(lines, k, inside=k > start)
        if not pieces:
            break
        k += pieces
    return end


def _cut_cell(rest: list[str]) -> bool:
    """The text's last line: a short cell whose pipe the capture cut off (`0`, `行政许可`), or a row's values."""
    rest = [line.strip() for line in rest if line.strip()]
    if len(rest) != 1:
        return False
    if "|" not in rest[0]:
        return len(rest[0]) <= MAX_PIECE
    return _filled(rest[0]) >= 2  # its last pipe cut off too, maybe


def _cell_pieces(lines: list[str], k: int, inside: bool) -> int:
    """How many lines from `k` are one cell's text, a line of pipes alone after them (0: none).

    A cell wrapped over several lines (商业 / 企业) only inside a run, and
    only in short pieces: longer lines before a pipe are prose and the
    heading of the table.
    """
    most = MAX_CELL_PIECES if inside else 1
    for n in range(1, most + 1):
        line = lines[k + n - 1].strip() if k + n - 1 < len(lines) else ""
        if not line or "|" in line or n > 1 and len(line) > MAX_PIECE or k + n >= len(lines):
            return 0
        if PIPES_ONLY.match(lines[k + n].strip()):
            return n if n == 1 or len(lines[k].strip()) <= MAX_PIECE else 0
    return 0


def _is_label(text: str) -> bool:
    return bool(text) and not is_value(text)


def _run_cells(lines: list[str]) -> list[str]:
    """A run's cells in order, as the pipes close them.

    A pipe alone on its line closes the cell (an empty one, or the text on
    the lines before it). Pipes after a line's last filled field, and runs
    of pipes alone, are the row's padding. A pipe opening a cell line
    (`| 25 |`) closes an empty cell, unless every cell line opens so
    (`| 0 |`: an opening pipe). A run that opens with a pipe alone before
    a label puts one before every row: those pipes only separate rows.
    """
    texts = [line.strip() for line in lines if line.strip()]
    cell_lines = [t for t in texts if _kind(t) == "cell"]
    opening = bool(cell_lines) and all(t.startswith("|") for t in cell_lines)
    piped = [t for t in texts if "|" in t]  # lines of text before the first pipe are a cell's
    separated = len(piped) > 1 and piped[0] == "|" and _is_label(piped[1].split("|")[0].strip())
    cells: list[str] = []
    current: list[str] = []
    for k, text in enumerate(texts):
        kind = _kind(text)
        if kind is None and "|" not in text:
            current.append(text)  # a piece of a cell's text, its pipe on a later line
            continue
        if kind == "pipes":
            following = texts[k + 1].split("|")[0].strip() if k + 1 < len(texts) else ""
            if text == "|" and not (separated and _is_label(following)):
                cells.append("".join(current))
            elif current:
                cells.append("".join(current))  # padding after a cell's text closes it once
            current = []
            continue
        fields = text.split("|")  # kind None: the text's last line, its last pipe cut off
        if opening or kind != "cell":
            fields = fields[1:] if text.startswith("|") else fields
        last = max(i for i, field in enumerate(fields) if field.strip())
        for field in fields[:last]:
            cells.append("".join(current) + field.strip())
            current = []
        current.append(fields[last].strip())
        if last < len(fields) - 1:  # its pipe; any after it are padding
            cells.append("".join(current))
            current = []
    if current:
        cells.append("".join(current))
    return cells


def _cell_rows(lines: list[str]) -> list[str]:
    """A run's cells as rows: each label starts a row, the values and empty cells after it are its cells."""
    rows: list[list[str]] = []
    for cell in _run_cells(lines):
        if _is_label(cell) or not rows:
            rows.append([cell])
        else:
            rows[-1].append(cell)
    # Closed with a pipe: a row's last cell printed empty stays (padding is gone already, and an empty
    # cell too many is the table reader's to drop).
    return [" | ".join(row) + (" |" if len(row) > 1 else "") for row in rows]


def rejoin_cell_lines(text: str) -> str:
    """A table a capture printed one cell per line (`规章 |`, `0 |`, `|`), back to one line per row.

    A page whose cells hold paragraphs comes out of some text converters
    with a line break after every cell: the row breaks are lost among
    them. Runs of at least MIN_CELL_LINES such lines are read as a stream
    of cells, and a row starts at each label.
    """
    if PIPE_AT_LINE_END.search(text) is None:
        return text
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    while k < len(lines):
        end = _run_end(lines, k)
        if sum(1 for line in lines[k:end] if _one_pipe(line)) >= MIN_CELL_LINES:
            out.extend(_cell_rows(lines[k:end]))
            k = end
        else:
            out.append(lines[k])
            k += 1
    return "\n".join(out)


MIN_STREAM_CELLS = 12  # cell lines of a double-spaced run before its blank lines are read as empty cells
MAX_STREAM_CELL = 60  # characters of a line in such a run (a table 3 label holds up to about 40; prose is longer)
SINGLE_GAP_SHARE = 0.75  # of its cells followed by exactly one blank line: the run's spacing


def mark_blank_cells(text: str) -> str:
    """Rows of a table a capture printed one cell a line, each followed by one blank line, whose empty cells are more
    blank lines (12 / five more blank lines / 12) or a line holding only spaces, as pipe rows (行 | 12 | | … | 12 |).

    Only a row that prints both values and empty cells is rewritten: the
    others read as they are. A run is read so only when its spacing is that
    regular (SINGLE_GAP_SHARE); the blank lines after its last cell are the
    page's spacing before the prose that follows, not cells.
    """
    if "\n\n" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    while k < len(lines):
        cells = _stream(lines, k)
        run = max(1, sum(1 + gap for _, gap in cells))
        if not _has_empty_cells(cells):
            out.extend(lines[k:k + run])  # a run read as it is, and no run starts inside it
            k += run
            continue
        k += run
        spacing = not (k < len(lines) and _stream_line(lines[k]))  # prose after the run, not a cell the text ends in
        rows = _stream_rows(cells)
        for n, row in enumerate(rows, 1):
            out.extend(_marked_row(row, spacing and n == len(rows)))
    return "\n".join(out)


def _stream_line(line: str) -> bool:
    """A line that may be one cell of a double-spaced run: short, no separators, no sentence; spaces alone are an
    empty cell."""
    return line != "" and len(line.strip()) <= MAX_STREAM_CELL and not any(mark in line for mark in "|\t。")


def _stream(lines: list[str], start: int) -> list[tuple[str, int]]:
    """The (cell line, blank lines after it) of the double-spaced run of cells starting at `start` (none: [])."""
    cells: list[tuple[str, int]] = []
    k = start
    while k < len(lines) and _stream_line(lines[k]):
        gap = 0
        while k + 1 + gap < len(lines) and lines[k + 1 + gap] == "":
            gap += 1
        if gap == 0:
            break
        cells.append((lines[k], gap))
        k += 1 + gap
    return cells


def _has_empty_cells(cells: list[tuple[str, int]]) -> bool:
    """A run long and regular enough to read its blank lines as cells, with values and empty cells to mark."""
    if len(cells) < MIN_STREAM_CELLS or sum(gap == 1 for _, gap in cells) < SINGLE_GAP_SHARE * len(cells):
        return False
    marks = [gap > 1 for _, gap in cells[:-1]] + [not line.strip() for line, _ in cells]
    return any(marks) and any(is_value(line) for line, _ in cells)


def _stream_rows(cells: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """A run's cells by row: each label starts one; a word said in a cell's place (暂无) is none."""
    rows: list[list[tuple[str, int]]] = []
    for line, gap in cells:
        if _is_label(line.strip()) and line.strip() not in NO_NUMBER_WORDS or not rows:
            rows.append([])
        rows[-1].append((line, gap))
    return rows


def _marked_row(row: list[tuple[str, int]], spaced: bool) -> list[str]:
    """A row as one pipe row when it prints values and empty cells; else its lines as they were. `spaced`: its
    last cell ends the run, before prose or the text's end: the blank lines after it are spacing, and a line of
    spaces there is where a capture was cut, no cells."""
    cells: list[str] = []
    for k, (line, gap) in enumerate(row):
        last = spaced and k == len(row) - 1
        cells += ([line.strip()] if k and not (last and not line.strip()) else []) + [""] * (0 if last else gap - 1)
    label = row[0][0].strip()
    if not _is_label(label) or not any(cells) or all(cells):
        return [line for line, gap in row for line in [line, *[""] * gap]]
    return [f"{label} | {' | '.join(cells)} |", ""]


def table_fields(line: str) -> list[str] | None:
    """The fields of a pipe- or tab-separated row, else None."""
    return pipe_fields(line) or tab_fields(line)


def is_markdown_rule(line: str) -> bool:
    """The |---|---| line under a markdown header."""
    stripped = line.strip()
    if not (stripped.startswith("|") and stripped.endswith("|")):
        return False
    cells = [c.strip() for c in stripped[1:-1].split("|")]
    return any(cells) and all(MARKDOWN_RULE_CELL.match(c) for c in cells if c)


# A group's or section's numbered label (（四）无法提供, 三、本年度…), alone or run into the value before it.
NEXT_LABEL = re.compile(r"^(\d*)((?:[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)\S*)$")


def text_cells(line: str) -> tuple[str, ...]:
    """A line without explicit separators: label pieces, then the values that end it. A row's values followed by
    the next's numbered label (PyMuPDF's sorted text) are cut apart first (`_next_label_cuts`)."""
    bounds = [0, *_next_label_cuts(line), len(line)]
    return tuple(cell for start, end in zip(bounds, bounds[1:]) for cell in _row_cells(line[start:end]))


def _row_cells(line: str) -> tuple[str, ...]:
    pieces = [p for p in PIECES.split(line.strip()) if p.strip()]
    words = [(k, w) for k, piece in enumerate(pieces) for w in piece.split(" ") if w]
    end = len(words)
    while end > 0 and is_value(words[end - 1][1]):
        end -= 1
    if end == 0:  # only values: a numbering word in front stays a value too
        return tuple(w for _, w in words)
    labels: list[list[str]] = []
    last_piece = -1
    for k, word in words[:end]:
        if k != last_piece:
            labels.append([])
            last_piece = k
        labels[-1].append(word)
    label_cells = [normalize_line(" ".join(ws)) for ws in labels]
    values = [w for _, w in words[end:]]
    glued = glued_tail(label_cells[-1])
    if glued is not None:  # values glued to the label: …申请数量64 0 0 2, 行政事业性收费35-15
        label_cells[-1], values = glued[0], [*glued[1], *values]
    return (*label_cells, *values)


def _next_label_cuts(line: str) -> list[int]:
    """Where each next row's or group's numbered label starts on a line laid out by position (runs of spaces) that
    prints a row's label (no longer than MAX_STREAM_CELL) and two values or more before it (2.没有现成 0  0  0  0  0
    0  0（四）无, the label run into the last value or not), row after row; [] for any other line. One pass over
    the line's words: a line may be long."""
    if not COLUMN_GAP.search(line):  # no text laid out by position: a page run together is cut by its labels
        return []
    tokens = list(TOKEN.finditer(line))
    cuts: list[int] = []
    start = 0  # the word the row's label starts at
    while True:
        first = next((k for k in range(start, len(tokens)) if is_value(tokens[k].group())), None)
        if first is None or first == start or sum(len(m.group()) for m in tokens[start:first]) > MAX_STREAM_CELL:
            return cuts
        after = first
        while after < len(tokens) and is_value(tokens[after].group()):
            after += 1
        m = NEXT_LABEL.match(tokens[after].group()) if after < len(tokens) else None
        if m is None or after - first + bool(m[1]) < 2:
            return cuts
        cuts.append(tokens[after].start() + len(m[1]))
        start = after


def glued_tail(label: str) -> tuple[str, list[str]] | None:
    """(the label, the numbers glued to its end) for …申请数量64, 行政事业性收费35-15 or 政府集中采购2笔984361元.

    None otherwise. Numbers glued with their units need a unit after each
    one, and two of them at least: the units are then what tells the
    values apart.
    """
    if len(label) > MAX_GLUED_LABEL:
        return None
    if label[-1:].isdecimal():
        m = GLUED_TAIL.match(label)
        return (m.group(1), SIGNED.findall(m.group(2))) if m else None
    if label[-1:] in UNITS:
        m = GLUED_UNIT_TAIL.match(label)
        return (m.group(1), UNIT_VALUE.findall(m.group(2))) if m else None
    return None


# innerText of a table whose cells hold paragraphs: a cell's text between blank lines, the tab
# to the next cell on a line of its own. Rows end with more blank lines than cells do.
CELL_BREAK = re.compile(r"(?<!\n)\n\n\t|\t\n\n(?!\n)")
BROWSER_CELL_TAB = "\n\n\t\n\n"  # a tab alone between two paragraph cells
MIN_BROWSER_TABS = 3
MAX_CELL_PARAGRAPH = 12  # a cell's number, not a paragraph of the report
MAX_EMPTY_PARAGRAPHS = 8  # blank lines of a cell's empty paragraphs above its number


MIN_PROSE_FIELDS = 2  # fields of prose on one tab line: its tabs break paragraphs, not cells


def split_tab_paragraphs(text: str) -> str:
    """A line whose tabs stand between paragraphs (two fields or more of prose, longer than any cell) as one line
    per paragraph.

    A page's text taken as one string (lxml's text_content(), a scraper's
    get_text()) runs the report's paragraphs together with the tabs of the
    page's indentation between them: read as a tab row, the whole report
    would be one row of cells.
    """
    if "\t" not in text:
        return text
    lines = text.split("\n")
    for k, line in enumerate(lines):
        if "\t" in line and sum(1 for f in line.split("\t") if len(f.strip()) > MAX_CELL) >= MIN_PROSE_FIELDS:
            lines[k] = line.replace("\t", "\n")
    return "\n".join(lines)


def rejoin_browser_cells(text: str) -> str:
    """A browser's copy of a table whose cells hold paragraphs, back to one line per row.

    Each tab with the paragraph margins around it joins two cells of a row;
    a row's end has more blank lines and stays a line break. An empty cell
    (a no-break space, or nothing) becomes an empty field. Text without
    such tabs is returned as it is. Runs before NBSP becomes a plain space.
    """
    if text.count(BROWSER_CELL_TAB) < MIN_BROWSER_TABS:
        return text  # not a browser's copy: Word's tab rows end in tabs before a blank line too
    previous = None
    while previous != text:
        previous, text = text, CELL_BREAK.sub("\t", text)
    return _cell_paragraphs(text)


def _cell_paragraphs(text: str) -> str:
    """A row's last cell printed as several paragraphs (empty ones, then its number) back into the row.

    <td><p>&nbsp;</p><p>58</p><p>&nbsp;</p></td> comes out as the row ending
    in a no-break space, then the number one blank line below: that short
    paragraph is the cell's, where the row's own end has more blank lines.
    Empty paragraphs above the number (<p><br/></p><p><br/></p><p>0</p>)
    put more blank lines between: a number is still the cell's when it is
    a value, and no other text comes between.
    """
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    while k < len(lines):
        out.append(lines[k])
        k += 1
        while "\t" in out[-1] and not out[-1].rsplit("\t", 1)[1].strip():
            skip = _blank_run(lines, k)
            j = k + skip
            if not (skip and j < len(lines) and lines[j].strip() and "\t" not in lines[j]
                    and len(lines[j].strip()) <= MAX_CELL_PARAGRAPH and (j + 1 == len(lines) or lines[j + 1] == "")
                    and (skip == 1 or is_value(lines[j]))):
                break
            out[-1] += lines[j].strip()
            k = j + 1
    return "\n".join(out)


def _blank_run(lines: list[str], k: int) -> int:
    """How many blank lines (or lines of no-break spaces) start at line k, up to MAX_EMPTY_PARAGRAPHS."""
    n = 0
    while k + n < len(lines) and n < MAX_EMPTY_PARAGRAPHS and not lines[k + n].strip():
        n += 1
    return n


def _toc_entry(line: str) -> bool:
    """A table of contents' entry; leader dots first looked for plainly (a regex search on every line costs)."""
    return ("...." in line or "…" in line or "····" in line) and TOC_ENTRY.search(line) is not None


def split_line(line: str) -> CellRow | None:
    """The cells of one line; None for a blank line, a markdown rule or a table of contents' entry (四、…行政诉讼情况
    ........ 12: its page number is no value, its heading no table's)."""
    if not line.strip() or is_markdown_rule(line) or _toc_entry(line):
        return None
    fields = table_fields(line)
    if fields is not None:
        return CellRow(_cells(fields), grid=True)
    return CellRow(text_cells(line))
