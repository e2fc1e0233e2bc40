"""Attachment extraction throughput and memory on a generated 50-page report.

    .venv/bin/python bench/documents.py [--runs 5] [--compare]

At start, a 50-page report is made in a temp dir: a DOCX by python-docx (the
seed000 numbers in the template's three tables, thirty-odd pages of prose,
a 400-row appendix table running over eight pages, a running header and a
"- N -" footer), printed to PDF by LibreOffice (needs `soffice`; about 20 s).
Then each run extracts the PDF and the DOCX once (bytes → Document; one
process, one core) and parses the result (Document → Report). Prints the
median pages/s over runs (the DOCX counted in the PDF's pages: it is the
same document), peak memory of one extraction (tracemalloc) and max RSS.
`--compare` also times what the PDF library choice was made on: PyMuPDF's
and pdfplumber's own table finders (lines strategy) with word extraction,
over the same file, when those libraries are installed.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govreports.clean.documents import extract  # noqa: E402
from govreports.report import ReportParser  # noqa: E402
from tests.docfactory import convert, report_docx, soffice  # noqa: E402

SEED = ROOT / "tests" / "fixtures" / "reports" / "seed000_text" / "expected.json"


def make_report(folder: Path) -> tuple[bytes, bytes, float]:
    """The 50-page DOCX and its PDF, and how long LibreOffice took."""
    expected = json.loads(SEED.read_text(encoding="utf-8"))
    docx = folder / "report50.docx"
    docx.write_bytes(report_docx(expected, filler_pages=42, running_header="六盘水市应急管理局", appendix_rows=400))
    started = time.perf_counter()
    (pdf,) = convert([docx], "pdf", folder, timeout=300)
    return docx.read_bytes(), pdf.read_bytes(), time.perf_counter() - started


def timed(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median seconds of `runs` calls, and the last result."""
    seconds, result = [], None
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        result = fn()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def peak_bytes(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def compare_libraries(pdf: bytes, runs: int) -> None:
    """Word extraction plus each library's own ruled-table finder, page by page."""
    import io

    try:
        import pymupdf

        getattr(pymupdf, "no_recommend_layout", lambda: None)()  # its table finder prints an advert

        def with_pymupdf() -> int:
            doc = pymupdf.open(stream=pdf, filetype="pdf")
            for page in doc:
                page.get_text("words")
                for table in page.find_tables(strategy="lines").tables:
                    table.extract()
            return doc.page_count

        seconds, pages = timed(with_pymupdf, runs)
        print(f"  PyMuPDF words + find_tables(lines): {pages / seconds:7.1f} pages/s")
    except ImportError:
        print("  PyMuPDF not installed")
    try:
        import pdfplumber

        def with_pdfplumber() -> int:
            with pdfplumber.open(io.BytesIO(pdf)) as doc:
                for page in doc.pages:
                    page.extract_words()
                    for table in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
                        table.extract()
                return len(doc.pages)

        seconds, pages = timed(with_pdfplumber, max(1, runs // 2))
        print(f"  pdfplumber words + find_tables(lines): {pages / seconds:7.1f} pages/s")
    except ImportError:
        print("  pdfplumber not installed")


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--runs", type=int, default=5)
    options.add_argument("--compare", action="store_true", help="also time PyMuPDF's and pdfplumber's table finders")
    args = options.parse_args()
    if soffice() is None:
        sys.exit("LibreOffice (soffice) is needed to make the 50-page PDF")
    parser = ReportParser()
    with tempfile.TemporaryDirectory(prefix="bench-documents-") as scratch:
        docx, pdf, conversion = make_report(Path(scratch))
    document = extract(pdf, "pdf")  # warm-up: imports
    pages = document.pages or 0
    print(f"report: {pages} pages; PDF {len(pdf):,} bytes, DOCX {len(docx):,} bytes "
          f"(LibreOffice took {conversion:.1f} s to print it)")
    results = {}
    for kind, data in (("pdf", pdf), ("docx", docx)):
        seconds, document = timed(lambda data=data, kind=kind: extract(data, kind), args.runs)
        parse_seconds, report = timed(lambda document=document: parser.parse_document(document), args.runs)
        assert report.status == "parsed" and len(report.tables) == 3, (report.status, report.reason)
        results[kind] = (seconds, parse_seconds, peak_bytes(lambda data=data, kind=kind: extract(data, kind)))
    for kind, (seconds, parse_seconds, peak) in results.items():
        print(f"{kind:>4}: extract {pages / seconds:7.1f} pages/s ({seconds * 1000:6.0f} ms), "
              f"+ parse {parse_seconds * 1000:4.0f} ms; extraction peak {peak / 1e6:5.1f} MB (tracemalloc), "
              f"median of {args.runs}")
    print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.compare:
        print("library choice (same PDF):")
        compare_libraries(pdf, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
