"""The analysts' indicators (revision 0006) on SQLite and PostgreSQL, from reports stored through the Store.

Two agencies of 四川省 over 2021–2023, every expected value computed by hand below:

- 甲市应急管理局 (a department: deadline 1月31日) reports every year. 2022 carries over 3 applications where
  2021 carried 2 forward (commercial 1 vs 0), prints 规章 现行有效 1 where 0 + 0 − 0 was due, copies
  2021's prose with new numbers, and is published on 2023-02-15 (15 days late). 2023 chains correctly,
  repeats one of 2022's four sentences, and prints no publish date.
- 乙县人民政府 (a local government: deadline 3月31日) has no report on 2022; its 2021 report has no
  问题 and 其他 sections and processed no application (every rate of it is NULL).
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
from sqlalchemy import text

from govreports.model import Cell, Region, Report
from govreports.store.analysis import COPIED_LIMIT, copied_share, sentences
from govreports.store.engine import load_revision, migrations_dir, upgrade
from govreports.store.writer import AgencyRef, Capture, Store
from govreports.understand.labels import APPLICANT_COLUMNS

JIA = AgencyRef("甲市应急管理局", "四川省", "甲市", None, "市级")
YI = AgencyRef("乙县人民政府", "四川省", "甲市", "乙县", "区县级")
SECTIONS_ALL = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")

# Prose: 2022 repeats 2021's four sentences (S1's number aside); 2023 repeats S2 (14 characters) of 2022's
# among three new ones of 13.
S1 = "本机关年内主动公开信息２１条。"
S2 = "我局完善了政务公开制度体系。"
S3 = "依申请公开办理均在法定期限。"
S4 = "网站栏目按要求完成常态维护。"
NEW = ("今年新建政务公开专区一个。", "新增政策解读栏目供群众查。", "培训工作人员两次提升能力。")


def body(year: int, sentences_: tuple[str, ...], sections: tuple[str, ...] = SECTIONS_ALL) -> str:
    """Headings and prose, then a table's lines (labels and numbers, never sentences)."""
    prose = "\n".join(s.replace("２１", str(year)) for s in sentences_)
    return "\n".join([f"{year}年政府信息公开工作年度报告", sections[0], prose, *sections[1:],
                      "本年制发件数", "现行有效件数", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0"])


def applications(rows: dict[str, dict[str, float]]) -> dict[str, dict[str, Cell]]:
    """Table 3: every applicant column 0 unless given; `total` the sum of the others."""
    out = {}
    for row, given in rows.items():
        values = {c: given.get(c, 0) for c in APPLICANT_COLUMNS if c != "total"}
        values["total"] = sum(values.values())
        out[row] = {c: Cell(v, str(v)) for c, v in values.items()}
    return out


def active(regulations: tuple, normative: tuple) -> dict[str, dict[str, Cell]]:
    return {row: {c: Cell(v, str(v)) for c, v in zip(("issued", "repealed", "in_force"), values)}
            for row, values in (("regulations", regulations), ("normative_documents", normative))}


def review(**values: float) -> dict[str, dict[str, Cell]]:
    cells = {f"{g}.{k}": 0 for g in ("review", "suit_direct", "suit_after_review")
             for k in ("upheld", "corrected", "other", "pending")}
    cells.update({k.replace("__", "."): v for k, v in values.items()})
    for group in ("review", "suit_direct", "suit_after_review"):
        cells[f"{group}.total"] = sum(cells[f"{group}.{k}"] for k in ("upheld", "corrected", "other", "pending"))
    return {"all": {c: Cell(v, str(v)) for c, v in cells.items()}}


def report(agency: AgencyRef, year: int, published: str | None, apps: dict, act: tuple, rl: dict,
           prose: tuple[str, ...], sections: tuple[str, ...] = SECTIONS_ALL) -> Report:
    return Report(title=f"{agency.name}{year}年政府信息公开工作年度报告", agency=agency.name,
                  region=Region(agency.province, agency.city, agency.county), year=year, publish_date=published,
                  template="2021", tables={"active": active(*act), "applications": applications(apps),
                                           "review_litigation": rl},
                  text=body(year, prose, sections), url=f"http://example.invalid/{agency.name}/{year}")


def jia_2021(forward_commercial: float = 0) -> Report:
    return report(JIA, 2021, "2022-01-20", {
        "new_received": {"natural_person": 3, "commercial": forward_commercial}, "carried_over": {},
        "granted": {"natural_person": 1}, "partially_granted": {}, "total_processed": {"natural_person": 1},
        "carried_forward": {"natural_person": 2, "commercial": forward_commercial},
    }, ((0, 0, 0), (1, 0, 5)), review(), (S1, S2, S3, S4))


JIA_2022 = report(JIA, 2022, "2023-02-15", {
    "new_received": {"natural_person": 10},
    "carried_over": {"natural_person": 2, "commercial": 1},
    "granted": {"natural_person": 4}, "partially_granted": {"natural_person": 2},
    "denied.state_secret": {"natural_person": 1}, "denied.third_party": {"commercial": 1},
    "denied.process_info": {},
    "unavailable.not_held": {"natural_person": 2}, "unavailable.needs_creation": {"natural_person": 1},
    "not_processed.repeated": {"natural_person": 1},
    "total_processed": {"natural_person": 11, "commercial": 1},
    "carried_forward": {"natural_person": 1},
}, ((0, 0, 1), (2, 1, 6)), review(review__upheld=3, review__corrected=1, suit_direct__upheld=1,
                                   suit_after_review__corrected=1), (S1, S2, S3, S4))
JIA_2023 = report(JIA, 2023, None, {
    "new_received": {"natural_person": 1}, "carried_over": {"natural_person": 1},
    "granted": {"natural_person": 1}, "partially_granted": {}, "unavailable.not_held": {"natural_person": 1},
    "total_processed": {"natural_person": 2}, "carried_forward": {},
}, ((0, 0, 1), (1, 2, 5)), review(), (S2, *NEW))
YI_2021 = report(YI, 2021, "2022-03-20", {"new_received": {}, "carried_over": {}, "total_processed": {},
                                          "carried_forward": {}},
                 ((0, 0, 0), (0, 0, 2)), review(), (S1,), SECTIONS_ALL[:4])
YI_2023 = report(YI, 2023, "2024-03-31", {
    "new_received": {"natural_person": 4}, "carried_over": {},
    "granted": {"natural_person": 3}, "partially_granted": {"natural_person": 1},
    "total_processed": {"natural_person": 4}, "carried_forward": {},
}, ((0, 0, 0), (0, 0, 2)), review(), (S3,))
ALL = [jia_2021(), JIA_2022, JIA_2023, YI_2021, YI_2023]


def capture(item: Report) -> Capture:
    agency = JIA if item.agency == JIA.name else YI
    return replace(Capture.of(item.url, item.text.encode(), "text/html", 200), agency=agency)


def store(engine, items: list[Report]) -> Store:
    writer = Store(engine)
    for item in items:
        assert writer.store(item, capture(item)).outcome in ("new", "updated")
    return writer


@pytest.fixture
def stored(engine):
    upgrade(engine)
    store(engine, ALL)
    return engine


def rows(engine, sql: str, **params) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql), params)]


def cross_year_failures(engine) -> set[tuple]:
    return set(rows(engine, "SELECT agency, year, check_name, row_code, column_code, expected, found "
                            "FROM v_check_failures WHERE check_name LIKE 'cross_year.%'"))


JIA_2022_FAILURES = {
    ("甲市应急管理局", 2022, "cross_year.carried_over", "carried_over", "commercial", 0, 1),
    ("甲市应急管理局", 2022, "cross_year.carried_over", "carried_over", "total", 2, 3),
    ("甲市应急管理局", 2022, "cross_year.in_force", "regulations", "in_force", 0, 1),
    ("甲市应急管理局", 2022, "cross_year.copied_text", None, None, COPIED_LIMIT, 1.0),
}


# -- unit: what counts as copied -------------------------------------------

def test_sentences_mask_numbers_and_skip_table_lines() -> None:
    found = sentences(body(2021, (S1, S2)))
    assert found == ["本机关年内主动公开信息#条。", "我局完善了政务公开制度体系。"]


def test_copied_share_by_characters_and_none_without_prose() -> None:
    this, last = body(2023, (S2, *NEW)), body(2022, (S1, S2, S3, S4))
    lengths = [len(s) for s in (S2, *NEW)]
    assert copied_share(this, last) == pytest.approx(lengths[0] / sum(lengths))
    assert copied_share(body(2022, (S1, S2)), body(2021, (S1, S2))) == 1.0  # numbers changed, prose copied
    assert copied_share("一、总体情况\n0", last) is None
    assert copied_share(this, "") is None


# -- cross-year consistency ------------------------------------------------

def test_carried_over_against_last_years_carried_forward(stored) -> None:
    found = rows(stored, "SELECT agency, year, column_code, expected, found, status FROM v_cross_year "
                         "WHERE check_name = 'cross_year.carried_over' AND column_code IN ('natural_person', "
                         "'commercial', 'total') ORDER BY agency, year, column_code")
    assert found == [
        ("乙县人民政府", 2021, "commercial", None, 0, "no_previous"),
        ("乙县人民政府", 2021, "natural_person", None, 0, "no_previous"),
        ("乙县人民政府", 2021, "total", None, 0, "no_previous"),
        ("乙县人民政府", 2023, "commercial", None, 0, "no_previous"),
        ("乙县人民政府", 2023, "natural_person", None, 0, "no_previous"),
        ("乙县人民政府", 2023, "total", None, 0, "no_previous"),
        ("甲市应急管理局", 2021, "commercial", None, 0, "no_previous"),
        ("甲市应急管理局", 2021, "natural_person", None, 0, "no_previous"),
        ("甲市应急管理局", 2021, "total", None, 0, "no_previous"),
        ("甲市应急管理局", 2022, "commercial", 0, 1, "mismatch"),
        ("甲市应急管理局", 2022, "natural_person", 2, 2, "ok"),
        ("甲市应急管理局", 2022, "total", 2, 3, "mismatch"),
        ("甲市应急管理局", 2023, "commercial", 0, 0, "ok"),
        ("甲市应急管理局", 2023, "natural_person", 1, 1, "ok"),
        ("甲市应急管理局", 2023, "total", 1, 1, "ok"),
    ]


def test_in_force_against_last_year_plus_issued_minus_repealed(stored) -> None:
    found = rows(stored, "SELECT agency, year, row_code, expected, found, status FROM v_cross_year "
                         "WHERE check_name = 'cross_year.in_force' AND agency = '甲市应急管理局' ORDER BY year, row_code")
    assert found == [
        ("甲市应急管理局", 2021, "normative_documents", None, 5, "no_previous"),
        ("甲市应急管理局", 2021, "regulations", None, 0, "no_previous"),
        ("甲市应急管理局", 2022, "normative_documents", 6, 6, "ok"),  # 5 + 2 − 1
        ("甲市应急管理局", 2022, "regulations", 0, 1, "mismatch"),  # 0 + 0 − 0
        ("甲市应急管理局", 2023, "normative_documents", 5, 5, "ok"),  # 6 + 1 − 2
        ("甲市应急管理局", 2023, "regulations", 1, 1, "ok"),
    ]


def test_cross_year_results_are_stored_checks_apart_from_the_reports_own(stored) -> None:
    assert cross_year_failures(stored) == JIA_2022_FAILURES
    counts = rows(stored, "SELECT agency, year, failed_checks, cross_year_failures FROM v_reports ORDER BY agency, year")
    assert counts == [("乙县人民政府", 2021, 0, 0), ("乙县人民政府", 2023, 0, 0), ("甲市应急管理局", 2021, 0, 0),
                      ("甲市应急管理局", 2022, 0, 4), ("甲市应急管理局", 2023, 0, 0)]
    # No previous year, no stored check: 乙县 has none at all.
    assert rows(stored, "SELECT COUNT(*) FROM check_results k JOIN reports r ON k.version_id = r.current_version_id "
                        "JOIN agencies a ON a.id = r.agency_id WHERE a.name = '乙县人民政府' "
                        "AND k.check_name LIKE 'cross_year.%'") == [(0,)]


def test_cross_year_checks_are_recomputed_when_the_previous_year_is_stored_again(stored) -> None:
    version = rows(stored, "SELECT version FROM v_reports WHERE agency = '甲市应急管理局' AND year = 2022")
    assert Store(stored).store(jia_2021(forward_commercial=1), capture(jia_2021())).outcome == "updated"
    assert cross_year_failures(stored) == {f for f in JIA_2022_FAILURES if f[2] != "cross_year.carried_over"}
    assert rows(stored, "SELECT version FROM v_reports WHERE agency = '甲市应急管理局' AND year = 2022") == version
    assert_kept_tables_equal_their_rules(stored)


def _revision(file: str):
    return load_revision(migrations_dir() / "versions" / file)


def assert_kept_tables_equal_their_rules(engine) -> None:
    """The views revision 0008 made fast (they read what the Store keeps, or read it once) show what their
    rules, computed afresh over the cells as revisions 0002 and 0006 computed them at each query, give."""
    r0006 = _revision("0006_analysis_views.py")
    afresh = {**{view: sql for view, sql in _revision("0002_analyst_views.py").VIEWS.items()
                 if view in ("v_applications", "v_active", "v_review_litigation")},
              "v_cross_year": r0006.V_CROSS_YEAR, "v_refusal_reasons": r0006.V_REFUSAL_REASONS}
    for view, sql in afresh.items():
        kept = sorted(rows(engine, f"SELECT * FROM {view}"), key=repr)
        assert kept, view
        assert kept == sorted(rows(engine, f"SELECT * FROM ({sql}) x"), key=repr), view


def test_kept_tables_equal_their_rules_however_reports_arrive(engine) -> None:
    """Stored in one batch, in reverse, with a changed version and a year stored again after the next."""
    upgrade(engine)
    writer = Store(engine)
    writer.store_many([(item, capture(item)) for item in reversed(ALL)])
    writer.store(jia_2021(forward_commercial=1), capture(jia_2021()))
    writer.store(JIA_2022, replace(capture(JIA_2022), url="http://example.invalid/again"))
    assert_kept_tables_equal_their_rules(engine)


def test_cross_year_checks_do_not_depend_on_the_order_reports_arrive(engine) -> None:
    upgrade(engine)
    store(engine, list(reversed(ALL)))
    assert cross_year_failures(engine) == JIA_2022_FAILURES


def test_upgrade_from_0005_computes_the_checks_of_reports_already_stored(engine) -> None:
    upgrade(engine, "0005")
    store(engine, ALL)
    upgrade(engine)
    assert cross_year_failures(engine) == JIA_2022_FAILURES
    assert_kept_tables_equal_their_rules(engine)
    assert rows(engine, "SELECT agency, year, missing_sections FROM v_reports WHERE missing_sections > 0") == [
        ("乙县人民政府", 2021, 2)]
    assert rows(engine, "SELECT disclosure_rate FROM v_rates WHERE agency = '甲市应急管理局' AND year = 2022") == [
        (0.5,)]


# -- timeliness ------------------------------------------------------------

def test_timeliness_against_the_statutory_deadline(stored) -> None:
    found = [(agency, kind, year, str(deadline) if deadline else None, days, status) for agency, kind, year, deadline,
             days, status in rows(stored, "SELECT agency, agency_kind, year, deadline, days_late, status "
                                          "FROM v_timeliness ORDER BY agency, year")]
    assert found == [
        ("乙县人民政府", "人民政府", 2021, "2022-03-31", -11, "on_time"),
        ("乙县人民政府", "人民政府", 2022, "2023-03-31", None, "missing"),
        ("乙县人民政府", "人民政府", 2023, "2024-03-31", 0, "on_time"),
        ("甲市应急管理局", "部门", 2021, "2022-01-31", -11, "on_time"),
        ("甲市应急管理局", "部门", 2022, "2023-01-31", 15, "late"),
        ("甲市应急管理局", "部门", 2023, "2024-01-31", None, "unknown"),
    ]


# -- completeness and copying ----------------------------------------------

def test_completeness_of_the_six_sections(stored) -> None:
    found = rows(stored, "SELECT agency, year, overview, active, applications, review_litigation, problems, other, "
                         "sections_present, complete FROM v_completeness ORDER BY agency, year")
    assert found == [
        ("乙县人民政府", 2021, 1, 1, 1, 1, 0, 0, 4, 0),
        ("乙县人民政府", 2023, 1, 1, 1, 1, 1, 1, 6, 1),
        ("甲市应急管理局", 2021, 1, 1, 1, 1, 1, 1, 6, 1),
        ("甲市应急管理局", 2022, 1, 1, 1, 1, 1, 1, 6, 1),
        ("甲市应急管理局", 2023, 1, 1, 1, 1, 1, 1, 6, 1),
    ]
    assert rows(stored, "SELECT row_code FROM v_check_failures WHERE check_name = 'completeness.section' "
                        "ORDER BY row_code") == [("other",), ("problems",)]


def test_copying_share_of_last_years_prose(stored) -> None:
    found = rows(stored, "SELECT agency, year, copied_share, status FROM v_copying ORDER BY agency, year")
    assert found == [
        ("乙县人民政府", 2021, None, "no_previous"),
        ("乙县人民政府", 2023, None, "no_previous"),
        ("甲市应急管理局", 2021, None, "no_previous"),
        ("甲市应急管理局", 2022, 1.0, "copied"),
        ("甲市应急管理局", 2023, pytest.approx(14 / (14 + 13 + 13 + 13)), "ok"),  # S2 of S2 + NEW
    ]
    assert [len(s) for s in (S2, *NEW)] == [14, 13, 13, 13]


# -- rates -----------------------------------------------------------------

RATE_COLUMNS = ("disclosure_rate", "unavailable_share", "not_held_share", "carry_forward_rate",
                "reviews_per_application", "suits_per_application", "review_correction_rate",
                "suit_correction_rate", "correction_rate")


def rates(engine, view: str, where: str) -> tuple:
    return rows(engine, f"SELECT {', '.join(RATE_COLUMNS)} FROM {view} WHERE {where}")[0]


def test_rates_of_a_report(stored) -> None:
    # 甲 2022: processed 12 (予以公开 4, 部分公开 2, 无法提供 3 of which 不掌握 2), new 10, carried over 3,
    # carried forward 1; 复议 4 (1 corrected), 诉讼 1 + 1 (1 corrected).
    assert rates(stored, "v_rates", "agency = '甲市应急管理局' AND year = 2022") == pytest.approx(
        (6 / 12, 3 / 12, 2 / 12, 1 / 13, 4 / 10, 2 / 10, 1 / 4, 1 / 2, 2 / 6))


def test_rates_with_a_zero_denominator_are_null(stored) -> None:
    assert rates(stored, "v_rates", "agency = '乙县人民政府' AND year = 2021") == (None,) * len(RATE_COLUMNS)


def test_rates_aggregated_are_ratios_of_sums(stored) -> None:
    # 2023 in 四川省: 甲 (1 + 0 of 2) and 乙 (3 + 1 of 4) disclosed: 5 / 6; 甲 over its three years:
    # (1 + 6 + 1) / (1 + 12 + 2).
    assert rows(stored, "SELECT reports, disclosure_rate FROM v_rates_by_province "
                        "WHERE province = '四川省' AND year = 2023") == [(2, pytest.approx(5 / 6))]
    assert rows(stored, "SELECT reports, disclosure_rate, reviews_per_application FROM v_rates_by_agency "
                        "WHERE agency = '甲市应急管理局'") == [(3, pytest.approx(8 / 15), pytest.approx(4 / 14))]
    assert rows(stored, "SELECT reports, disclosure_rate FROM v_rates_by_year WHERE year = 2022") == [
        (1, pytest.approx(0.5))]


def test_distribution_of_refusal_reasons(stored) -> None:
    found = rows(stored, "SELECT reason_group_label, reason, reason_label, applications, share_of_group "
                         "FROM v_refusal_reasons WHERE agency = '甲市应急管理局' AND year = 2022 ORDER BY reason")
    assert found == [
        ("不予公开", "denied.process_info", "属于四类过程性信息", 0, 0),
        ("不予公开", "denied.state_secret", "属于国家秘密", 1, 0.5),
        ("不予公开", "denied.third_party", "保护第三方合法权益", 1, 0.5),
        ("不予处理", "not_processed.repeated", "重复申请", 1, 1.0),
    ]
    assert rows(stored, "SELECT reports, applications, share_of_group FROM v_refusal_reasons_by_year "
                        "WHERE province = '四川省' AND year = 2022 AND reason = 'denied.third_party'") == [(1, 1, 0.5)]


def test_two_years_stored_at_once_still_compare(engine) -> None:
    """The next year's writer waits for the previous year's transaction, then compares with it."""
    upgrade(engine)
    store(engine, [JIA_2023])  # the agency exists: nothing but the cross-year lock makes the writers wait
    first, second = Store(engine), Store(engine)
    done: list[str] = []

    def next_year() -> None:
        with engine.begin() as connection:
            done.append(second._store(connection, JIA_2022, capture(JIA_2022)).outcome)

    with engine.connect() as connection:
        with connection.begin():
            first._store(connection, jia_2021(), capture(jia_2021()))
            writer = threading.Thread(target=next_year)
            writer.start()
            time.sleep(1.0)  # the other writer is now waiting for this transaction (or, without a lock, done)
        writer.join(timeout=60)
    assert done == ["new"]
    assert cross_year_failures(engine) == JIA_2022_FAILURES


def test_a_page_that_is_no_report_is_no_previous_year(stored) -> None:
    """A notice of 乙县 on 2022 (stored as not_a_report) neither fills the missing year nor is copied from."""
    notice = replace(YI_2023, year=2022, tables={}, status="not_a_report", reason="a notice",
                     url="http://example.invalid/乙县人民政府/notice")
    assert Store(stored).store(notice, capture(notice)).outcome == "new"
    assert rows(stored, "SELECT status FROM v_timeliness WHERE agency = '乙县人民政府' AND year = 2022") == [
        ("missing",)]
    assert rows(stored, "SELECT status FROM v_copying WHERE agency = '乙县人民政府' AND year = 2023") == [
        ("no_previous",)]
    assert cross_year_failures(stored) == JIA_2022_FAILURES


def test_a_report_without_the_denominator_adds_nothing_to_an_aggregate_rate(stored) -> None:
    """甲 2021 stored again without its 办理结果总计 row: its 予以公开 1 leaves the agency's 实质公开率,
    now (4 + 2 + 1) / (12 + 2), and its 1 new application stays in the reviews-per-application rate."""
    partial = jia_2021()
    del partial.tables["applications"]["total_processed"]
    assert Store(stored).store(partial, capture(partial)).outcome == "updated"
    assert rows(stored, "SELECT disclosure_rate, reviews_per_application FROM v_rates_by_agency "
                        "WHERE agency = '甲市应急管理局'") == [(pytest.approx(7 / 14), pytest.approx(4 / 14))]


def test_the_counts_table_matches_the_cells_and_names_every_count(stored) -> None:
    """report_counts (what the rates and reasons read) holds one row per stored version; the migration made
    it with a column per count, as the model declares it."""
    from sqlalchemy import inspect

    from govreports.store.analysis import COUNTS
    from govreports.store.models import ReportCounts

    columns = [c["name"] for c in inspect(stored).get_columns("report_counts")]
    assert columns == [c.name for c in ReportCounts.__table__.columns] == ["version_id", *COUNTS]
    assert rows(stored, "SELECT COUNT(*) FROM report_counts") == rows(stored, "SELECT COUNT(*) FROM report_versions")
    assert rows(stored, "SELECT k.total_processed, k.denied, k.suit_total FROM report_counts k "
                        "JOIN reports r ON r.current_version_id = k.version_id WHERE r.year = 2022") == [(12, 2, 2)]
