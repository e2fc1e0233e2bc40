"""OCR speed, memory and cell accuracy on tables rendered by Chromium from known numbers.

    .venv/bin/python bench/ocr.py [--runs 3] [--compare]

At start, Chromium (Debian's) renders the template's three tables for both
templates at 150 and 200 dpi (one picture per table, plus JPEG-compressed,
rotated and blurred copies), and a report printed on A4 and scanned into
page pictures (150 dpi). Each run parses every table picture and every
page picture (bytes → Report, one process). Prints the median seconds per
table picture and per scanned page, the share of cells read right, the
number of values the engine was unsure of (below the check's threshold),
and peak memory (max RSS: onnxruntime allocates outside Python's heap).

`--compare` also reads the same cells with Debian's Tesseract 5 (`chi_sim`),
the other engine the choice was made between: the ruling lines and cell
crops are the same; only the recognizer differs (all crops of a picture
stacked into one image, one `tesseract` call per picture, its words put
back in their crops by position). Needs `tesseract` and `tesseract-ocr-chi-sim`.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import importlib  # noqa: E402

ocr_engine = importlib.import_module("govreports.clean.ocr.engine")  # the module (the package exports a function of that name)
from govreports.clean.ocr.engine import Reading  # noqa: E402
from govreports.model import plain_tables  # noqa: E402
from govreports.report import ReportParser  # noqa: E402
from govreports.understand.checks import LOW_CONFIDENCE  # noqa: E402
from tests.ocrfactory import (  # noqa: E402
    Damage,
    Style,
    consistent_tables,
    damaged,
    page_pictures,
    scanned_pdf,
    screenshots,
    tables_html,
)

TABLES = ("active", "applications", "review_litigation")
TESSERACT_HEIGHT = 40  # pixels each crop is scaled to before stacking
TESSERACT_GAP = 24


def pictures() -> tuple[list[tuple], list[tuple]]:
    """(table pictures, a scanned PDF), each with the numbers it prints (and the PDF its page count)."""
    styles = [Style(dpi=150), Style(font="'DejaVu Serif','WenQuanYi Zen Hei'", size_pt=12, dpi=200)]
    jobs = [(template, seed, style) for template in ("2021", "2019") for seed, style in enumerate(styles)]
    numbers = [consistent_tables(t, 100 + s) for t, s, _ in jobs]
    shots = screenshots([(tables_html(t, n, s), s.scale) for (t, _, s), n in zip(jobs, numbers)], selector="table")
    tables = []
    for (template, _, style), values, pngs in zip(jobs, numbers, shots):
        for name, png in zip(TABLES, pngs):
            expected = {name: values[name]}
            tables.append((f"{template} {name} {style.dpi}dpi", png, expected))
            tables.append((f"{template} {name} {style.dpi}dpi damaged",
                           damaged(png, Damage(rotate=0.6, blur=0.8, jpeg=70)), expected))
    values = consistent_tables("2021", 200)
    pages = [damaged(page, Damage(rotate=0.4, jpeg=75))
             for page in page_pictures("2021", values, 2024, Style(size_pt=9, dpi=150))]
    return tables, [(f"scanned PDF of {len(pages)} pages", scanned_pdf(pages, 150), values, len(pages))]


def cells_right(report, expected: dict) -> tuple[int, int]:
    got = plain_tables(report.tables)
    pairs = [(got.get(t, {}).get(r, {}).get(c), v) for t, rows in expected.items() for r, cells in rows.items()
             for c, v in cells.items()]
    return sum(1 for g, v in pairs if g == v), len(pairs)


class Tesseract:
    """Tesseract 5 as a drop-in recognizer: the same crops, one process call per picture."""

    def __init__(self, detector: ocr_engine.Engine) -> None:
        self.detector = detector  # prose lines are found as before: the comparison is about reading cells

    def recognize(self, crops: list[np.ndarray]) -> list[Reading]:
        import cv2

        if not crops:
            return []
        scaled = [cv2.resize(c, (max(1, int(c.shape[1] * TESSERACT_HEIGHT / max(1, c.shape[0]))), TESSERACT_HEIGHT))
                  for c in crops]
        width = max(c.shape[1] for c in scaled) + 2 * TESSERACT_GAP
        sheet = np.full((len(scaled) * (TESSERACT_HEIGHT + TESSERACT_GAP) + TESSERACT_GAP, width), 255, np.uint8)
        for k, crop in enumerate(scaled):
            top = TESSERACT_GAP + k * (TESSERACT_HEIGHT + TESSERACT_GAP)
            sheet[top:top + TESSERACT_HEIGHT, TESSERACT_GAP:TESSERACT_GAP + crop.shape[1]] = crop
        ok, png = cv2.imencode(".png", sheet)
        out = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "6", "tsv"],
                             input=png.tobytes(), capture_output=True, check=True).stdout.decode("utf-8", "replace")
        words: list[list[tuple[int, str, float]]] = [[] for _ in crops]
        for line in out.splitlines()[1:]:
            fields = line.split("\t")
            if len(fields) < 12 or not fields[11].strip() or float(fields[10]) < 0:
                continue
            left, top, height = int(fields[6]), int(fields[7]), int(fields[9])
            k = (top + height // 2 - TESSERACT_GAP // 2) // (TESSERACT_HEIGHT + TESSERACT_GAP)
            if 0 <= k < len(crops):
                words[k].append((left, fields[11].strip(), float(fields[10]) / 100))
        readings = []
        for found in words:
            text = "".join(w for _, w, _ in sorted(found))
            confidence = min((c for _, _, c in found), default=0.0)
            readings.append(Reading(text, confidence, text, confidence))
        return readings

    def detect(self, grey: np.ndarray) -> list[tuple[int, int, int, int]]:
        return self.detector.detect(grey)


def measure(label: str, items: list[tuple], parser: ReportParser, runs: int) -> dict:
    """Median seconds per item (per page for a document of several), cells right, values flagged unsure."""
    seconds: list[float] = []
    right = total = unsure = 0
    for run in range(runs):
        for _, data, expected, *pages in items:
            start = time.perf_counter()
            report = parser.parse_bytes(data)
            seconds.append((time.perf_counter() - start) / (pages[0] if pages else 1))
            if run == 0:
                r, t = cells_right(report, expected)
                right, total = right + r, total + t
                unsure += sum(1 for c in report.checks if c.check.endswith("ocr_confidence") and not c.ok)
    return {"what": label, "median_s": statistics.median(seconds), "right": right, "total": total, "unsure": unsure}


def show(row: dict) -> None:
    print(f"  {row['what']:<34} {row['median_s']:6.2f} s median   cells right {row['right']}/{row['total']} "
          f"({100 * row['right'] / max(1, row['total']):.2f}%)   values below confidence {LOW_CONFIDENCE}: "
          f"{row['unsure']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compare", action="store_true", help="also read the same cells with Tesseract (chi_sim)")
    args = parser.parse_args()
    started = time.perf_counter()
    tables, pages = pictures()
    print(f"rendered {len(tables)} table pictures and {len(pages)} scanned pages in "
          f"{time.perf_counter() - started:.1f} s (Chromium)")
    reader = ReportParser()
    started = time.perf_counter()
    ocr_engine.engine()
    print(f"engine loaded in {time.perf_counter() - started:.2f} s")
    reader.parse_bytes(tables[0][1])  # the first run pays onnxruntime's warm-up
    print("PP-OCRv4 (rapidocr-onnxruntime 1.4.4 models, onnxruntime):")
    show(measure("per table picture", tables, reader, args.runs))
    show(measure("per scanned page (150 dpi)", pages, reader, args.runs))
    if args.compare:
        if shutil.which("tesseract") is None:
            print("tesseract not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
        else:
            version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
            print(f"{version} (chi_sim), same ruling lines and crops:")
            ocr_engine._ENGINE = Tesseract(ocr_engine.engine())  # noqa: SLF001 - the bench swaps the recognizer only
            show(measure("per table picture", tables, reader, args.runs))
            show(measure("per scanned page (150 dpi)", pages, reader, args.runs))
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
