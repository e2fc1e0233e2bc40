"""Property tests: any numbers, in any input shape, parse back unchanged; any bytes never raise."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreports.model import Report, plain_tables
from govreports.understand import labels
from tests.shapes import SHAPES, expected_number

COUNT = st.integers(min_value=0, max_value=999_999)
ZERO_MARK = st.sampled_from(["—", "无", "/"])
CELL = st.one_of(COUNT, COUNT, COUNT, ZERO_MARK)
CHANGE = st.integers(min_value=-9_999, max_value=9_999)
AMOUNT = st.one_of(COUNT, st.integers(min_value=1, max_value=99_999_999).map(lambda n: n / 100))
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _column_strategy(column: str):
    if column == "change":
        return CHANGE
    if column in ("amount", "amount_10k_yuan", "prev_items") or column.startswith("amount"):
        return AMOUNT
    return CELL


@st.composite
def tables(draw, template: str) -> dict:
    active = {spec.code: {c: draw(_column_strategy(c)) for c in spec.columns}
              for spec in labels.ACTIVE_ROWS[template]}
    applications = {spec.code: {c: draw(CELL) for c in spec.columns} for spec in labels.APPLICATION_ROWS[template]}
    review = {"all": {c: draw(CELL) for c in labels.REVIEW_COLUMNS}}
    return {"active": active, "applications": applications, "review_litigation": review}


def numbers(values: dict) -> dict:
    return {t: {r: {c: expected_number(v) for c, v in cells.items()} for r, cells in rows.items()}
            for t, rows in values.items()}


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("template", [labels.TEMPLATE_2021, labels.TEMPLATE_2019])
def test_numbers_round_trip_through_every_shape(parser, shape, template) -> None:
    @SETTINGS
    @given(values=tables(template))
    def check(values: dict) -> None:
        report = parser.parse_text(SHAPES[shape](template, values))
        assert report.template == template
        assert plain_tables(report.tables) == numbers(values)
        assert all(c.ok for c in report.checks if c.check.endswith(".complete"))

    check()


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes_never_raise(parser, data: bytes) -> None:
    report = parser.parse_bytes(data)
    assert isinstance(report, Report)
    assert report.status in ("parsed", "not_a_report", "failed")


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=2000))
def test_arbitrary_text_never_raises(parser, text: str) -> None:
    assert isinstance(parser.parse_text(text), Report)


MARKUP = st.lists(
    st.one_of(
        st.sampled_from(["<table>", "</table>", "<tr>", "</tr>", "<td rowspan=3>", "<td colspan=99999>",
                         "<td rowspan='x'>", "</td>", "<p>", "<br>", "<script>", "</script>", "<!--", "-->",
                         "<meta charset=gbk>", "<?xml version='1.0' encoding='utf-8'?>", "&nbsp;", "&#0;"]),
        st.sampled_from(["行政许可", "规章", "(七)总计", "一、本年新收政府信息公开申请数量", "行政复议", "3.其他"]),
        st.integers(min_value=-5, max_value=10**9).map(str),
        st.text(max_size=20),
    ),
    max_size=120,
).map(lambda parts: "<html><body>" + "".join(parts))


@settings(max_examples=150, deadline=None)
@given(page=MARKUP)
def test_arbitrary_markup_never_raises(parser, page: str) -> None:
    report = parser.parse_bytes(page.encode("utf-8", "surrogatepass"))
    assert isinstance(report, Report)
