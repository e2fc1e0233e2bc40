"""The national template as data: stable codes, their printed labels, markers.

Codes are those of shared/spec/report-tables.md and are binding. Row labels
are regular expressions over a *label key*: the label with numbering,
spaces and punctuation removed (see `tables.label_key`), so that
`(三)3. 危及“三安全一稳定”` and `3.危及三安全一稳定` both read `危及三安全一稳定`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
APPLICANT_COLUMN_LABELS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")

REVIEW_COLUMNS = tuple(
    f"{group}.{result}"
    for group in ("review", "suit_direct", "suit_after_review")
    for result in ("upheld", "corrected", "other", "pending", "total")
)


@dataclass(frozen=True)
class RowSpec:
    """One row of a table: its code, label pattern and column codes."""

    code: str
    label: re.Pattern[str]
    columns: tuple[str, ...]
    # Ambiguous short labels (其他, 总计) only count with this numbering
    # prefix, or right after the row named in `after`.
    prefix: str | None = None
    after: tuple[str, ...] = ()


def _row(code: str, pattern: str, columns: tuple[str, ...], prefix: str | None = None,
         after: tuple[str, ...] = ()) -> RowSpec:
    return RowSpec(code, re.compile(pattern), columns, prefix, after)


_ISSUED_2021 = ("issued", "repealed", "in_force")
_MADE_2019 = ("made", "published", "total_published")
_ITEMS_2019 = ("prev_items", "change", "decisions")

ACTIVE_ROWS = {
    TEMPLATE_2021: (
        _row("regulations", r"^规章$", _ISSUED_2021),
        _row("normative_documents", r"^(行政)?规范性文件$", _ISSUED_2021),
        _row("licensing", r"^行政许可$", ("decisions",)),
        _row("penalty", r"^行政处罚$", ("decisions",)),
        _row("enforcement", r"^行政强制$", ("decisions",)),
        _row("fees", r"^行政事业性收费$", ("amount_10k_yuan",)),
    ),
    TEMPLATE_2019: (
        _row("regulations", r"^规章$", _MADE_2019),
        _row("normative_documents", r"^(行政)?规范性文件$", _MADE_2019),
        _row("licensing", r"^行政许可$", _ITEMS_2019),
        _row("other_services", r"^其他对外管理服务事项$", _ITEMS_2019),
        _row("penalty", r"^行政处罚$", _ITEMS_2019),
        _row("enforcement", r"^行政强制$", _ITEMS_2019),
        _row("fees", r"^行政事业性收费$", ("prev_items", "change")),
        _row("procurement", r"^政府集中采购$", ("items", "amount")),
    ),
}

_C = APPLICANT_COLUMNS
_APPLICATION_HEAD = (
    _row("new_received", r"^本年新收", _C),
    _row("carried_over", r"^上年结转", _C),
    _row("granted", r"^予以公开$", _C),
    _row("partially_granted", r"^部分公开", _C),
    _row("denied.state_secret", r"^属于国家秘密$", _C),
    _row("denied.prohibited_by_law", r"^其他法律行政法规禁止公开$", _C),
    _row("denied.security_stability", r"^危及三安全一稳定$", _C),
    _row("denied.third_party", r"^保护第三方合法权益$", _C),
    _row("denied.internal_affairs", r"^属于三类内部事务信息$", _C),
    _row("denied.process_info", r"^属于四类过程性信息$", _C),
    _row("denied.enforcement_files", r"^属于行政执法案卷$", _C),
    _row("denied.admin_query", r"^属于行政查询事项$", _C),
    _row("unavailable.not_held", r"^本机关不掌握相关政府信息$", _C),
    _row("unavailable.needs_creation", r"^没有现成信息需要另行制作$", _C),
    _row("unavailable.unclear", r"^补正后申请内容仍不明确$", _C),
    _row("not_processed.petition", r"^信访举报投诉类申请$", _C),
    _row("not_processed.repeated", r"^重复申请$", _C),
    _row("not_processed.publication", r"^要求提供公开出版物$", _C),
    _row("not_processed.excessive", r"^无正当理由大量反复申请$", _C),
    _row("not_processed.confirm_reissue", r"^要求行政机关确认或重新出具已获取信息$", _C),
)
_APPLICATION_TAIL = (
    _row("total_processed", r"^总计$", _C, prefix="七",
         after=("other.other", "other.unpaid_fee", "other.no_correction")),
    _row("carried_forward", r"^结转下年度继续办理$", _C),
)
APPLICATION_ROWS = {
    TEMPLATE_2021: _APPLICATION_HEAD
    + (
        _row("other.no_correction", r"^申请人无正当理由逾期不补正", _C),
        _row("other.unpaid_fee", r"^申请人逾期未按收费通知要求缴纳费用", _C),
        _row("other.other", r"^其他$", _C, prefix="3", after=("other.unpaid_fee",)),
    )
    + _APPLICATION_TAIL,
    TEMPLATE_2019: _APPLICATION_HEAD + (_row("other.other", r"^其他处理$", _C),) + _APPLICATION_TAIL,
}

# Table 4 has no row labels: it starts at its header and is one row of values.
REVIEW_START = re.compile(
    r"^行政复议$|^(?:因)?(?:政府信息公开)?(?:工作)?(?:被申请)?行政复议.{0,6}行政诉讼|^复议诉讼"
)
REVIEW_ROW = "all"

# Words that only one template's tables print.
TEMPLATE_MARKERS = {
    TEMPLATE_2021: ("本年制发件数", "本年废止件数", "现行有效件数", "行政规范性文件", "本年收费金额",
                    "申请人无正当理由逾期不补正", "申请人逾期未按收费通知要求缴纳费用"),
    TEMPLATE_2019: ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量",
                    "其他对外管理服务事项", "政府集中采购", "采购项目数量", "采购总金额"),
}

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


def _row_index(template: str) -> tuple[re.Pattern[str], dict[str, tuple[str, RowSpec]]]:
    """One alternation over every row label of a template: a single search per label."""
    rows = [("active", spec) for spec in ACTIVE_ROWS[template]]
    rows += [("applications", spec) for spec in APPLICATION_ROWS[template]]
    groups = {f"r{i}": row for i, row in enumerate(rows)}
    pattern = "|".join(f"(?P<{name}>{spec.label.pattern})" for name, (_, spec) in groups.items())
    return re.compile(pattern), groups


ROW_INDEX = {template: _row_index(template) for template in (TEMPLATE_2021, TEMPLATE_2019)}
