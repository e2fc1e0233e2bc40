"""Page furniture: what a printed page adds that is not the report's text, its number and a table's 续表.

A PDF's text, taken out by any tool, keeps each page's number ("- 3 -",
"第3页 共9页") where the page ended, and a table continued on the next page
may be headed 续表 there: often between two rows of a table that runs over
the break. Left there, a page number joins a row as a cell, and either parts
a row from its cells or a wrapped label from its end. Where a line's place
on the page is known (our own PDF reader), a bare number in the top or
bottom band is a page number too; in a text, a bare number on its own line
is just as likely a table's cell (one cell a line), so only the forms no
cell prints are taken for page numbers there.
"""

from __future__ import annotations

import re

# What only a page number prints: a number between dashes, 第3页 (共9页), 共9页 第3页, Page 3 (of 9).
_PRINTED = (r"[-—–－]+\s*\d{1,4}\s*[-—–－]+"
            r"|第\s*\d{1,4}\s*[页頁](?:\s*[,，/／]?\s*共\s*\d{1,4}\s*[页頁])?"
            r"|共\s*\d{1,4}\s*[页頁]\s*[,，]?\s*第\s*\d{1,4}\s*[页頁]"
            r"|(?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?")
PRINTED_PAGE_NUMBER = re.compile(rf"^(?:{_PRINTED})$")
# A table continued from the page before: 续表, （续表）, 续表1, 续上表.
CONTINUED_TABLE = re.compile(r"^[（(]?\s*续\s*(?:上\s*)?表\s*[\d一二三四五六七八九十]*\s*[）)]?$")
# In a page's top or bottom band, a bare or decorated number (3, ·3·, 3/9) is its page number too.
BAND_PAGE_NUMBER = re.compile(rf"^(?:{_PRINTED}|[-—–－_·•\s]*\d{{1,4}}[-—–－_·•\s]*|\d{{1,4}}\s*[/／]\s*\d{{1,4}})$")
_HINT = re.compile(r"[页頁]|\d\s*[-—–－]|(?i:page)|续")  # cheap test: a text with none of these has no furniture


def drop_page_furniture(text: str) -> str:
    """The text without its lines that print only a page number, 续表, or a page's start (a form feed).

    The form feeds go onto the next line that prints something, so that pages are still counted, and no
    blank line gains a character: where a capture gives each cell a line, a line of spaces is an empty cell."""
    if not _HINT.search(text) and "\f\n" not in text:
        return text
    out: list[str] = []
    feeds = ""
    for line in text.split("\n"):
        bare = line.strip()
        if PRINTED_PAGE_NUMBER.match(bare) or CONTINUED_TABLE.match(bare) or (line and not line.strip("\f")):
            feeds += "\f" * line.count("\f")
            continue
        if feeds and bare:
            line, feeds = feeds + line, ""
        out.append(line)
    if feeds:
        out.append(feeds)
    return "\n".join(out)
