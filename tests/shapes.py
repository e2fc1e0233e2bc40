"""Render a report's tables into every input shape the parser must read.

Used by the property tests: random values rendered as one cell per line,
tab-indented cells (Word → text), tab-separated rows with merged-cell
padding, markdown pipes and HTML with rowspan/colspan must all parse back
to the same numbers. Labels are printed in the template's own wording.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass

from govreports.understand import labels

Value = int | float | str  # a str is printed as is (e.g. "—")

ACTIVE_BLOCKS = {
    "2021": (
        ("第二十条第(一)项", ("本年制发件数", "本年废止件数", "现行有效件数"),
         (("规章", "regulations"), ("行政规范性文件", "normative_documents"))),
        ("第二十条第(五)项", ("本年处理决定数量",), (("行政许可", "licensing"),)),
        ("第二十条第(六)项", ("本年处理决定数量",), (("行政处罚", "penalty"), ("行政强制", "enforcement"))),
        ("第二十条第(八)项", ("本年收费金额(单位:万元)",), (("行政事业性收费", "fees"),)),
    ),
    "2019": (
        ("第二十条第(一)项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
         (("规章", "regulations"), ("规范性文件", "normative_documents"))),
        ("第二十条第(五)项", ("上一年项目数量", "本年增/减", "处理决定数量"),
         (("行政许可", "licensing"), ("其他对外管理服务事项", "other_services"))),
        ("第二十条第(六)项", ("上一年项目数量", "本年增/减", "处理决定数量"),
         (("行政处罚", "penalty"), ("行政强制", "enforcement"))),
        ("第二十条第(八)项", ("上一年项目数量", "本年增/减"), (("行政事业性收费", "fees"),)),
        ("第二十条第(九)项", ("采购项目数量", "采购总金额"), (("政府集中采购", "procurement"),)),
    ),
}

# (group, subgroup, label, code); groups print as merged cells in HTML.
_R = "三、本年度办理结果"
APPLICATION_LAYOUT_HEAD = (
    (None, None, "一、本年新收政府信息公开申请数量", "new_received"),
    (None, None, "二、上年结转政府信息公开申请数量", "carried_over"),
    (_R, None, "(一)予以公开", "granted"),
    (_R, None, "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "partially_granted"),
    (_R, "(三)不予公开", "1.属于国家秘密", "denied.state_secret"),
    (_R, "(三)不予公开", "2.其他法律行政法规禁止公开", "denied.prohibited_by_law"),
    (_R, "(三)不予公开", "3.危及“三安全一稳定”", "denied.security_stability"),
    (_R, "(三)不予公开", "4.保护第三方合法权益", "denied.third_party"),
    (_R, "(三)不予公开", "5.属于三类内部事务信息", "denied.internal_affairs"),
    (_R, "(三)不予公开", "6.属于四类过程性信息", "denied.process_info"),
    (_R, "(三)不予公开", "7.属于行政执法案卷", "denied.enforcement_files"),
    (_R, "(三)不予公开", "8.属于行政查询事项", "denied.admin_query"),
    (_R, "(四)无法提供", "1.本机关不掌握相关政府信息", "unavailable.not_held"),
    (_R, "(四)无法提供", "2.没有现成信息需要另行制作", "unavailable.needs_creation"),
    (_R, "(四)无法提供", "3.补正后申请内容仍不明确", "unavailable.unclear"),
    (_R, "(五)不予处理", "1.信访举报投诉类申请", "not_processed.petition"),
    (_R, "(五)不予处理", "2.重复申请", "not_processed.repeated"),
    (_R, "(五)不予处理", "3.要求提供公开出版物", "not_processed.publication"),
    (_R, "(五)不予处理", "4.无正当理由大量反复申请", "not_processed.excessive"),
    (_R, "(五)不予处理", "5.要求行政机关确认或重新出具已获取信息", "not_processed.confirm_reissue"),
)
APPLICATION_LAYOUT = {
    "2021": APPLICATION_LAYOUT_HEAD + (
        (_R, "(六)其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other.no_correction"),
        (_R, "(六)其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other.unpaid_fee"),
        (_R, "(六)其他处理", "3.其他", "other.other"),
        (_R, None, "(七)总计", "total_processed"),
        (None, None, "四、结转下年度继续办理", "carried_forward"),
    ),
    "2019": APPLICATION_LAYOUT_HEAD + (
        (_R, None, "(六)其他处理", "other.other"),
        (_R, None, "(七)总计", "total_processed"),
        (None, None, "四、结转下年度继续办理", "carried_forward"),
    ),
}
APPLICANT_HEADER = ("申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织",
                    "法律服务机构", "其他")
REVIEW_HEADER = ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉",
                 "复议后起诉") + ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2
HEADINGS = ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况")


@dataclass(frozen=True)
class TableRow:
    group: str | None
    subgroup: str | None
    label: str
    values: tuple[Value, ...]


def fmt(value: Value) -> str:
    return value if isinstance(value, str) else repr(value) if isinstance(value, float) else str(value)


def expected_number(value: Value) -> int | float | None:
    if isinstance(value, str):
        return 0 if value.strip() in ("—", "-", "/", "无") else None
    return value


def active_rows(template: str, tables: dict) -> Iterator[tuple[str, tuple[str, ...], list[TableRow]]]:
    for heading, headers, rows in ACTIVE_BLOCKS[template]:
        block = []
        for label, code in rows:
            spec = next(s for s in labels.ACTIVE_ROWS[template] if s.code == code)
            block.append(TableRow(None, None, label, tuple(tables["active"][code][c] for c in spec.columns)))
        yield heading, headers, block


def application_rows(template: str, tables: dict) -> list[TableRow]:
    return [TableRow(g, s, label, tuple(tables["applications"][code][c] for c in labels.APPLICANT_COLUMNS))
            for g, s, label, code in APPLICATION_LAYOUT[template]]


def review_values(tables: dict) -> tuple[Value, ...]:
    return tuple(tables["review_litigation"]["all"][c] for c in labels.REVIEW_COLUMNS)


# -- shapes ---------------------------------------------------------------

def as_lines(template: str, tables: dict, indent: str = "", blank: bool = True) -> str:
    """One cell per line (a flattened HTML page, or Word text with tab indents)."""
    out: list[str] = [HEADINGS[0]]

    def put(text: str) -> None:
        out.append(indent + text)

    for heading, headers, rows in active_rows(template, tables):
        for text in (heading, "信息内容", *headers):
            put(text)
        for row in rows:
            put(row.label)
            for v in row.values:
                put(fmt(v))
    out.append(HEADINGS[1])
    for text in APPLICANT_HEADER:
        put(text)
    seen: set[str] = set()
    for row in application_rows(template, tables):
        for group in (row.group, row.subgroup):
            if group and group not in seen:
                seen.add(group)
                put(group)
        put(row.label)
        for v in row.values:
            put(fmt(v))
    out.append(HEADINGS[2])
    for text in REVIEW_HEADER:
        put(text)
    for v in review_values(tables):
        put(fmt(v))
    return ("\n\n" if blank else "\n").join(out) + "\n"


def as_tsv(template: str, tables: dict) -> str:
    """Tab-separated rows; merged label cells left as empty fields (Word/PDF text)."""
    out = [HEADINGS[0]]
    for heading, headers, rows in active_rows(template, tables):
        out.append(heading + "\t" * 3)
        out.append("\t".join(("信息内容", *headers)) + "\t" * (3 - len(headers)))
        for row in rows:
            out.append("\t".join((row.label, *map(fmt, row.values))) + "\t" * (3 - len(row.values)))
    out.append(HEADINGS[1])
    out.append("\t\t申请人情况\t\t\t\t\t\t总计\t")
    out.append("\t\t自然人\t法人或其他组织\t\t\t\t\t\t")
    out.append("\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t")
    seen: set[str] = set()
    for row in application_rows(template, tables):
        first = row.group if row.group and row.group not in seen else ""
        second = row.subgroup if row.subgroup and row.subgroup not in seen else ""
        seen.update(x for x in (row.group, row.subgroup) if x)
        if row.subgroup:
            cells = [first, second, row.label]
        elif row.group:
            cells = [first, row.label, ""]
        else:
            cells = [row.label, "", ""]
        out.append("\t".join((*cells, *map(fmt, row.values))) + "\t")
    out.append(HEADINGS[2])
    out.append("行政复议\t\t\t\t\t行政诉讼" + "\t" * 9)
    out.append("结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t")
    out.append("\t" * 5 + "\t".join(REVIEW_HEADER[-10:]))
    out.append("\t".join(map(fmt, review_values(tables))))
    return "\n".join(out) + "\n"


def as_markdown(template: str, tables: dict) -> str:
    """Markdown pipe tables (what converters and LLM tools emit)."""
    def row(cells) -> str:
        return "| " + " | ".join(cells) + " |"

    out = [HEADINGS[0], ""]
    for heading, headers, rows in active_rows(template, tables):
        out += [row((heading, *headers)), row(["---"] * (len(headers) + 1))]
        out += [row((r.label, *map(fmt, r.values))) for r in rows]
        out.append("")
    out += [HEADINGS[1], "", row(("申请人情况", *labels.APPLICANT_COLUMN_LABELS)), row(["---"] * 8)]
    for r in application_rows(template, tables):
        out.append(row(("".join(x for x in (r.subgroup, r.label) if x), *map(fmt, r.values))))
    out += ["", HEADINGS[2], "", row(REVIEW_HEADER[2:7] + REVIEW_HEADER[-10:]), row(["---"] * 15),
            row(tuple(map(fmt, review_values(tables))))]
    return "\n".join(out) + "\n"


def _td(text: str, colspan: int = 1, rowspan: int = 1) -> str:
    attrs = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
    return f"<td{attrs}><p align=center><span>{html.escape(text) if text else '&nbsp;'}</span></p></td>"


def as_html_tables(template: str, tables: dict) -> str:
    """The three tables as CMS <table> markup with the template's merged cells."""
    parts = [f"<p><strong>{HEADINGS[0]}</strong></p>", "<table border=1>"]
    for heading, headers, rows in active_rows(template, tables):
        parts.append("<tr>" + _td(heading, colspan=4) + "</tr>")
        parts.append("<tr>" + _td("信息内容") + "".join(_td(h, colspan=3 if len(headers) == 1 else 1) for h in headers) + "</tr>")
        for r in rows:
            span = 3 if len(r.values) == 1 else 1
            parts.append("<tr>" + _td(r.label) + "".join(_td(fmt(v), colspan=span) for v in r.values) + "</tr>")
    parts.append("</table>")
    parts += [f"<p><strong>{HEADINGS[1]}</strong></p>", "<table border=1>",
              "<tr>" + _td("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", colspan=3, rowspan=3)
              + _td("申请人情况", colspan=7) + "</tr>",
              "<tr>" + _td("自然人", rowspan=2) + _td("法人或其他组织", colspan=5) + _td("总计", rowspan=2) + "</tr>",
              "<tr>" + "".join(_td(h) for h in APPLICANT_HEADER[4:]) + "</tr>"]
    rows = application_rows(template, tables)
    group_sizes: dict[str, int] = {}
    for r in rows:
        for g in (r.group, r.subgroup):
            if g:
                group_sizes[g] = group_sizes.get(g, 0) + 1
    seen: set[str] = set()
    for r in rows:
        cells = []
        if r.group and r.group not in seen:
            cells.append(_td(r.group, rowspan=group_sizes[r.group]))
        if r.subgroup:
            if r.subgroup not in seen:
                cells.append(_td(r.subgroup, rowspan=group_sizes[r.subgroup]))
            cells.append(_td(r.label))
        elif r.group:
            cells.append(_td(r.label, colspan=2))
        else:
            cells.append(_td(r.label, colspan=3))
        seen.update(x for x in (r.group, r.subgroup) if x)
        parts.append("<tr>" + "".join(cells) + "".join(_td(fmt(v)) for v in r.values) + "</tr>")
    parts.append("</table>")
    parts += [f"<p><strong>{HEADINGS[2]}</strong></p>", "<table border=1>",
              "<tr>" + _td("行政复议", colspan=5) + _td("行政诉讼", colspan=10) + "</tr>",
              "<tr>" + "".join(_td(h, rowspan=2) for h in REVIEW_HEADER[2:7]) + _td("未经复议直接起诉", colspan=5)
              + _td("复议后起诉", colspan=5) + "</tr>",
              "<tr>" + "".join(_td(h) for h in REVIEW_HEADER[-10:]) + "</tr>",
              "<tr>" + "".join(_td(fmt(v)) for v in review_values(tables)) + "</tr>",
              "</table>"]
    return "\n".join(parts)


def as_html_page(template: str, tables: dict, title: str = "某市应急管理局2024年政府信息公开工作年度报告") -> str:
    return (f"<html><head><title>{title}</title></head><body><div class=article><h1>{title}</h1>"
            f"<p>一、总体情况</p><p>本年度我局依法做好政府信息公开工作。</p>{as_html_tables(template, tables)}"
            f"<p>五、存在的主要问题及改进情况</p><p>进一步加强公开工作。</p></div></body></html>")


SHAPES = {
    "lines": lambda t, v: as_lines(t, v),
    "tab_indented": lambda t, v: as_lines(t, v, indent="\t", blank=False),
    "tsv": as_tsv,
    "markdown": as_markdown,
    "html": as_html_page,
}
