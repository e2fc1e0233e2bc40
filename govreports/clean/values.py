"""Which text is a table value, and which number it prints: the one value rule.

Rules of shared/spec/report-tables.md: a dash (an underline too), slash or 无 alone is 0 (raw
kept), and so is an increase and a decrease both of 0 (+(0) -(0), 增0减0, 0/0); an empty cell is
null; thousands separators, inner spaces and trailing units and a bracketed note are dropped;
decimals and negatives are kept (增10 and 增加10 are 10, 减44, 减少44 and --253 are negative), a footnote's
mark after a number is dropped (12* is 12); a sign
alone (增) is a cell that prints no number; a `?` that a capture
printed for a lost character before a value is dropped. It lives in clean/ because splitting a
line of text into cells already needs it; the table reader uses the same
rule.
"""

from __future__ import annotations

import re

from govreports.model import Number

# 未增未减 ("neither up nor down"): what some print in 本年增/减.
ZERO_MARKS = frozenset({"-", "--", "—", "——", "―", "─", "_", "__", "/", "无", "0", "未增未减"})
UNITS = "件个项条次人家份笔宗批万元%"  # 笔/宗/批(次): procurement items (2笔, 31批次)
# A sign may be written out (增10, 增加10, 减44) or doubled (--253), as 本年增/减 cells print it.
# A note in brackets after the number (13000000(预算金额), 3(含转办1件)) is no part of it; an excerpt may cut it.
NOTE = r"(?:\s*[(（][^()（）]{1,20}(?:[)）]|$))?"
# A footnote's mark after the number (12*, 12①, 12※) refers to a note below the table: no part of the number.
FOOTNOTE = "*※#①②③④⑤⑥⑦⑧⑨⑩"
NUMBER = re.compile(
    rf"^(--|增加|减少|減少|[-+增减減]?)\s*(\d[\d,\s]*)(\.\d+)?\s*(?:[{UNITS}]{{1,2}})?[{FOOTNOTE}]?{NOTE}$")
# 減: a capture's traditional characters, read before OpenCC's pass.
NEGATIVE = frozenset({"-", "--", "减", "減", "减少", "減少"})
# A sign written out with no number after it (行政处罚 | 0 | 增 | 25): a cell printed, whose number is not.
SIGN_ALONE = frozenset({"增", "减", "減", "增加", "减少", "減少"})
VALUE_START = frozenset("0123456789-+—―─_/无未增减減?\ufffd")
# 本年增/减 written as an increase and a decrease, both 0 (+(0) -(0), 增0减0, 0/0): no change. Other amounts say two numbers,
# not the one the cell holds, and read as none.
NO_CHANGE = re.compile(r"^(?:\+\s*([(（])?\s*0\s*(?(1)[)）])\s*-\s*([(（])?\s*0\s*(?(2)[)）])|增\s*0\s*减\s*0|0\s*/\s*0)$")
# What a capture printed for a character its encoding lacked (a special space before a value: `? 0`); a digit is
# ASCII and never lost so.
LOST = "?\ufffd"
# More digits than a float holds exactly (2**53 has 16) is not a count any
# agency prints: such a cell is kept as raw text and reads as no number.
MAX_DIGITS = 15
SEPARATORS = re.compile(r"[,\s]")


def _printed(text: str) -> str:
    """A cell's text without its spaces and the lost characters a capture printed before it."""
    text = text.strip()
    return text.lstrip(LOST).lstrip() if text and text[0] in LOST else text


def is_value(text: str) -> bool:
    """Whether a cell text reads as a table value (a number or a zero mark)."""
    if text.isascii() and text.isdigit():  # most cells: ASCII digits alone (cells are judged often)
        return True
    text = text.strip()
    if not text or text[0] not in VALUE_START:
        return False
    text = _printed(text)
    return text in ZERO_MARKS or text in SIGN_ALONE or NUMBER.match(text) is not None \
        or NO_CHANGE.match(text) is not None


def to_number(text: str) -> Number | None:
    """The number a cell prints, or None when it prints none (or one too long to be a count)."""
    if text.isascii() and text.isdigit():  # ASCII digits alone: the common cell, without the pattern
        return int(text) if len(text) <= MAX_DIGITS + 1 else None
    text = _printed(text)
    if text in ZERO_MARKS or NO_CHANGE.match(text):
        return 0
    m = NUMBER.match(text)
    if m is None:
        return None
    sign, digits, fraction = "-" if m.group(1) in NEGATIVE else "", SEPARATORS.sub("", m.group(2)), m.group(3)
    if len(digits) + len(fraction or "") > MAX_DIGITS + 1:
        return None
    if fraction:
        return float(f"{sign}{digits}{fraction}")
    return int(f"{sign}{digits}")
