"""Token stream → the statistical tables, keyed by the spec's stable codes.

One reader serves every input shape. A token whose label key matches a row
label of the template starts a row; the values that follow fill that row's
columns in the template's fixed order. Header cells, vertical labels split
into single characters (三、/结/果) and prose never match a whole label, so
they are skipped. The first occurrence of a row wins, so a page that
carries its body twice yields each row once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from govreports.model import TABLE_KEYS as TABLE_ORDER
from govreports.model import Cell, Tables
from govreports.understand import labels
from govreports.understand.labels import RowSpec
from govreports.understand.tokens import Token
from govreports.understand.values import is_value, to_cell

log = logging.getLogger(__name__)

# Numbering in front of a label: 一、 (三) 三(三) 1. 1、 （1） 第一 …
NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]\s*)?"
    r"(?:[(（]\s*([一二三四五六七八九十]+|\d+)\s*[)）]\s*)?"
    r"(?:(\d+)\s*[.、．]\s*)?"
)
MAX_LABEL = 80
PUNCTUATION = re.compile(r"[\s\"'“”‘’「」『』《》()（）、,，.。:：;；·•/\\-]")

# A row label printed after its merged group labels, in one cell:
# 三、本年度办理结果(三)不予公开1.属于国家秘密 → 属于国家秘密, number 1.
GROUP_PREFIX = re.compile(r"^(?:本年度办理结果)?[一二三四五六七]?(?:不予公开|无法提供|不予处理|其他处理)?(\d*)")
PROSE_LENGTH = 40
SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]+、\S{4,}")
REVIEW_SPEC = RowSpec(labels.REVIEW_ROW, re.compile("$^"), labels.REVIEW_COLUMNS)


def label_key(text: str) -> tuple[str, str | None]:
    """(label without numbering and punctuation, its innermost number)."""
    m = NUMBERING.match(text)
    number = None
    if m and m.group(0):
        number = m.group(2) or m.group(1)
        if m.group(1) is None and m.group(2) is None:
            number = re.match(r"[一二三四五六七八九十]+", text).group(0)
        text = text[m.end():]
    return PUNCTUATION.sub("", text), number


def detect_template(tokens: Iterable[Token]) -> str | None:
    """The template whose marker labels the tables print most."""
    blob = PUNCTUATION.sub("", "\n".join(t.text for t in tokens if not t.span and 1 < len(t.text) <= MAX_LABEL))
    score = {template: sum(blob.count(marker) for marker in markers)
             for template, markers in labels.TEMPLATE_MARKERS.items()}
    best = max(score, key=lambda t: score[t])
    ranked = sorted(score.values(), reverse=True)
    return best if ranked[0] > 0 and ranked[0] > ranked[1] else None


def fit_row(values: list[str], width: int) -> list[str]:
    """Drop the merged-cell padding around a row's values (TSV, grids)."""
    values = list(values)
    while len(values) > width and values[0] == "":
        values.pop(0)
    while len(values) > width and values[-1] == "":
        values.pop()
    if len(values) > width:
        log.debug("row has %d values for %d columns; extra values ignored", len(values), width)
        values = values[:width]
    return values


@dataclass
class _Row:
    table: str
    spec: RowSpec
    in_row: bool
    values: list[str] = field(default_factory=list)

    def full(self) -> bool:
        return not self.in_row and len(self.values) >= len(self.spec.columns)


@dataclass
class TableReader:
    """Reads one document's token stream; one instance per document."""

    template: str
    tables: Tables = field(default_factory=dict)
    last_row: dict[str, str] = field(default_factory=dict)
    pending: _Row | None = None
    review_armed: bool = False
    carry: str = ""  # the last short text that matched no label
    candidates: dict[str, list[tuple[str, RowSpec, str | None]]] = field(default_factory=dict)

    def _specs(self) -> list[tuple[str, RowSpec]]:
        return [("active", s) for s in labels.ACTIVE_ROWS[self.template]] + [
            ("applications", s) for s in labels.APPLICATION_ROWS[self.template]
        ]

    def match(self, text: str) -> tuple[str, RowSpec] | None:
        """The row a label names here, given the rows read before it."""
        if text not in self.candidates:  # memoized per document: labels repeat
            self.candidates[text] = self._candidates(text)
        for table, spec, number in self.candidates[text]:
            if spec.prefix is None or number == spec.prefix or self.last_row.get(table) in spec.after:
                return table, spec
        return None

    def _candidates(self, text: str) -> list[tuple[str, RowSpec, str | None]]:
        """Rows whose label pattern the text matches, with its numbering."""
        key, number = label_key(text)
        if not key:
            return []
        found = self._by_key(key, number)
        if not found:
            group = GROUP_PREFIX.match(key)
            if group and group.end() and key[group.end():]:
                found = self._by_key(key[group.end():], group.group(1) or number)
        return found

    def _by_key(self, key: str, number: str | None) -> list[tuple[str, RowSpec, str | None]]:
        pattern, groups = labels.ROW_INDEX[self.template]
        m = pattern.match(key)  # every label pattern is anchored: match, not search
        return [(*groups[m.lastgroup], number)] if m and m.lastgroup else []

    def finish(self) -> None:
        row, self.pending = self.pending, None
        if row is None:
            return
        width = len(row.spec.columns)
        values = fit_row(row.values, width) if row.in_row else row.values[:width]
        if not any(v for v in values):
            return  # a header cell that happens to read like a label
        table = self.tables.setdefault(row.table, {})
        if row.spec.code in table:
            log.debug("row %s.%s seen again; first kept", row.table, row.spec.code)
            return
        table[row.spec.code] = {col: to_cell(raw) for col, raw in zip(row.spec.columns, values)}
        self.last_row[row.table] = row.spec.code
        if row.table == "review_litigation":
            self.review_armed = False

    def feed(self, token: Token) -> None:
        if token.span:
            return
        if token.row_end:
            if self.pending is not None and self.pending.in_row:
                self.finish()
            return
        text = token.text
        if text == "" or is_value(text):
            self._value(token)
            return
        if self.pending is not None and self.pending.values:
            self.finish()  # text after a row's values ends the row
        matched = self.match(text) if len(text) <= MAX_LABEL else None
        if matched is None and self.carry and len(self.carry) + len(text) <= MAX_LABEL:
            matched = self.match(self.carry + text)  # a label broken over two lines
        self.carry = "" if matched is not None or len(text) > MAX_LABEL else text
        if matched is not None:
            self.finish()
            self.pending = _Row(matched[0], matched[1], token.in_row)
            self.review_armed = False
        elif "review_litigation" not in self.tables and labels.REVIEW_START.match(label_key(text)[0]):
            self.pending = None
            self.review_armed = True
        elif len(text) > PROSE_LENGTH or SECTION_HEADING.match(text):
            self.pending = None  # prose or the next section: no table here after all
            self.review_armed = False
        # Other short text (a label's second line, a header cell) keeps the pending row open.

    def _value(self, token: Token) -> None:
        self.carry = ""
        if self.pending is None:
            if token.text == "" or not self.review_armed:
                return
            self.pending = _Row("review_litigation", REVIEW_SPEC, token.in_row)
        if token.text == "" and not self.pending.in_row:
            return
        self.pending.values.append(token.text)
        if self.pending.full():
            self.finish()

    def close(self) -> Tables:
        """The tables, rows in the template's order."""
        self.finish()
        order = {spec.code: i for i, (_, spec) in enumerate(self._specs())}
        return {
            table: dict(sorted(rows.items(), key=lambda item: order.get(item[0], -1)))
            for table, rows in sorted(self.tables.items(), key=lambda item: TABLE_ORDER.index(item[0]))
        }


def read_tables(tokens: Sequence[Token], template: str) -> Tables:
    """The tables a token stream prints under the given template."""
    reader = TableReader(template)
    for token in tokens:
        reader.feed(token)
    return reader.close()


def plain_tables(tables: Tables) -> dict[str, dict[str, dict[str, object]]]:
    """Tables as the JSON shape: values only, in template order."""
    return {t: {r: {c: cell.value for c, cell in cols.items()} for r, cols in rows.items()}
            for t, rows in tables.items()}


def cell_value(tables: Tables, table: str, row: str, column: str) -> Cell | None:
    return tables.get(table, {}).get(row, {}).get(column)
