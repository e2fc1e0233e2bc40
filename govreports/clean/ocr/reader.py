"""A picture of a page or of a table → its ruled tables (cells read) and its prose lines.

The picture is levelled, its ruling lines make tables through the same
model as a PDF's drawn borders (`pdfgrid`), and each cell's text lines are
cut by their ink and read by the recognizer: the cells come out as a PDF
table's do, each with the engine's confidence. What lies outside the
tables is found by the detector and read as lines, which the PDF layout
then joins into paragraphs. Coordinates leave this module in points
(pixels / `scale`), the unit the PDF layout's tolerances are written in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np

from govreports.clean.blocks import least
from govreports.clean.documents.pdfgrid import (
    Cell,
    RuledTable,
    Segment,
    tables_from_segments,
)
from govreports.clean.documents.pdflines import Line
from govreports.clean.documents.text import join_wrapped
from govreports.clean.ocr.engine import NUMBER_CHARS, Engine, Reading
from govreports.clean.ocr.rulings import char_height, deskew, find_rulings, ink
from govreports.clean.values import is_value

log = logging.getLogger(__name__)

MIN_INK = 6  # pixels of ink: fewer in a cell is dust, not text
LINE_GAP = 0.12  # character heights: a blank gap this tall between ink rows separates two text lines
MIN_LINE = 0.25  # character heights: a thinner band of ink is noise, unless it is a dash (a zero mark)
CROP_PAD = 0.25  # character heights of paper kept around a line for the recognizer (it was trained so)
# Letters the recognizer takes for digits in a lone number: o/O/D for 0, l/I/|/i for 1.
DIGIT_LOOKALIKES = frozenset("oOQDlIi|")
SAME_LINE = 0.5  # share of the smaller height two detected boxes must share to be on one line
TAB_GAP = 1.5  # character heights between two boxes of a line: a column gap, as in a PDF's text
MIN_TABLE_CELLS = 4
# A picture of unknown resolution is measured by its characters: their ink is about this many points
# tall in a report (10.5–12 pt type), which puts the PDF layout's tolerances at the right size.
CHAR_POINTS = 10.0
Deadline = Callable[[str], None]  # raises when the time for the document is up


@dataclass
class OcrPage:
    """What a picture holds, in points: its tables with their cells read, and its prose lines."""

    width: float
    height: float
    tables: list[RuledTable] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    skew: float = 0.0


def _line_bands(marks: np.ndarray, char: float) -> list[tuple[int, int]]:
    """Rows of a cell's ink that make text lines: runs of inked rows split by blank gaps."""
    rows = np.flatnonzero(marks.sum(axis=1) > 0)
    if rows.size == 0:
        return []
    gap = max(1, int(LINE_GAP * char))
    breaks = np.flatnonzero(np.diff(rows) > gap)
    bands = [(int(run[0]), int(run[-1]) + 1) for run in np.split(rows, breaks + 1)]
    # A thin band beside a taller one is part of it (the dots of 出 and the stroke of 一 stay with their line).
    merged: list[tuple[int, int]] = []
    for a, b in bands:
        if merged and (b - a < MIN_LINE * char or merged[-1][1] - merged[-1][0] < MIN_LINE * char) \
                and b - merged[-1][0] <= 1.3 * char:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _crop(grey: np.ndarray, marks: np.ndarray, box: tuple[int, int, int, int], char: float,
          sides: tuple[int, int] | None = None) -> np.ndarray | None:
    """The grey pixels of one text line with paper around it; None when it holds no ink worth reading.

    `sides`: the left and right of the cell the line is in. The paper beside a line is never taken from beyond its cell's sides, but
    added: a digit printed against its cell's border (a 0 left-aligned with no padding) would be read with the
    border's stroke as 10. Above and below, the paper is the page's (a row cut by a page break leaves its digits
    against the border there). Ink inside the cell (an underline) stays as printed.
    """
    x0, y0, x1, y1 = box
    part = marks[y0:y1, x0:x1]
    if int(np.count_nonzero(part)) < MIN_INK:
        return None
    cols = np.flatnonzero(part.sum(axis=0) > 0)
    a, b = x0 + int(cols[0]), x0 + int(cols[-1]) + 1
    pad = max(2, int(CROP_PAD * char))
    h, w = grey.shape
    left, right = sides or (0, w)
    left_, right_ = max(0, left, a - pad), min(w, right, b + pad)
    crop = grey[max(0, y0 - pad):min(h, y1 + pad), left_:right_]
    if not crop.size:
        return None
    return np.pad(crop, ((0, 0), (left_ - max(0, a - pad), min(w, b + pad) - right_)), constant_values=255)


def read_number(reading: Reading) -> tuple[str, float]:
    """A cell line's text and confidence: as a number when it prints one (a lone 0 the model took for o too).

    Only a line of number characters, with at most half of them letters
    drawn like digits, is read as a number; any other text stays as read.
    """
    text = reading.text.strip()
    rest = [ch for ch in text if ch not in NUMBER_CHARS]
    if text and all(ch in DIGIT_LOOKALIKES for ch in rest) and len(rest) <= max(1, len(text) // 2) \
            and is_value(reading.digits):
        return reading.digits, reading.digits_confidence
    return text, reading.confidence


@dataclass
class _Job:
    """A text line to recognize and where its text goes."""

    crop: np.ndarray
    cell: Cell | None = None
    box: tuple[int, int, int, int] | None = None


def _cell_jobs(grey: np.ndarray, marks: np.ndarray, table: RuledTable, scale: float, margin: int,
               char: float) -> list[_Job]:
    """One job per text line of each cell (cell boxes are in points; pixels are points × scale)."""
    jobs = []
    h, w = grey.shape
    for cell in table.cells:
        x0, y0 = int(cell.x0 * scale) + margin, int(cell.y0 * scale) + margin
        x1, y1 = min(w, int(cell.x1 * scale) - margin + 1), min(h, int(cell.y1 * scale) - margin + 1)
        if x1 - x0 < 2 or y1 - y0 < 2:
            continue
        for a, b in _line_bands(marks[y0:y1, x0:x1], char):
            crop = _crop(grey, marks, (x0, y0 + a, x1, y0 + b), char, (x0, x1))
            if crop is not None:
                jobs.append(_Job(crop, cell=cell))
    return jobs


def _prose_lines(boxes: list[tuple[int, int, int, int]], readings: list[tuple[str, float]], scale: float,
                 char: float, page: int) -> list[Line]:
    """Detected boxes grouped into visual lines, left to right; a wide gap between two boxes is a tab."""
    items = sorted(zip(boxes, readings, strict=True), key=lambda item: (item[0][1] + item[0][3]) / 2)
    groups: list[list[tuple[tuple[int, int, int, int], tuple[str, float]]]] = []
    for item in items:
        (_, y0, _, y1), _ = item
        if groups:
            g0 = min(b[1] for b, _ in groups[-1])
            g1 = max(b[3] for b, _ in groups[-1])
            if min(y1, g1) - max(y0, g0) >= SAME_LINE * min(y1 - y0, g1 - g0):
                groups[-1].append(item)
                continue
        groups.append([item])
    lines = []
    for group in groups:
        group.sort(key=lambda item: item[0][0])
        pieces: list[tuple[float, float, str]] = []
        for (x0, _, x1, _), (text, _) in group:
            if pieces and x0 - pieces[-1][1] * scale < TAB_GAP * char:
                a, _, before = pieces[-1]
                pieces[-1] = (a, x1 / scale, join_wrapped([before, text]))
            else:
                pieces.append((x0 / scale, x1 / scale, text))
        pieces = [p for p in pieces if p[2]]
        if not pieces:
            continue
        y0 = min(b[1] for b, _ in group) / scale
        y1 = max(b[3] for b, _ in group) / scale
        lines.append(Line(pieces[0][0], y0, pieces[-1][1], y1, round(char / scale, 1),
                          "\t".join(p[2] for p in pieces), page, pieces,
                          least(*(c for _, (_, c) in group))))
    return lines


def read_picture(grey: np.ndarray, engine: Engine, scale: float | None = None, page: int = 0, prose: bool = True,
                 deadline: Deadline | None = None) -> OcrPage:
    """The tables and (when `prose`) the text lines of one grey picture.

    `scale`: pixels per point (a page rasterized at 200 dpi: 200/72); None
    for a picture of unknown resolution, measured by its characters. A
    table picture pasted into a page needs no prose: its title and notes
    are in the page's text already.
    """
    check = deadline or (lambda where: None)
    grey, angle = deskew(grey)
    marks = ink(grey)
    char = char_height(marks)
    scale = scale or char / CHAR_POINTS
    rulings = find_rulings(grey, char)
    to_points = [Segment(s.at / scale, s.a / scale, s.b / scale) for s in rulings.horizontal], \
        [Segment(s.at / scale, s.a / scale, s.b / scale) for s in rulings.vertical]
    tables = [t for t in tables_from_segments(*to_points) if len(t.cells) >= MIN_TABLE_CELLS]
    text_marks = cv2.subtract(marks, rulings.mask)
    margin = rulings.thickness + 1
    jobs = [job for table in tables for job in _cell_jobs(grey, text_marks, table, scale, margin, char)]
    boxes: list[tuple[int, int, int, int]] = []
    if prose:
        check("finding text lines")
        blank = grey.copy()
        for table in tables:
            x0, y0, x1, y1 = (int(v * scale) for v in table.bbox)
            blank[max(0, y0 - margin):y1 + margin + 1, max(0, x0 - margin):x1 + margin + 1] = 255
        for box in engine.detect(blank):
            crop = blank[box[1]:box[3], box[0]:box[2]]
            if crop.size:
                boxes.append(box)
                jobs.append(_Job(crop, box=box))
    check(f"reading {len(jobs)} text lines")
    readings = _recognize(engine, [job.crop for job in jobs], check)
    texts: dict[int, list[tuple[str, float]]] = {}
    prose_readings: list[tuple[str, float]] = []
    for job, reading in zip(jobs, readings, strict=True):
        if job.cell is not None:
            texts.setdefault(id(job.cell), []).append(read_number(reading))
        else:
            prose_readings.append((reading.text.strip(), reading.confidence))
    for table in tables:
        for cell in table.cells:
            parts = texts.get(id(cell), [])
            cell.text = join_wrapped(text for text, _ in parts)
            cell.confidence = least(*(c for _, c in parts))  # None: no ink, a cell printed empty
    h, w = grey.shape
    lines = _prose_lines(boxes, prose_readings, scale, char, page) if prose else []
    log.debug("picture %dx%d: skew %.2f°, %d tables, %d text lines", w, h, angle, len(tables), len(lines))
    return OcrPage(w / scale, h / scale, tables, lines, angle)


RECOGNIZE_CHUNK = 64  # lines recognized between two looks at the deadline


def _recognize(engine: Engine, crops: list[np.ndarray], check: Deadline) -> list[Reading]:
    out: list[Reading] = []
    for start in range(0, len(crops), RECOGNIZE_CHUNK):
        check(f"reading text lines {start + 1}–{min(len(crops), start + RECOGNIZE_CHUNK)} of {len(crops)}")
        out += engine.recognize(crops[start:start + RECOGNIZE_CHUNK])
    return out
