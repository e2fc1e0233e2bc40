"""Report or not, on real pages a person labelled by reading them (tests/fixtures/report_or_not/README.md).

The parser's verdict is its status: `not_a_report`, or a report (`parsed`,
with whatever checks fail). A page it judges otherwise than its label is a
strict xfail with the reason (KNOWN_MISSES), so that a fix shows, and a
floor pins the share it judges right.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govreports.model import Report
from govreports.report import ReportParser

ROOT = Path(__file__).parent / "fixtures" / "report_or_not"
CASES = sorted(p for p in ROOT.iterdir() if (p / "meta.json").exists()) if ROOT.exists() else []
# The share judged as labelled, pinned below what it is: 1,597 of 1,607 on 2026-12-01. Each held-out round,
# measured once before any change for it (at the round's start; then with the session's first code):
# round 14: 67 of 69 (67), round 13: 79 of 80 (79), round 12: 79 of 80 (79), round 11: 78 of 80 (77), round 10: 79 of 80 (78), round 9: 80 of 80 (78), round 8: 77 of 79 (77), round 7: 76 of 80 (76),
# round 6: 76 of 80 (76); rounds 4 and 5: 79 of 81, 77 of 78; 2026-11-30: 79/81, 79/80, 65/66.
FLOOR = 0.98
# Pages the parser judges otherwise than their label, each with the reason.
KNOWN_MISSES: dict[str, str] = {
    "p003_zjtcn_2013": "an untitled excerpt of a 2013 report: one section, no statistics period, no sentence about itself",
    "p184_newton_xingqing": "an untitled excerpt naming no year: one section, the overview's parts only in its prose",
    "h020_heldout": "an untitled traditional excerpt from 一、總體情況: one section, one of the overview's parts, no other sign",
    "h412_heldout": "an untitled old-format report (现将2020年政府信息公开工作报告如下), no section heading of the template's",
    "h442_heldout": "every digit masked (****年度): the overview's parts name no year, as a sample's do",
    "h530_heldout": "an English translation of a district's report: the vocabulary is the template's Chinese",
    "h532_heldout": "an untitled excerpt from 一、总体情况 on one line: one section, one of the overview's parts, no other sign",
    "h616_heldout": "an untitled excerpt from 一、总体情况 (在2024年,长春市经济合作局…): one section, its account naming no 《条例》",
    "h838_heldout": "an untitled traditional excerpt from 一、總體情況 (2020年, / 海口市人民政府…): one section, no other sign",
    "h966_heldout": "an untitled excerpt from 一、总体情况 that says only 本年度: one section, no year, no other sign",
}


def meta(case: Path) -> dict:
    return json.loads((case / "meta.json").read_text(encoding="utf-8"))


def label(case: Path) -> str:
    return meta(case)["label"]


@pytest.fixture(scope="module")
def parsed(parser: ReportParser) -> dict[str, Report]:
    return {case.name: parser.parse_bytes((case / "document.txt").read_bytes()) for case in CASES}


@pytest.fixture(scope="module")
def verdicts(parsed: dict[str, Report]) -> dict[str, str]:
    return {name: "not_report" if report.status == "not_a_report" else "report" for name, report in parsed.items()}


def test_the_set_holds_both_labels() -> None:
    labels = [label(case) for case in CASES]
    assert labels.count("report") >= 100 and labels.count("not_report") >= 30


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True,
                                  reason=KNOWN_MISSES[c.name])] if c.name in KNOWN_MISSES else []) for c in CASES])
def test_the_verdict_is_the_label(case: Path, verdicts: dict[str, str]) -> None:
    assert verdicts[case.name] == label(case)


def test_the_share_judged_right_stays_above_its_floor(verdicts: dict[str, str]) -> None:
    right = sum(verdicts[case.name] == label(case) for case in CASES)
    assert right / len(CASES) >= FLOOR


# The year a report covers, as another person read it (null where the text does not say, or for an academic
# year); pages the parser reads otherwise, each with the reason.
DATED = [case for case in CASES if "year" in meta(case)]
YEAR_MISSES: dict[str, str] = {
    "p026_zoucheng_tianhuang_2021": "the preface names 《田黄镇2020年…报告》; its period, opening and figures are 2021's",
    "p068_scqsfz_huaian_2021": "its statistics period is 2020's (last year's left in); its preface and figures say 2021",
    "p517_qiannan_jtj_2022": "its statistics period is 2021's (last year's left in); its preface and figures say 2022",
    "p148_huashan_spam_wl": "its only year is printed without 年 (2022区文旅局主动公开…)",
    "h472_heldout": "its title keeps last year's 2019; its period and figures are 2020's (the year.period check fails)",
    "h532_heldout": "judged no report (an untitled excerpt whose account names its year without a comma: 2024年莘庄工业区的…)",
    "h616_heldout": "judged no report (an untitled excerpt whose account opens 在2024年,…)",
    "h896_heldout": "a capture opening with stray markup (<legend id=…>) is read as HTML, and its title line is lost",
}
# Years read as labelled, pinned below what it is: 1,160 of 1,168 on 2026-12-01 (held out, first measured:
# round 14: 47 of 47, round 13: 56 of 57, round 12: 55 of 55, 11: 53 of 54, 10: 54 of 54, 9: 55 of 55, 8: 53 of 55, 7: 55 of 56, 6: 53 of 55; 2026-11-30: 51 of 52, 45 of 45).
YEAR_FLOOR = 0.98


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True,
                                  reason=YEAR_MISSES[c.name])] if c.name in YEAR_MISSES else []) for c in DATED])
def test_the_year_is_the_one_a_reader_reads(case: Path, parsed: dict[str, Report]) -> None:
    assert parsed[case.name].year == meta(case)["year"]


def test_the_share_of_years_read_right_stays_above_its_floor(parsed: dict[str, Report]) -> None:
    assert len(DATED) >= 400
    right = sum(parsed[case.name].year == meta(case)["year"] for case in DATED)
    assert right / len(DATED) >= YEAR_FLOOR
