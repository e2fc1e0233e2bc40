"""Character-level normalization of report text.

Order matters: pinyin glosses that a 繁體 switch glues to characters
(`數(shù)`) are removed *before* traditional → simplified conversion, because
they split words and defeat OpenCC's phrase tables.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import opencc

# Tone-marked vowels: a gloss must carry at least one, so that real
# parentheses such as (一), (2024), (地址:…) or (www) are never touched.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# The bracket first, its CJK character looked behind from there: a pattern that starts with a lookbehind is tried
# at every position of a page (1.7 ms on 100 KB; 0.45 ms so).
PINYIN_GLOSS = re.compile(
    rf"[(（](?<=[\u3400-\u9fff\uf900-\ufaff][(（])\s*[a-zü]*[{_TONED}][a-zü{_TONED}]*\s*[)）]"
)
WORD_ARTEFACTS = re.compile(
    r"\[(?:bookmark|image|图片|Image|BOOKMARK):[^\]\n]{0,80}\]|\{\s*(?:PAGE|NUMPAGES|MERGEFORMAT)[^}]*\}"
)
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Spaces of every width become a plain space; full-width ASCII becomes ASCII.
SPACES = {ord(c): " " for c in "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\r\f\v"}
FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
DASHES = {ord(c): "-" for c in "\u2212\u2012\u2013\ufe63"}
CHAR_TABLE = {**ZERO_WIDTH, **SPACES, **FULL_WIDTH, **DASHES}  # one pass instead of four
# Whether a text holds any character CHAR_TABLE maps: a translation looks every character up in the table, a
# class scan is a tenth of that, and most texts (cells, lines) hold none.
CHAR_TABLE_KEYS = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(CHAR_TABLE)) + "]")
CJK = r"\u3400-\u9fff\uf900-\ufaff"
# "2023 年", "8 件", "截至 2023": spaces a converter put around numbers.
UNITS = "年月日号件份条个次项万亿元人家余篇期起批类天名所户"
# Each branch starts at its first space and looks behind from there (a lookbehind first is tried at every position).
SPACE_BETWEEN_CJK_AND_DIGIT = re.compile(rf"[ ](?<=[{CJK}][ ])[ ]*(?=\d)|[ ](?<=\d[ ])[ ]*(?=[{UNITS}])")
MANY_SPACES = re.compile(r"[ ]{2,}")
MARKUP_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)

# Traditional forms of characters every report prints (報, 開, 區, 數, 資, 訊 …):
# a page without any of them is simplified already and skips OpenCC, which
# otherwise costs about a tenth of a page's parse.
WHOLE_PAGE = 2000  # the gate is only trusted on a whole page; short texts always convert
TRADITIONAL_HINTS = re.compile(
    "[來個們內則動務區協員問單國執報學實審專對導後復態應戶據數時書會東構樣機欄權決無爲產當發監範級組結絡統經網"
    "總織罰義聯與興處號規覽計訊記訟設許訴詢話該認說調請論證識議護變負財責費資車轉辦這連進運過達遠選還邊長門開間"
    "關陰陽隊際隨險雖雙難電響頁項須預領頭題類顯風飛館饋馬驗體鬥麼點黨齊龍為]"
)


def strip_pinyin(text: str) -> str:
    """Remove `(shù)`-style glosses glued to CJK characters."""
    if not any(mark in text for mark in _TONED):  # 28 plain scans: 5x cheaper than one regex class scan
        return text
    return PINYIN_GLOSS.sub("", text)


def unify_line_breaks(text: str) -> str:
    """CRLF and lone CR (old Mac) as LF: every rule on lines splits on LF alone."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def markup_breaks(text: str) -> str:
    """A `<br>` a text keeps from markup: a space in a table's row (a markdown cell wrapped over lines,
    |一、本年新收政府信息公<br>开申请数量|…, pymupdf4llm's tables), which must stay one line; a line break elsewhere."""
    if "<" not in text:
        return text
    return "\n".join(MARKUP_BREAK.sub(" " if line.count("|") >= 2 else "\n", line) for line in text.split("\n"))


def ascii_width(text: str) -> str:
    """Full-width ASCII (０, ｜) as ASCII, and nothing else: a character stays one character, so text laid out in
    columns keeps its positions, and its form feeds (its pages) stay."""
    return text.translate(FULL_WIDTH)


def normalize_chars(text: str) -> str:
    """Width, space, zero-width and Word-artefact cleanup of one text."""
    if "[" in text or "{" in text:
        text = WORD_ARTEFACTS.sub("", text)
    if CHAR_TABLE_KEYS.search(text) is not None:
        text = text.translate(CHAR_TABLE)
    return unicodedata.normalize("NFC", text)


def _squeeze(text: str) -> str:
    if " " not in text:
        return text
    text = SPACE_BETWEEN_CJK_AND_DIGIT.sub("", text)
    return (MANY_SPACES.sub(" ", text) if "  " in text else text).strip()


def normalize_line(line: str) -> str:
    """One line as stored: single spaces, none between CJK and digits.

    A tab-separated row (two or more filled fields) keeps its tabs, empty
    fields included, because they carry the table's column positions.
    """
    if "\t" not in line:
        return _squeeze(line)
    fields = line.split("\t")
    if sum(1 for f in fields if f.strip()) >= 2:
        return "\t".join(_squeeze(f) for f in fields).rstrip("\t")
    return _squeeze(line.replace("\t", " "))


@dataclass
class Normalizer:
    """Holds the OpenCC converter, built once per parser and reused."""

    converter: opencc.OpenCC = field(default_factory=lambda: opencc.OpenCC("t2s"))

    def simplify(self, text: str) -> str:
        text = strip_pinyin(text)
        if len(text) >= WHOLE_PAGE and TRADITIONAL_HINTS.search(text) is None:
            return text
        return self.converter.convert(text)

    def text(self, text: str) -> str:
        """Full normalization of a text that keeps its line structure."""
        return normalize_text(self.simplify(normalize_chars(text)))

    def cell(self, text: str) -> str:
        """A single table cell or header value: one line."""
        return normalize_cell(self.simplify(text))


def normalize_cell(text: str) -> str:
    """A cell of an already simplified document: one clean line, no OpenCC call.

    Pages are simplified once as a whole (one OpenCC call instead of one per
    cell, the main cost of a page); each cell then only needs this.
    """
    if text.isdigit() and text.isascii():
        return text
    return normalize_line(normalize_chars(text).replace("\n", " "))


def normalize_text(text: str) -> str:
    """An already simplified text, its line structure kept."""
    return "\n".join(normalize_line(line) for line in normalize_chars(text).split("\n"))
