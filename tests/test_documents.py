"""Attachments (DOCX, PDF, DOC) parse like pages; hostile files get a clear, stored refusal.

Every document is made here, once per session, from two seeds' numbers
(seed000: 2021 template; seed002: 2019 template): a DOCX by python-docx
with the national template's merged cells, the same converted to PDF and
DOC by LibreOffice, a two-page PDF whose table 3 breaks across the page,
and a PDF whose tables have no ruling lines. Hostile files are built beside
them: truncated, encrypted, image-only PDFs, a zip bomb shaped like a DOCX,
files above the limits, bytes overwritten at random.
"""

from __future__ import annotations

import io
import json
import os
import struct
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pymupdf
import pytest
from docx import Document as new_document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreports.clean.blocks import Document, Paragraph, Table
from govreports.clean.documents import DocumentRefused, Limits, extract, office
from govreports.clean.sniff import sniff
from govreports.model import plain_tables, to_json
from tests.conftest import FIXTURES
from tests.docfactory import convert, prose_parts, report_docx, soffice, two_page_docx
from tests.services import service_missing
from tests.shapes import as_tsv

SEEDS = ("seed000_text", "seed002_text")
RUNNING_HEADER = "政府信息公开工作年度报告"
LONG_TITLE = "六盘水市应急管理局(六盘水市地震局)2024年度政府信息公开工作年度报告"  # two centered lines at 22 pt


def expected(seed: str) -> dict:
    return json.loads((FIXTURES / seed / "expected.json").read_text(encoding="utf-8"))


def need_soffice() -> None:
    """LibreOffice is required in CI; locally its absence skips the conversions only."""
    if soffice() is None:
        service_missing("LibreOffice (soffice) is not installed",
                        "LibreOffice (soffice) is not installed, and CI must convert PDF/DOC fixtures")


@pytest.fixture(scope="session")
def docx_files(tmp_path_factory) -> dict[str, Path]:
    """seed000/seed002 as Word files, and the compact two-page report."""
    folder = tmp_path_factory.mktemp("documents")
    files = {seed: folder / f"{seed}.docx" for seed in SEEDS}
    for seed, path in files.items():
        path.write_bytes(report_docx(expected(seed), running_header=RUNNING_HEADER))
    files["two_page"] = folder / "two_page.docx"
    files["two_page"].write_bytes(two_page_docx(expected("seed000_text")))
    files["borderless"] = folder / "borderless.docx"
    files["borderless"].write_bytes(report_docx(expected("seed000_text"), borders=False))
    head, tail = prose_parts(expected("seed000_text"))
    files["long_title"] = folder / "long_title.docx"
    files["long_title"].write_bytes(report_docx(expected("seed000_text"), before=[LONG_TITLE, *head[1:3]], after=tail,
                                                title_size=22))
    return files


@pytest.fixture(scope="session")
def pdf_files(docx_files) -> dict[str, Path]:
    """The Word files printed to PDF by LibreOffice: one start-up for all."""
    need_soffice()
    names = list(docx_files)
    out = convert([docx_files[n] for n in names], "pdf", docx_files[names[0]].parent / "pdf")
    return dict(zip(names, out, strict=True))


@pytest.fixture(scope="session")
def doc_files(docx_files) -> dict[str, Path]:
    """The seeds saved as Word 97 .doc by LibreOffice."""
    need_soffice()
    out = convert([docx_files[s] for s in SEEDS], "doc", docx_files[SEEDS[0]].parent / "doc")
    return dict(zip(SEEDS, out, strict=True))


@pytest.fixture(scope="session")
def odt_rtf_files(docx_files) -> dict[tuple[str, str], Path]:
    """seed000 saved as OpenDocument text and as RTF by LibreOffice."""
    need_soffice()
    seed = SEEDS[0]
    return {(kind, seed): convert([docx_files[seed]], kind, docx_files[seed].parent / kind)[0] for kind in ("odt", "rtf")}


@pytest.fixture(scope="session")
def extracted() -> dict[tuple[str, str], Document]:
    """Extraction results, memoized: DOC conversions start LibreOffice, which is slow."""
    return {}


def extract_file(cache: dict, path: Path, key: tuple[str, str]) -> Document:
    if key not in cache:
        data = path.read_bytes()
        cache[key] = extract(data, sniff(data))
    return cache[key]


def cell_differences(got: dict, want: dict) -> list[str]:
    """Every cell where the parsed tables differ from the expected ones, missing and extra included."""
    diffs = []
    for table in sorted(set(got) | set(want)):
        rows_got, rows_want = got.get(table, {}), want.get(table, {})
        for row in sorted(set(rows_got) | set(rows_want)):
            cells_got, cells_want = rows_got.get(row, {}), rows_want.get(row, {})
            for column in sorted(set(cells_got) | set(cells_want)):
                a, b = cells_got.get(column, "<absent>"), cells_want.get(column, "<absent>")
                if a != b:
                    diffs.append(f"{table}.{row}.{column}: got {a!r}, expected {b!r}")
    return diffs


def assert_parses_like_page(parser, document: Document, seed: str) -> dict:
    report = to_json(parser.parse_document(document))
    want = expected(seed)
    assert cell_differences(report["tables"], want["tables"]) == []
    assert (report["title"], report["agency"], report["year"], report["template"]) == (
        want["title"], want["agency"], want["year"], want["template"])
    assert report["status"] == "parsed"
    assert all(c["ok"] for c in report["checks"]), [c for c in report["checks"] if not c["ok"]]
    return report


def tables_of(document: Document) -> list[list[list[tuple[str, bool]]]]:
    return [b.rows for b in document.blocks if isinstance(b, Table)]


def texts_of(document: Document) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, Paragraph)]


# -- each format parses to the expected tables ----------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_docx_parses_like_the_page(parser, docx_files, extracted, seed) -> None:
    document = extract_file(extracted, docx_files[seed], ("docx", seed))
    assert document.kind == "docx"
    assert document.title == expected(seed)["title"]
    assert_parses_like_page(parser, document, seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_pdf_parses_like_the_page(parser, pdf_files, extracted, seed) -> None:
    document = extract_file(extracted, pdf_files[seed], ("pdf", seed))
    assert (document.kind, document.needs_ocr) == ("pdf", False)
    assert document.pages >= 3
    assert_parses_like_page(parser, document, seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_doc_parses_like_the_page(parser, doc_files, extracted, seed) -> None:
    data = doc_files[seed].read_bytes()
    assert sniff(data) == "doc"
    document = extract_file(extracted, doc_files[seed], ("doc", seed))
    assert document.kind == "doc"
    assert_parses_like_page(parser, document, seed)


@pytest.mark.parametrize("kind", ["odt", "rtf"])
def test_odt_and_rtf_parse_like_the_page(parser, odt_rtf_files, extracted, kind) -> None:
    """An attachment in OpenDocument text or RTF (LibreOffice converts it, as DOC) gives the page's numbers."""
    path = odt_rtf_files[(kind, SEEDS[0])]
    assert sniff(path.read_bytes()) == kind
    document = extract_file(extracted, path, (kind, SEEDS[0]))
    assert document.kind == kind
    assert_parses_like_page(parser, document, SEEDS[0])


@pytest.mark.parametrize("seed", SEEDS)
def test_pdf_blocks_equal_docx_blocks(docx_files, pdf_files, extracted, seed) -> None:
    """Same paragraphs, same grids cell by cell (merged cells as copies) from the PDF as from its DOCX."""
    from_docx = extract_file(extracted, docx_files[seed], ("docx", seed))
    from_pdf = extract_file(extracted, pdf_files[seed], ("pdf", seed))
    assert texts_of(from_pdf) == texts_of(from_docx)
    docx_tables, pdf_tables = tables_of(from_docx), tables_of(from_pdf)
    assert len(pdf_tables) == len(docx_tables) == 3
    assert pdf_tables[:2] == docx_tables[:2]
    # Table 4 is the last thing on a page in seed002: LibreOffice splits its header cells
    # (结果/维持) over the break, so only its values row is compared there.
    assert pdf_tables[2][-1] == docx_tables[2][-1]


def test_two_page_pdf_joins_table_3_across_the_page_break(parser, pdf_files, docx_files, extracted) -> None:
    pdf = pymupdf.open(pdf_files["two_page"])
    assert pdf.page_count == 2
    first, second = pdf[0].get_text(), pdf[1].get_text()
    assert "一、本年新收政府信息公开申请数量" in first and "四、结转下年度继续办理" in second
    document = extract_file(extracted, pdf_files["two_page"], ("pdf", "two_page"))
    applications = tables_of(document)[1]
    assert len(applications) == 3 + 25  # three header rows, every row of the 2021 template, in one table
    assert applications == tables_of(extract_file(extracted, docx_files["two_page"], ("docx", "two_page")))[1]
    # The group label cut by the break is carried on as a copy, like a rowspan.
    assert applications[-2][:2] == [("三、本年度办理结果", True), ("(七)总计", False)]
    report = assert_parses_like_page(parser, document, "seed000_text")
    assert report["title"] == "市应急局2024年政府信息公开工作年度报告"


def test_borderless_pdf_tables_are_rebuilt_from_word_positions(parser, pdf_files, extracted) -> None:
    """No ruling lines: rows from column gaps, a cell's wrapped lines folded back into its row."""
    document = extract_file(extracted, pdf_files["borderless"], ("pdf", "borderless"))
    applications = next(t for t in tables_of(document) if len(t) > 20)
    label = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    assert [t for t, _ in applications[-4]] == [label, *["0"] * 7]
    assert_parses_like_page(parser, document, "seed000_text")


def test_pdf_title_on_two_centered_lines_is_one_paragraph(parser, pdf_files, extracted) -> None:
    document = extract_file(extracted, pdf_files["long_title"], ("pdf", "long_title"))
    first_line = pymupdf.open(pdf_files["long_title"])[0].get_text().split("\n")[0].replace(" ", "")
    assert LONG_TITLE.startswith(first_line) and len(first_line) < len(LONG_TITLE)  # the title wraps
    assert texts_of(document)[0] == LONG_TITLE
    report = parser.parse_document(document)
    assert (report.title, report.agency, report.year) == (LONG_TITLE, "六盘水市应急管理局", 2024)


def test_pdf_drops_running_header_and_page_numbers(pdf_files, extracted) -> None:
    document = extract_file(extracted, pdf_files["seed000_text"], ("pdf", "seed000_text"))
    texts = texts_of(document)
    assert RUNNING_HEADER not in texts
    assert not any(t.strip("- ").isdigit() for t in texts), texts
    assert texts[0] == "市应急局2024年政府信息公开工作年度报告"
    assert texts[-2:] == ["六盘水市应急管理局", "2025年1月19日"]  # the signature, not glued to the prose


def test_docx_merged_cells_expand_like_rowspan_and_colspan(docx_files, extracted) -> None:
    active, applications, review = tables_of(extract_file(extracted, docx_files["seed000_text"],
                                                          ("docx", "seed000_text")))
    assert active[0] == [("第二十条第(一)项", False)] + [("第二十条第(一)项", True)] * 3
    assert applications[3][:3] == [("一、本年新收政府信息公开申请数量", False)] + [
        ("一、本年新收政府信息公开申请数量", True)] * 2
    assert applications[5][:3] == [("三、本年度办理结果", False), ("(一)予以公开", False), ("(一)予以公开", True)]
    assert applications[7][:3] == [("三、本年度办理结果", True), ("(三)不予公开", False), ("1.属于国家秘密", False)]
    assert applications[8][:3] == [("三、本年度办理结果", True), ("(三)不予公开", True),
                                   ("2.其他法律行政法规禁止公开", False)]
    assert [len(row) for row in applications] == [10] * 28
    assert review[2][:6] == [("结果维持", True), ("结果纠正", True), ("其他结果", True), ("尚未审结", True),
                             ("总计", True), ("结果维持", False)]


def test_docx_text_has_no_bookmark_or_field_noise(docx_files, extracted) -> None:
    document = extract_file(extracted, docx_files["seed000_text"], ("docx", "seed000_text"))
    everything = "\n".join(texts_of(document) + [t for g in tables_of(document) for r in g for t, _ in r])
    assert "bookmark" not in everything and "_GoBack" not in everything and "PAGE" not in everything


def test_docx_layout_table_around_the_report(parser, docx_files) -> None:
    """A report wrapped in a one-cell layout table: the tables inside are read as tables."""
    document = new_document(io.BytesIO(docx_files["seed000_text"].read_bytes()))
    body = document.element.body
    children = [c for c in body if c.tag != qn("w:sectPr")]
    tbl, tr, tc = OxmlElement("w:tbl"), OxmlElement("w:tr"), OxmlElement("w:tc")
    tbl.append(OxmlElement("w:tblGrid"))
    tbl.append(tr)
    tr.append(tc)
    for child in children:
        tc.append(child)
    body.insert(0, tbl)
    out = io.BytesIO()
    document.save(out)
    extracted_document = extract(out.getvalue(), "docx")
    assert len(tables_of(extracted_document)) == 3
    assert_parses_like_page(parser, extracted_document, "seed000_text")


def test_docx_typed_with_tabs_instead_of_a_table(parser) -> None:
    """Rows typed with tabs (no Word table) are read as rows."""
    want = expected("seed000_text")
    document = new_document()
    document.core_properties.title = want["title"]
    document.add_paragraph(want["title"])
    for line in as_tsv("2021", want["tables"]).splitlines():
        document.add_paragraph(line)
    document.add_paragraph("六盘水市应急管理局")
    document.add_paragraph("2025年1月19日")
    out = io.BytesIO()
    document.save(out)
    report = parser.parse_document(extract(out.getvalue(), "docx"))
    assert cell_differences(plain_tables(report.tables), want["tables"]) == []
    assert report.agency == "六盘水市应急管理局"


# -- hostile and broken files: each a clear refusal --------------------------------

def refused(data: bytes, kind: str, limits: Limits | None = None) -> str:
    with pytest.raises(DocumentRefused) as info:
        extract(data, kind, limits)
    assert info.value.reason == str(info.value)
    return info.value.reason


def test_truncated_pdf_is_refused(pdf_files) -> None:
    data = pdf_files["seed000_text"].read_bytes()
    for cut in (len(data) // 2, len(data) - 100):
        assert refused(data[:cut], "pdf").startswith("truncated PDF: it ends after")


def test_pdf_with_junk_after_its_end_is_read(parser, pdf_files) -> None:
    data = pdf_files["seed000_text"].read_bytes() + b"<html><body>error</body></html>\n" * 200
    assert_parses_like_page(parser, extract(data, "pdf"), "seed000_text")


def test_damaged_pdf_is_refused() -> None:
    assert refused(b"%PDF-1.7\n" + b"\x00garbage" * 500 + b"\n%%EOF\n", "pdf").startswith("damaged PDF")


def test_a_glyph_mapped_to_a_lone_surrogate_reads_as_an_unknown_character(parser) -> None:
    """One byte changed in a compressed stream of a real PDF (damage in transfer; found by mutating it) maps
    glyphs of its title to lone surrogates, which no encoding holds (OpenCC failed on them): they read as
    U+FFFD, and the report keeps every cell."""
    data = (Path(__file__).parent / "oracle" / "shuyang_fgj_2023" / "derived" / "print.pdf").read_bytes()
    damaged = data[:195524] + b"D" + data[195525:]
    whole = parser.parse_bytes(data, "http://a.test/r.pdf", "application/pdf")
    report = parser.parse_bytes(damaged, "http://a.test/r.pdf", "application/pdf")
    assert report.status == "parsed"
    assert "\ufffd" in report.text and "\ufffd" not in whole.text
    assert plain_tables(report.tables) == plain_tables(whole.tables)


def test_encrypted_pdf_is_refused(pdf_files) -> None:
    source = pymupdf.open(pdf_files["two_page"])
    data = source.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    assert refused(data, "pdf") == "encrypted PDF: it needs a password to open"


def test_pdf_encrypted_with_an_empty_user_password_is_read(parser, pdf_files) -> None:
    source = pymupdf.open(pdf_files["two_page"])
    data = source.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="", owner_pw="owner",
                          permissions=pymupdf.PDF_PERM_PRINT)
    assert_parses_like_page(parser, extract(data, "pdf"), "seed000_text")


def image_only_pdf(source: Path) -> bytes:
    """Each page rendered to a picture: a scan, with no text layer."""
    pages = pymupdf.open(source)
    scan = pymupdf.open()
    for page in pages:
        new = scan.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, pixmap=page.get_pixmap(dpi=72))
    return scan.tobytes()


def test_image_only_pdf_needs_ocr_with_its_page_count(parser, pdf_files) -> None:
    """With OCR switched off (tests/test_ocr.py reads such scans): needs_ocr, its pages, and why."""
    document = extract(image_only_pdf(pdf_files["seed000_text"]), "pdf", Limits(ocr=False))
    assert (document.needs_ocr, document.pages, document.blocks) == (True, 4, [])
    report = parser.parse_document(document)
    assert report.status == "needs_ocr"
    assert "4 pages" in report.reason and report.reason.endswith("not run: OCR is switched off")


def test_pdf_whose_tables_are_pictures_needs_ocr(parser, pdf_files) -> None:
    """A text layer, but the tables pasted as a picture: no table, a large image → needs_ocr."""
    picture = pymupdf.open(pdf_files["two_page"])[0].get_pixmap(dpi=60)
    out = pymupdf.open()
    page = out.new_page()
    page.insert_text((72, 72), "某市应急管理局2024年政府信息公开工作年度报告", fontname="china-s", fontsize=14)
    page.insert_text((72, 100), "二、主动公开政府信息情况", fontname="china-s")
    page.insert_image(pymupdf.Rect(60, 120, 540, 760), pixmap=picture)
    document = extract(out.tobytes(), "pdf", Limits(ocr=False))
    assert tables_of(document) == []
    assert texts_of(document)[0] == "某市应急管理局2024年政府信息公开工作年度报告"
    assert (document.needs_ocr, document.pages) == (True, 1)
    report = parser.parse_document(document)
    assert (report.status, report.title) == ("needs_ocr", "某市应急管理局2024年政府信息公开工作年度报告")


def test_docx_whose_tables_are_pictures_needs_ocr(parser, pdf_files) -> None:
    picture = pymupdf.open(pdf_files["two_page"])[0].get_pixmap(dpi=50).tobytes("png")
    document = new_document()
    document.add_paragraph("某市应急管理局2024年政府信息公开工作年度报告")
    document.add_paragraph("二、主动公开政府信息情况")
    document.add_picture(io.BytesIO(picture), width=Cm(15))
    out = io.BytesIO()
    document.save(out)
    extracted_document = extract(out.getvalue(), "docx")
    assert extracted_document.needs_ocr and tables_of(extracted_document) == []
    assert parser.parse_document(extracted_document).status == "needs_ocr"


def zip_entry(name: str, payload: bytes, crc: int, size: int, offset: int) -> tuple[bytes, bytes]:
    """A deflated entry's local header + data, and its central directory record."""
    encoded = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(payload), size, len(encoded), 0)
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(payload), size,
                          len(encoded), 0, 0, 0, 0, 0, offset)
    return local + encoded + payload, central + encoded


def zip_bomb_docx(inflated: int = 1 << 30) -> bytes:
    """A DOCX-shaped zip whose word/document.xml inflates to 1 GiB of spaces from about 1 MB.

    Deflate blocks ended by a full flush are independent, so one compressed
    16 MiB block repeated is a valid stream; the CRC is the real one.
    """
    chunk = b" " * (16 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush()
    count = inflated // len(chunk)
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    small = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               b'content-types"><Override PartName="/word/document.xml" ContentType="application/'
                               b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                       b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                       b'</Relationships>',
    }
    entries = [(name, zlib.compress(raw, 9)[2:-4], zlib.crc32(raw), len(raw)) for name, raw in small.items()]
    entries.insert(1, ("word/document.xml", first + block * count + tail, crc, len(head) + count * len(chunk)))
    body, directory = b"", b""
    for name, payload, entry_crc, size in entries:
        local, central = zip_entry(name, payload, entry_crc, size, len(body))
        body += local
        directory += central
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    return body + directory + end


def test_zip_bomb_docx_is_refused_before_inflating() -> None:
    bomb = zip_bomb_docx()
    assert len(bomb) < 2_000_000 and sniff(bomb) == "docx"
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:  # a well-formed zip, honest about its sizes
        assert archive.getinfo("word/document.xml").file_size > 1 << 30
        inflated = sum(entry.file_size for entry in archive.infolist())
    tracemalloc.start()
    started = time.perf_counter()
    try:
        reason = refused(bomb, "docx")
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert reason == (f"DOCX would inflate to {inflated:,} bytes, above the limit of {Limits().max_unzipped_bytes:,} "
                      "bytes (zip bomb?)")
    assert "zip bomb" in reason
    assert time.perf_counter() - started < 1.0 and peak < 20_000_000


def test_docx_with_too_many_entries_is_refused(docx_files) -> None:
    data = docx_files["seed000_text"].read_bytes()
    assert "zip entries, above the limit of 5" in refused(data, "docx", Limits(max_zip_entries=5))


def test_docx_with_too_much_xml_is_refused(docx_files) -> None:
    data = docx_files["seed000_text"].read_bytes()
    assert "bytes of XML, above the limit of 1,000 bytes" in refused(data, "docx", Limits(max_xml_bytes=1000))


def test_docx_above_max_bytes_is_refused(docx_files) -> None:
    data = docx_files["seed000_text"].read_bytes()
    assert refused(data, "docx", Limits(max_bytes=10_000)) == (
        f"DOCX of {len(data):,} bytes is above the limit of 10,000 bytes")


def test_pdf_above_max_pages_is_refused() -> None:
    blank = pymupdf.open()
    for _ in range(Limits().max_pages + 1):
        blank.new_page()
    assert refused(blank.tobytes(), "pdf") == "PDF has 301 pages, above the limit of 300"


def test_time_limit_is_a_refusal(docx_files, pdf_files) -> None:
    over = Limits(max_seconds=0)
    reason = refused(pdf_files["two_page"].read_bytes(), "pdf", over)
    assert reason.startswith("time limit of 0 s exceeded (after 0 of 2 pages")
    assert refused(docx_files["seed000_text"].read_bytes(), "docx", over).startswith("time limit of 0 s exceeded")


def test_damaged_docx_is_refused() -> None:
    assert refused(b"PK\x03\x04" + b"\x00" * 200, "docx").startswith("damaged DOCX: not a readable zip archive")
    not_word = io.BytesIO()
    with zipfile.ZipFile(not_word, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert refused(not_word.getvalue(), "docx").startswith("damaged DOCX")


def test_doc_without_libreoffice_is_refused_clearly(monkeypatch) -> None:
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    reason = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000, "doc")
    assert reason.startswith("LibreOffice (soffice) is not installed: DOC, WPS, ODT and RTF files need it")


def test_libreoffice_over_the_time_limit_is_killed_and_refused(doc_files, monkeypatch) -> None:
    monkeypatch.setattr(office, "MIN_SECONDS", 0.05)
    reason = refused(doc_files["seed000_text"].read_bytes(), "doc", Limits(max_seconds=0.05))
    assert reason == "time limit of 0.05 s exceeded converting with LibreOffice"


def test_doc_that_libreoffice_cannot_convert_is_refused() -> None:
    need_soffice()
    reason = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000, "doc")
    assert reason.startswith("LibreOffice could not convert the document to DOCX")


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_damaged_bytes_give_a_document_or_a_refusal(request, kind) -> None:
    """Bytes overwritten anywhere in a real file: a result or a DocumentRefused, never another exception."""
    data = request.getfixturevalue(f"{kind}_files")["two_page"].read_bytes()

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(at=st.integers(min_value=0, max_value=len(data) - 1), junk=st.binary(min_size=1, max_size=64))
    def check(at: int, junk: bytes) -> None:
        try:
            document = extract(data[:at] + junk + data[at + len(junk):], kind)
        except DocumentRefused as refusal:
            assert refusal.reason
        else:
            assert isinstance(document, Document)

    check()


def test_unknown_kind_is_refused() -> None:
    assert refused(b"<html></html>", "html").startswith("not an attachment kind this extractor reads: 'html'")


# -- long tables: joined in linear work, within the deadline -----------------------------------

def _ruled_part(rows: int, page: int = 0, top: float = 100.0):
    """A ruled table part: a label column and one value column, `rows` rows of 20 points."""
    from govreports.clean.documents import pdfgrid

    cells = []
    for r in range(rows):
        y0 = top + 20 * r
        cells.append(pdfgrid.Cell(50, y0, 150, y0 + 20, text=f"第{page}页第{r}行"))
        cells.append(pdfgrid.Cell(150, y0, 200, y0 + 20, text=str(r)))
    return pdfgrid.rebuild(cells)


def test_joining_a_table_over_many_pages_builds_each_part_once(monkeypatch) -> None:
    from govreports.clean.documents import pdfgrid

    calls = {"grid": 0, "rebuild": 0}
    grid, rebuild = pdfgrid.grid, pdfgrid.rebuild
    parts = [_ruled_part(30, page) for page in range(200)]
    monkeypatch.setattr(pdfgrid, "grid", lambda t: calls.__setitem__("grid", calls["grid"] + 1) or grid(t))
    monkeypatch.setattr(pdfgrid, "rebuild", lambda c: calls.__setitem__("rebuild", calls["rebuild"] + 1) or rebuild(c))
    joined = pdfgrid.join(parts)
    assert calls == {"grid": 200, "rebuild": 1}  # the first part's header once, each continuation once
    assert len(joined.ys) - 1 == 200 * 30


def test_the_document_deadline_reaches_the_table_joining() -> None:
    from govreports.clean.documents.limits import Deadline
    from govreports.clean.documents.pdf import Page, blocks

    pages = [Page(number=k, height=842.0, tables=[_ruled_part(5)]) for k in range(3)]
    with pytest.raises(DocumentRefused, match="time limit"):
        blocks(pages, Deadline(0.0, started=time.monotonic() - 1))


# -- a page printed to PDF by a browser, its columns sized to their content -----------------------

NARROW_ROWS = (("一、本年新收政府信息公开申请数量", (12, 3, 0, 1, 0, 6, 22)),
               ("二、上年结转政府信息公开申请数量", (0, 0, 0, 0, 0, 0, 0)),
               ("(七)总计", (10, 3, 0, 1, 0, 6, 20)),
               ("四、结转下年度继续办理", (2, 0, 0, 0, 0, 0, 2)))


def _printed_pdf(tmp_path: Path, html: str) -> bytes:
    """The page printed by real Chromium (Debian's), as a user's 'save as PDF' does."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("GOVREPORTS_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        pytest.fail(f"Chromium not found at {chromium} (scripts/system-deps installs it)")
    page_file = tmp_path / "page.html"
    page_file.write_text(html, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            return page.pdf(format="A4")
        finally:
            browser.close()


def test_a_page_printed_with_columns_sized_to_their_content_keeps_its_cells_apart(parser, tmp_path) -> None:
    """No padding, no borders: 其他 6 and 总计 22 stand close, and must not read 622."""
    cells = "".join(f"<tr><td>{label}</td>{''.join(f'<td style=padding:0>{v}</td>' for v in values)}</tr>"
                    for label, values in NARROW_ROWS)
    html = ("<html><head><meta charset=utf-8></head><body><p>某局2024年政府信息公开工作年度报告</p>"
            "<p>三、收到和处理政府信息公开申请情况</p><table cellpadding=0 cellspacing=0 style=font-size:10pt>"
            "<tr><td>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
            f"<td>法律服务机构</td><td>其他</td><td>总计</td></tr>{cells}</table></body></html>")
    report = parser.parse_bytes(_printed_pdf(tmp_path, html))
    tables = plain_tables(report.tables)["applications"]
    for (label, values), code in zip(NARROW_ROWS, ("new_received", "carried_over", "total_processed",
                                                   "carried_forward")):
        assert tuple(tables[code].values()) == values, label


def test_a_border_drawn_twice_half_a_point_apart_stays_one_line_beside_another_table() -> None:
    """LibreOffice strokes each border twice, 0.5 pt apart: the vertical strokes near x = 401 of page 4 of
    shanghai_bgt_2019's Word file printed to PDF, as measured (table 1 at 401.65/402.15, table 3 lower at
    400.35/400.85). Grouping positions by rounding split them into two groups, and the lower table's line
    swallowed table 1's: its columns 本年新公开数量 and 对外公开总数量 read as one cell ('13 524')."""
    from govreports.clean.documents.pdfgrid import Segment, merge_segments

    spans = ((29.6, 62.6), (62.8, 96.6), (130.7, 164.5), (164.7, 198.4), (198.6, 232.4), (266.5, 300.3),
             (300.5, 334.2), (334.4, 368.2))
    table_1 = [Segment(at, a, b) for a, b in spans for at in (402.15, 401.65)]
    table_3 = [Segment(at, a, b) for a, b in ((637.2, 670.9), (671.1, 704.9), (705.1, 738.8), (739.0, 772.8),
                                               (773.0, 806.0)) for at in (400.85, 400.35)]
    merged = {(round(s.a, 1), round(s.b, 1)) for s in merge_segments(table_1 + table_3)}
    assert merged == {(29.6, 96.6), (130.7, 232.4), (266.5, 368.2), (637.2, 806.0)}


def _row(cells: list[tuple[float, float, str]], y0: float, y1: float):
    from govreports.clean.documents import pdfgrid

    return [pdfgrid.Cell(x0, y0, x1, y1, text=text) for x0, x1, text in cells]


def test_a_row_cut_by_a_page_break_with_its_total_below_the_break_is_one_row() -> None:
    """pingtan_jtj_2024's Word file printed to PDF: row 一 of table 3 is cut by the page break; its label runs on
    (一、本年新收政府信息公 | 开申请数量), 自然人's 58 and the zeros print above the break, the centred 总计 58 below."""
    from govreports.clean.documents import pdfgrid

    columns = [(50, 150), (150, 180), (180, 210), (210, 240)]
    header = _row([(x0, x1, t) for (x0, x1), t in zip(columns, ("", "自然人", "商业企业", "总计"))], 700, 720)
    upper = _row([(x0, x1, t) for (x0, x1), t in zip(columns, ("一、本年新收政府信息公", "58", "0", ""))], 720, 740)
    lower = _row([(x0, x1, t) for (x0, x1), t in zip(columns, ("开申请数量", "", "", "58"))], 60, 80)
    after = _row([(x0, x1, t) for (x0, x1), t in zip(columns, ("二、上年结转政府信息公开申请数量", "0", "0", "0"))], 80, 100)
    joined = pdfgrid.grid(pdfgrid.join([pdfgrid.rebuild(header + upper), pdfgrid.rebuild(lower + after)]))
    assert [[t for t, _ in row] for row in joined[1:]] == [
        ["一、本年新收政府信息公开申请数量", "58", "0", "58"],
        ["二、上年结转政府信息公开申请数量", "0", "0", "0"],
    ]


def test_rows_on_either_side_of_a_page_break_stay_apart_when_the_lower_opens_a_numbered_item() -> None:
    """Numbers on both sides in different columns are no cut row when the lower label opens an item of its own."""
    from govreports.clean.documents import pdfgrid

    columns = [(50, 150), (150, 180), (180, 210)]
    upper = _row([(x0, x1, t) for (x0, x1), t in zip(columns, ("3.危及“三安全一稳定”", "2", ""))], 720, 740)
    lower = _row([(x0, x1, t) for (x0, x1), t in zip(columns, ("4.保护第三方合法权益", "", "1"))], 60, 80)
    joined = pdfgrid.grid(pdfgrid.join([pdfgrid.rebuild(upper), pdfgrid.rebuild(lower)]))
    assert [[t for t, _ in row] for row in joined] == [["3.危及“三安全一稳定”", "2", ""], ["4.保护第三方合法权益", "", "1"]]
