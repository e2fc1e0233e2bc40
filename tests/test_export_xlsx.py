"""`govreports export --format xlsx`: one sheet per view, Chinese headers, frozen header row, numbers as numbers.

On the reports of tests/test_analysis.py, on SQLite and PostgreSQL; read back with openpyxl.
"""

from __future__ import annotations

import openpyxl
import pytest

from govreports.cli import main
from govreports.store import titles
from govreports.store.engine import upgrade
from govreports.store.export import VIEWS, view_columns
from tests.test_analysis import ALL, store


@pytest.fixture
def stored(engine):
    upgrade(engine)
    store(engine, ALL)
    return engine


def export(engine, path, *options: str) -> openpyxl.Workbook:
    url = engine.url.render_as_string(hide_password=False)
    assert main(["export", "--format", "xlsx", "--output", str(path), "--database-url", url, *options]) == 0
    return openpyxl.load_workbook(path)


def test_every_column_of_every_view_has_a_chinese_title(stored) -> None:
    untitled = [(view, column) for view in VIEWS for column in view_columns(stored, view)
                if titles.column_title(view, column) == column]
    assert untitled == []
    assert set(VIEWS) == set(titles.VIEWS)


def test_one_sheet_per_view_with_chinese_headers_frozen(stored, tmp_path) -> None:
    book = export(stored, tmp_path / "views.xlsx")
    assert book.sheetnames == [titles.VIEWS[view] for view in VIEWS]
    for view in VIEWS:
        sheet = book[titles.VIEWS[view]]
        assert sheet.freeze_panes == "A2", view
        header = [cell.value for cell in sheet[1]]
        assert header == [titles.column_title(view, c) for c in view_columns(stored, view)], view
    assert [c.value for c in book["比率"][1]][:3] == ["报告编号", "机关", "省份"]


def test_numbers_are_numbers(stored, tmp_path) -> None:
    sheet = export(stored, tmp_path / "views.xlsx")["比率"]
    header = [cell.value for cell in sheet[1]]
    rows = {(r[header.index("机关")].value, r[header.index("年度")].value): r for r in sheet.iter_rows(min_row=2)}
    rate = rows[("甲市应急管理局", 2022)][header.index("实质公开率")]
    assert (rate.value, rate.data_type) == (0.5, "n")
    assert rows[("乙县人民政府", 2021)][header.index("实质公开率")].value is None  # 0 / 0: an empty cell
    timeliness = export(stored, tmp_path / "t.xlsx", "--view", "v_timeliness")["发布时效"]
    header = [cell.value for cell in timeliness[1]]
    late = [r for r in timeliness.iter_rows(min_row=2, values_only=True) if r[header.index("时效")] == "late"]
    assert [(r[header.index("机关")], r[header.index("逾期天数")]) for r in late] == [("甲市应急管理局", 15)]


def test_a_province_filter_leaves_out_the_views_without_a_province(stored, tmp_path) -> None:
    book = export(stored, tmp_path / "sc.xlsx", "--province", "四川")
    assert "比率（按年度）" not in book.sheetnames and "比率（按省份和年度）" in book.sheetnames
    assert book["报告"].max_row == 1 + 5
    assert export(stored, tmp_path / "gd.xlsx", "--province", "广东")["报告"].max_row == 1
