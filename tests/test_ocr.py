"""Tables printed as pictures, read by OCR: rendered by real Chromium from known numbers, read back exactly.

Every picture is rendered once per session (one Chromium) and read once
(OCR takes seconds on two cores); the tests share those readings. Both
templates, three fonts, sizes from 9 to 12 pt, 150 and 200 dpi, JPEG
compression, slight rotation and blur, a Word-like table with narrow
merged label cells, a three-page scanned PDF whose tables run over the
page breaks, and report pages whose table 3 is an <img>.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from devtools.oracle import scanned
from govreports.clean.documents.limits import Limits
from govreports.model import Cell, Report, plain_tables, to_json
from govreports.render import render_table
from govreports.report import ReportParser
from govreports.understand import labels
from govreports.understand.checks import LOW_CONFIDENCE, run_checks
from tests.ocrfactory import (
    SEED003_PICTURE,
    Damage,
    Style,
    chromium_path,
    consistent_tables,
    damaged,
    page_pictures,
    report_page_html,
    scanned_pdf,
    screenshots,
    seed003_tables,
    tables_html,
    word_table_html,
)

SAMPLES = Path(__file__).resolve().parent.parent / "govreports" / "samples"
SEED003 = Path(__file__).parent / "fixtures" / "reports" / "seed003_trs"
PAGE_URL = "http://yjj.example.gov.cn/xxgk/2025/t20250120_1.html"
PICTURE_URL = "http://yjj.example.gov.cn/xxgk/2025/W020250120_table3.png"
MIN_CELL_ACCURACY = 0.99
# Identities every complete reading evaluates: per column (7) balance and 办理总计, per row its total, per group table 4.
IDENTITIES = {"applications.balance": 7, "applications.total_processed": 7, "review_litigation.total": 3}


@dataclass(frozen=True)
class Case:
    """A picture (or a document made of pictures) and the numbers it prints."""

    name: str
    data: bytes
    tables: dict
    template: str
    dpi: int
    images: dict | None = None
    url: str | None = None


@pytest.fixture(scope="session")
def cases() -> dict[str, Case]:
    """Every test document, rendered in one Chromium session."""
    if not Path(chromium_path()).exists():
        pytest.fail(f"Chromium not found at {chromium_path()} (scripts/system-deps installs it)")
    plain, serif, word = Style(), Style(font="'DejaVu Serif','WenQuanYi Zen Hei'", size_pt=12, dpi=200), \
        Style(font="'WenQuanYi Zen Hei Sharp'", size_pt=9, dpi=150)
    t2021, t2019, tword, tpage = (consistent_tables("2021", 1), consistent_tables("2019", 2),
                                  consistent_tables("2021", 5), consistent_tables("2021", 6))
    shots = screenshots([(tables_html("2021", t2021, plain), plain.scale),
                         (tables_html("2019", t2019, serif), serif.scale),
                         (word_table_html("2021", tword, word), word.scale)])
    [[table3]] = screenshots([(tables_html("2021", tpage, plain), plain.scale)], selector="table:nth-of-type(2)")
    scan_style = Style(size_pt=9, dpi=150)
    tscan = consistent_tables("2021", 7)
    pages = [damaged(p, Damage(rotate=0.4, jpeg=75)) for p in page_pictures("2021", tscan, 2024, scan_style)]
    inline = report_page_html("2021", tpage, 2024, "data:image/png;base64," + base64.b64encode(table3).decode())
    pasted = pdf_with_picture(table3, plain.dpi)
    return {case.name: case for case in (
        Case("2021 tables, 10.5 pt, 150 dpi", shots[0][0], t2021, "2021", 150),
        Case("2019 tables, serif digits 12 pt, 200 dpi, rotated 0.8°, blurred, JPEG 70",
             damaged(shots[1][0], Damage(rotate=0.8, blur=1.0, jpeg=70)), t2019, "2019", 200),
        Case("Word-like table 3, merged labels, bitmap font 9 pt, 150 dpi, rotated -0.5°, JPEG 60",
             damaged(shots[2][0], Damage(rotate=-0.5, jpeg=60)), {"applications": tword["applications"]}, "2021", 150),
        Case("scanned PDF, 3 pages, 150 dpi, JPEG 75", scanned_pdf(pages, 150), tscan, "2021", 150),
        Case("page with table 3 as <img>", report_page_html("2021", tpage, 2024, "W020250120_table3.png").encode(),
             tpage, "2021", 150, {PICTURE_URL: table3}, PAGE_URL),
        Case("page with table 3 as a data: URI", inline.encode(), tpage, "2021", 150, None, PAGE_URL),
        Case("PDF with a text layer, table 3 pasted as a picture", pasted, {"applications": tpage["applications"]},
             "2021", 150),
    )}


def pdf_with_picture(png: bytes, dpi: int) -> bytes:
    """A Word file saved as PDF whose table 3 was pasted as a picture: the title and heading are text."""
    import pymupdf

    picture = pymupdf.Pixmap(png)
    width, height = picture.width * 72 / dpi, picture.height * 72 / dpi  # pasted at its own resolution
    out = pymupdf.open()
    page = out.new_page(width=max(595, width + 100), height=842)
    page.insert_text((72, 72), "某市应急管理局2024年政府信息公开工作年度报告", fontname="china-s", fontsize=14)
    page.insert_text((72, 100), "三、收到和处理政府信息公开申请情况", fontname="china-s", fontsize=11)
    page.insert_image(pymupdf.Rect(50, 115, 50 + width, 115 + height), stream=png)
    return out.tobytes()


@pytest.fixture(scope="session")
def readings(parser: ReportParser, cases: dict[str, Case]) -> dict[str, Report]:
    return {name: parser.parse_bytes(case.data, case.url, images=case.images) for name, case in cases.items()}


def _cells(tables: dict) -> dict[tuple[str, str, str], object]:
    return {(t, r, c): v for t, rows in tables.items() for r, cells in rows.items() for c, v in cells.items()}


CASES = ["2021 tables, 10.5 pt, 150 dpi",
         "2019 tables, serif digits 12 pt, 200 dpi, rotated 0.8°, blurred, JPEG 70",
         "Word-like table 3, merged labels, bitmap font 9 pt, 150 dpi, rotated -0.5°, JPEG 60",
         "scanned PDF, 3 pages, 150 dpi, JPEG 75",
         "page with table 3 as <img>",
         "page with table 3 as a data: URI",
         "PDF with a text layer, table 3 pasted as a picture"]


@pytest.mark.parametrize("name", CASES)
def test_numbers_come_back_exactly_and_every_check_passes(cases, readings, name) -> None:
    case, report = cases[name], readings[name]
    assert report.status == "parsed", report.reason
    assert report.template == case.template
    assert plain_tables(report.tables) == case.tables
    assert [c for c in report.checks if not c.ok] == []
    found = {name: sum(1 for c in report.checks if c.check == name) for name in IDENTITIES}
    wanted = {name: n for name, n in IDENTITIES.items() if name.split(".")[0] in case.tables}
    assert {n: found[n] for n in wanted} == wanted  # every identity evaluable
    rows = len(case.tables["applications"])
    assert sum(1 for c in report.checks if c.check == "applications.row_total") == rows
    assert report.ocr
    assert any(c.check == "applications.ocr_confidence" and c.ok for c in report.checks)


def test_cell_accuracy_at_150_dpi_and_above(cases, readings) -> None:
    right = total = 0
    for name, case in cases.items():
        assert case.dpi >= 150
        expected, got = _cells(case.tables), _cells(plain_tables(readings[name].tables))
        total += len(expected)
        right += sum(1 for key, value in expected.items() if got.get(key) == value)
    assert total > 1000
    assert right / total >= MIN_CELL_ACCURACY, f"{right}/{total} cells right"


def test_a_scanned_pdf_gives_its_text_too(readings) -> None:
    report = readings["scanned PDF, 3 pages, 150 dpi, JPEG 75"]
    assert report.document_type == "pdf"
    assert report.title == "某市应急管理局2024年政府信息公开工作年度报告"
    assert report.year == 2024


def test_each_value_keeps_its_raw_text_and_confidence(readings) -> None:
    report = readings["2021 tables, 10.5 pt, 150 dpi"]
    cell = report.tables["applications"]["new_received"]["total"]
    assert cell.raw == str(cell.value) and LOW_CONFIDENCE <= cell.confidence <= 1
    document = to_json(report)
    assert document["ocr"] is True
    assert set(document["confidence"]) == set(document["tables"])
    assert document["confidence"]["applications"]["new_received"]["total"] == round(cell.confidence, 3)
    json.dumps(document, allow_nan=False)


def test_a_page_names_the_pictures_its_missing_table_may_be_in(parser, cases) -> None:
    case = cases["page with table 3 as <img>"]
    report = parser.parse_bytes(case.data, case.url)  # no pictures given: the text alone
    assert report.wanted_images == [PICTURE_URL]  # the logo before the body is not wanted
    assert "applications" not in report.tables and not report.ocr
    assert any(c.check == "applications.complete" and not c.ok for c in report.checks)


def test_seed003_reads_its_application_table_from_the_picture(parser) -> None:
    """The real page (GBK TRS, its table 3 an <img>) with the picture the sample site serves where it points."""
    meta = json.loads((SEED003 / "meta.json").read_text(encoding="utf-8"))
    body = (SEED003 / "body.html").read_bytes()
    plain = parser.parse_bytes(body, meta["url"], meta["content_type"])
    [wanted] = plain.wanted_images
    assert wanted.endswith("/202001/W020200120398571246815.png")
    site = SAMPLES / "site" / "yjt.sc" / "scyjt" / "xxgkgzndbg" / "202001" / "W020200120398571246815.png"
    assert site.read_bytes() == (SAMPLES / SEED003_PICTURE).read_bytes()
    report = parser.parse_bytes(body, meta["url"], meta["content_type"], images={wanted: site.read_bytes()})
    assert report.template == "2019" and report.ocr
    assert plain_tables(report.tables) == seed003_tables()
    failed = {c.check for c in report.checks if not c.ok}
    # The page names tables 2 and 4 and prints neither (the real page has no other picture): still flagged.
    assert failed == {"active.complete", "review_litigation.complete"}
    assert any(c.check == "prose.new_received" and c.ok for c in report.checks)  # 5 in the prose, 5 in the picture


# -- limits, and OCR that cannot or may not run -------------------------------------------------

def test_a_picture_above_the_pixel_limit_fails_with_its_reason(cases) -> None:
    report = ReportParser(limits=Limits(max_pixels=1_000_000)).parse_bytes(cases[CASES[0]].data)
    assert report.status == "failed"
    assert "above the limit of 1,000,000 pixels" in report.reason


def test_ocr_over_its_time_fails_with_its_reason(cases) -> None:
    report = ReportParser(limits=Limits(max_ocr_seconds=0.0)).parse_bytes(cases[CASES[0]].data)
    assert report.status == "failed"
    assert "time limit of 0 s exceeded (OCR" in report.reason


def test_a_scan_with_more_pages_than_the_ocr_limit_fails(cases) -> None:
    report = ReportParser(limits=Limits(max_ocr_pages=2)).parse_bytes(cases["scanned PDF, 3 pages, 150 dpi, JPEG 75"].data)
    assert report.status == "failed"
    assert report.reason == "PDF has 3 pages to read by OCR, above the limit of 2"


@pytest.mark.parametrize("name", [CASES[0], "scanned PDF, 3 pages, 150 dpi, JPEG 75"])
def test_ocr_switched_off_leaves_needs_ocr(cases, name) -> None:
    report = ReportParser(limits=Limits(ocr=False)).parse_bytes(cases[name].data)
    assert report.status == "needs_ocr"
    assert report.reason.endswith("and not run: OCR is switched off")


# -- confidence, flagged not fixed ------------------------------------------------------------

def test_a_low_confidence_value_is_flagged_with_its_row_and_column() -> None:
    tables = {"applications": {"new_received": {c: Cell(1, "1", 0.99) for c in labels.APPLICANT_COLUMNS}}}
    tables["applications"]["new_received"]["research"] = Cell(1, "1", 0.31)
    checks = [c for c in run_checks(tables, "2021", "") if c.check.endswith("ocr_confidence")]
    assert [(c.ok, c.row, c.column, c.found) for c in checks] == [(False, "new_received", "research", 0.31)]
    report = Report(template="2021", tables=tables, checks=checks, ocr=True)
    assert "  ! applications.ocr_confidence new_received research: expected 0.5, found 0.31" in render_table(report)
    assert report.tables["applications"]["new_received"]["research"].value == 1  # kept as read


def test_values_read_from_text_carry_no_confidence(parsed) -> None:
    assert all("ocr" not in document and "confidence" not in document for document in parsed.values())


def test_the_database_records_ocr_and_each_confidence(parser, readings, database_url) -> None:
    from sqlalchemy import text

    from govreports.store.engine import make_engine, upgrade
    from govreports.store.writer import Capture, Store

    engine = make_engine(database_url)
    try:
        upgrade(engine)
        store = Store(engine)
        store.store(readings[CASES[0]], Capture.of("http://a.example.gov.cn/t.png", b"png", "image/png"))
        store.store(parser.parse_text("某局2024年政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况"),
                    Capture.of("http://b.example.gov.cn/t.html", b"html", "text/html"))
        with engine.connect() as connection:
            assert sorted(connection.execute(text("SELECT CAST(ocr AS INTEGER) FROM v_reports")).scalars()) == [0, 1]
            low, high, unread = connection.execute(text(
                "SELECT MIN(confidence), MAX(confidence), SUM(CASE WHEN confidence IS NULL THEN 1 ELSE 0 END) "
                "FROM table_cells")).one()
            assert LOW_CONFIDENCE <= low <= high <= 1 and unread == 0
    finally:
        engine.dispose()


def test_a_zero_printed_against_its_cells_border_is_read_as_zero(parser) -> None:
    """pingtan_gwh_2022's Word file printed by LibreOffice (tests/oracle, derived/libreoffice.pdf), its table 3's first
    page scanned at 150 dpi: row 二's 商业企业 0 sits against its cell's left border, and a crop that kept the
    border's stroke read it as 10 (confidence 0.505, above the flag's threshold)."""
    case = Path(__file__).parent / "oracle" / "pingtan_gwh_2022"
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))["tables"]["applications"]
    report = parser.parse_bytes(scanned((case / "derived" / "libreoffice.pdf").read_bytes(), 150, [3]))
    read = report.tables["applications"]
    assert read["carried_over"]["commercial"].value == 0
    assert {(row, column): cell.value for row, cells in read.items() for column, cell in cells.items()
            if cell.value is not None} == {(row, column): expected[row][column] for row, cells in read.items()
                                          for column, cell in cells.items() if cell.value is not None}


def _ruled_page(top_border: bool) -> np.ndarray:
    """A white page with a ruled table of four columns whose first row runs into the page's top (as a table
    continued from the page before prints), or that has its own top border."""
    page = np.full((400, 500), 255, np.uint8)
    for y in (120, 200, 280) + ((20,) if top_border else ()):
        page[y:y + 2, 50:451] = 0
    for x in (50, 150, 250, 350, 450):
        page[0 if not top_border else 20:282, x:x + 2] = 0
    return page


@pytest.mark.parametrize("top_border", [False, True])
def test_a_table_cut_by_the_pages_top_keeps_its_first_row(top_border: bool) -> None:
    """pingtan_scj_2023 printed by Chromium and scanned: table 3 carries on at the next page's top with no ruling
    there; its borders above the first ruling were dropped, so the first row left the table and the 0s of
    (六)'s cell merged over three sub-rows were given to the second (other.unpaid_fee for other.no_correction)."""
    from govreports.clean.ocr.rulings import find_rulings

    rulings = find_rulings(_ruled_page(top_border), char=20)
    tops = sorted({round(s.a) for s in rulings.vertical})
    assert tops[0] <= (21 if top_border else 1)
    assert len([s for s in rulings.vertical if s.a <= 21]) == 5
