"""Every saved report parses to its hand-verified expected JSON, field by field and cell by cell.

Cases (tests/fixtures/reports/*): the five seeds as captured text, the same
reports as saved TRS pages (GBK, no charset declared, real <table> markup
with merged cells), a 繁體 page with pinyin glosses, and a page carrying its
body twice behind a lying Content-Type.
"""

from __future__ import annotations

import pytest

from tests.conftest import all_cases

CASES = all_cases()
SCALARS = ("title", "agency", "year", "publish_date", "template", "status")


def _params(kind: str) -> list:
    params = []
    for case in CASES:
        expected = case.expected
        if kind == "scalar":
            params += [pytest.param(case.name, key, expected[key], id=f"{case.name}-{key}")
                       for key in SCALARS if key in expected]
        elif kind in ("region", "metadata"):
            params += [pytest.param(case.name, key, value, id=f"{case.name}-{kind}.{key}")
                       for key, value in expected[kind].items()]
        elif kind == "cell":
            for table, rows in expected["tables"].items():
                for row, cells in rows.items():
                    params += [pytest.param(case.name, table, row, column, value,
                                            id=f"{case.name}-{table}.{row}.{column}")
                               for column, value in cells.items()]
        elif kind == "shape":
            params.append(pytest.param(case.name, expected["tables"], id=case.name))
        elif kind == "checks":
            params.append(pytest.param(case.name, expected["checks"], id=case.name))
        elif kind == "text" and "text" in expected:
            params.append(pytest.param(case.name, expected["text"], id=case.name))
    return params


def test_cases_exist() -> None:
    names = {c.name for c in CASES}
    assert {f"seed00{i}_text" for i in range(5)} <= names
    assert {f"seed00{i}_trs" for i in range(5)} <= names


@pytest.mark.parametrize("case,key,value", _params("scalar"))
def test_field(parsed, case, key, value) -> None:
    assert parsed[case][key] == value


@pytest.mark.parametrize("case,key,value", _params("region"))
def test_region(parsed, case, key, value) -> None:
    assert parsed[case]["region"][key] == value


@pytest.mark.parametrize("case,key,value", _params("metadata"))
def test_metadata(parsed, case, key, value) -> None:
    assert parsed[case]["metadata"][key] == value


@pytest.mark.parametrize("case,table,row,column,value", _params("cell"))
def test_cell(parsed, case, table, row, column, value) -> None:
    assert parsed[case]["tables"][table][row][column] == value


@pytest.mark.parametrize("case,tables", _params("shape"))
def test_no_extra_rows_or_cells(parsed, case, tables) -> None:
    """A table, row or cell the document does not print is absent, not zero."""
    got = parsed[case]["tables"]
    assert {t: {r: sorted(c) for r, c in rows.items()} for t, rows in got.items()} == {
        t: {r: sorted(c) for r, c in rows.items()} for t, rows in tables.items()
    }


@pytest.mark.parametrize("case,checks", _params("checks"))
def test_checks(parsed, case, checks) -> None:
    assert parsed[case]["checks"] == checks


# Seed 003 names its three tables but prints none as text (its table 3 is an image).
NOT_PRINTED = {"seed003_text": {"active.complete", "applications.complete", "review_litigation.complete"},
               "seed003_trs": {"active.complete", "applications.complete", "review_litigation.complete"}}


@pytest.mark.parametrize("case,checks", _params("checks"))
def test_every_check_passes_on_the_seeds(parsed, case, checks) -> None:
    """The seeds keep their identities; only a table they do not print as text fails, as missing."""
    assert {c["check"] for c in parsed[case]["checks"] if not c["ok"]} == NOT_PRINTED.get(case, set())


@pytest.mark.parametrize("case,text", _params("text"))
def test_text(parsed, case, text) -> None:
    assert parsed[case]["text"] == text


def test_seed003_body_once_and_no_tables(parsed) -> None:
    for case in ("seed003_text", "seed003_trs"):
        result = parsed[case]
        assert result["tables"] == {}
        assert result["text"].count("本报告根据《中华人民共和国政府信息公开条例》") == 1
        assert result["text"].count("一、概述") == 1


def test_body_printed_twice_is_kept_once(parsed) -> None:
    text = parsed["seed004_twice"]["text"]
    assert text.count("一、总体情况") == 1
    assert text.count("天津市南开区应急管理局") == 1


@pytest.mark.parametrize("case", [c.name for c in CASES])
def test_text_is_clean(parsed, case) -> None:
    text = parsed[case]["text"]
    assert "bookmark" not in text
    assert "(shù)" not in text and "數" not in text
    assert "\u00a0" not in text and "\u200b" not in text
    assert "分享到" not in text and "打印本页" not in text


def test_checks_cover_every_identity(parsed) -> None:
    names = {c["check"] for c in parsed["seed000_text"]["checks"]}
    assert names == {"active.complete", "applications.complete", "review_litigation.complete",
                     "applications.balance", "applications.row_total", "applications.total_processed",
                     "review_litigation.total", "prose.new_received"}
