"""Unit tests of govreports.clean.grids: tables drawn in text (w3m's box lines, pandoc's grid tables) as rows.

The excerpts are cut from `w3m -dump` and `pandoc -t plain` of the oracle's
HTML cases (pingtan_gwh_2025, shanghai_bgt_2019, pingtan_scj_2024), as the
tools print them.
"""

from __future__ import annotations

from govreports.clean.cells import split_line
from govreports.clean.grids import rejoin_grid_rows


def _rows(text: str) -> list[list[str]]:
    """The pipe lines a drawn table becomes, as cells."""
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in rejoin_grid_rows(text).split("\n")
            if line.startswith("|")]


W3M_WRAPPED = """\
├────────────────┼──────────┬──────────────────┼────┼───┼───┤
│                │          │1.申请人无正当理由│    │   │   │
│                │          │逾期不补正        │8   │0  │8  │
│                │（六）其他├──────────────────┼────┼───┼───┤
│                │处理      │2.申请人逾期未按收│0   │0  │0  │
│                │          │费通知            │    │   │   │
└────────────────┴──────────┴──────────────────┴────┴───┴───┘"""


def test_a_row_wrapped_over_lines_between_two_rules_is_one_line() -> None:
    assert _rows(W3M_WRAPPED)[0] == ["", "（六）其他处理", "1.申请人无正当理由逾期不补正", "8", "0", "8"]


def test_text_beside_a_rule_is_a_merged_cell_of_the_first_row_it_spans() -> None:
    assert _rows(W3M_WRAPPED)[1] == ["", "", "2.申请人逾期未按收费通知", "0", "0", "0"]


def test_values_merged_down_three_rows_belong_to_the_first() -> None:
    """pingtan_scj_2024: （六）'s three rows print their values once, in cells merged down the three."""
    text = """\
├───────────┬─────────────────┬───────┬──────┤
│           │1.申请人无正当理 │       │      │
│           │由逾期不补正     │       │      │
│           ├─────────────────┤       │      │
│（六）其他 │2.申请人逾期未按 │0      │0     │
│处理       │收费通知         │       │      │
│           ├─────────────────┤       │      │
│           │3.其他           │       │      │
├───────────┴─────────────────┼───────┼──────┤"""
    assert _rows(text) == [["（六）其他处理", "1.申请人无正当理由逾期不补正", "0", "0"],
                           ["", "2.申请人逾期未按收费通知", "", ""], ["", "3.其他", "", ""]]


def test_lines_holding_two_values_in_a_column_stay_one_line_a_row() -> None:
    """A table ruled under its header only: each line is a row."""
    text = """\
+------+----+----+
| 规章 | 制发 | 废止 |
+======+====+====+
| 规章 | 0  | 1  |
| 规范性文件 | 3  | 2  |
+------+----+----+"""
    assert _rows(text) == [["规章", "制发", "废止"], ["规章", "0", "1"], ["规范性文件", "3", "2"]]


def test_a_pandoc_grid_table_row_wrapped_in_narrow_columns_is_one_line() -> None:
    text = """\
+-----------+-----------+-----------+-----------+
| 一、本年  |           | 151       | 154       |
| 新收政府  |           |           |           |
| 信息公开  |           |           |           |
| 申请数量  |           |           |           |
+-----------+-----------+-----------+-----------+
| 二、上年  |           | 0         | 0         |
| 结转政府  |           |           |           |
+-----------+-----------+-----------+-----------+"""
    assert _rows(text) == [["一、本年新收政府信息公开申请数量", "", "151", "154"], ["二、上年结转政府", "", "0", "0"]]


def test_a_header_row_beside_a_rule_under_a_wider_header_cell_keeps_its_words() -> None:
    text = """\
┌────────┬────┬──────────┐
│行政复议│    │行政诉讼  │
│结果维持│总计├────┬─────┤
│        │    │结果│总计 │
├────────┼────┼────┼─────┤
│25      │36  │3   │6    │
└────────┴────┴────┴─────┘"""
    assert _rows(text) == [["行政复议", "", "行政诉讼"], ["结果维持", "总计", "结果", "总计"], ["25", "36", "3", "6"]]


def test_a_markdown_table_is_no_drawn_grid() -> None:
    text = "| 规章 | 0 | +1 |\n|---|---|---|\n| 行政许可 | 339 | +123 |"
    assert rejoin_grid_rows(text) == text


def test_a_sign_in_a_cell_is_no_junction() -> None:
    text = "+------+------+\n| 行政许可 | +123 |\n| 行政处罚 | -5 |\n+------+------+"
    assert _rows(text) == [["行政许可", "+123"], ["行政处罚", "-5"]]


def test_text_without_a_drawn_table_is_unchanged() -> None:
    text = "一、总体情况\n本年新收申请 3 件。\n+123 件"
    assert rejoin_grid_rows(text) == text


def test_a_bordered_row_printed_empty_after_merged_group_cells_is_a_row() -> None:
    """shanghai_bgt_2019 by w3m: 2.其他法律行政法规禁止公开 prints no value, after the merged cells of its groups."""
    row = split_line("|  |  | 2.其他法律行政法规禁止公开 |  |  |  |  |  |  |  |")
    assert row is not None and row.grid
    assert row.cells[2] == "2.其他法律行政法规禁止公开"


def test_a_bordered_line_of_one_text_and_one_empty_cell_is_no_row_of_cells() -> None:
    row = split_line("|  | 申请人情况 |  |")
    assert row is None or not row.grid
