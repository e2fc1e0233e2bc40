"""The national template as data: stable codes, printed labels, numbering, markers.

Codes are those of shared/spec/report-tables.md and are binding. Each row
lists the spellings reports print it under, as *label keys*: the label
without its numbering, spaces and punctuation (`label_key`), so that
`(三)3. 危及“三安全一稳定”` and `3.危及三安全一稳定` both read
`危及三安全一稳定`. Its numbering (一、 / (三) / 3.) is kept apart: rows are
aligned to the template by order, numbering and label similarity, not by
exact text (see `understand.align`).

The table reader looks the templates up in `TEMPLATES` when it runs, so a
test can swap codes to prove that the oracle notices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govreports.vocabulary import (
    APPLICANT_COLUMN_LABELS as APPLICANT_COLUMN_LABELS,  # re-exported: tables name their columns by it
)
from govreports.vocabulary import REPORT_SECTIONS, sections_present

TEMPLATE_2021 = "2021"
TEMPLATE_2019 = "2019"

APPLICANT_COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
    "total",
)

REVIEW_GROUPS = ("review", "suit_direct", "suit_after_review")
REVIEW_RESULTS = ("upheld", "corrected", "other", "pending", "total")
REVIEW_COLUMNS = tuple(f"{group}.{result}" for group in REVIEW_GROUPS for result in REVIEW_RESULTS)
REVIEW_ROW = "all"

# -- label keys and numbering ------------------------------------------------------

CHINESE_NUMERALS = "一二三四五六七八九十"
# Numbering in front of a label: 一、 (三) 三(三) 1. 1、 （1） …
NUMBERING = re.compile(
    rf"^(?:([{CHINESE_NUMERALS}]+)\s*[、.．]\s*)?"
    rf"(?:[(（]\s*([{CHINESE_NUMERALS}]+|\d+)\s*[)）]\s*)?"
    r"(?:(\d+)\s*[.、．]\s*)?"
)
PUNCTUATION = re.compile(r"[\s\"'“”‘’「」『』《》()（）、,，.。:：;；·•/\\\-—_|]")
# Labels of the merged cells that group table 3's rows (三、本年度办理结果, (三)不予公开 …).
GROUP_WORDS = ("不予公开", "无法提供", "不予处理", "其他处理")
RESULTS_WORD = "本年度办理结果"
# A row label printed after its merged group labels in one cell:
# 三、本年度办理结果(三)不予公开1.属于国家秘密 → 属于国家秘密, item 1.
GROUP_PREFIX = re.compile(
    rf"^(?:{RESULTS_WORD})?([{CHINESE_NUMERALS}])?(?:{'|'.join(GROUP_WORDS)})(\d*)(?=\D)"
)
# A letter of a group label printed down its own narrow cell, run into the row label beside it by a text
# extraction that reads the page line by line (三 / 2.其他法律… → 三2.其他法律…; 度 4.保护第三方…): no part of it.
# Before a group's own number, up to three of its label's letters (理结果 (二)部分公开: 本年度办理结果 down its cell).
GROUP_WORD_LETTERS = RESULTS_WORD + "".join(GROUP_WORDS)
GROUP_LETTERS = CHINESE_NUMERALS + GROUP_WORD_LETTERS
GROUP_LETTER = re.compile(rf"^(?:[{GROUP_LETTERS}]\s*(?=\d{{1,2}}\s*[.、．]\s*\D)"
                          rf"|[{GROUP_WORD_LETTERS}]{{1,3}}\s*(?=[(（][{CHINESE_NUMERALS}]+[)）]))")
# Headings inside table 2 that a row label never is.
ACTIVE_HEADINGS = ("第二十条", "信息内容")


@dataclass(frozen=True)
class Numbering:
    """The numbers printed in front of a label: 三、 → top, (三) → group, 3. → item."""

    top: str | None = None
    group: str | None = None
    item: str | None = None


NO_NUMBERING = Numbering()  # most labels': one shared (frozen) value, not one made for each


def label_key(text: str) -> tuple[str, Numbering]:
    """(the label without numbering, spaces and punctuation, its numbering)."""
    text = text.strip().lstrip("#").strip().strip("*").strip()  # a markdown heading's marks, bold's
    text = GROUP_LETTER.sub("", text, count=1)
    m = NUMBERING.match(text)
    top = group = item = None
    if m and m.group(0):
        top, paren, item = m.group(1), m.group(2), m.group(3)
        if paren is not None:
            if paren.isdigit():
                item = item or paren
            else:
                group = paren
        text = text[m.end():]
    key = PUNCTUATION.sub("", text)
    inner = GROUP_PREFIX.match(key)
    if inner and key[inner.end():]:
        group = group or inner.group(1)
        item = item or inner.group(2) or None
        key = key[inner.end():]
        m = re.match(r"^(\d+)(?=\D)", key)
        if m:
            item, key = item or m.group(1), key[m.end():]
    if top is None and group is None and item is None:
        return key, NO_NUMBERING
    return key, Numbering(top, group, item)


# -- rows ----------------------------------------------------------------------------

@dataclass(frozen=True)
class RowSpec:
    """One row of a table: its code, the keys it is printed under, its numbering and columns."""

    code: str
    table: str
    columns: tuple[str, ...]
    spellings: tuple[str, ...]
    numbering: Numbering = Numbering()


def _keys(*labels: str) -> tuple[str, ...]:
    return tuple(label_key(label)[0] for label in labels)


def _active(code: str, columns: tuple[str, ...], *labels: str) -> RowSpec:
    return RowSpec(code, "active", columns, _keys(*labels))


def _app(code: str, numbering: str, *labels: str) -> RowSpec:
    top, group, item = (part or None for part in numbering.split("|"))
    return RowSpec(code, "applications", APPLICANT_COLUMNS, _keys(*labels), Numbering(top, group, item))


_ISSUED_2021 = ("issued", "repealed", "in_force")
_MADE_2019 = ("made", "published", "total_published")
_ITEMS_2019 = ("prev_items", "change", "decisions")

ACTIVE_ROWS = {
    TEMPLATE_2021: (
        _active("regulations", _ISSUED_2021, "规章"),
        # 规范性档案: a mirror's Taiwan wording of 文件 (檔案), which OpenCC's t2s keeps.
        _active("normative_documents", _ISSUED_2021, "行政规范性文件", "规范性文件", "行政规范性档案", "规范性档案"),
        _active("licensing", ("decisions",), "行政许可"),
        _active("penalty", ("decisions",), "行政处罚"),
        _active("enforcement", ("decisions",), "行政强制"),
        _active("fees", ("amount_10k_yuan",), "行政事业性收费"),
    ),
    TEMPLATE_2019: (
        _active("regulations", _MADE_2019, "规章"),
        _active("normative_documents", _MADE_2019, "规范性文件", "行政规范性文件", "规范性档案", "行政规范性档案"),
        _active("licensing", _ITEMS_2019, "行政许可"),
        _active("other_services", _ITEMS_2019, "其他对外管理服务事项"),
        _active("penalty", _ITEMS_2019, "行政处罚"),
        _active("enforcement", _ITEMS_2019, "行政强制"),
        _active("fees", ("prev_items", "change"), "行政事业性收费"),
        _active("procurement", ("items", "amount"), "政府集中采购"),
    ),
}

_APPLICATION_HEAD = (
    _app("new_received", "一||", "本年新收政府信息公开申请数量", "本年新收"),
    _app("carried_over", "二||", "上年结转政府信息公开申请数量", "上年结转"),
    _app("granted", "|一|", "予以公开"),
    _app("partially_granted", "|二|", "部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
    _app("denied.state_secret", "|三|1", "属于国家秘密"),
    _app("denied.prohibited_by_law", "|三|2", "其他法律行政法规禁止公开"),
    _app("denied.security_stability", "|三|3", "危及“三安全一稳定”"),
    _app("denied.third_party", "|三|4", "保护第三方合法权益"),
    _app("denied.internal_affairs", "|三|5", "属于三类内部事务信息"),
    _app("denied.process_info", "|三|6", "属于四类过程性信息"),
    _app("denied.enforcement_files", "|三|7", "属于行政执法案卷"),
    _app("denied.admin_query", "|三|8", "属于行政查询事项"),
    _app("unavailable.not_held", "|四|1", "本机关不掌握相关政府信息"),
    _app("unavailable.needs_creation", "|四|2", "没有现成信息需要另行制作"),
    _app("unavailable.unclear", "|四|3", "补正后申请内容仍不明确"),
    _app("not_processed.petition", "|五|1", "信访举报投诉类申请"),
    _app("not_processed.repeated", "|五|2", "重复申请"),
    _app("not_processed.publication", "|五|3", "要求提供公开出版物"),
    _app("not_processed.excessive", "|五|4", "无正当理由大量反复申请"),
    _app("not_processed.confirm_reissue", "|五|5", "要求行政机关确认或重新出具已获取信息"),
)
_APPLICATION_TAIL = (
    _app("total_processed", "|七|", "总计", "本年度办理结果总计"),
    _app("carried_forward", "四||", "结转下年度继续办理", "结转下一年度继续办理"),
)
APPLICATION_ROWS = {
    # A 2021 report that still prints the 2019 single (六) 其他处理 row reads it as other.other.
    TEMPLATE_2021: _APPLICATION_HEAD + (
        _app("other.no_correction", "|六|1", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
             "申请人无正当理由逾期不补正"),
        _app("other.unpaid_fee", "|六|2", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
             "申请人逾期未按收费通知要求缴纳费用"),
        _app("other.other", "|六|3", "其他", "其他处理"),
    ) + _APPLICATION_TAIL,
    TEMPLATE_2019: _APPLICATION_HEAD + (_app("other.other", "|六|", "其他处理"),) + _APPLICATION_TAIL,
}


@dataclass(frozen=True)
class Template:
    """One template's tables 2 and 3 as row sequences, in printed order."""

    name: str
    active: tuple[RowSpec, ...]
    applications: tuple[RowSpec, ...]

    @property
    def rows(self) -> tuple[RowSpec, ...]:
        return self.active + self.applications


TEMPLATES = {name: Template(name, ACTIVE_ROWS[name], APPLICATION_ROWS[name]) for name in (TEMPLATE_2021, TEMPLATE_2019)}

# Table 4 has no row labels: it starts at its header and is one row of values.
# (行政法复议: a misprint seen in a real report.)
REVIEW_START = re.compile(
    r"^行政复议$|^(?:因)?(?:政府信息公开)?(?:工作)?(?:被申请)?行政法?复议.{0,6}行政诉讼|^复议诉讼"
)
REVIEW_WORD = "复"  # every heading REVIEW_START matches prints it: a text without it is none (no label_key needed)

# Words that only one template's tables print.
TEMPLATE_MARKERS = {
    TEMPLATE_2021: ("本年制发件数", "本年废止件数", "现行有效件数", "行政规范性文件", "本年收费金额",
                    "申请人无正当理由逾期不补正", "申请人逾期未按收费通知要求缴纳费用"),
    TEMPLATE_2019: ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量",
                    "其他对外管理服务事项", "政府集中采购", "采购项目数量", "采购总金额"),
}

# Rows some local templates add to table 2, which the spec has no code for (湖北: 其他主动公开文件, its note
# naming 规范性文件): never one of the template's rows, though their words are alike.
EXTRA_ROWS = ("其他主动公开文件",)

# Table 2's blocks (the rows under one header) and the words of their column headers that only one template
# prints. A report may print a block under the other template's headers (a 2021 report with 本年新制作数量 |
# 本年新公开数量 | 对外公开总数量 over 规章 and 规范性文件; a 2022 one, read by the 2019 template its (一) prints,
# whose (五) prints 处理决定数量 alone): its cells are keyed by the headers printed, never by the template read.
# Both templates print 处理决定数量 over (五) and (六): only the 2019 one's other columns tell them apart.
BLOCK_HEADER_WORDS: tuple[tuple[tuple[str, ...], dict[str, tuple[str, ...]]], ...] = (
    (("regulations", "normative_documents"),
     {TEMPLATE_2021: ("制发", "废止", "现行有效"), TEMPLATE_2019: ("新制作", "新公开", "对外公开")}),
    (("licensing", "other_services"), {TEMPLATE_2019: ("上一年", "本年增"), TEMPLATE_2021: ("处理决定数量",)}),
    (("penalty", "enforcement"), {TEMPLATE_2019: ("上一年", "本年增"), TEMPLATE_2021: ("处理决定数量",)}),
    (("fees",), {TEMPLATE_2019: ("上一年", "本年增"), TEMPLATE_2021: ("收费金额",)}),
)
REGULATION_COLUMN_WORDS = BLOCK_HEADER_WORDS[0][1]

# What names each table in a report's text: its section heading, or a row label
# only that table prints. A report that names a table must show its numbers.
TABLE_NAMES = {
    "active": re.compile(r"主动公开政府信息情况|政府信息主动公开情况|主动公开政府信息.{0,4}情况"),
    "applications": re.compile(r"收到和处理政府信息公开申请情况|依申请公开.{0,6}情况|本年新收政府信息公开申请数量"),
    # Table 4's header words 未经复议直接起诉 | 复议后起诉 side by side (pymupdf4llm may print the table without its
    # heading), not a sentence's (…其中未经复议直接起诉2件).
    "review_litigation": re.compile(r"行政法?复议.{0,8}行政诉讼情况|行政复议和.{0,6}行政诉讼|复议.{0,2}诉讼情况"
                                    r"|未经复议直接起诉(?:[|\s]|Col\d+|未经复议直接起诉)*复议后起诉"),
}

# The report's sections (一、总体情况 … 六、其他需要报告的事项): one vocabulary, govreports.vocabulary.
SECTIONS = tuple(pattern for _, pattern in REPORT_SECTIONS.values())


SECTION_LIST = re.compile(r"情况\s*[、,，]")  # a sentence naming the report's sections one after another


def named_tables(text: str) -> set[str]:
    """The tables a report's text names (a section heading, a row label only that table prints).

    A preface listing the report's sections (…行政复议、行政诉讼情况、存在的主要问题…) names none.
    """
    named = "\n".join(line for line in text.split("\n") if not SECTION_LIST.search(line))
    return {table for table, pattern in TABLE_NAMES.items() if pattern.search(named)}


def count_sections(text: str) -> int:
    """How many of the report's sections head a line of the text."""
    return sum(sections_present(text).values())


# A total's label alone (总计, 合计): any statistics table prints one, so it alone names no table of the template's
# (司法部's 2019年全国行政复议…统计数据 prints 总计 | 183489).
TOTAL_LABELS = frozenset({"总计", "合计", "小计"})
# Every word a row label, a group label or a table's header prints, keyed: what a text between values is not
# when it is one of these (understand.rows.word_for_value); the rows' own labels are what such a word may follow.
ROW_LABELS = frozenset(s for template in TEMPLATES.values() for spec in template.rows for s in spec.spellings)
ROW_WORDS = ROW_LABELS | {label_key(w)[0] for w in (*GROUP_WORDS, RESULTS_WORD, *ACTIVE_HEADINGS, *TOTAL_LABELS)}

TABLE_TITLES = {
    "active": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
}
ROW_TITLES = {
    "regulations": "规章",
    "normative_documents": "规范性文件",
    "licensing": "行政许可",
    "other_services": "其他对外管理服务事项",
    "penalty": "行政处罚",
    "enforcement": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
    "new_received": "一、本年新收",
    "carried_over": "二、上年结转",
    "granted": "三(一)予以公开",
    "partially_granted": "三(二)部分公开",
    "denied.state_secret": "三(三)1 国家秘密",
    "denied.prohibited_by_law": "三(三)2 法律法规禁止",
    "denied.security_stability": "三(三)3 三安全一稳定",
    "denied.third_party": "三(三)4 第三方权益",
    "denied.internal_affairs": "三(三)5 内部事务",
    "denied.process_info": "三(三)6 过程性信息",
    "denied.enforcement_files": "三(三)7 行政执法案卷",
    "denied.admin_query": "三(三)8 行政查询事项",
    "unavailable.not_held": "三(四)1 不掌握",
    "unavailable.needs_creation": "三(四)2 需另行制作",
    "unavailable.unclear": "三(四)3 补正后仍不明确",
    "not_processed.petition": "三(五)1 信访举报投诉",
    "not_processed.repeated": "三(五)2 重复申请",
    "not_processed.publication": "三(五)3 公开出版物",
    "not_processed.excessive": "三(五)4 大量反复申请",
    "not_processed.confirm_reissue": "三(五)5 确认或重新出具",
    "other.no_correction": "三(六)1 逾期不补正",
    "other.unpaid_fee": "三(六)2 逾期未缴费",
    "other.other": "三(六)其他",
    "total_processed": "三(七)总计",
    "carried_forward": "四、结转下年度",
    "all": "",
}
