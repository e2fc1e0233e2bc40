"""Repeated bodies and paragraphs: keep the first copy.

Some CMS pages carry the article twice (a main view and a print or mobile
view, seed 003). The second copy is found as a run of lines equal to an
earlier run that contains at least one long paragraph; the short lines
between the two copies (the second view's title bar) go with it.
"""

from __future__ import annotations

LONG_LINE = 30  # a line this long is prose, unlikely to repeat by chance
MAX_GAP = 8  # short lines between two copies that belong to the second


def _first_seen(lines: list[str]) -> dict[str, int]:
    seen: dict[str, int] = {}
    for i, line in enumerate(lines):
        if len(line) >= LONG_LINE:
            seen.setdefault(line, i)
    return seen


def drop_repeated_block(lines: list[str]) -> list[str]:
    """Remove later copies of runs of lines that appeared before."""
    seen = _first_seen(lines)
    drop: set[int] = set()
    j = 0
    while j < len(lines):
        line = lines[j]
        i = seen.get(line) if len(line) >= LONG_LINE else None
        if i is None or i >= j or j in drop:
            j += 1
            continue
        start_i, start_j = i, j
        while start_i > 0 and start_j - 1 > i and lines[start_i - 1] == lines[start_j - 1]:
            start_i, start_j = start_i - 1, start_j - 1
        end_i, end_j = i, j
        while end_j + 1 < len(lines) and end_i + 1 < start_j and lines[end_i + 1] == lines[end_j + 1]:
            end_i, end_j = end_i + 1, end_j + 1
        gap = range(end_i + 1, start_j)
        if 0 < len(gap) <= MAX_GAP and all(len(lines[k]) < LONG_LINE for k in gap) and end_j - start_j >= 2:
            drop.update(gap)
        drop.update(range(start_j, end_j + 1))
        j = end_j + 1
    return [line for k, line in enumerate(lines) if k not in drop]


def drop_repeated_paragraphs(lines: list[str]) -> list[str]:
    """Drop a long paragraph printed again anywhere later."""
    seen: set[str] = set()
    kept = []
    for line in lines:
        if len(line) >= LONG_LINE:
            if line in seen:
                continue
            seen.add(line)
        kept.append(line)
    return kept


def dedupe_lines(lines: list[str]) -> list[str]:
    return drop_repeated_paragraphs(drop_repeated_block(lines))
