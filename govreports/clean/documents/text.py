"""Text pieces → a block's text: joining wrapped lines, and tab-aligned rows.

Word and PDF both break one logical text into pieces (a label wrapped in a
narrow cell, a title on two lines, a table typed with tabs). Chinese joins
without a space; only two Latin words keep one between them.
"""

from __future__ import annotations

from collections.abc import Iterable

from govreports.clean.blocks import Block, Paragraph, Table
from govreports.clean.cells import tab_fields


def join_wrapped(pieces: Iterable[str]) -> str:
    """Lines of one wrapped text: no space unless two Latin words meet."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and piece[0].isascii() and piece[0].isalpha():
            out += " "
        out += piece
    return out


def tab_rows(blocks: Iterable[Block]) -> list[Block]:
    """Consecutive tab-separated rows become one table; other tabs become spaces.

    Reports typed in Word without a real table, and borderless tables in
    PDFs, reach us as such lines; as rows, the parser reads them like cells.
    """
    out: list[Block] = []
    rows: list[list[tuple[str, bool]]] = []
    confidence: list[tuple[float | None, ...]] = []  # a row read by OCR is as sure as its line

    def table() -> Table:
        read = any(c is not None for row in confidence for c in row)
        return Table(rows, tuple(confidence) if read else None)

    for block in blocks:
        fields = tab_fields(block.text) if isinstance(block, Paragraph) else None
        if fields is not None:
            rows.append([(f, False) for f in fields])
            confidence.append((block.confidence,) * len(fields))
            continue
        if rows:
            out.append(table())
            rows, confidence = [], []
        if isinstance(block, Paragraph) and "\t" in block.text:
            block = Paragraph(" ".join(block.text.split()), block.confidence)
        out.append(block)
    if rows:
        out.append(table())
    return out
