"""Bad input gets a clear outcome, or a partial result whose checks fail; never a traceback."""

from __future__ import annotations

import html
import io
import zipfile

import pytest

from govreports.model import plain_tables, to_json
from govreports.render import render_table
from tests.conftest import FIXTURES

SEED000 = (FIXTURES / "seed000_text" / "body.txt").read_bytes()
SEED004_PAGE = (FIXTURES / "seed004_trs" / "body.html").read_bytes()
NEWS_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>我局召开安全生产工作会议_六盘水市应急管理局</title>
</head><body><div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a></div>
<div class="article"><h1>我局召开2025年安全生产工作会议</h1><div class="info">发布时间：2025-02-10 来源：办公室</div>
<p>2月10日，市应急管理局召开2025年安全生产工作会议，总结2024年工作，部署2025年重点任务。</p>
<p>会议强调，要坚持人民至上、生命至上，统筹发展和安全，全力防范化解重大安全风险。</p>
<table><tr><td>序号</td><td>单位</td><td>得分</td></tr><tr><td>1</td><td>钟山区</td><td>95</td></tr></table>
</div><div class="footer">主办单位：六盘水市应急管理局</div></body></html>""".encode("utf-8")


def table3_row_count(report) -> int:
    return len(report.tables.get("applications", {}))


def test_empty_file(parser) -> None:
    report = parser.parse_bytes(b"")
    assert (report.status, report.reason) == ("failed", "the document is empty")


def test_whitespace_only(parser) -> None:
    assert parser.parse_bytes(b" \r\n\t \n").status == "failed"


def test_binary_garbage(parser) -> None:
    garbage = bytes(range(256)) * 40
    report = parser.parse_bytes(garbage)
    assert report.status == "failed"
    assert "binary" in report.reason


def test_pdf_is_recognised_and_refused_clearly(parser) -> None:
    report = parser.parse_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "http://x.gov.cn/report.html")
    assert report.status == "failed"
    assert report.document_type == "pdf"
    assert "PDF" in report.reason


def test_docx_is_recognised_by_content(parser) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    report = parser.parse_bytes(buffer.getvalue(), "http://x.gov.cn/report.pdf")
    assert (report.status, report.document_type) == ("failed", "docx")


def test_html_error_page_named_pdf_is_html(parser) -> None:
    page = "<html><head><title>404 Not Found</title></head><body><h1>404 页面不存在</h1></body></html>"
    report = parser.parse_bytes(page.encode("gbk"), "http://x.gov.cn/att/report.pdf", "application/pdf")
    assert report.document_type == "html"
    assert report.status == "not_a_report"


NOT_REPORTS = sorted((FIXTURES.parent / "not_reports").glob("*/document.txt"))


@pytest.mark.parametrize("path", NOT_REPORTS, ids=[p.parent.name for p in NOT_REPORTS])
def test_real_pages_that_look_like_reports_are_not_reports(parser, path) -> None:
    """tests/fixtures/not_reports (real pages, meta.json says where from and why): the template's notice with its
    blank tables, a notice about compiling the reports, an old blank statistics form whose 同意部分公开答复数 reads as a
    row label: no report, no table."""
    report = parser.parse_bytes(path.read_bytes())
    assert report.status == "not_a_report" and report.tables == {}


def test_page_that_is_not_a_report(parser) -> None:
    report = parser.parse_bytes(NEWS_PAGE, "http://yjj.example.gov.cn/xwzx/202502/t20250210_1.html")
    assert report.status == "not_a_report"
    assert report.reason == "no report title and no statistical tables"
    assert report.tables == {}
    assert report.title == "我局召开2025年安全生产工作会议"


def test_table_cut_in_half_gives_partial_result_whose_checks_fail(parser) -> None:
    text = SEED000.decode("utf-8")
    cut = text.index("6.属于四类过程性信息")
    report = parser.parse_text(text[:cut])
    assert report.status == "parsed"
    assert plain_tables(report.tables)["active"]["licensing"] == {"decisions": 220}
    assert 4 < table3_row_count(report) < 25
    failed = {c.check for c in report.checks if not c.ok}
    assert "applications.complete" in failed
    assert "review_litigation" not in report.tables


def test_page_truncated_mid_table(parser) -> None:
    cut = SEED004_PAGE[: SEED004_PAGE.index("本机关不掌握".encode("gbk"))]
    report = parser.parse_bytes(cut)
    assert report.status == "parsed"
    assert report.agency is not None
    assert any(not c.ok and c.check == "applications.complete" for c in report.checks)
    assert "checks:" in render_table(report)


def test_row_label_with_no_value_is_an_empty_row_with_a_failed_check(parser) -> None:
    """Printed empty, or lost by the capture: the cell is null, and a check says the row showed nothing."""
    text = SEED000.decode("utf-8").replace("行政许可\n\n220", "行政许可\n\n")
    report = parser.parse_text(text)
    assert report.tables["active"]["licensing"]["decisions"].value is None
    assert report.tables["active"]["penalty"]["decisions"].value == 12
    assert any(c.check == "active.empty_row" and c.row == "licensing" and not c.ok for c in report.checks)


def test_tsv_row_with_six_values_for_seven_columns(parser) -> None:
    rows = "\n".join([
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量\t2\t0\t0\t1\t0\t3",
        "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0",
    ])
    report = parser.parse_text("某局2024年政府信息公开工作年度报告\n行政规范性文件\n" + rows)
    new = report.tables["applications"]["new_received"]
    assert all(cell.value is None and cell.raw == "2 0 0 1 0 3" for cell in new.values())  # which cell is empty?
    failed = {(c.check, c.row) for c in report.checks if not c.ok}
    assert ("applications.short_row", "new_received") in failed
    assert ("applications.complete", None) in failed
    assert not any(c.row == "new_received" and c.check == "applications.row_total" for c in report.checks)


def test_empty_html_cell_is_null_and_dash_is_zero(parser) -> None:
    page = ("<html><body><h1>某局2024年政府信息公开工作年度报告</h1><table>"
            "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
            "<tr><td>规章</td><td>—</td><td></td><td>3</td></tr></table></body></html>")
    report = parser.parse_text(page)
    cells = report.tables["active"]["regulations"]
    assert (cells["issued"].value, cells["issued"].raw) == (0, "—")
    assert cells["repealed"].value is None
    assert cells["in_force"].value == 3


def test_numbers_with_spaces_full_width_and_units(parser) -> None:
    """Inside a cell a space is inside the number; between values on a line of text it separates cells."""
    text = ("某局2024年政府信息公开工作年度报告\n本年制发件数\n规章\t１\t0 \t1 2件\n"
            "行政规范性文件 4 0 12\n行政事业性收费\n3.5万元\n")
    tables = plain_tables(parser.parse_text(text).tables)
    assert tables["active"]["regulations"] == {"issued": 1, "repealed": 0, "in_force": 12}
    assert tables["active"]["normative_documents"] == {"issued": 4, "repealed": 0, "in_force": 12}
    assert tables["active"]["fees"] == {"amount_10k_yuan": 3.5}


def test_arithmetic_errors_are_recorded_not_corrected(parser) -> None:
    text = SEED000.decode("utf-8")
    head, tail = text.split("一、本年新收政府信息公开申请数量", 1)
    tail = tail.replace("\n3\n", "\n4\n", 1)  # the agency's total says 4, its parts sum to 3
    report = parser.parse_text(head + "一、本年新收政府信息公开申请数量" + tail)
    assert report.tables["applications"]["new_received"]["total"].value == 4
    failed = {(c.check, c.row, c.column) for c in report.checks if not c.ok}
    assert ("applications.row_total", "new_received", "total") in failed
    assert ("applications.balance", None, "total") in failed
    assert ("prose.new_received", None, "total") in failed


def test_every_outcome_renders(parser) -> None:
    for data in (b"", bytes(range(256)), NEWS_PAGE, SEED000[:3000]):
        report = parser.parse_bytes(data)
        assert to_json(report)["status"] == report.status
        assert render_table(report)


def test_control_character_after_a_table(parser) -> None:
    """Found by hypothesis: a control character in a table's tail could not be moved by lxml."""
    report = parser.parse_text("<html><body><table></table>\x1f")
    assert report.status == "not_a_report"


@pytest.mark.parametrize("depth", [300, 1500, 5000])
def test_html_nested_deeper_than_the_parser_follows_loses_nothing(parser, depth: int) -> None:
    """libxml2 stops at 256 levels (2,000 with huge_tree): the page is read again without its containers."""
    body = "".join(f"<p>{html.escape(line)}</p>" for line in SEED000.decode("utf-8").split("\n"))
    report = parser.parse_text(f"<html><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>")
    assert report.status == "parsed"
    assert {t: len(rows) for t, rows in report.tables.items()} == {"active": 6, "applications": 25,
                                                                   "review_litigation": 1}
    assert report.tables["applications"]["new_received"]["total"].value == 3


def test_a_report_whose_tables_print_labels_and_no_values_says_why_none_show(parser) -> None:
    """jiaxian 2022 (a capture whose table cells came out empty): the labels are there, no value is."""
    report = parser.parse_text("2022年度某镇政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况\n"
                               "第二十条第(一)项\n信息内容\n本年新制作数量\n本年新公开数量\n对外公开总数量\n规章\n规范性文件\n"
                               "三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n")
    assert report.status == "parsed" and not report.tables
    assert "no table values in the text" in render_table(report)
