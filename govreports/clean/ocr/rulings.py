"""A picture's ink, its skew, and its ruling lines as the strokes a PDF table is drawn with.

A table printed as a picture (a screenshot of a Word table, a scanned page)
still has its borders: dark runs much longer than any character stroke.
They are found here and handed over as horizontal and vertical segments,
so that the model that turns a PDF's drawn strokes into merged cells
(`clean.documents.pdfgrid`) reads pictures too: one table model, two sources.

Vertical borders are measured between each pair of consecutive horizontal
rulings: a border runs through the full height of the band, a character
stroke never does (cells have padding). That keeps lone digits (1) and
strokes (丨) out of the grid without guessing how tall a row is.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from govreports.clean.documents.pdfgrid import Segment

INK_BLOCK = 31  # pixels: the neighbourhood of the adaptive threshold (wider than a stroke, narrower than a cell)
INK_OFFSET = 12  # grey levels below the neighbourhood's mean that count as ink (JPEG noise stays out)
RULE_CHARS = 2.5  # a horizontal ruling is at least this many character heights long ("——" is about two)
MIN_RULE = 24  # pixels: the shortest ruling at any size
MAX_RULE_THICKNESS = 0.45  # character heights: a thicker dark run is a filled area, not a line
BAND_COVER = 0.9  # share of a band's height a vertical border covers (blur and JPEG eat a little)
MIN_BAND = 0.5  # character heights: a thinner band between rulings is a double border, not a row
# A table cut by the page's edge (continued from the page before, or on the next) draws no ruling there: its borders
# run from its first ruling up to where the page cut it, as long as a row at least, and all end level.
EDGE_BAND = 2.0  # character heights
EDGE_LEVEL = 1.0  # character heights the ends of a cut table's borders may differ by
MIN_EDGE_BORDERS = 3  # a table's two sides and a column line
ROW_SNAP = 0.3  # character heights: horizontal runs closer than this in y are one ruling
DEFAULT_CHAR = 20  # pixels: assumed character height when a picture has no text to measure
SKEW_RANGE = 3.0  # degrees searched each way (a scan placed by hand; more is a rotated page, not skew)
SKEW_STEP = 0.25
SKEW_FINE = 0.05
SKEW_SIDE = 1000  # pixels: the skew is measured on a copy no larger than this
MIN_SKEW = 0.05  # degrees: less is left alone (rotating blurs)


@dataclass(frozen=True)
class Rulings:
    """A picture's ruling lines, in pixels, and the thickness that cell crops keep clear of."""

    horizontal: list[Segment]
    vertical: list[Segment]
    thickness: int
    mask: np.ndarray  # the lines' own pixels (255), to be erased from cell crops


def ink(grey: np.ndarray) -> np.ndarray:
    """Dark marks (255) on light paper (0), whatever the lighting of a scan."""
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, INK_BLOCK, INK_OFFSET)


def char_height(marks: np.ndarray) -> float:
    """The median height of the marks that look like characters: the picture's own unit of size."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(marks, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    glyphs = heights[(heights >= 6) & (heights <= 200) & (widths <= 3 * heights) & (widths >= 2)]
    if count <= 1 or glyphs.size < 5:
        return float(DEFAULT_CHAR)
    # Characters are made of several marks; the tall ones are the whole glyph.
    return float(np.percentile(glyphs, 75))


def _rotate(image: np.ndarray, degrees: float, border: int) -> np.ndarray:
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


def skew(marks: np.ndarray) -> float:
    """The rotation (degrees) that makes rows of ink most horizontal.

    Lines of text and table rulings both make the row profile sharpest when
    level: the angle with the largest variance of row sums wins, first in
    coarse steps, then finely around the best.
    """
    h, w = marks.shape
    factor = min(1.0, SKEW_SIDE / max(h, w))
    small = cv2.resize(marks, (max(1, int(w * factor)), max(1, int(h * factor))), interpolation=cv2.INTER_AREA)

    def sharpness(angle: float) -> float:
        return float(np.var(_rotate(small, angle, 0).sum(axis=1, dtype=np.float64)))

    coarse = np.arange(-SKEW_RANGE, SKEW_RANGE + 1e-9, SKEW_STEP)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - SKEW_STEP, best + SKEW_STEP + 1e-9, SKEW_FINE)
    return float(max(fine, key=sharpness))


def deskew(grey: np.ndarray) -> tuple[np.ndarray, float]:
    """The picture turned level, and the angle it was turned by."""
    angle = skew(ink(grey))
    if abs(angle) < MIN_SKEW:
        return grey, 0.0
    return _rotate(grey, angle, 255), angle


def _horizontal(marks: np.ndarray, char: float) -> tuple[list[tuple[float, int, int, int]], np.ndarray]:
    """Long horizontal runs of ink: (y centre, x0, x1, thickness) each, and their pixels."""
    length = max(MIN_RULE, int(RULE_CHARS * char))
    lines = cv2.morphologyEx(marks, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    found = []
    for k in range(1, count):
        x, y, w, h = (int(v) for v in stats[k, :4])
        if h <= max(2, MAX_RULE_THICKNESS * char):
            found.append((y + (h - 1) / 2, x, x + w, h))
    return found, lines


def _rows(runs: list[tuple[float, int, int, int]], char: float) -> list[float]:
    """The distinct heights of horizontal rulings, runs of one ruling (a slightly wavy scan) folded."""
    out: list[float] = []
    for y in sorted(r[0] for r in runs):
        if out and y - out[-1] < ROW_SNAP * char:
            continue
        out.append(y)
    return out


def _vertical(widened: np.ndarray, ys: list[float], thickness: int, char: float) -> list[Segment]:
    """Vertical borders: columns that are ink through the whole of a band between two rulings."""
    segments: list[Segment] = []
    for top, bottom in zip(ys, ys[1:]):
        a, b = int(top + thickness + 1), int(bottom - thickness)
        if b - a < MIN_BAND * char:
            continue
        cover = (widened[a:b] > 0).mean(axis=0)
        columns = np.flatnonzero(cover >= BAND_COVER)
        if columns.size == 0:
            continue
        # Adjacent columns are one border; its centre is where it is.
        breaks = np.flatnonzero(np.diff(columns) > 1)
        for run in np.split(columns, breaks + 1):
            segments.append(Segment(float(run.mean()), float(top), float(bottom)))
    return segments


def _level_borders(region: np.ndarray, char: float) -> list[tuple[float, int]]:
    """(centre, length) of the borders that run from the first row of `region` (ink as booleans) and end level,
    as a table the page's edge cut leaves them; none when fewer than a table's or they end apart."""
    runs = np.cumprod(region, axis=0).sum(axis=0)  # per column, the rows of ink unbroken from the first
    columns = np.flatnonzero(runs >= EDGE_BAND * char)
    if columns.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(columns) > 1)
    borders = [(float(run.mean()), int(runs[run].max())) for run in np.split(columns, breaks + 1)]
    lengths = [length for _, length in borders]
    return borders if len(borders) >= MIN_EDGE_BORDERS and max(lengths) - min(lengths) <= EDGE_LEVEL * char else []


def _cut_edges(widened: np.ndarray, ys: list[float], thickness: int, char: float) -> list[Segment]:
    """Borders above the first ruling and below the last that end level where the page cut the table (a table
    continued from the page before draws no ruling at its top); none where the table has its own edge."""
    inked = widened > 0
    top, bottom = int(ys[0]) - thickness - 1, int(ys[-1]) + thickness + 1
    above = _level_borders(inked[top::-1], char) if top > 0 else []
    below = _level_borders(inked[bottom:], char) if bottom < inked.shape[0] else []
    return [Segment(x, float(top - length), float(ys[0])) for x, length in above] + \
        [Segment(x, float(ys[-1]), float(bottom + length)) for x, length in below]


def find_rulings(grey: np.ndarray, char: float | None = None) -> Rulings:
    """The ruling lines of a level picture, as segments in pixels."""
    marks = ink(grey)
    char = char or char_height(marks)
    runs, horizontal_mask = _horizontal(marks, char)
    if not runs:
        return Rulings([], [], 1, horizontal_mask)
    thickness = int(np.median([r[3] for r in runs]))
    ys = _rows(runs, char)
    widened = cv2.dilate(marks, np.ones((1, 3), np.uint8))  # a blurred 1-pixel border spreads over two columns
    vertical = _vertical(widened, ys, thickness, char) + _cut_edges(widened, ys, thickness, char)
    mask = horizontal_mask.copy()
    for seg in vertical:
        x = int(round(seg.at))
        mask[int(seg.a):int(seg.b) + 1, max(0, x - thickness - 1):x + thickness + 2] = 255
    horizontal = [Segment(y, float(x0), float(x1)) for y, x0, x1, _ in runs]
    return Rulings(horizontal, vertical, thickness, mask)
