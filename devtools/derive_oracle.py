"""Make the derived shapes of the oracle corpus with standard tools, and record how.

    .venv/bin/python devtools/derive_oracle.py [--case NAME] [--force]

For every case under tests/oracle/, from its documents as found:

- an HTML page → `derived/print.pdf` (Chromium's print to PDF of the page
  as served, no site CSS: table columns sized to their content),
  `derived/innertext.txt` (a browser's copy: `document.body.innerText`),
  `derived/libreoffice.docx` (LibreOffice's HTML → Word conversion), and
  `derived/libreoffice.pdf` (that Word file printed to PDF by LibreOffice);
- an HTML page → the text dumps crawlers and corpora keep of it:
  `derived/w3m.txt` (`w3m -dump`: tables drawn with box lines),
  `derived/lynx.txt` (`lynx -dump`: tables as spaced columns),
  `derived/pandoc.txt` (`pandoc -t plain`: grid tables), and
  `derived/trafilatura.txt`, `derived/trafilatura.md` (trafilatura's
  extraction with its tables, as text and as markdown);
- every PDF (found or printed) → `*.layout.txt` (`pdftotext -layout`, columns
  as runs of spaces), `*.raw.txt` (`pdftotext -raw`, reading order),
  `*.pdftotext.txt` (`pdftotext` with no mode: text blocks in reading order,
  a table's cells mostly one a line),
  `*.pymupdf.txt` (PyMuPDF's `page.get_text()`, a line per text span),
  `*.pymupdf-sorted.txt` (`page.get_text(sort=True)`, lines by position),
  `*.pdfplumber.txt` (pdfplumber's `page.extract_text()`, words grouped
  into lines by height), `*.pdfplumber-layout.txt` (`layout=True`: the same,
  words where they stand), `*.pypdf.txt` (pypdf's `page.extract_text()`) and
  `*.pymupdf4llm.md` (pymupdf4llm's `to_markdown()`: the page's text, and its
  tables again as markdown, as pipelines feeding language models keep a PDF).

Each output is written once (`--force` to remake) and listed in the case's
meta.json under "shapes" with the tool, its version and the source shape.
The expected values stay those of the case: a derived shape prints the
same numbers. Needs Debian's chromium, poppler-utils, LibreOffice, w3m, lynx
and pandoc, and the `derive` extra (pdfplumber, pypdf: `pip install -e
'.[derive]'`).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools.oracle import ORACLE  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def version(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr).strip() else "unknown"


def _open_page(p, html: Path):
    """The page in real Chromium, offline: scripts off, nothing fetched but the file itself."""
    browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS[1:])
    page = browser.new_page(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page.goto(html.resolve().as_uri(), wait_until="load")
    return browser, page


def print_pdf(html: Path, out: Path) -> None:
    """Chromium's print to PDF (A4, default margins): table columns sized to their content."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser, page = _open_page(p, html)
        try:
            page.pdf(path=str(out), format="A4", print_background=False)
        finally:
            browser.close()


def inner_text(html: Path, out: Path) -> None:
    """What a user's select-all and copy gives: the body's innerText in real Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser, page = _open_page(p, html)
        try:
            text = page.evaluate("() => document.body.innerText")
        finally:
            browser.close()
    out.write_text(text, encoding="utf-8")


def soffice(source: Path, out: Path, target: str, extension: str) -> None:
    """One file converted by LibreOffice headless (its own profile, so runs never share one)."""
    with tempfile.TemporaryDirectory() as work:
        src = Path(work) / f"document{source.suffix}"
        shutil.copy(source, src)
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work}/profile",
                        "--convert-to", target, "--outdir", work, str(src)],
                       check=True, capture_output=True, timeout=300)
        shutil.move(str(Path(work) / f"document.{extension}"), out)


def libreoffice_docx(html: Path, out: Path) -> None:
    soffice(html, out, "docx:MS Word 2007 XML", "docx")


class NotTheSameNumbers(Exception):
    """A shape a tool made that does not print every number of its source: not kept (meta.json says why)."""


def off_the_page(pdf: Path) -> int:
    """The pages of a PDF whose ruled tables reach the paper's edge or beyond (LibreOffice clips a table wider
    than the page there, and the columns past it are not printed)."""
    import pymupdf

    from govreports.clean.documents.pdfgrid import segments

    def cut(page) -> bool:
        hs, vs = segments(page.get_drawings())
        left, right = page.rect.x0 + 1, page.rect.x1 - 1
        return any(v.at <= left or v.at >= right for v in vs) or any(h.a <= left or h.b >= right for h in hs)

    with pymupdf.open(pdf) as document:
        return sum(1 for page in document if cut(page))


def libreoffice_pdf(docx: Path, out: Path) -> None:
    """The Word file printed to PDF by LibreOffice: ruled tables as a word processor draws them (each border
    stroked cell by cell, half a point apart where rows differ), rows cut by page breaks."""
    soffice(docx, out, "pdf", "pdf")
    if pages := off_the_page(out):
        raise NotTheSameNumbers(f"LibreOffice printed a table wider than the page on {pages} page(s): the columns "
                                "beyond its edge are cut off")


def _run(command: list[str], data: bytes) -> str:
    return subprocess.run(command, input=data, capture_output=True, check=True, timeout=120).stdout.decode("utf-8")


def w3m_dump(html: Path, out: Path) -> None:
    out.write_text(_run(["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", "-cols", "120"],
                        html.read_bytes()), encoding="utf-8")


def lynx_dump(html: Path, out: Path) -> None:
    out.write_text(_run(["lynx", "-dump", "-nolist", "-stdin", "-assume_charset=utf-8", "-display_charset=utf-8",
                         "-width=120"], html.read_bytes()), encoding="utf-8")


def pandoc_plain(html: Path, out: Path) -> None:
    out.write_text(_run(["pandoc", "-f", "html", "-t", "plain", "--columns=120"], html.read_bytes()),
                   encoding="utf-8")


def trafilatura_text(html: Path, out: Path, output_format: str) -> None:
    import trafilatura

    text = trafilatura.extract(html.read_bytes().decode("utf-8"), output_format=output_format, include_tables=True)
    out.write_text(text or "", encoding="utf-8")


def pymupdf_text(pdf: Path, out: Path) -> None:
    import pymupdf

    with pymupdf.open(pdf) as document:
        out.write_text("\n".join(page.get_text() for page in document), encoding="utf-8")


def pymupdf_sorted(pdf: Path, out: Path) -> None:
    import pymupdf

    with pymupdf.open(pdf) as document:
        out.write_text("".join(page.get_text(sort=True) for page in document), encoding="utf-8")


def pdfplumber_text(pdf: Path, out: Path) -> None:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        out.write_text("\n".join(page.extract_text() or "" for page in document.pages), encoding="utf-8")


def pdfplumber_layout(pdf: Path, out: Path) -> None:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        out.write_text("\n".join(page.extract_text(layout=True) or "" for page in document.pages), encoding="utf-8")


def pypdf_text(pdf: Path, out: Path) -> None:
    import pypdf

    pages = pypdf.PdfReader(pdf).pages
    out.write_text("\n".join(page.extract_text() or "" for page in pages), encoding="utf-8")


def pymupdf4llm_markdown(pdf: Path, out: Path) -> None:
    import pymupdf4llm

    out.write_text(pymupdf4llm.to_markdown(str(pdf), show_progress=False), encoding="utf-8")


def pdftotext(pdf: Path, out: Path, mode: str | None) -> None:
    """`mode`: layout, raw, or None for pdftotext's default order."""
    flags = [f"-{mode}"] if mode else []
    subprocess.run(["pdftotext", *flags, "-enc", "UTF-8", str(pdf), str(out)], check=True, timeout=120)


def _module_version(name: str) -> str:
    from importlib.metadata import version as installed

    return installed(name)


def derive(case: Path, force: bool) -> list[str]:
    meta_path = case / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    shapes = meta["shapes"]
    made = []

    skipped = meta.setdefault("skipped", {})

    def make(name: str, source: str, layout: str, tool: str, build) -> None:
        target = case / name
        if not force and (name in skipped or target.exists() and name in shapes) or not (case / source).exists():
            return
        skipped.pop(name, None)
        target.parent.mkdir(exist_ok=True)
        try:
            build(case / source, target)
        except NotTheSameNumbers as reason:
            target.unlink(missing_ok=True)
            skipped[name] = str(reason)
            return
        shapes[name] = {"found": False, "from": source, "tool": tool, "layout": layout,
                        "content_type": None}
        made.append(name)

    chromium = version([CHROMIUM, "--version"])
    poppler = version(["pdftotext", "-v"])
    office = version(["soffice", "--version"])
    for name, info in sorted(list(shapes.items())):
        if not info.get("found"):
            continue
        if name.endswith(".html"):
            make("derived/print.pdf", name, "pdf-printed", f"{chromium} via Playwright: page.pdf(A4), scripts off, offline",
                 print_pdf)
            make("derived/innertext.txt", name, "innertext", f"{chromium} via Playwright: document.body.innerText",
                 inner_text)
            make("derived/libreoffice.docx", name, "docx-libreoffice", f"{office} --convert-to docx", libreoffice_docx)
            make("derived/libreoffice.pdf", "derived/libreoffice.docx", "pdf-libreoffice",
                 f"{office} --convert-to pdf (the Word file printed, as an agency exports its report)", libreoffice_pdf)
            make("derived/w3m.txt", name, "w3m", f"{version(['w3m', '-version'])[:40]} -dump -cols 120", w3m_dump)
            make("derived/lynx.txt", name, "lynx", f"{version(['lynx', '-version'])} -dump -nolist -width=120",
                 lynx_dump)
            make("derived/pandoc.txt", name, "pandoc-plain", f"{version(['pandoc', '--version'])} -t plain",
                 pandoc_plain)
            make("derived/trafilatura.txt", name, "trafilatura-text",
                 f"trafilatura {_module_version('trafilatura')}: extract(include_tables=True)",
                 lambda src, out: trafilatura_text(src, out, "txt"))
            make("derived/trafilatura.md", name, "trafilatura-markdown",
                 f"trafilatura {_module_version('trafilatura')}: extract(output_format='markdown', include_tables=True)",
                 lambda src, out: trafilatura_text(src, out, "markdown"))
    for name, info in sorted(list(shapes.items())):
        if name.endswith(".pdf"):
            stem = name[:-4].replace("derived/", "")
            make(f"derived/{stem}.layout.txt", name, "pdftotext-layout", f"{poppler} -layout",
                 lambda src, out: pdftotext(src, out, "layout"))
            make(f"derived/{stem}.raw.txt", name, "pdftotext-raw", f"{poppler} -raw",
                 lambda src, out: pdftotext(src, out, "raw"))
            make(f"derived/{stem}.pdftotext.txt", name, "pdftotext-default", f"{poppler} (no mode)",
                 lambda src, out: pdftotext(src, out, None))
            make(f"derived/{stem}.pymupdf.txt", name, "pymupdf-text",
                 f"PyMuPDF {_module_version('pymupdf')}: page.get_text()", pymupdf_text)
            make(f"derived/{stem}.pymupdf-sorted.txt", name, "pymupdf-sorted",
                 f"PyMuPDF {_module_version('pymupdf')}: page.get_text(sort=True)", pymupdf_sorted)
            make(f"derived/{stem}.pdfplumber.txt", name, "pdfplumber-text",
                 f"pdfplumber {_module_version('pdfplumber')}: page.extract_text()", pdfplumber_text)
            make(f"derived/{stem}.pdfplumber-layout.txt", name, "pdfplumber-layout",
                 f"pdfplumber {_module_version('pdfplumber')}: page.extract_text(layout=True)", pdfplumber_layout)
            make(f"derived/{stem}.pypdf.txt", name, "pypdf-text",
                 f"pypdf {_module_version('pypdf')}: page.extract_text()", pypdf_text)
            make(f"derived/{stem}.pymupdf4llm.md", name, "pymupdf4llm-markdown",
                 f"pymupdf4llm {_module_version('pymupdf4llm')}: to_markdown()", pymupdf4llm_markdown)
    if not skipped:
        del meta["skipped"]
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return made


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--case", help="only cases whose name contains this")
    ap.add_argument("--force", action="store_true", help="remake shapes that exist")
    args = ap.parse_args(argv)
    for case in sorted(p for p in ORACLE.iterdir() if (p / "meta.json").is_file()):
        if args.case and args.case not in case.name:
            continue
        made = derive(case, args.force)
        if made:
            print(f"{case.name}: {', '.join(made)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
