"""Table 3 read from its values in printed order (govreports.understand.in_order).

The texts are written by hand in the shape pdftotext's default text gives a
ruled table 3 (tests/oracle/*/derived/*.pdftotext.txt are real ones): the
section's heading, the header's words, the rows' labels together, then
every value one a line, a row at a time. The numbers are made up so that
every row and column differs: a row or a column read in another's place
fails a test.
"""

from __future__ import annotations

import pytest

from govreports.model import to_json
from govreports.report import ReportParser
from govreports.understand import labels

PROCESSED = {  # the rows 三(一)…三(六) of a 2021 table: six applicant columns, the total added
    "granted": [21, 3, 1, 0, 2, 0],
    "partially_granted": [8, 1, 0, 0, 0, 1],
    "denied.state_secret": [1, 0, 0, 0, 0, 0],
    "denied.prohibited_by_law": [0, 2, 0, 0, 0, 0],
    "denied.security_stability": [0, 0, 0, 1, 0, 0],
    "denied.third_party": [3, 0, 0, 0, 0, 0],
    "denied.internal_affairs": [0, 0, 0, 0, 1, 0],
    "denied.process_info": [2, 0, 0, 0, 0, 0],
    "denied.enforcement_files": [0, 0, 1, 0, 0, 0],
    "denied.admin_query": [4, 0, 0, 0, 0, 0],
    "unavailable.not_held": [37, 2, 0, 0, 0, 0],
    "unavailable.needs_creation": [5, 0, 0, 0, 0, 0],
    "unavailable.unclear": [0, 0, 0, 0, 0, 2],
    "not_processed.petition": [6, 0, 0, 0, 0, 0],
    "not_processed.repeated": [0, 1, 0, 0, 0, 0],
    "not_processed.publication": [7, 0, 0, 0, 0, 0],
    "not_processed.excessive": [0, 0, 0, 0, 0, 0],
    "not_processed.confirm_reissue": [9, 0, 0, 0, 0, 0],
    "other.no_correction": [2, 0, 0, 0, 0, 0],
    "other.unpaid_fee": [0, 0, 1, 0, 0, 0],
    "other.other": [0, 2, 0, 0, 0, 0],
}


def _with_total(values: list[int]) -> list[int]:
    return [*values, sum(values)]


def expected_table() -> dict[str, list[int]]:
    """Table 3 of a 2021 report whose every identity holds."""
    processed = [sum(column) for column in zip(*PROCESSED.values())]
    carried_over = [1, 0, 0, 0, 0, 0]
    carried_forward = [3, 1, 0, 0, 0, 0]
    new_received = [p + f - c for p, f, c in zip(processed, carried_forward, carried_over)]
    rows = {"new_received": new_received, "carried_over": carried_over, **PROCESSED,
            "total_processed": processed, "carried_forward": carried_forward}
    return {code: _with_total(values) for code, values in rows.items()}


def _labels() -> list[str]:
    return [spec.spellings[0] for spec in labels.TEMPLATES[labels.TEMPLATE_2021].applications]


def in_order(rows: dict[str, list[int]]) -> list[str]:
    return [str(v) for row in rows.values() for v in row]


def section_text(rows: dict[str, list[int]], before: list[str] = (), after: list[str] = (),
                 row_labels: list[str] | None = None, values: list[str] | None = None) -> str:
    """The report as pdftotext prints a ruled table 3 whose labels wrap in narrow cells: labels, then values."""
    values = in_order(rows) if values is None else values
    lines = [
        "泉州市某区人民政府2023年政府信息公开工作年度报告",
        "二、主动公开政府信息情况", "规章", "0", "", "0", "", "3",
        "三、收到和处理政府信息公开申请情况", *before, "申请人情况", "自然人", "法人或其他组织", "商业", "企业",
        "科研", "机构", "社会", "公益", "组织", "法律", "服务", "机构", "其他", "总计",
        *(row_labels if row_labels is not None else _labels()),
        *(line for value in values for line in (value, "")), *after,
        "四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼",
        *(line for value in ["0"] * 15 for line in (value, "")),
        "五、存在的主要问题及改进情况", "（一）存在问题。公开内容还不够全面。",
    ]
    return "\n".join(lines) + "\n"


def read(text: str) -> dict:
    return to_json(ReportParser().parse_text(text))


@pytest.fixture(scope="module")
def table() -> dict[str, list[int]]:
    return expected_table()


CELLS = [(code, k) for code in expected_table() for k in range(len(labels.APPLICANT_COLUMNS))]


@pytest.fixture(scope="module")
def report(table) -> dict:
    return read(section_text(table))


@pytest.mark.parametrize("code,k", CELLS, ids=[f"{code}-{labels.APPLICANT_COLUMNS[k]}" for code, k in CELLS])
def test_every_cell_is_read_in_its_row_and_column(report, table, code: str, k: int) -> None:
    assert report["tables"]["applications"][code][labels.APPLICANT_COLUMNS[k]] == table[code][k]


def test_a_table_read_in_order_keeps_no_failed_check_of_its_rows(report) -> None:
    assert [c for c in report["checks"] if c["check"].startswith("applications.") and not c["ok"]] == []


def test_a_table_read_in_order_says_so(report) -> None:
    said = [c for c in report["checks"] if c["check"] == "applications.read_in_order"]
    assert [(c["ok"], c["found"]) for c in said] == [(True, 0)]


def test_table_2_values_printed_under_the_heading_before_any_row_label_are_not_table_3s(table) -> None:
    got = read(section_text(table, before=["56", "", "7"]))["tables"]["applications"]
    assert got["new_received"]["natural_person"] == table["new_received"][0]


def _unread(report: dict) -> bool:
    cells = report["tables"].get("applications", {})
    return any(cell is None for row in cells.values() for cell in row.values()) or len(cells) < len(CELLS) // 7


def test_values_after_the_tables_rows_are_not_read_in_order(table) -> None:
    report = read(section_text(table, after=["1", "", "1"]))
    assert _unread(report)


def test_a_row_whose_total_does_not_add_up_is_not_read_in_order(table) -> None:
    broken = {code: list(values) for code, values in table.items()}
    broken["granted"][-1] += 1
    report = read(section_text(broken))
    assert _unread(report)
    assert any(not c["ok"] for c in report["checks"])


def test_a_column_that_does_not_balance_is_not_read_in_order(table) -> None:
    broken = {code: list(values) for code, values in table.items()}
    broken["carried_forward"][1] += 1
    broken["carried_forward"][-1] += 1
    assert _unread(read(section_text(broken)))


def test_a_value_missing_leaves_the_table_unread(table) -> None:
    shorter = {code: list(values) for code, values in table.items()}
    shorter["not_processed.excessive"] = shorter["not_processed.excessive"][:-1]
    report = read(section_text(shorter))
    assert _unread(report)
    assert any(not c["ok"] for c in report["checks"])


def test_merged_cells_of_the_six_sub_rows_are_not_read_as_a_single_other_row(table) -> None:
    """A 2021 table whose (六) sub-rows print one merged cell a column (seven values for three rows) has the values
    of 2019's single 其他处理 row: its sub-rows' labels say it is not that row."""
    merged = {code: values for code, values in table.items() if code not in ("other.unpaid_fee", "other.other")}
    merged["other.no_correction"] = _with_total([2, 2, 1, 0, 0, 0])
    got = read(section_text(merged))["tables"].get("applications", {})
    assert all(cell is None for cell in got.get("other.other", {}).values())


def _moved(values: list[str], source: int, target: int) -> list[str]:
    out = list(values)
    out.insert(target, out.pop(source))
    return out


def _position(table: dict[str, list[int]], code: str, column: int) -> int:
    return list(table).index(code) * len(labels.APPLICANT_COLUMNS) + column


def test_a_value_printed_after_the_last_row_is_put_back_in_its_row(table) -> None:
    """pdftotext prints the total of a (六) row whose label wraps after the table's last row (pingtan_gaj_2024)."""
    values = _moved(in_order(table), _position(table, "other.other", 6), len(in_order(table)) - 1)
    report = read(section_text(table, values=values))
    got = report["tables"]["applications"]
    assert [c["found"] for c in report["checks"] if c["check"] == "applications.read_in_order"] == [1]
    assert [got["other.other"][c] for c in labels.APPLICANT_COLUMNS] == table["other.other"]
    assert [got["carried_forward"][c] for c in labels.APPLICANT_COLUMNS] == table["carried_forward"]


def test_two_rows_first_values_printed_together_are_put_back(table) -> None:
    """A row's first value printed beside the row above's (pingtan_jtj_2025: 予以公开 21 部分公开 8, then the rest)."""
    values = _moved(in_order(table), _position(table, "partially_granted", 0), _position(table, "granted", 1))
    got = read(section_text(table, values=values))["tables"]["applications"]
    assert [got["granted"][c] for c in labels.APPLICANT_COLUMNS] == table["granted"]
    assert [got["partially_granted"][c] for c in labels.APPLICANT_COLUMNS] == table["partially_granted"]


def test_no_value_is_put_back_into_the_first_two_rows(table) -> None:
    """本年新收 and 上年结转 balance only by their sum: a value moved between them would add up either way."""
    values = _moved(in_order(table), _position(table, "new_received", 6), _position(table, "carried_over", 2))
    assert _unread(read(section_text(table, values=values)))



def test_a_section_that_prints_its_rows_twice_is_not_read_in_order(table) -> None:
    """pymupdf4llm prints a page's text and then its table: the rows' labels twice, and the table's copy may lack a
    row the text's prints (pingtan_gwh_2022's LibreOffice print): its last values are then not the table's."""
    assert table["denied.state_secret"] == table["carried_over"]  # what made the copies' values add up there
    # The text's copy, up to 1.属于国家秘密: its first two rows' labels cut around their values, as pymupdf4llm
    # printed them (一、本年新收政府信息公71 3 0 0 0 0 74 开申请数量), the next rows' values alone.
    glued = [f"{label[:10]}{' '.join(map(str, table[code]))} {label[10:]}"
             for code, label in zip(("new_received", "carried_over"), _labels())]
    alone = [line for code in ("granted", "partially_granted", "denied.state_secret")
             for line in (*map(str, table[code]), "")]
    shorter = {code: values for code, values in table.items() if code != "denied.state_secret"}
    got = read(section_text(shorter, before=[*glued, *alone]))["tables"].get("applications", {})
    assert [got.get("new_received", {}).get(c) for c in labels.APPLICANT_COLUMNS] != table["carried_over"]
