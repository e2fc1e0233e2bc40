"""Report or not: whether a document without tables is an annual report on government information disclosure.

Notices about compiling the reports, plans, guides, explanations (解读),
samples and blank forms carry the report words too; an excerpt of a real
report may lack its title, or be cut after its first section. The rules
here are measured on real pages a person labelled
(tests/fixtures/report_or_not); the words they read are the vocabulary's.
"""

from __future__ import annotations

import re

from govreports.understand import labels, metadata
from govreports.vocabulary import (
    ACCOUNT_OF_DISCLOSURE,
    ACCOUNT_OF_YEAR,
    ANNOUNCES_OTHER,
    EXPLAINS,
    GUIDE_ITSELF,
    NOT_A_REPORT_TITLE,
    NUMBERED_ITEM,
    OVERVIEW_PART_HEADING,
    OVERVIEW_PARTS,
    PLACEHOLDER_NAME,
    REPORT_SECTIONS,
    REPORT_TITLE,
    SELF_REFERENCE,
    section_headings,
)

MIN_SECTIONS = 2  # a report without tables must at least show the template's sections
HEADING_LINES, MAX_HEADING = 3, 40  # where a text without a report title shows its own heading (2022年上半年…数据统计)
MIN_OVERVIEW_PARTS = 3  # of the five the template lists under 一、总体情况
PREFACE_CHARACTERS = 2000  # where a preface speaks of the report itself
PREFACE_SENTENCE = 300  # where a page says what it is (现就年报内容进行如下解读)
SENTENCE_MARKS = re.compile(r"[。，,；;]|[:：]\s*$")  # a sentence or a label (相关解读:), no heading
# A table of contents' heading (目录 alone): the report's own, no heading naming a catalogue (政府信息公开目录).
CONTENTS = re.compile(r"^\s*目\s*录\s*$")
# An item of the site's menu (- 政策解读), no heading of the page's own.
MENU_ITEM = re.compile(r"^\s*[-•·*]\s")


def not_a_report(title: str | None, text: str) -> str | None:
    """Why a document without tables is not a report, or None when it is one.

    The report words in a title are not enough (notices about compiling the
    reports carry them too): a report without tables still shows the
    template's sections (one under the report's own title: an excerpt cut
    after 一、总体情况), a preface speaking of itself (本报告由…) or, under
    its own title, opening with the year's account of the work, and a
    title naming a notice, a plan, a guide, a sample or a blank form
    (NOT_A_REPORT_TITLE) is none, nor a text naming its agency by a
    placeholder (xx县). A text without a title: see
    `untitled_report`.
    """
    if title and (says := NOT_A_REPORT_TITLE.search(title)):
        return f"the title says {says.group(0)}, and no statistical tables"
    if says := EXPLAINS.search(text[:PREFACE_SENTENCE]):
        return f"the text says it explains a report ({says.group(0)}), and no statistical tables"
    if says := ANNOUNCES_OTHER.search(text[:PREFACE_SENTENCE]):
        return f"the text says it publishes another report ({says.group(1)}), and no statistical tables"
    if says := GUIDE_ITSELF.search(text[:PREFACE_CHARACTERS]):
        return f"the text says it is a guide ({says.group(0)}), and no statistical tables"
    if says := PLACEHOLDER_NAME.search(text[:PREFACE_CHARACTERS]):
        return f"a sample: the text names its agency by a placeholder ({says.group(0)}), and no statistical tables"
    if title is None and untitled_report(text):
        return None
    if not REPORT_TITLE.search(re.sub(r"\s+", "", f"{title or ''}\n{text[:PREFACE_CHARACTERS]}")):
        return "no report title and no statistical tables"
    own_title = bool(title and REPORT_TITLE.search(re.sub(r"\s+", "", title)))
    speaks_of_itself = SELF_REFERENCE.search(text[:PREFACE_CHARACTERS]) or ACCOUNT_OF_YEAR.search(text[:PREFACE_SENTENCE])
    if own_title and speaks_of_itself:
        return None
    # A report's own title over its first section (an excerpt cut after 一、总体情况), or over one of the overview's
    # parts (a report laid out in parts alone: (一)主动公开政府信息的情况), is one; the report words in a text without
    # such a title (a notice quoting them) need the sections.
    if own_title and OVERVIEW_PART_HEADING.search(text):
        return None
    if labels.count_sections(text) < (1 if own_title else MIN_SECTIONS):
        return "the report words, but neither statistical tables nor the report's sections"
    return None


def _names_something_else(line: str) -> bool:
    """A heading of the page's own naming a notice, a plan… (2022年上半年…数据统计): not a sentence, a numbered part,
    the report's own 目录 or a menu's item."""
    return (len(line) <= MAX_HEADING and not SENTENCE_MARKS.search(line) and not NUMBERED_ITEM.match(line)
            and not CONTENTS.match(line) and not MENU_ITEM.match(line) and NOT_A_REPORT_TITLE.search(line) is not None)


def untitled_report(text: str) -> bool:
    """Whether a text without a title (an excerpt from its preface, or from 一、总体情况 on) is a report.

    It is one when no heading of its first lines names something else
    (2022年上半年…数据统计), and it shows: a section and the year's
    statistics period (所列数据的统计期限为2024年1月1日至…), a preface
    speaking of itself (编制本年度报告) or opening with the year's account of
    the work (2021年,…贯彻落实《…政府信息公开条例》) or of what was disclosed
    (2018年,我市各级政府共公开信息38482条), or the overview's parts ((一)主动公开
    (二)依申请公开 (三)政府信息管理: three, or two under 一、总体情况 opening
    it); or a preface speaking of itself and the period; or the sections and
    a table's labels (printed with no value read: the tables' checks then
    fail). The outline and the labels need a year named: a sample text
    shows them too. The report words its preface cites (《…年度报告格式》) do
    not matter.
    """
    if any(map(_names_something_else, text.split("\n")[:HEADING_LINES])):
        return False
    sections = labels.count_sections(text)
    period, itself = metadata.YEAR_IN_PERIOD.search(text), SELF_REFERENCE.search(text[:PREFACE_CHARACTERS])
    opening = text[:PREFACE_SENTENCE]
    itself = itself or ACCOUNT_OF_YEAR.search(opening) or ACCOUNT_OF_DISCLOSURE.search(opening)
    headings = section_headings(text)
    parts = len({m.group(1) for m in OVERVIEW_PARTS.finditer(text)})
    overview_first = bool(headings) and REPORT_SECTIONS["overview"][1].search(headings[0]) is not None
    # A sample text or a blank form shows the template's outline and labels too, but names no year.
    named_year = metadata.YEAR_IN_TITLE.search(text) is not None
    outline = (parts >= MIN_OVERVIEW_PARTS or parts >= MIN_OVERVIEW_PARTS - 1 and overview_first) and named_year
    return (sections >= 1 and bool(period or itself or outline) or bool(period and itself)
            or sections >= MIN_SECTIONS and bool(labels.named_tables(text)) and named_year)
