"""Office documents built from a seed's numbers: DOCX by python-docx, PDF and DOC by LibreOffice.

Used by tests/test_documents.py and bench/documents.py. The DOCX prints the
national template the way agencies' Word files do: vertical merges for
三、本年度办理结果 and the (三)…(六) groups, horizontal merges for labels
without a sub-label, three header rows over table 3, a page-number footer
("- 3 -") and a running header line, which a PDF extractor must drop.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from docx import Document as new_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from tests.shapes import (
    APPLICANT_HEADER,
    HEADINGS,
    REVIEW_HEADER,
    active_rows,
    application_rows,
    fmt,
    review_values,
)

CHECK_NOTE = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
FILLER = ("本机关坚持以公开为常态、不公开为例外,围绕安全生产、防灾减灾救灾和应急救援等重点工作,"
          "通过门户网站、政务新媒体和新闻发布会等渠道及时准确公开政府信息,回应社会关切,"
          "持续提升政务公开的标准化、规范化水平,切实保障人民群众的知情权、参与权、表达权和监督权。")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# -- the report's parts, from an expected.json -----------------------------

def prose_parts(expected: dict) -> tuple[list[str], list[str]]:
    """The body's prose before the tables (title first) and after them (signature last)."""
    lines = [line for line in expected["text"].split("\n") if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith("二、主动公开"))
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith("五、"))
    return lines[:start], lines[end:]


def _is_signature(line: str) -> bool:
    return len(line) <= 20 and (line.endswith(("局", "厅", "委员会", "政府", "办公室")) or line.endswith("日"))


# -- python-docx helpers --------------------------------------------------

class Sheet:
    """A table's cells and merges, written straight into the XML.

    python-docx's `table.cell()` rebuilds the whole grid on every call, which
    makes a 28-row table take seconds; this writes gridSpan/vMerge itself.
    """

    def __init__(self, rows: int, cols: int, widths: Sequence[float] | None = None, size: float = 9,
                 borders: bool = True) -> None:
        self.rows, self.cols, self.size, self.borders = rows, cols, size, borders
        self.widths = list(widths or [16.6 / cols] * cols)
        self.texts: dict[tuple[int, int], str] = {}
        self.merges: list[tuple[int, int, int, int]] = []

    def put(self, r: int, c: int, text: str, r1: int | None = None, c1: int | None = None) -> None:
        self.texts[(r, c)] = text
        r1, c1 = r if r1 is None else r1, c if c1 is None else c1
        if (r1, c1) != (r, c):
            self.merges.append((r, c, r1, c1))

    def build(self, document) -> None:
        table = document.add_table(rows=self.rows, cols=self.cols)
        table.style = "Table Grid" if self.borders else None
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for k, width in enumerate(self.widths):
            table.columns[k].width = Cm(width)
        tcs = [list(tr.tc_lst) for tr in table._tbl.tr_lst]
        for (r, c), text in self.texts.items():
            _set_text(_Cell(tcs[r][c], table), text, self.size)
        dropped = set()
        for r0, c0, r1, c1 in self.merges:
            for r in range(r0, r1 + 1):
                tc = tcs[r][c0]
                if c1 > c0:
                    tc.get_or_add_tcPr().append(_val("w:gridSpan", str(c1 - c0 + 1)))
                    dropped.update(id(tcs[r][c]) for c in range(c0 + 1, c1 + 1))
                    tc.width = Cm(sum(self.widths[c0:c1 + 1]))
                if r1 > r0:
                    tc.get_or_add_tcPr().append(_val("w:vMerge", "restart") if r == r0 else OxmlElement("w:vMerge"))
        for row in tcs:
            for tc in row:
                if id(tc) in dropped:
                    tc.getparent().remove(tc)


def _val(tag: str, value: str):
    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    return element


def _set_text(cell, text: str, size: float = 9) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(size)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE): what page numbers in footers are."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == instruction else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _chrome(document, running_header: str | None) -> None:
    """A running header line and a "- N -" page-number footer, as printed reports have."""
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.5)
    if running_header:
        section.header.paragraphs[0].text = running_header
        section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("- ")
    _field(footer, " PAGE ")
    footer.add_run(" -")


def _paragraph(document, text: str, *, center: bool = False, right: bool = False, bold: bool = False,
               size: float = 12):
    paragraph = document.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    return paragraph


def _bookmark(paragraph, name: str = "_GoBack") -> None:
    """The empty bookmark Word leaves behind; text converters print it as noise."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), "0")
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), "0")
    paragraph._p.append(start)
    paragraph._p.append(end)


# -- the three tables -----------------------------------------------------

def active_table(document, template: str, tables: dict, borders: bool = True) -> None:
    """Table 2: a block per article, its heading merged across the four columns."""
    blocks = list(active_rows(template, tables))
    sheet = Sheet(sum(2 + len(rows) for _, _, rows in blocks), 4, (4.6, 4.0, 4.0, 4.0), borders=borders)
    r = 0
    for heading, headers, rows in blocks:
        sheet.put(r, 0, heading, r, 3)
        sheet.put(r + 1, 0, "信息内容")
        for i, header in enumerate(headers):  # the last header takes the columns left over
            sheet.put(r + 1, 1 + i, header, r + 1, 3 if i == len(headers) - 1 else 1 + i)
        for k, row in enumerate(rows, start=r + 2):
            sheet.put(k, 0, row.label)
            for i, value in enumerate(row.values):
                sheet.put(k, 1 + i, fmt(value), k, 3 if i == len(row.values) - 1 else 1 + i)
        r += 2 + len(rows)
    sheet.build(document)


def application_table(document, template: str, tables: dict, borders: bool = True) -> None:
    """Table 3: ten columns, three header rows, vertical group labels."""
    rows = application_rows(template, tables)
    sheet = Sheet(3 + len(rows), 10, (1.3, 1.5, 4.7) + (1.3,) * 7, borders=borders)
    sheet.put(0, 0, CHECK_NOTE, 2, 2)
    sheet.put(0, 3, APPLICANT_HEADER[0], 0, 9)
    sheet.put(1, 3, APPLICANT_HEADER[1], 2, 3)
    sheet.put(1, 4, APPLICANT_HEADER[2], 1, 8)
    sheet.put(1, 9, APPLICANT_HEADER[3], 2, 9)
    for i, header in enumerate(APPLICANT_HEADER[4:]):
        sheet.put(2, 4 + i, header)
    spans: dict[str, list[int]] = {}
    for k, row in enumerate(rows, start=3):
        for group in (row.group, row.subgroup):
            if group:
                spans.setdefault(group, []).append(k)
        if row.subgroup:
            sheet.put(k, 2, row.label)
        elif row.group:
            sheet.put(k, 1, row.label, k, 2)
        else:
            sheet.put(k, 0, row.label, k, 2)
        for i, value in enumerate(row.values):
            sheet.put(k, 3 + i, fmt(value))
    for group, at in spans.items():
        column = 0 if group.startswith("三、") else 1
        sheet.put(at[0], column, group, at[-1], column)
    sheet.build(document)


def review_table(document, tables: dict, borders: bool = True) -> None:
    """Table 4: fifteen columns under two levels of merged headers."""
    sheet = Sheet(4, 15, size=8, borders=borders)
    sheet.put(0, 0, REVIEW_HEADER[0], 0, 4)
    sheet.put(0, 5, REVIEW_HEADER[1], 0, 14)
    for i, header in enumerate(REVIEW_HEADER[2:7]):
        sheet.put(1, i, header, 2, i)
    sheet.put(1, 5, REVIEW_HEADER[7], 1, 9)
    sheet.put(1, 10, REVIEW_HEADER[8], 1, 14)
    for i, header in enumerate(REVIEW_HEADER[-10:]):
        sheet.put(2, 5 + i, header)
    for i, value in enumerate(review_values(tables)):
        sheet.put(3, i, fmt(value))
    sheet.build(document)


def report_docx(expected: dict, *, filler_pages: int = 0, running_header: str | None = None,
                before: Sequence[str] | None = None, after: Sequence[str] | None = None,
                appendix_rows: int = 0, borders: bool = True, title_size: float = 16) -> bytes:
    """A report as an agency's Word file: title, prose, the three tables, signature."""
    template, tables = expected["template"], expected["tables"]
    head, tail = prose_parts(expected)
    head = list(before) if before is not None else head
    tail = list(after) if after is not None else tail
    document = new_document()
    document.core_properties.title = expected["title"]
    _chrome(document, running_header)
    _paragraph(document, head[0], center=True, bold=True, size=title_size)
    for line in head[1:]:
        _paragraph(document, line)
    _bookmark(document.paragraphs[-1])
    for _ in range(filler_pages):
        for _ in range(9):
            _paragraph(document, FILLER)
    _paragraph(document, HEADINGS[0], bold=True)
    active_table(document, template, tables, borders)
    _paragraph(document, HEADINGS[1], bold=True)
    application_table(document, template, tables, borders)
    _paragraph(document, HEADINGS[2], bold=True)
    review_table(document, tables, borders)
    for line in tail:
        _paragraph(document, line, right=_is_signature(line))
    if appendix_rows:
        appendix_table(document, appendix_rows)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def appendix_table(document, rows: int) -> None:
    """A long list table (主动公开目录) spanning pages: a realistic long attachment."""
    paragraph = document.add_paragraph()
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    _paragraph(document, "附件:主动公开政府信息目录", bold=True)
    sheet = Sheet(rows + 1, 5, (1.2, 7.4, 3.2, 2.4, 2.4))
    for i, header in enumerate(("序号", "信息名称", "公开时间", "公开方式", "责任科室")):
        sheet.put(0, i, header)
    for k in range(1, rows + 1):
        date = f"2024年{k % 12 + 1}月{k % 28 + 1}日"
        row = (str(k), f"关于做好第{k}批安全生产检查工作的通知", date, "门户网站", "办公室")
        for i, text in enumerate(row):
            sheet.put(k, i, text)
    sheet.build(document)


def two_page_docx(expected: dict) -> bytes:
    """Title, one paragraph, the tables: table 3 breaks across the first page."""
    head, tail = prose_parts(expected)
    return report_docx(expected, before=head[:3], after=tail[-2:], running_header="政府信息公开工作年度报告")


# -- LibreOffice ----------------------------------------------------------

def convert(paths: Sequence[Path], target: str, outdir: Path, timeout: float = 120) -> list[Path]:
    """Convert files in one LibreOffice run (one start-up for all): pdf, doc, docx, odt, rtf."""
    binary = soffice()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    filters = {"pdf": "pdf:writer_pdf_Export", "doc": "doc:MS Word 97", "docx": "docx:MS Word 2007 XML",
               "odt": "odt:writer8", "rtf": "rtf:Rich Text Format"}
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", filters[target], "--outdir", str(outdir), *map(str, paths)],
            check=True, capture_output=True, timeout=timeout, env={**os.environ, "HOME": profile},
        )
    out = [outdir / (p.stem + "." + target) for p in paths]
    missing = [p.name for p in out if not p.is_file()]
    if missing:
        raise RuntimeError(f"LibreOffice produced no {', '.join(missing)}")
    return out

