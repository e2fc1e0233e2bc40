"""Candidate rows → template rows, by order, numbering and label similarity.

The template is a fixed sequence of rows. A document prints them in that
order, but its labels may be wrapped, cut (`其他法律行政止公开`), split
around the values, damaged by OCR or missing; group labels may sit in the
middle of a group; other lines carry numbers too. Each candidate row is
scored against each template row (label similarity, numbering, number of
values); the order-preserving assignment with the highest total score is
found by dynamic programming, like a sequence alignment. Candidates with no
usable label are then placed by position alone, where the rows around them
leave exactly as many template rows as candidates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from types import MappingProxyType

from govreports.understand.labels import (
    EXTRA_ROWS,
    NO_NUMBERING,
    TEMPLATES,
    Numbering,
    RowSpec,
    label_key,
)
from govreports.understand.rows import Candidate

THRESHOLD = 0.55  # a label scoring less is no evidence for a row
SHORT = 3  # keys this short (规章, 其他, 总计) must match exactly
NUMBER_BONUS = 0.1
NUMBER_PENALTY = 0.45
NEIGHBOUR_DISCOUNT = 0.9  # a label pieced together from nearby lines counts a little less
WIDTH_PENALTY = 0.25
BARE_PENALTY = 0.4  # a label alone is weaker evidence than a label with its values
# A filling note a local copy of the template adds after a label: 规章(设区的市、自治州人民政府应提供相关数据).
TRAILING_NOTE = re.compile(r"\s*[(（][^()（）]{2,}[)）]\s*$")
NOTE_DISCOUNT = 0.95


def bigrams(key: str) -> frozenset[str]:
    return frozenset(key[k:k + 2] for k in range(len(key) - 1))


# Every spelling's bigrams, computed once: read-only, like the template they come from.
SPELLING_GRAMS = MappingProxyType({spelling: bigrams(spelling) for template in TEMPLATES.values()
                                   for spec in template.rows for spelling in spec.spellings})


def key_similarity(key: str, spelling: str, key_grams: frozenset[str] | None = None) -> float:
    """How well a printed label key reads as a template spelling, 0..1."""
    if key == spelling:
        return 1.0
    if len(key) <= SHORT or len(spelling) <= SHORT:
        return 0.0  # 其他, 总计, 规章 or a cut 其他处: exact or nothing
    if key.endswith(spelling) or key.startswith(spelling):
        return 0.95  # a group label glued in front, or a note after
    if spelling in key:
        return 0.85
    if len(key) >= 4 and spelling.startswith(key):
        return 0.6 + 0.35 * len(key) / len(spelling)  # cut short, or the first line of a wrapped label
    a = key_grams if key_grams is not None else bigrams(key)
    b = SPELLING_GRAMS.get(spelling) or bigrams(spelling)
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def numbering_adjustment(found: Numbering, spec: Numbering) -> float:
    """A matching number supports the row; a different one argues against it."""
    score = 0.0
    for printed, wanted in ((found.top, spec.top), (found.group, spec.group), (found.item, spec.item)):
        if printed is None or wanted is None:
            continue
        score += NUMBER_BONUS if printed == wanted else -NUMBER_PENALTY
    return score


def fitted_width(candidate: Candidate, width: int) -> int:
    """The number of values once merged-cell padding around them is dropped, or, for a text row that prints
    fewer, the row's width when the unlabeled lines right after it complete it exactly (_continued)."""
    values = candidate.values
    if not candidate.grid and len(values) < width and width in accumulate(candidate.runs_on, initial=len(values)):
        return width
    if candidate.grid and len(values) > width:
        start, end = 0, len(values)
        while end - start > width and values[start] == "":
            start += 1
        while end - start > width and values[end - 1] == "":
            end -= 1
        return end - start
    return len(values)


def width_adjustment(candidate: Candidate, spec: RowSpec, cut: bool = False) -> float:
    """`cut`: the text ends in this row (a capture cut short): fewer values are no evidence against it."""
    n, width = fitted_width(candidate, len(spec.columns)), len(spec.columns)
    if n == width or cut and 0 < n < width:
        return 0.0
    if candidate.empty:
        return -1.0  # an empty row only counts where its cells are exactly the row's

    if n < width and any(len(v) > 1 and v.isdigit() for v in candidate.values):
        return -WIDTH_PENALTY / 2  # digits of several cells glued together, maybe
    return -WIDTH_PENALTY if abs(n - width) == 1 else -2 * WIDTH_PENALTY  # a cell lost, or not this row


@dataclass(frozen=True)
class RowIndex:
    """A template's rows by exact spelling and by bigram: built once per template, read-only."""

    exact: MappingProxyType[str, tuple[int, ...]]
    by_bigram: MappingProxyType[str, frozenset[int]]


def row_index(rows: Sequence[RowSpec]) -> RowIndex:
    exact: dict[str, list[int]] = {}
    by_bigram: dict[str, set[int]] = {}
    for j, spec in enumerate(rows):
        for spelling in spec.spellings:
            exact.setdefault(spelling, []).append(j)
            for gram in SPELLING_GRAMS.get(spelling) or bigrams(spelling):
                by_bigram.setdefault(gram, set()).add(j)
    return RowIndex(MappingProxyType({k: tuple(v) for k, v in exact.items()}),
                    MappingProxyType({k: frozenset(v) for k, v in by_bigram.items()}))


# Indexing a template's rows cost half a millisecond a document when each Scorer did it.
ROW_INDEXES = MappingProxyType({name: row_index(template.rows) for name, template in TEMPLATES.items()})


@dataclass
class Scorer:
    """Scores one document's candidates against a template's rows, memoized for that document.

    One instance per document and template: labels repeat, and table 2 and
    table 3 are aligned with the same scores. `index`: the rows' RowIndex
    (ROW_INDEXES holds the templates').
    """

    rows: Sequence[RowSpec]
    index: RowIndex
    text_end: int | None = None  # the index of the document's last event, when the text ends in the tables
    # Lines grouped by height (tables.sliced_header and values_before_label): values on a line of their own may be
    # the row's above or the row's below, whichever label stands lower; only a label split around them names their
    # row.
    by_height: bool = False

    def __post_init__(self) -> None:
        self._keys: dict[str, tuple[str, Numbering]] = {}
        self._similar: dict[tuple[str, str], float] = {}
        self._grams: dict[str, frozenset[str]] = {}
        self._scores: dict[int, dict[int, float]] = {}
        self._exact, self._by_bigram = self.index.exact, self.index.by_bigram
        self._reachable: dict[str, frozenset[int]] = {}

    def reachable(self, text: str) -> frozenset[int]:
        """The rows a label could score above zero against: an exact spelling, or a bigram in common."""
        if text not in self._reachable:
            key = self.key(text)[0]
            rows = set(self._exact.get(key, ()))
            if len(key) >= 2:
                self._grams.setdefault(key, bigrams(key))
                for gram in self._grams[key]:
                    rows |= self._by_bigram.get(gram, frozenset())
            self._reachable[text] = frozenset(rows)
        return self._reachable[text]

    def scores(self, candidate: Candidate) -> dict[int, float]:
        """A candidate's score against every row it could be, the others being zero.

        A bare row (a label with no values) counts only where its label is
        exactly one of the row's spellings.
        """
        if candidate.bare:
            key, numbering = self.key(candidate.label)
            return {j: score for j in self._exact.get(key, ())
                    if (score := 1.0 - BARE_PENALTY + numbering_adjustment(numbering, self.rows[j].numbering)) > 0}
        if candidate.index not in self._scores and candidate.label \
                and self.key(candidate.label)[0].startswith(EXTRA_ROWS):
            self._scores[candidate.index] = {}  # a row of a local template's: no code of the spec's
        if candidate.index not in self._scores:
            labels = self.prepared(candidate)
            # A label printed as one of the template's spellings is that row (or one spelled alike, told
            # apart by numbering): no other row is scored, which keeps well-printed tables cheap.
            rows = set(self._exact.get(self.key(candidate.label)[0], ())) if candidate.label else set()
            for text, _ in self.variants(candidate) if not rows else ():
                rows |= self.reachable(text)
            self._scores[candidate.index] = {
                j: score for j in rows if (score := self._score(candidate, labels, j)) > 0.0}
        return self._scores[candidate.index]

    def prepared(self, candidate: Candidate) -> list[tuple[str, Numbering, float]]:
        """(key, numbering completed by the row's group labels, trust) of each label the row may carry."""
        context = [self.key(c)[1] for c in candidate.context]
        out = []
        for text, trust in self.variants(candidate):
            key, numbering = self.key(text)
            if key:
                out.append((key, _merged(numbering, context), trust))
        return out

    def key(self, text: str) -> tuple[str, Numbering]:
        if text not in self._keys:
            self._keys[text] = label_key(text)
        return self._keys[text]

    def similarity(self, key: str, spelling: str) -> float:
        pair = (key, spelling)
        if pair not in self._similar:
            if key not in self._grams:
                self._grams[key] = bigrams(key)
            self._similar[pair] = key_similarity(key, spelling, self._grams[key])
        return self._similar[pair]

    def variants(self, candidate: Candidate) -> list[tuple[str, float]]:
        """Label texts the row may be printed under, with the trust each deserves.

        A row with a label of its own may have the rest of it on the lines
        around it (a wrapped or split label). A grid row without one gets
        no label from its neighbours: converters spill labels away from
        their values, so only its position can place it.
        """
        before, after = candidate.before[-1:], candidate.after[:1]
        # A line after that is a row's label exactly (行政强制, printed empty) is that row's, not the rest of this
        # one's: a label misprinted or misread (政处罚) would otherwise take the next row's place with its values.
        after = [text for text in after if not self._exact.get(self.key(text)[0])]
        run = self.numbered_run([*candidate.before, candidate.label] if candidate.label else candidate.before)
        if candidate.label:
            if self.key(candidate.label)[1].item is not None:
                # A numbered item's label starts at its number: a numbered line before it is another row's (1.属于国家
                # 秘密 above 2.其他法律…), as is one after it.
                before = [text for text in before if self.key(text)[1].item is None]
                after = [text for text in after if self.key(text)[1].item is None]
            out = [(candidate.label, 1.0)]
            noted = TRAILING_NOTE.sub("", candidate.label)
            out += [(noted, NOTE_DISCOUNT)] if noted and noted != candidate.label else []
            out += [(run, NEIGHBOUR_DISCOUNT)] if run else []
            out += [(before[0] + candidate.label, NEIGHBOUR_DISCOUNT)] if before else []
            out += [(candidate.label + after[0], NEIGHBOUR_DISCOUNT)] if after else []
            out += [(before[0] + after[0], NEIGHBOUR_DISCOUNT)] if before and after else []
            return out
        if candidate.grid:
            return [(text, NEIGHBOUR_DISCOUNT) for text in candidate.context[-1:]]
        if self.by_height:
            split = before and after and self.key(after[0])[1] == NO_NUMBERING
            return [(before[0] + after[0], NEIGHBOUR_DISCOUNT * 0.9)] if split else []
        # Values on a line of their own: their label is on the lines before (wrapped
        # over two of them, or split around the values); the line after is the next row's.
        out = [(text, NEIGHBOUR_DISCOUNT * 0.9) for text in before]
        out += [(run, NEIGHBOUR_DISCOUNT)] if run else []
        if len(candidate.before) >= 2:
            out.append(("".join(candidate.before[-2:]), NEIGHBOUR_DISCOUNT))
        if before and after:
            out.append((before[0] + after[0], NEIGHBOUR_DISCOUNT * 0.9))
        return out

    def numbered_run(self, lines: list[str]) -> str | None:
        """A label wrapped over several lines, read back from its numbered first line (2.申请人逾期未按收费 / …)."""
        for k in range(len(lines) - 1, -1, -1):
            if self.key(lines[k])[1] != NO_NUMBERING:
                return "".join(lines[k:]) if k < len(lines) - 1 else None
        return None

    def score(self, candidate: Candidate, spec_index: int) -> float:
        """The evidence that a candidate prints a template row (below THRESHOLD: none)."""
        return self.scores(candidate).get(spec_index, 0.0)

    def _score(self, candidate: Candidate, labels: list[tuple[str, Numbering, float]], spec_index: int) -> float:
        spec = self.rows[spec_index]
        best = 0.0
        for key, numbering, trust in labels:
            similarity = 1.0 if key in spec.spellings else max(self.similarity(key, s) for s in spec.spellings)
            if similarity > 0.0:
                best = max(best, trust * similarity + numbering_adjustment(numbering, spec.numbering))
        if best <= 0.0:
            return 0.0
        return best + width_adjustment(candidate, spec, cut=candidate.index == self.text_end)


def _merged(numbering: Numbering, context: Sequence[Numbering]) -> Numbering:
    """A row's own numbers, completed by its group labels' (三、 / (三) printed in cells before it)."""
    group = numbering.group or next((n.group for n in reversed(context) if n.group), None)
    return Numbering(numbering.top, group, numbering.item)


@dataclass(frozen=True)
class Alignment:
    pairs: list[tuple[int, int]]  # (candidate index, template row index), both increasing
    score: float


def align(found: Sequence[Candidate], scorer: Scorer, part: range) -> Alignment:
    """The order-preserving assignment of candidates to the template rows in `part` with the best total score.

    Pairs hold indexes into `found` and into the scorer's rows.
    """
    rows = [scorer.rows[j] for j in part]
    n, m = len(found), len(rows)
    scores = [scorer.scores(c) for c in found]
    best = [[0.0] * (m + 1)]
    for s in scores:
        # Each cell: the best of skipping the candidate (above), of a row before (left), of pairing them
        # (diagonal + score). Only the rows it scores on can pair: the rest is a running maximum.
        above = best[-1]
        here = above.copy()
        for spec_index, score in s.items():
            if score >= THRESHOLD and spec_index in part:
                j = spec_index - part.start + 1
                here[j] = max(here[j], above[j - 1] + score)
        best.append(list(accumulate(here, max)))
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        if best[i][j] == best[i - 1][j]:
            i -= 1
        elif best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    pairs.reverse()
    return Alignment([(i, part[j]) for i, j in fill_gaps(pairs, found, rows)], best[n][m])


def place_bare(pairs: list[tuple[int, int]], found: Sequence[Candidate], bare: Sequence[Candidate],
               scorer: Scorer, tail: tuple[float, int] | None = None) -> list[tuple[Candidate, int]]:
    """Bare rows (a label, no values) between two matched rows, on template rows left between them.

    Only where the label is exactly a spelling of a row between the two:
    a header cell (其他, 总计) before the table or after it never counts.
    `tail`: (the event index the table ends before, the end of its template
    rows): bare rows after its last matched row take the rows left after it
    too (行政处罚, 行政强制 printed empty at the end of table 2).
    """
    spans = [(found[i0].index, j0, found[i1].index, j1) for (i0, j0), (i1, j1) in zip(pairs, pairs[1:])]
    if tail is not None and pairs:
        spans.append((found[pairs[-1][0]].index, pairs[-1][1], *tail))
    out: list[tuple[Candidate, int]] = []
    for low, j0, high, j1 in spans:
        free = set(range(j0 + 1, j1))
        for row in bare:
            if low < row.index < high:
                j = next((j for j in sorted(scorer.scores(row)) if j in free), None)
                if j is not None:
                    out.append((row, j))
                    free = {k for k in free if k > j}
    return out


def fill_gaps(pairs: list[tuple[int, int]], found: Sequence[Candidate], rows: Sequence[RowSpec],
              ) -> list[tuple[int, int]]:
    """Unmatched rows of values between two matched rows take the template rows between them, in order.

    Only rows that print exactly as many values as a row between has
    columns count (a stray page number does not), and only where their
    number equals the number of template rows left: position is then the
    only reading there is.
    """
    out: list[tuple[int, int]] = []
    for (i0, j0), (i1, j1) in zip([(-1, -1), *pairs], pairs):
        gap_r = list(range(j0 + 1, j1))
        widths = {len(rows[j].columns) for j in gap_r}
        gap_c = [i for i in range(i0 + 1, i1) if any(fitted_width(found[i], w) == w for w in widths)]
        if i0 >= 0 and gap_c and len(gap_c) == len(gap_r) and all(
            fitted_width(found[i], len(rows[j].columns)) == len(rows[j].columns) for i, j in zip(gap_c, gap_r)
        ):
            out += list(zip(gap_c, gap_r))
        out.append((i1, j1))
    return out
