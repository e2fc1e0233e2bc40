"""Build the bundled sample site: govreports/samples/site/ (one folder per fake host).

    .venv/bin/python -m devtools.site_build [--out DIR]

Deterministic: the same code writes the same bytes (numbers come from
seeded generators, attachments get fixed timestamps and PDF IDs; the PDF is
converted by LibreOffice only when its DOCX changed, so the build needs
`soffice` only then). The output is committed; the
server is devtools.sample_site.

Six fake agencies in five provinces, one CMS family each, built around the
seed reports (the seed pages are linked, not copied: a host's page is a
relative symlink to govreports/samples/seedNNN_*.html, which keeps the site
small and makes "the same bytes at two URLs" literal):

    yjj.lps  六盘水市应急管理局 (贵州)  TRS column paged by createPageHTML (index_1.html…), GBK without charset
    yjj.pds  平顶山市应急管理局 (河南)  TRS behind a 412 cookie challenge, report as DOCX + PDF attachments
    yjj.cz   常州市应急管理局 (江苏)    ?page=N with 下一页 links
    yjt.sc   四川省应急管理厅 (四川)    list built by JavaScript from an inline JSON array
    yjj.nk   天津市南开区应急管理局 (天津) Hanweb datastore columns paged through dataproxy.jsp
    yjj.rz   汝州市应急管理局 (河南)    plain list paged only by 下一页 links

Over the years, for the analysts' indicators (issue 10; asserted by tests/test_crawl.py): each generated
report's numbers follow on from its agency's neighbouring year, generated or seed (上年结转 = last year's
结转下年度继续办理 per applicant column, 现行有效件数 = last year's + 本年制发 − 本年废止), and its prose is
worded differently from last year's (PROSE), with four exceptions:

    yjt.sc   2024 上年结转 (自然人) is one more than 2023 carried forward: a cross-year mismatch
    yjj.lps  2023 signed 2024年2月18日 and published 2024-02-19, after the 1月31日 deadline: late
    yjj.nk   2023 repeats 2022's prose but for 五、存在的主要问题: copied from last year
    yjj.rz   2022 and 2024, no 2023: a missing year

Besides the site folders it writes registry.csv and expected.json (the
end-to-end ground truth, with URLs as `http://{host:KEY}/…`).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import io
import json
import os
import random
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devtools.sample_site import datastore_xml
from govreports.understand import labels

SAMPLES = Path(__file__).resolve().parent.parent / "govreports" / "samples"
SITE = SAMPLES / "site"
ZIP_TIME = (2025, 1, 23, 9, 30, 0)
REGISTRY_COLUMNS = ("agency", "province", "city", "county", "level", "homepage", "column_url",
                    "example_report_url", "report_year", "cms_hint", "evidence")

# -- the template's tables as grids (after tests/shapes.py) ------------------------------

ACTIVE_BLOCKS = {
    "2021": (
        ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
         (("规章", "regulations"), ("行政规范性文件", "normative_documents"))),
        ("第二十条第（五）项", ("本年处理决定数量",), (("行政许可", "licensing"),)),
        ("第二十条第（六）项", ("本年处理决定数量",), (("行政处罚", "penalty"), ("行政强制", "enforcement"))),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), (("行政事业性收费", "fees"),)),
    ),
    "2019": (
        ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
         (("规章", "regulations"), ("规范性文件", "normative_documents"))),
        ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
         (("行政许可", "licensing"), ("其他对外管理服务事项", "other_services"))),
        ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
         (("行政处罚", "penalty"), ("行政强制", "enforcement"))),
        ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), (("行政事业性收费", "fees"),)),
        ("第二十条第（九）项", ("采购项目数量", "采购总金额"), (("政府集中采购", "procurement"),)),
    ),
}
_R = "三、本年度办理结果"
APPLICATION_LAYOUT_HEAD = (
    (None, None, "一、本年新收政府信息公开申请数量", "new_received"),
    (None, None, "二、上年结转政府信息公开申请数量", "carried_over"),
    (_R, None, "（一）予以公开", "granted"),
    (_R, None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partially_granted"),
    (_R, "（三）不予公开", "1.属于国家秘密", "denied.state_secret"),
    (_R, "（三）不予公开", "2.其他法律行政法规禁止公开", "denied.prohibited_by_law"),
    (_R, "（三）不予公开", "3.危及“三安全一稳定”", "denied.security_stability"),
    (_R, "（三）不予公开", "4.保护第三方合法权益", "denied.third_party"),
    (_R, "（三）不予公开", "5.属于三类内部事务信息", "denied.internal_affairs"),
    (_R, "（三）不予公开", "6.属于四类过程性信息", "denied.process_info"),
    (_R, "（三）不予公开", "7.属于行政执法案卷", "denied.enforcement_files"),
    (_R, "（三）不予公开", "8.属于行政查询事项", "denied.admin_query"),
    (_R, "（四）无法提供", "1.本机关不掌握相关政府信息", "unavailable.not_held"),
    (_R, "（四）无法提供", "2.没有现成信息需要另行制作", "unavailable.needs_creation"),
    (_R, "（四）无法提供", "3.补正后申请内容仍不明确", "unavailable.unclear"),
    (_R, "（五）不予处理", "1.信访举报投诉类申请", "not_processed.petition"),
    (_R, "（五）不予处理", "2.重复申请", "not_processed.repeated"),
    (_R, "（五）不予处理", "3.要求提供公开出版物", "not_processed.publication"),
    (_R, "（五）不予处理", "4.无正当理由大量反复申请", "not_processed.excessive"),
    (_R, "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", "not_processed.confirm_reissue"),
)
APPLICATION_LAYOUT = {
    "2021": APPLICATION_LAYOUT_HEAD + (
        (_R, "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other.no_correction"),
        (_R, "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other.unpaid_fee"),
        (_R, "（六）其他处理", "3.其他", "other.other"),
        (_R, None, "（七）总计", "total_processed"),
        (None, None, "四、结转下年度继续办理", "carried_forward"),
    ),
    "2019": APPLICATION_LAYOUT_HEAD + (
        (_R, None, "（六）其他处理", "other.other"),
        (_R, None, "（七）总计", "total_processed"),
        (None, None, "四、结转下年度继续办理", "carried_forward"),
    ),
}
APPLICANT_SUBHEADER = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
REVIEW_PARTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
HEADINGS = ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况")

Cell = tuple[str, int, int]  # text, colspan, rowspan
Grid = list[list[Cell]]


def fmt(value: int | float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _spans(n: int) -> list[int]:
    return {1: [3], 2: [1, 2], 3: [1, 1, 1]}[n]


def active_grid(template: str, tables: dict) -> Grid:
    rows: Grid = []
    for heading, headers, block in ACTIVE_BLOCKS[template]:
        rows.append([(heading, 4, 1)])
        rows.append([("信息内容", 1, 1)] + [(h, s, 1) for h, s in zip(headers, _spans(len(headers)))])
        for label, code in block:
            spec = next(s for s in labels.ACTIVE_ROWS[template] if s.code == code)
            values = [tables["active"][code][c] for c in spec.columns]
            rows.append([(label, 1, 1)] + [(fmt(v), s, 1) for v, s in zip(values, _spans(len(values)))])
    return rows


def application_grid(template: str, tables: dict) -> Grid:
    rows: Grid = [
        [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), ("申请人情况", 7, 1)],
        [("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)],
        [(h, 1, 1) for h in APPLICANT_SUBHEADER],
    ]
    layout = APPLICATION_LAYOUT[template]
    sizes: dict[str, int] = {}
    for group, subgroup, _, _ in layout:
        for g in (group, subgroup):
            if g:
                sizes[g] = sizes.get(g, 0) + 1
    seen: set[str] = set()
    for group, subgroup, label, code in layout:
        cells: list[Cell] = []
        if group and group not in seen:
            cells.append((group, 1, sizes[group]))
        if subgroup:
            if subgroup not in seen:
                cells.append((subgroup, 1, sizes[subgroup]))
            cells.append((label, 1, 1))
        elif group:
            cells.append((label, 2, 1))
        else:
            cells.append((label, 3, 1))
        seen.update(g for g in (group, subgroup) if g)
        cells += [(fmt(tables["applications"][code][c]), 1, 1) for c in labels.APPLICANT_COLUMNS]
        rows.append(cells)
    return rows


def review_grid(tables: dict) -> Grid:
    values = [tables["review_litigation"]["all"][c] for c in labels.REVIEW_COLUMNS]
    return [
        [("行政复议", 5, 1), ("行政诉讼", 10, 1)],
        [(h, 1, 2) for h in REVIEW_PARTS] + [("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)],
        [(h, 1, 1) for h in REVIEW_PARTS * 2],
        [(fmt(v), 1, 1) for v in values],
    ]


def grids(template: str, tables: dict) -> list[tuple[str, Grid]]:
    return [(HEADINGS[0], active_grid(template, tables)), (HEADINGS[1], application_grid(template, tables)),
            (HEADINGS[2], review_grid(tables))]


def html_table(grid: Grid, word: bool = False) -> str:
    """A grid as CMS table markup; `word` gives the MsoNormalTable dress of Word-pasted tables."""
    out = ['<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="100%"'
           ' style="border-collapse:collapse">' if word else '<table border="1" cellspacing="0" cellpadding="0"'
           ' width="100%">', "<tbody>"]
    for row in grid:
        cells = []
        for text, colspan, rowspan in row:
            attrs = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
            inner = html.escape(text)
            if word:
                inner = f'<p class="MsoNormal" align="center"><span>{inner}</span></p>'
            cells.append(f"<td{attrs}>{inner}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def placed(grid: Grid) -> tuple[list[tuple[int, int, Cell]], int]:
    """Each cell's (row, column) once spans are laid out, and the grid's width."""
    taken: set[tuple[int, int]] = set()
    out = []
    width = 0
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            _, colspan, rowspan = cell
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            out.append((r, c, cell))
            c += colspan
            width = max(width, c)
    return out, width


# -- numbers that keep the template's identities -------------------------------------

RESULT_WEIGHTS = (
    ("granted", 46), ("partially_granted", 8), ("denied.third_party", 3), ("denied.process_info", 3),
    ("denied.enforcement_files", 1), ("unavailable.not_held", 22), ("unavailable.unclear", 3),
    ("not_processed.petition", 6), ("not_processed.repeated", 4), ("other.other", 4),
)


def make_tables(rng: random.Random, template: str, size: int, before: dict | None = None,
                after: dict | None = None, miscarried: int = 0) -> dict:
    """Plausible numbers for one report; size ~ how busy the agency is (1 county … 4 province).

    `before` / `after`: the same agency's tables of the year before / after, which these numbers chain
    to (see chain); `miscarried`: applications added to 上年结转 of 自然人, a deliberate cross-year mismatch.
    """
    rows = [code for _, _, _, code in APPLICATION_LAYOUT[template]]
    columns = labels.APPLICANT_COLUMNS[:-1]
    apps = {code: {c: 0 for c in columns} for code in rows}
    weights = [(code, w) for code, w in RESULT_WEIGHTS if code in rows]
    demand = {"natural_person": 3 * size, "commercial": size, "research": 0, "social_welfare": 0,
              "legal_service": 1, "other_org": 1}
    for column, mean in demand.items():
        n = rng.randint(0, mean) + (rng.randint(1, 3) if column == "natural_person" else 0)
        for _ in range(n):
            code = rng.choices([c for c, _ in weights], [w for _, w in weights])[0]
            apps[code][column] += 1
        processed = sum(apps[c][column] for c in rows if c.startswith(("granted", "partially", "denied.",
                                                                       "unavailable.", "not_processed.", "other.")))
        apps["total_processed"][column] = processed
        apps["carried_forward"][column] = rng.choice((0, 0, 0, 1)) if column == "natural_person" else 0
        carried = rng.choice((0, 0, 1)) if column == "natural_person" else 0
        apps["carried_over"][column] = min(carried, processed + apps["carried_forward"][column])
        apps["new_received"][column] = processed + apps["carried_forward"][column] - apps["carried_over"][column]
    for code in rows:
        apps[code]["total"] = sum(apps[code][c] for c in columns)

    review: dict[str, int] = {}
    for group in ("review", "suit_direct", "suit_after_review"):
        parts = [rng.choice((0, 0, 0, 0, 1)) if group != "suit_after_review" else 0 for _ in range(4)]
        for name, v in zip(("upheld", "corrected", "other", "pending"), parts):
            review[f"{group}.{name}"] = v
        review[f"{group}.total"] = sum(parts)

    penalty = rng.randint(8, 40) * size
    if template == "2021":
        in_force = rng.randint(1, 6)
        active = {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": rng.randint(0, 2), "repealed": rng.randint(0, 1), "in_force": in_force},
            "licensing": {"decisions": rng.randint(3, 25) * size},
            "penalty": {"decisions": penalty},
            "enforcement": {"decisions": rng.randint(0, 6)},
            "fees": {"amount_10k_yuan": 0},
        }
    else:
        made = rng.randint(0, 3)
        active = {
            "regulations": {"made": 0, "published": 0, "total_published": 0},
            "normative_documents": {"made": made, "published": made, "total_published": made + rng.randint(2, 9)},
            "licensing": {"prev_items": rng.randint(4, 12), "change": rng.randint(-2, 2),
                          "decisions": rng.randint(10, 60) * size},
            "other_services": {"prev_items": rng.randint(0, 5), "change": 0, "decisions": rng.randint(0, 30)},
            "penalty": {"prev_items": rng.randint(200, 600), "change": rng.randint(-40, 20), "decisions": penalty},
            "enforcement": {"prev_items": rng.randint(5, 20), "change": 0, "decisions": rng.randint(0, 8)},
            "fees": {"prev_items": 0, "change": 0},
            "procurement": {"items": rng.randint(1, 6), "amount": round(rng.uniform(5, 90), 2)},
        }
    tables = {"active": active, "applications": apps, "review_litigation": {"all": review}}
    chain(tables, template, before, after, miscarried)
    return tables


def chain(tables: dict, template: str, before: dict | None, after: dict | None, miscarried: int = 0) -> None:
    """Make a report's numbers follow on from its agency's neighbouring years, as issue 10's cross-year
    checks read them: 上年结转 (per applicant column) = last year's 结转下年度继续办理, and for 规章 and
    规范性文件 (2021 template) 现行有效件数 = last year's + 本年制发 − 本年废止. `before` fixes this year
    from last year's; `after` fixes this year so that next year's (a seed page's, say) follows. The
    table's own identities are kept (新收 is what balances them). The random draws are all made
    before, so a report's other numbers do not depend on its neighbours."""
    apps = tables["applications"]
    columns = labels.APPLICANT_COLUMNS[:-1]
    for c in columns:
        if before is not None:
            apps["carried_over"][c] = before["applications"]["carried_forward"][c]
        if after is not None:
            apps["carried_forward"][c] = after["applications"]["carried_over"][c]
    apps["carried_over"]["natural_person"] += miscarried
    for c in columns:
        short = apps["carried_over"][c] - apps["total_processed"][c] - apps["carried_forward"][c]
        if short > 0:  # more carried over than handled and carried on: the rest were answered (予以公开)
            apps["granted"][c] += short
            apps["total_processed"][c] += short
        apps["new_received"][c] = apps["total_processed"][c] + apps["carried_forward"][c] - apps["carried_over"][c]
    for row in apps.values():
        row["total"] = sum(row[c] for c in columns)
    if template != "2021":
        return
    for code in ("regulations", "normative_documents"):
        row = tables["active"][code]
        if before is not None and "in_force" in before["active"][code]:
            row["repealed"] = min(row["repealed"], before["active"][code]["in_force"] + row["issued"])
            row["in_force"] = before["active"][code]["in_force"] + row["issued"] - row["repealed"]
        elif after is not None and "in_force" in after["active"][code]:
            following = after["active"][code]
            row["in_force"] = following["in_force"] - following["issued"] + following["repealed"]
            row["issued"] = min(row["issued"], row["in_force"] + row["repealed"])


def spot_numbers(tables: dict) -> dict[str, Any]:
    return {
        "applications.new_received.total": tables["applications"]["new_received"]["total"],
        "applications.carried_forward.total": tables["applications"]["carried_forward"]["total"],
        "active.penalty.decisions": tables["active"]["penalty"]["decisions"],
    }


# -- a report's text --------------------------------------------------------------------

@dataclass
class Agency:
    key: str
    name: str  # full name, as in the registry
    short: str  # how the report calls itself (市应急局, 我厅…)
    province: str
    city: str
    county: str
    level: str
    address: str
    phone: str
    site_name: str
    icp: str
    size: int


@dataclass
class ReportText:
    """A generated report: its blocks in reading order."""

    title: str
    year: int
    template: str
    tables: dict
    signed: str  # the signature date, 2025年1月20日
    blocks: list[tuple[str, Any]] = field(default_factory=list)  # ("h"|"p"|"table"|"sign", payload)


# The prose that changes from year to year, in three wordings: a report on `year` says PROSE[year % 3],
# so an agency's consecutive reports share only the boilerplate (the opening paragraph, the sentence on
# 行政复议 and 诉讼, the fee sentence) and stay well below analysis.COPIED_LIMIT; a report that copies
# last year's says last year's wording throughout but for 五、存在的主要问题. Keys: the paragraph;
# fields: a (how the agency calls itself), year, published, website, cleaned and table 3's totals.
PROSE: tuple[dict[str, str], ...] = (
    {"active": "{year}年，{a}坚持以公开为常态、不公开为例外，围绕安全生产、防灾减灾救灾和应急救援等重点工作，通过门户网站、"
               "政务新媒体等渠道主动公开政府信息{published}条，其中门户网站公开{website}条，涉及机构职能、政策文件、"
               "行政执法、应急预案、灾情信息、通知公告等内容。",
     "applications": "{year}年，{a}共收到政府信息公开申请{new_received}件，上年结转{carried_over}件，办结{total_processed}件，"
                     "结转下年度继续办理{carried_forward}件，均在法定期限内答复。",
     "management": "严格落实信息发布“三审三校”和保密审查制度，动态更新政务公开标准目录，全年清理失效信息{cleaned}条，"
                   "确保公开信息准确、规范、安全。",
     "platform": "持续优化门户网站政府信息公开专栏，规范设置机构信息、法定主动公开内容、政府信息公开年报等栏目，"
                 "及时发布安全生产预警、自然灾害风险提示等信息，提升平台的权威性和便捷性。",
     "oversight": "{a}成立政务公开工作领导小组，明确分管领导和专职联络员，将政务公开工作纳入年度目标考核，"
                  "全年未发生因信息公开不及时、不规范被追责的情况。",
     "problems": "{year}年，{a}政府信息公开工作取得一定成效，但仍存在政策解读形式不够丰富、基层信息更新不够及时等问题。"
                 "下一步，{a}将加强政策解读和回应关切，完善信息发布审核机制，提升政务公开工作质量。",
     "other": "{a}严格落实政务公开工作要点，其他需要报告的事项无。"},
    {"active": "{year}年，{a}聚焦安全生产专项整治、汛期防御和森林防灭火等重点领域，全年主动公开政府信息{published}条，"
               "其中通过门户网站发布{website}条，及时公开执法检查、隐患排查和预警信息。",
     "applications": "全年新收依申请公开事项{new_received}件，加上上年结转的{carried_over}件，已全部依法作出答复{total_processed}件，"
                     "另有{carried_forward}件转入下一年度办理。",
     "management": "{a}建立政府信息公开属性源头认定机制，对拟公开信息逐条进行保密审查，全年清理、更新过时信息{cleaned}条。",
     "platform": "{a}以门户网站为第一平台，同步运用政务微博、微信公众号发布权威信息，开设安全生产月、防灾减灾日等专题，"
                 "方便群众查阅。",
     "oversight": "{a}将政府信息公开工作纳入干部教育培训内容，组织业务培训两次，并主动接受社会评议和上级督查。",
     "problems": "{a}政府信息公开工作仍有不足，主要是政策解读的针对性不强、依申请公开答复的规范化水平有待提高。"
                 "下一步将加强业务培训，规范答复文书，提高政务公开工作水平。",
     "other": "{a}无其他需要报告的事项。"},
    {"active": "{year}年，{a}围绕应急管理中心工作，重点公开安全生产行政处罚、自然灾害救助和应急物资储备等信息，"
               "全年主动公开政府信息{published}条，门户网站发布{website}条。",
     "applications": "{a}规范依申请公开受理、审查、答复流程，本年度受理申请{new_received}件、上年结转{carried_over}件，"
                     "按时办结{total_processed}件，结转下年度{carried_forward}件。",
     "management": "{a}对已公开的规范性文件开展集中清理，在门户网站标注文件有效性，全年清理失效信息{cleaned}条，"
                   "保障公开内容的时效性。",
     "platform": "{a}对政府信息公开专栏进行改版升级，完善站内检索功能，及时更新政府信息公开指南和目录，提升专栏的实用性。",
     "oversight": "{a}将政务公开纳入年度工作要点统筹推进，定期调度各科室信息发布情况，对发现的问题及时督促整改。",
     "problems": "{year}年，{a}在信息公开的及时性和解读的通俗性方面仍有差距。下一步，{a}将丰富图解、视频等解读形式，"
                 "加强对基层政务公开工作的指导。",
     "other": "{a}按要求做好政务公开工作要点的贯彻落实，无其他需要报告的事项。"},
)


def report_text(agency: Agency, year: int, title: str, signed: str, rng: random.Random, *,
                before: ReportText | dict | None = None, after: ReportText | dict | None = None,
                miscarried: int = 0, copies: int | None = None) -> ReportText:
    """One generated report. `before` / `after`: the same agency's report (or a seed's tables) of the
    year before / after, which its numbers chain to; `miscarried`: see make_tables; `copies`: the year
    whose prose it repeats (all but 五、存在的主要问题)."""
    template = "2021" if year >= 2021 else "2019"
    tables = make_tables(rng, template, agency.size, neighbour(before), neighbour(after), miscarried)
    apps = tables["applications"]
    review = tables["review_litigation"]["all"]
    a = agency.short
    published = rng.randint(180, 900) * agency.size
    website = rng.randint(int(published * 0.55), int(published * 0.8))
    cleaned = rng.randint(10, 90)
    fields = {"a": a, "year": year, "published": published, "website": website, "cleaned": cleaned,
              **{name: apps[name]["total"] for name in ("new_received", "carried_over", "total_processed",
                                                         "carried_forward")}}
    prose = {key: text.format(**fields) for key, text in PROSE[(year if copies is None else copies) % 3].items()}
    prose["problems"] = PROSE[year % 3]["problems"].format(**fields)
    notice = ("国办公开办函〔2021〕30号" if template == "2021" else "国办公开办函〔2019〕60号")
    fmt_name = "《中华人民共和国政府信息公开工作年度报告格式》" if template == "2021" else "《中华人民共和国政府信息公开工作年度报告格式（试行）》"
    reviews = review["review.total"]
    suits = review["suit_direct.total"] + review["suit_after_review.total"]
    review_text = ("未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。" if reviews + suits == 0 else
                   f"因政府信息公开被申请行政复议{reviews}件，被提起行政诉讼{suits}件。")
    blocks: list[tuple[str, Any]] = [
        ("p", f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室关于印发"
              f"{fmt_name}的通知（{notice}）要求，{agency.name}编制了本报告。本报告所列数据的统计期限自{year}年1月1日起至"
              f"{year}年12月31日止。如对本报告有疑问，请与{a}办公室联系（地址：{agency.address}，电话：{agency.phone}）。"),
        ("h", "一、总体情况"),
        ("p", "（一）主动公开"),
        ("p", prose["active"]),
        ("p", "（二）依申请公开"),
        ("p", prose["applications"] + review_text),
        ("p", "（三）政府信息管理"),
        ("p", prose["management"]),
        ("p", "（四）政府信息公开平台建设"),
        ("p", prose["platform"]),
        ("p", "（五）监督保障"),
        ("p", prose["oversight"]),
    ]
    for heading, grid in grids(template, tables):
        blocks.append(("h", heading))
        blocks.append(("table", grid))
    blocks += [
        ("h", "五、存在的主要问题及改进情况"),
        ("p", prose["problems"]),
        ("h", "六、其他需要报告的事项"),
        ("p", f"{year}年，{a}未收取信息处理费。" + prose["other"]),
        ("sign", (agency.name, signed)),
    ]
    return ReportText(title, year, template, tables, signed, blocks)


def blocks_html(report: ReportText, word: bool = False) -> str:
    out = []
    for kind, payload in report.blocks:
        if kind == "h":
            out.append(f'<p style="text-indent:2em;line-height:2em"><strong>{html.escape(payload)}</strong></p>')
        elif kind == "p":
            out.append(f'<p style="text-indent:2em;line-height:2em">{html.escape(payload)}</p>')
        elif kind == "table":
            out.append('<div align="center">' + html_table(payload, word) + "</div>")
        elif kind == "sign":
            out += [f'<p style="text-align:right;line-height:2em">{html.escape(line)}</p>' for line in payload]
    return "\n".join(out)


# -- DOCX and PDF ---------------------------------------------------------------------

def report_docx(report: ReportText) -> bytes:
    """The report as a small Word file: title, paragraphs, the tables with merged cells."""
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    core = document.core_properties
    import datetime as dt

    stamp = dt.datetime(*ZIP_TIME)
    core.author = core.last_modified_by = "办公室"
    core.created = core.modified = stamp
    core.revision = 1
    core.title = report.title
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(report.title)
    run.bold = True
    run.font.size = Pt(18)
    for kind, payload in report.blocks:
        if kind in ("h", "p"):
            p = document.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(24)
            r = p.add_run(payload)
            r.bold = kind == "h"
        elif kind == "table":
            cells, width = placed(payload)
            table = document.add_table(rows=len(payload), cols=width)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, c, (text, colspan, rowspan) in cells:
                first = table.cell(r, c)
                if colspan > 1 or rowspan > 1:
                    first = first.merge(table.cell(r + rowspan - 1, c + colspan - 1))
                first.text = text
                for paragraph in first.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
            document.add_paragraph()
        elif kind == "sign":
            for line in payload:
                p = document.add_paragraph(line)
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed member timestamps (python-docx stamps them with the time of saving)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def docx_to_pdf(data: bytes, title: str = "") -> bytes:
    """LibreOffice's PDF of a DOCX (soffice --headless --convert-to pdf), metadata dates fixed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is needed to make the PDF attachment: "
                           "apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "report.docx").write_bytes(data)
        subprocess.run([soffice, f"-env:UserInstallation=file://{work / 'profile'}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(work), str(work / "report.docx")],
                       check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(work)})
        pdf = (work / "report.pdf").read_bytes()
    try:
        import pymupdf

        doc = pymupdf.open(stream=pdf, filetype="pdf")
        doc.set_metadata({"title": title, "author": "办公室", "creator": "Writer", "producer": "LibreOffice",
                          "creationDate": "D:20250123093000+08'00'", "modDate": "D:20250123093000+08'00'"})
        file_id = hashlib.md5(data).hexdigest().upper()  # LibreOffice's /ID is random: the only varying bytes
        doc.xref_set_key(-1, "ID", f"[<{file_id}><{file_id}>]")
        pdf = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    except ImportError:
        pass
    return pdf


# -- pages -----------------------------------------------------------------------------

@dataclass
class Style:
    """A host's page chrome."""

    agency: Agency
    nav: tuple[tuple[str, str], ...]
    encoding: str = "utf-8"  # "gbk": bytes in GBK and no charset anywhere
    css: str = "common"

    def head(self, title: str, extra: str = "") -> str:
        charset = ('<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
                   if self.encoding == "utf-8" else "")
        return (f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
                f'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
                f'<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n{charset}'
                f"<title>{html.escape(title)}</title>\n"
                f'<meta name="SiteName" content="{self.agency.site_name}" />\n'
                f'<link href="/images/{self.css}.css" rel="stylesheet" type="text/css" />\n{extra}</head>\n')

    def top(self) -> str:
        items = "".join(f'<li><a href="{href}">{text}</a></li>' for text, href in self.nav)
        return ('<body>\n<div class="top"><div class="top_bar w1200"><span class="links">'
                '<a href="javascript:void(0);" '
                f'id="StranLink">繁体</a></span></div>\n<div class="header w1200"><div class="logo"><a href="/"><img '
                f'src="/images/logo.png" alt="{self.agency.site_name}" /></a></div></div>\n'
                f'<div class="nav"><ul class="w1200">{items}</ul></div></div>\n')

    def bottom(self) -> str:
        return ('<div class="footer"><div class="w1200"><p><a href="/lxwm/">联系我们</a> | '
                '<a href="/admin/">管理登录</a></p>\n'
                f"<p>主办单位：{self.agency.name}&nbsp;&nbsp;地址：{self.agency.address}&nbsp;&nbsp;"
                f"电话：{self.agency.phone}</p>\n"
                f'<p><span class="icp">{self.agency.icp}</span></p></div></div>\n</body>\n</html>\n')

    def crumbs(self, *trail: tuple[str, str | None]) -> str:
        parts = ['<a href="/">首页</a>'] + [f'<a href="{href}">{text}</a>' if href else text for text, href in trail]
        return f'<div class="position">您当前的位置：{" &gt; ".join(parts)}</div>\n'

    def page(self, title: str, main: str, *trail: tuple[str, str | None], extra_head: str = "") -> str:
        return (self.head(title, extra_head) + self.top() + '<div class="main w1200">\n' + self.crumbs(*trail) + main
                + "</div>\n" + self.bottom())


def header_table(rows: list[tuple[str, str]]) -> str:
    """The 索引号 block of a 政府信息公开 article, two label/value pairs a row."""
    cells = [f'<td class="xxgk_label">{html.escape(k)}</td><td class="xxgk_value">{html.escape(v) or "&nbsp;"}</td>'
             for k, v in rows]
    trs = "".join("<tr>" + "".join(cells[i:i + 2]) + "</tr>\n" for i in range(0, len(cells), 2))
    return ('<div class="xxgk_head"><table class="xxgk_table" width="100%" border="0" cellspacing="0" cellpadding="0">'
            f"<tbody>\n{trs}</tbody></table></div>\n")


def article_main(title: str, byline: str, content: str, header: str = "", attachments: str = "") -> str:
    return (f'{header}<div class="article">\n<h1>{html.escape(title)}</h1>\n<div class="info">{byline}</div>\n'
            f'<div class="content" id="zoom">\n<div class="TRS_Editor">\n{content}\n</div>\n</div>\n'
            f"{attachments}</div>\n"
            '<div class="tools"><span class="print">【<a href="javascript:window.print();">打印本页</a>】'
            '【<a href="javascript:window.close();">关闭窗口</a>】</span></div>\n')


def short_body(paragraphs: list[str]) -> str:
    return "\n".join(f'<p style="text-indent:2em">{html.escape(p)}</p>' for p in paragraphs)


# -- a host being built ------------------------------------------------------------------

@dataclass
class Item:
    """One entry of a column."""

    title: str
    path: str
    date: str
    kind: str  # report, detail, graphic, work_points, compile_notice, rule_of_law, news


@dataclass
class HostBuild:
    agency: Agency
    style: Style
    family: str
    files: dict[str, bytes] = field(default_factory=dict)  # URL path → bytes
    links: dict[str, str] = field(default_factory=dict)  # URL path → "samples:NAME" or another URL path
    config: dict[str, Any] = field(default_factory=lambda: {"challenge": False, "headers": {}, "hanweb": {}})
    reports: list[dict[str, Any]] = field(default_factory=list)
    noise: list[dict[str, Any]] = field(default_factory=list)
    columns: list[dict[str, Any]] = field(default_factory=list)
    browser: dict[str, Any] = field(default_factory=lambda: {"all_pages": False, "pages": [], "reason": None})
    forbidden: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://{{host:{self.agency.key}}}{path}"

    def put(self, path: str, text: str, encoding: str | None = None) -> None:
        self.files[path] = text.encode(encoding or self.style.encoding)

    def seed(self, path: str, name: str) -> None:
        self.links[path] = f"samples:{name}"

    def alias(self, path: str, other: str) -> None:
        self.links[path] = other

    # the pages every host has
    def common(self, xxgk_path: str, column_links: list[tuple[str, str]], news: list[Item],
               homepage_nav_label: str = "政务公开") -> None:
        s = self.style
        a = self.agency
        lis = "".join(f'<li><a href="{i.path}" target="_blank" title="{html.escape(i.title)}">'
                      f"{html.escape(i.title)}</a>"
                      f"<span>{i.date}</span></li>\n" for i in news[:6])
        home = (f'<div class="banner"><img src="/images/banner.jpg" alt="{a.site_name}" /></div>\n'
                f'<div class="block"><div class="hd"><h3>工作动态</h3><a href="/xwzx/" class="more">更多</a></div>\n'
                f'<ul class="list">\n{lis}</ul></div>\n'
                f'<div class="block"><div class="hd"><h3>{homepage_nav_label}</h3></div><ul class="links">'
                f'<li><a href="{xxgk_path}">政府信息公开</a></li><li><a href="{xxgk_path}">政府信息公开指南</a></li>'
                f'<li><a href="/hdjl/">依申请公开</a></li></ul></div>\n')
        self.put("/", s.page(a.site_name, home).replace('<div class="position">您当前的位置：<a href="/">首页</a></div>\n', ""))
        # the sections the nav and the seed pages' chrome link to
        for text, path in (("机构概况", "/jggk/"), ("互动交流", "/hdjl/"), ("联系我们", "/lxwm/"), ("政务服务", "/zwfw/"),
                           ("专题专栏", "/ztzl/"), ("网站地图", "/wzdt/"), ("网站声明", "/wzsm/")):
            self.put(path, s.page(f"{text}_{a.site_name}", f'<div class="article"><h1>{text}</h1>'
                                  f"<p>{a.name}{text}栏目。</p></div>\n", (text, None)))
        self.put("/xwzx/", s.page(f"新闻中心_{a.site_name}", f'<ul class="list">\n{lis}</ul>\n', ("新闻中心", None)))
        self.put("/admin/", s.page(f"后台管理_{a.site_name}", '<form method="post" action="/admin/login.jsp">'
                                   '<input name="u" /><input name="p" type="password" />'
                                   '<input type="submit" value="登录" /></form>\n',
                                   ("后台管理", None)))
        self.forbidden.append(self.url("/admin/"))
        self.files["/robots.txt"] = b"User-agent: *\nDisallow: /admin/\n"
        guide = f"{a.name}政府信息公开指南"
        self.put("/zwgk/zfxxgkzn/", s.page(f"{guide}_{a.site_name}", article_main(guide, "", short_body([
            f"为便于公民、法人和其他组织依法获取{a.name}的政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。",
            f"受理机构：{a.name}办公室；地址：{a.address}；电话：{a.phone}。"])), ("政务公开", xxgk_path), ("政府信息公开指南", None)))
        blocks = "".join(f'<li><a href="{path}">{text}</a></li>' for text, path in column_links)
        xxgk = (f'<div class="xxgk_nav"><h3>政府信息公开</h3><ul>'
                f'<li><a href="/zwgk/zfxxgkzn/">政府信息公开指南</a></li><li><a href="/zwgk/zfxxgkzn/">政府信息公开制度</a></li>'
                f"{blocks}<li><a href=\"/hdjl/\">依申请公开</a></li></ul></div>\n")
        self.put(xxgk_path, s.page(f"政府信息公开_{a.site_name}", xxgk, ("政务公开", None)))

    def news_page(self, item: Item, column: tuple[str, str], paragraphs: list[str] | None = None) -> None:
        body = short_body(paragraphs or [
            f"{item.date[:4]}年{int(item.date[5:7])}月{int(item.date[8:])}日，{item.title.rstrip('。')}。",
            f"{self.agency.short}将持续压实安全生产责任，扎实做好防灾减灾救灾各项工作，切实保障人民群众生命财产安全。"])
        byline = (f'<span class="date">发布时间：{item.date}</span>&nbsp;&nbsp;'
                  f'<span class="source">来源：{self.agency.name}</span>')
        main = article_main(item.title, byline, body)
        self.put(item.path, self.style.page(f"{item.title}_{self.agency.site_name}", main, (column[0], column[1])))

    def column_news(self, item: Item, column: tuple[str, str]) -> None:
        """Ordinary news filed in a report column: noise too."""
        self.news_page(item, column)
        self.noise.append({"url": self.url(item.path), "title": item.title, "kind": "news", "date": item.date})

    def noise_page(self, item: Item, column: tuple[str, str], text_version: str | None = None) -> None:
        a = self.agency
        year = int(re.search(r"20\d\d", item.title).group(0))
        if item.kind == "graphic":
            paragraphs = None
            body = (f'<p style="text-align:center"><img src="/images/tujie{year}.jpg" '
                    f'alt="{html.escape(item.title)}" /></p>\n'
                    f'<p>文字版：<a href="{text_version}">{html.escape(a.name)}{year}年政府信息公开工作年度报告</a></p>')
            byline = f'<span class="date">发布时间：{item.date}</span>'
            self.put(item.path, self.style.page(f"{item.title}_{a.site_name}", article_main(item.title, byline, body),
                                                (column[0], column[1])))
        else:
            paragraphs = {
                "work_points": [f"为深入贯彻落实国家、省、市政务公开工作部署，结合{a.short}工作实际，制定{year}年政务公开工作要点如下。",
                                "一、加强安全生产和防灾减灾救灾信息公开。二、做好政策解读和回应关切。三、规范政府信息公开申请办理。"
                                "四、加强政务公开平台建设。五、强化组织保障。"],
                "compile_notice": [f"各科室、局属各单位：根据上级政务公开工作部署，现就做好{year}年度政府信息公开工作年度报告编制发布工作通知如下。",
                                   f"一、各单位于{year + 1}年1月10日前报送本单位{year}年度政府信息公开有关数据。"
                                   f"二、年度报告须于{year + 1}年1月31日前向社会公布。三、严格按照国家规定的格式编制。",
                                   f"{a.name}办公室"],
                "rule_of_law": [f"{year}年，{a.short}深入学习贯彻习近平法治思想，全面落实法治政府建设各项任务，现将有关情况报告如下。",
                                "一、加强党对法治政府建设的领导。二、依法全面履行应急管理职能。三、严格规范公正文明执法。"
                                "四、强化行政权力制约和监督。五、加强法治宣传教育。",
                                f"{a.name}"],
            }.get(item.kind)
            self.news_page(item, column, paragraphs)
        self.noise.append({"url": self.url(item.path), "title": item.title, "kind": item.kind, "date": item.date})

    def report_page(self, item: Item, report: ReportText, column: tuple[str, str], header: list[tuple[str, str]],
                    byline: str, word: bool = True, encoding: str | None = None) -> None:
        main = article_main(report.title, byline, blocks_html(report, word), header_table(header) if header else "")
        extra = (f'<meta name="ArticleTitle" content="{html.escape(report.title)}" />\n'
                 f'<meta name="PubDate" content="{item.date} 09:30" />\n')
        self.put(item.path, self.style.page(f"{report.title}_{self.agency.site_name}", main, (column[0], column[1]),
                                            extra_head=extra), encoding)

    def add_report(self, year: int, title: str, publish_date: str, template: str, numbers: dict[str, Any],
                   sources: list[dict[str, Any]], listed_as: list[str], note: str = "",
                   failed_checks: tuple[str, ...] = ()) -> None:
        self.reports.append({
            "year": year, "title": title, "publish_date": publish_date, "template": template,
            "urls": [s["url"] for s in sources], "sources": sources, "listed_as": listed_as,
            "numbers": numbers, "failed_checks": list(failed_checks), **({"note": note} if note else {}),
        })

    # writing ---------------------------------------------------------------------------
    def write(self, out: Path) -> None:
        folder = out / self.agency.key
        config = {k: v for k, v in self.config.items() if v or k == "challenge"}
        for path, data in sorted(self.files.items()):
            target = file_for(folder, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for path, source in sorted(self.links.items()):
            target = file_for(folder, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.startswith("samples:"):
                real = SAMPLES / source.split(":", 1)[1]
            else:
                real = file_for(folder, source)
            assert real.is_file(), f"{self.agency.key}{path} → missing {real}"
            os.symlink(os.path.relpath(real, target.parent), target)
        (folder / "_host.json").write_text(json.dumps(config, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                           encoding="utf-8")


def file_for(folder: Path, url_path: str) -> Path:
    """The file that serves a URL path ("/a/" → a/index.html; "/a/list.html?page=2" → a/list.html@page=2)."""
    path, _, query = url_path.partition("?")
    if path.endswith("/"):
        path += "index.html"
    name = path.lstrip("/") + (f"@{query}" if query else "")
    return folder / name


def cut(title: str, limit: int = 26) -> str:
    return title if len(title) <= limit else title[:limit] + "…"


def hexid(*parts: object) -> str:
    return hashlib.md5("/".join(map(str, parts)).encode()).hexdigest()


NEWS_TITLES = (
    "召开安全生产委员会全体会议", "开展汛期地质灾害隐患排查", "组织森林防灭火应急演练", "部署节假日安全防范工作",
    "开展危险化学品企业专项检查", "召开防汛抗旱工作部署会", "开展“安全生产月”宣传咨询日活动", "举办应急管理干部培训班",
    "开展非煤矿山安全生产执法检查", "召开自然灾害综合风险普查工作推进会", "开展燃气安全专项整治", "组织防灾减灾宣传进社区活动",
    "部署冬春火灾防控工作", "开展工贸行业有限空间作业检查", "召开安全生产治本攻坚三年行动推进会", "开展应急物资储备情况检查",
    "举行地震应急疏散演练", "开展烟花爆竹经营安全检查", "召开第三季度安全生产形势分析会", "开展消防安全宣传月活动",
)


def news_items(host: HostBuild, dates: list[str], make_path, prefix: str) -> list[Item]:
    offset = sum(map(ord, host.agency.key)) % len(NEWS_TITLES)
    return [Item(f"{prefix}{NEWS_TITLES[(offset + i) % len(NEWS_TITLES)]}", make_path(i, d), d, "news")
            for i, d in enumerate(dates)]


def html_source(host: HostBuild, path: str, column_url: str, encoding: str, note: str = "") -> dict[str, Any]:
    out = {"url": host.url(path), "kind": "html", "encoding": encoding, "listed_in": column_url, "via": None}
    if note:
        out["note"] = note
    return out


# seeds: the numbers their fixtures' expected.json holds
SEEDS = {
    "seed000_trs.html": {"year": 2024, "title": "市应急局2024年政府信息公开工作年度报告", "publish_date": "2025-01-20",
                         "template": "2021", "numbers": (3, 0, 12)},
    "seed000_tw.html": {"year": 2024, "title": "市应急局2024年政府信息公开工作年度报告", "publish_date": "2025-01-20",
                        "template": "2021", "numbers": (3, 0, 12)},
    "seed001_trs.html": {"year": 2023, "title": "平顶山市应急管理局2023年政府信息公开工作年度报告",
                         "publish_date": "2024-01-19", "template": "2021", "numbers": (8, 0, 59)},
    "seed002_trs.html": {"year": 2020, "title": "常州市应急管理局2020年政府信息公开工作年度报告",
                         "publish_date": "2021-01-21", "template": "2019", "numbers": (4, 0, 132)},
    "seed003_trs.html": {"year": 2019, "title": "四川省应急管理厅2019年政府信息公开工作年度报告",
                         "publish_date": "2020-01-20", "template": "2019", "numbers": (5, 0, None)},  # table 3 from its picture
    "seed004_trs.html": {"year": 2024, "title": "南开区应急管理局2024年度政府信息公开工作报告",
                         "publish_date": "2025-01-21", "template": "2021", "numbers": (2, 0, 51)},
    "seed004_twice.html": {"year": 2024, "title": "南开区应急管理局2024年度政府信息公开工作报告",
                           "publish_date": "2025-01-21", "template": "2021", "numbers": (2, 0, 51)},
}


# The seeds' numbers their generated neighbours chain to (from their fixtures' expected.json): 上年结转 and
# 结转下年度继续办理, the same in every applicant column, and 规范性文件's (本年制发, 本年废止, 现行有效件数)
# (规章 are 0 in all four). seed002 is on the 2019 template, which has no 现行有效件数.
SEED_CHAIN = {
    "seed000_trs.html": {"carried_over": 0, "carried_forward": 0, "normative_documents": (1, 0, 3)},
    "seed001_trs.html": {"carried_over": 0, "carried_forward": 0, "normative_documents": (0, 0, 11)},
    "seed002_trs.html": {"carried_over": 0, "carried_forward": 0, "normative_documents": None},
    "seed004_trs.html": {"carried_over": 0, "carried_forward": 0, "normative_documents": (0, 0, 0)},
}


def seed_tables(name: str) -> dict:
    """The part of a seed's tables that chain() reads."""
    chained = SEED_CHAIN[name]
    columns = labels.APPLICANT_COLUMNS
    apps = {code: {c: chained[code] for c in columns} for code in ("carried_over", "carried_forward")}
    active: dict[str, dict[str, int]] = {"regulations": {}, "normative_documents": {}}
    if chained["normative_documents"] is not None:
        active["regulations"] = {"issued": 0, "repealed": 0, "in_force": 0}
        active["normative_documents"] = dict(zip(("issued", "repealed", "in_force"), chained["normative_documents"]))
    return {"applications": apps, "active": active}


def neighbour(other: ReportText | dict | None) -> dict | None:
    return other.tables if isinstance(other, ReportText) else other


def seed_numbers(name: str) -> dict[str, Any]:
    new, forward, penalty = SEEDS[name]["numbers"]
    return {"applications.new_received.total": new, "applications.carried_forward.total": forward,
            "active.penalty.decisions": penalty}


def rng_for(key: str, year: int) -> random.Random:
    return random.Random(f"govreports-sample-site/{key}/{year}")


NAV = (("首页", "/"), ("机构概况", "/jggk/"), ("新闻中心", "/xwzx/"), ("政务公开", "/zwgk/"), ("互动交流", "/hdjl/"))


def trs_paging_script() -> str:
    """TRS's createPageHTML as the column templates inline it: the pager is written by script."""
    return """<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount <= 1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  var first = _sPageName + "." + _sPageExt;
  function page(n){ return n == 0 ? first : _sPageName + "_" + n + "." + _sPageExt; }
  if(nCurrIndex == 0){ document.write("<span>首页</span>&nbsp;<span>上一页</span>&nbsp;"); }
  else { document.write("<a href=\\"" + first + "\\">首页</a>&nbsp;");
         document.write("<a href=\\"" + page(nCurrIndex - 1) + "\\">上一页</a>&nbsp;"); }
  for(var i = 0; i < _nPageCount; i++){
    if(i == nCurrIndex){ document.write("<span class=\\"current\\">" + (i + 1) + "</span>&nbsp;"); }
    else { document.write("<a href=\\"" + page(i) + "\\">" + (i + 1) + "</a>&nbsp;"); }
  }
  if(nCurrIndex == _nPageCount - 1){ document.write("<span>下一页</span>&nbsp;<span>尾页</span>"); }
  else { document.write("<a href=\\"" + page(nCurrIndex + 1) + "\\">下一页</a>&nbsp;");
         document.write("<a href=\\"" + page(_nPageCount - 1) + "\\">尾页</a>"); }
}
</script>
"""


# -- 六盘水: TRS, paged by createPageHTML, GBK without charset ------------------------------

def build_lps() -> HostBuild:
    agency = Agency("yjj.lps", "六盘水市应急管理局", "市应急局", "贵州省", "六盘水市", "", "市级",
                    "六盘水市钟山区凤凰山城市综合体6号楼11楼", "0858-8224363", "六盘水市应急管理局", "黔ICP备05003612号-1", 2)
    host = HostBuild(agency, Style(agency, NAV, encoding="gbk"), "trs_paged")
    col = "/bmxxgk/zfxxgk/zfxxgknb/"
    column = ("政府信息公开年报", col)
    col_url = host.url(col + "index.html")

    # 2023's report is late: signed and published in February, after the departments' deadline (1月31日)
    r2023 = report_text(agency, 2023, "市应急局2023年政府信息公开工作年度报告", "2024年2月18日", rng_for(agency.key, 2023),
                        after=seed_tables("seed000_trs.html"))
    r2022 = report_text(agency, 2022, "市应急局2022年政府信息公开工作年度报告", "2023年1月13日", rng_for(agency.key, 2022),
                        after=r2023)
    p2024 = col + "2024n/202501/t20250120_8641235.html"
    p2023 = col + "2023n/202401/t20240122_8302177.html"
    p2022 = col + "2022n/202301/t20230116_7703958.html"
    items = [
        Item("图解：2024年政府信息公开工作年度报告", col + "202501/t20250121_8642010.html", "2025-01-21", "graphic"),
        Item("市应急局2024年政府信息公开工作年度报告", p2024, "2025-01-20", "report"),
        Item("关于做好2024年度政府信息公开工作年度报告编制发布工作的通知", col + "202412/t20241220_8601733.html", "2024-12-20",
             "compile_notice"),
        Item("六盘水市应急管理局召开2024年第四季度安全生产形势分析会", col + "202411/t20241108_8577120.html", "2024-11-08", "news"),
        Item("六盘水市应急管理局开展防灾减灾宣传进社区活动", col + "202409/t20240912_8533047.html", "2024-09-12", "news"),
        Item("六盘水市应急管理局部署汛期安全防范工作", col + "202405/t20240521_8442981.html", "2024-05-21", "news"),
        Item("市应急局2024年政务公开工作要点", col + "202403/t20240312_8388106.html", "2024-03-12", "work_points"),
        Item("市应急局2023年政府信息公开工作年度报告", p2023, "2024-02-19", "report"),  # late
        Item("六盘水市应急管理局召开2023年安全生产工作总结会", col + "202312/t20231228_8291554.html", "2023-12-28", "news"),
        Item("六盘水市应急管理局组织开展森林防灭火应急演练", col + "202303/t20230315_7801429.html", "2023-03-15", "news"),
        Item("六盘水市应急管理局开展危险化学品企业专项检查", col + "202302/t20230221_7762033.html", "2023-02-21", "news"),
        Item("市应急局2022年政府信息公开工作年度报告", p2022, "2023-01-16", "report"),
        Item("六盘水市应急管理局部署元旦春节期间安全防范工作", col + "202212/t20221226_7655310.html", "2022-12-26", "news"),
    ]
    years = [(2024, "2024n/"), (2023, "2023n/"), (2022, "2022n/")]
    side = ('<div class="side"><h3>政府信息公开年报</h3><ul>'
            + "".join(f'<li><a href="{col}{sub}">{y}年政府信息公开年报</a></li>' for y, sub in years) + "</ul></div>\n")
    per_page = 5
    pages = [items[i:i + per_page] for i in range(0, len(items), per_page)]
    for n, chunk in enumerate(pages):
        lis = "".join(f'<li><a href="./{i.path[len(col):]}" target="_blank" title="{html.escape(i.title)}">'
                      f'{html.escape(cut(i.title))}</a><span class="date">{i.date}</span></li>\n' for i in chunk)
        main = (side + f'<div class="list_box"><div class="hd">政府信息公开年报</div><ul class="list">\n{lis}</ul>\n'
                '<div class="page"><script type="text/javascript">'
                f'createPageHTML({len(pages)}, {n}, "index", "html");</script></div></div>\n')
        name = "index.html" if n == 0 else f"index_{n}.html"
        host.put(col + name, host.style.page(f"政府信息公开年报_{agency.site_name}", main, ("政务公开", "/zwgk/"),
                                             ("政府信息公开年报", None), extra_head=trs_paging_script()))
    host.columns.append({"url": col_url, "family": "trs_paged", "pages": [host.url(col + "index.html")]
                         + [host.url(col + f"index_{n}.html") for n in range(1, len(pages))],
                         "in_registry": True})
    host.common("/zwgk/", [("法定主动公开内容", "/zwgk/zfxxgkzn/"), ("政府信息公开年报", col + "index.html")],
                [i for i in items if i.kind == "news"])
    host.put("/bmxxgk/zfxxgk/zcwj/202407/t20240715_8497310.html", host.style.page(
        "六盘水市应急管理局政务公开标准规范清单(2024)_六盘水市应急管理局",
        article_main("六盘水市应急管理局政务公开标准规范清单(2024)", '<span class="date">发布时间：2024-07-15</span>',
                     short_body(["根据政务公开标准化规范化工作要求，现将本局政务公开标准规范清单予以公布。"])),
        ("政务公开", "/zwgk/"), ("政策文件", None)))

    def byline(date: str) -> str:
        return (f'<span class="date">发布时间：{date}</span>&nbsp;&nbsp;&nbsp;&nbsp;'
                f'<span class="source">来源：{agency.name}</span>&nbsp;&nbsp;<span class="zoom">【字体：'
                '<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> '
                '<a href="javascript:doZoom(14)">小</a>】</span>')

    for report, item, index_no in ((r2023, items[7], "11520200MB1F53272K/2024-00011"),
                                   (r2022, items[11], "11520200MB1F53272K/2023-00006")):
        header = [("索 引 号：", index_no), ("主题分类：", "综合政务/政务公开"), ("发布机构：", agency.name),
                  ("生成日期：", item.date), ("文　　号：", ""), ("有 效 性：", "有效")]
        host.report_page(item, report, column, header, byline(item.date))
    host.seed(p2024, "seed000_trs.html")
    # the per-year sub-columns render the year's single report (Guizhou 集约化 sites do): the same bytes as the
    # article for 2023 and 2022; 2024's was captured through the site's 繁體 switch (seed000_tw).
    host.seed(col + "2024n/index.html", "seed000_tw.html")
    host.alias(col + "2023n/index.html", p2023)
    host.alias(col + "2022n/index.html", p2022)

    for item in items:
        if item.kind == "news":
            host.column_news(item, column)
        elif item.kind != "report":
            text = "../2024n/202501/t20250120_8641235.html" if item.kind == "graphic" else None
            host.noise_page(item, column, text_version=text)
    s = SEEDS["seed000_trs.html"]
    host.add_report(2024, s["title"], s["publish_date"], "2021", seed_numbers("seed000_trs.html"), [
        html_source(host, p2024, col_url, "gbk", "seed000_trs: GBK, no charset anywhere"),
        html_source(host, col + "2024n/", col_url, "utf-8",
                    "per-year sub-column; the page as served through the 繁體 switch (seed000_tw)"),
    ], ["市应急局2024年政府信息公开工作年度报告", "2024年政府信息公开年报"])
    for report, item, p in ((r2023, items[7], p2023), (r2022, items[11], p2022)):
        sub = col + f"{report.year}n/"
        host.add_report(report.year, report.title, item.date, report.template, spot_numbers(report.tables), [
            html_source(host, p, col_url, "gbk"),
            html_source(host, sub, col_url, "gbk", "per-year sub-column: the same bytes as the article"),
        ], [item.title, f"{report.year}年政府信息公开年报"])
    return host


# -- 平顶山: TRS behind a cookie challenge; the 2024 report as DOCX and PDF attachments -------------

def build_pds(pdf_cache: dict[str, bytes]) -> HostBuild:
    agency = Agency("yjj.pds", "平顶山市应急管理局", "市应急管理局", "河南省", "平顶山市", "", "市级",
                    "平顶山市新华区中兴路与开源路交叉口", "0375-2660215", "平顶山市应急管理局", "豫ICP备05002487号-3", 2)
    nav = tuple(("信息公开", "/zwgk/zfxxgk/") if t == "政务公开" else (t, h) for t, h in NAV)
    host = HostBuild(agency, Style(agency, nav), "trs")
    host.config["challenge"] = True
    col = "/zwgk/zfxxgk/zfxxgknb/"
    column = ("政府信息公开年度报告", col)
    col_url = host.url(col + "index.html")
    r2024 = report_text(agency, 2024, "平顶山市应急管理局2024年政府信息公开工作年度报告", "2025年1月20日",
                        rng_for(agency.key, 2024), before=seed_tables("seed001_trs.html"))
    r2022 = report_text(agency, 2022, "平顶山市应急管理局2022年政府信息公开工作年度报告", "2023年1月28日",
                        rng_for(agency.key, 2022), after=seed_tables("seed001_trs.html"))
    detail = col + "202501/t20250123_1935521.html"
    docx_path = col + "202501/P020250123391846523817.docx"
    pdf_path = col + "202501/P020250123391846523818.pdf"
    p2023 = col + "202401/t20240119_1873364.html"
    p2022 = col + "202301/t20230130_1761452.html"
    items = [
        Item("平顶山市应急管理局2024年法治政府建设年度报告", col + "202502/t20250210_1941873.html", "2025-02-10", "rule_of_law"),
        Item("平顶山市应急管理局2024年政府信息公开工作年度报告", detail, "2025-01-23", "detail"),
        Item("平顶山市应急管理局召开2025年安全生产工作会议", col + "202501/t20250108_1929310.html", "2025-01-08", "news"),
        Item("图解：平顶山市应急管理局2023年政府信息公开工作年度报告", col + "202401/t20240122_1874102.html", "2024-01-22",
             "graphic"),
        Item("平顶山市应急管理局2023年政府信息公开工作年度报告", p2023, "2024-01-19", "report"),
        Item("关于做好2023年度政府信息公开工作年度报告编制发布工作的通知", col + "202312/t20231215_1852260.html",
             "2023-12-15", "compile_notice"),
        Item("平顶山市应急管理局开展汛期地质灾害隐患排查", col + "202306/t20230613_1801449.html", "2023-06-13", "news"),
        Item("平顶山市应急管理局2022年政府信息公开工作年度报告", p2022, "2023-01-30", "report"),
    ]
    lis = "".join(f'<li><a href="./{i.path[len(col):]}" target="_blank" title="{html.escape(i.title)}">'
                  f"{html.escape(i.title)}</a>"
                  f'<span class="date">{i.date}</span></li>\n' for i in items)
    main = (f'<div class="list_box"><div class="hd">政府信息公开年度报告</div><ul class="list">\n{lis}</ul>\n'
            '<div class="page"><script type="text/javascript">createPageHTML(1, 0, "index", "html");</script>'
            "</div></div>\n")
    host.put(col + "index.html", host.style.page(f"政府信息公开年度报告_{agency.site_name}", main, ("信息公开", "/zwgk/zfxxgk/"),
                                                 ("政府信息公开年度报告", None), extra_head=trs_paging_script()))
    host.columns.append({"url": col_url, "family": "trs", "pages": [col_url], "in_registry": True})
    holiday = Item("平顶山市应急管理局关于春节假期值班安排的通知", "/zwgk/tzgg/202402/t20240205_1880511.html",
                   "2024-02-05", "news")  # the 下一篇 of the 2023 seed page
    host.common("/zwgk/zfxxgk/", [("法定主动公开内容", "/zwgk/zfxxgkzn/"), ("政府信息公开年度报告", col + "index.html")],
                [i for i in items if i.kind == "news"] + [holiday],
                homepage_nav_label="信息公开")
    host.put("/zwgk/", host.style.page(f"政务公开_{agency.site_name}",
                                       '<ul><li><a href="/zwgk/zfxxgk/">政府信息公开</a></li></ul>\n', ("政务公开", None)))
    host.news_page(holiday, ("通知公告", None))

    def byline(date: str) -> str:
        return (f'<span>发布日期：{date}</span>&nbsp;&nbsp;<span>来源：平顶山市应急管理局</span>&nbsp;&nbsp;'
                '<span>【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a>】</span>')

    # 2024: a detail page whose body only announces the attachments
    docx_bytes = report_docx(r2024)
    digest = hashlib.sha256(docx_bytes).hexdigest()
    pdf = pdf_cache.get(digest) or docx_to_pdf(docx_bytes, r2024.title)
    pdf_cache[digest] = pdf
    host.config["derived"] = {pdf_path: {"from": docx_path, "docx_sha256": digest}}
    host.files[docx_path] = docx_bytes
    host.files[pdf_path] = pdf
    attachments = ('<div class="fujian"><p>附件：</p><ul>'
                   f'<li><a href="./P020250123391846523817.docx" target="_blank">{r2024.title}.docx</a></li>'
                   f'<li><a href="./P020250123391846523818.pdf" target="_blank">{r2024.title}.pdf</a></li>'
                   "</ul></div>\n")
    header = [("索 引 号：", "11410400MB1B74215Y/2025-00009"), ("主题分类：", "综合政务"), ("发布机构：", "市应急管理局"),
              ("成文日期：", "2025年01月20日"), ("发文字号：", ""), ("有 效 性：", "有效")]
    host.put(detail, host.style.page(f"{r2024.title}_{agency.site_name}", article_main(
        r2024.title, byline("2025-01-23"), short_body([f"现将《{r2024.title}》予以公布，详见附件。"]),
        header_table(header), attachments), ("信息公开", "/zwgk/zfxxgk/"), ("政府信息公开年度报告", col + "index.html")))
    host.seed(p2023, "seed001_trs.html")
    header = [("索 引 号：", "11410400MB1B74215Y/2023-00004"), ("主题分类：", "综合政务"), ("发布机构：", "市应急管理局"),
              ("成文日期：", "2023年01月28日"), ("发文字号：", ""), ("有 效 性：", "有效")]
    host.report_page(items[7], r2022, column, header, byline("2023-01-30"))
    for item in items:
        if item.kind == "news":
            host.column_news(item, column)
        elif item.kind not in ("report", "detail"):
            host.noise_page(item, column, text_version="./t20240119_1873364.html" if item.kind == "graphic" else None)

    host.add_report(2024, r2024.title, "2025-01-23", "2021", spot_numbers(r2024.tables), [
        {"url": host.url(docx_path), "kind": "docx", "encoding": None, "listed_in": col_url, "via": host.url(detail),
         "content_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"url": host.url(pdf_path), "kind": "pdf", "encoding": None, "listed_in": col_url, "via": host.url(detail),
         "content_type": "application/pdf", "note": "LibreOffice's PDF of the DOCX"},
    ], [items[1].title], note="the detail page only links the attachments (附件：….docx / ….pdf); it is not the report")
    s = SEEDS["seed001_trs.html"]
    host.add_report(2023, s["title"], s["publish_date"], "2021", seed_numbers("seed001_trs.html"),
                    [html_source(host, p2023, col_url, "gbk", "seed001_trs: GBK, no charset")], [items[4].title])
    host.add_report(2022, r2022.title, "2023-01-30", "2021", spot_numbers(r2022.tables),
                    [html_source(host, p2022, col_url, "utf-8")], [items[7].title])
    host.browser = {"all_pages": True, "pages": [host.url("/")],
                    "reason": "every page but /robots.txt answers HTTP 412 with a script that sets the cookie "
                              "__jsl_clearance=ok and reloads; with the cookie the pages are plain HTML"}
    return host


# -- 常州: ?page=N with 下一页 ----------------------------------------------------------------

def build_cz() -> HostBuild:
    agency = Agency("yjj.cz", "常州市应急管理局", "市应急管理局", "江苏省", "常州市", "", "市级",
                    "常州市龙城大道1280号1号楼B座", "0519-85682110", "常州市应急管理局", "苏ICP备05003166号-2", 2)
    host = HostBuild(agency, Style(agency, NAV), "page_param")
    col = "/zwgk/zfxxgknb/"
    column = ("政府信息公开年报", col)
    col_url = host.url(col + "index.html")
    r2023 = report_text(agency, 2023, "常州市应急管理局2023年政府信息公开工作年度报告", "2024年1月17日", rng_for(agency.key, 2023))
    r2019 = report_text(agency, 2019, "常州市应急管理局2019年政府信息公开工作年度报告", "2020年1月14日", rng_for(agency.key, 2019),
                        after=seed_tables("seed002_trs.html"))
    p2023 = col + "202401/t20240118_1598823.html"
    p2020 = col + "202101/t20210121_1016438.html"
    p2019 = col + "202001/t20200115_977120.html"
    items = [
        Item("常州市应急管理局2024年政务公开工作要点", col + "202403/t20240308_1633017.html", "2024-03-08", "work_points"),
        Item("常州市应急管理局2023年政府信息公开工作年度报告", p2023, "2024-01-18", "report"),
        Item("关于做好2023年度政府信息公开工作年度报告编制发布工作的通知", col + "202312/t20231212_1577420.html",
             "2023-12-12", "compile_notice"),
        Item("常州市应急管理局开展工贸行业有限空间作业专项检查", col + "202309/t20230905_1530218.html", "2023-09-05", "news"),
        Item("常州市应急管理局召开防汛防台工作部署会", col + "202306/t20230602_1488764.html", "2023-06-02", "news"),
        Item("常州市应急管理局举办应急管理干部能力提升培训班", col + "202204/t20220419_1290375.html", "2022-04-19", "news"),
        Item("常州市应急管理局2020年法治政府建设年度报告", "/zwgk/fzzfjs/202101/t20210128_1017706.html", "2021-01-28",
             "rule_of_law"),
        Item("常州市应急管理局2020年政府信息公开工作年度报告", p2020, "2021-01-21", "report"),
        Item("常州市应急管理局开展“安全生产月”宣传咨询日活动", col + "202006/t20200616_939902.html", "2020-06-16", "news"),
        Item("常州市应急管理局部署疫情防控期间企业复工复产安全工作", col + "202002/t20200226_981146.html", "2020-02-26", "news"),
        Item("常州市应急管理局2019年政府信息公开工作年度报告", p2019, "2020-01-15", "report"),
        Item("常州市应急管理局开展冬季消防安全专项检查", col + "201912/t20191210_960058.html", "2019-12-10", "news"),
    ]
    per_page = 5
    pages = [items[i:i + per_page] for i in range(0, len(items), per_page)]
    for n, chunk in enumerate(pages, start=1):
        rows = "".join(f'<tr><td class="title"><a href="{i.path}" target="_blank">{html.escape(i.title)}</a></td>'
                       f'<td class="date">{i.date}</td></tr>\n' for i in chunk)
        pager = ['<a href="?page=1">首页</a>']
        pager.append(f'<a href="?page={n - 1}">上一页</a>' if n > 1 else "<span>上一页</span>")
        pager += [f'<span class="current">{k}</span>' if k == n else f'<a href="?page={k}">{k}</a>'
                  for k in range(1, len(pages) + 1)]
        pager.append(f'<a href="?page={n + 1}">下一页</a>' if n < len(pages) else "<span>下一页</span>")
        pager.append(f'<a href="?page={len(pages)}">尾页</a> <span>共{len(pages)}页 {len(items)}条</span>')
        main = (f'<div class="list_box"><h2>政府信息公开年报</h2><table class="list_table" width="100%">\n{rows}</table>\n'
                f'<div class="pagination">{" ".join(pager)}</div></div>\n')
        text = host.style.page(f"政府信息公开年报_{agency.site_name}", main, ("政务公开", "/zwgk/"), ("政府信息公开年报", None))
        host.put(col + f"index.html?page={n}", text)
        if n == 1:
            host.alias(col + "index.html", col + "index.html?page=1")
    host.columns.append({"url": col_url, "family": "page_param",
                         "pages": [col_url] + [host.url(col + f"index.html?page={n}")
                                               for n in range(2, len(pages) + 1)],
                         "in_registry": False})
    host.common("/zwgk/", [("法定主动公开内容", "/zwgk/zfxxgkzn/"), ("政府信息公开年报", col)],
                [i for i in items if i.kind == "news"])

    def header(report: ReportText, item: Item, index_no: str) -> list[tuple[str, str]]:
        return [("信息名称：", report.title), ("索 引 号：", index_no), ("法定主动公开分类：", "政府信息公开年报"),
                ("公开方式：", "主动公开"), ("文件编号：", ""), ("发布机构：", "市应急管理局"), ("生成日期：", item.date),
                ("公开日期：", item.date), ("废止日期：", ""), ("内容概述：", report.title)]

    host.report_page(items[1], r2023, column, header(r2023, items[1], "014110243/2024-00005"),
                     f"<span>发布时间：{items[1].date}</span>", word=False)
    host.report_page(items[10], r2019, column, header(r2019, items[10], "014110243/2020-00004"),
                     f"<span>发布时间：{items[10].date}</span>", word=False)
    host.seed(p2020, "seed002_trs.html")
    for item in items:
        if item.kind == "news":
            host.column_news(item, column)
        elif item.kind != "report":
            host.noise_page(item, column)
    host.add_report(2023, r2023.title, items[1].date, "2021", spot_numbers(r2023.tables),
                    [html_source(host, p2023, col_url, "utf-8")], [items[1].title])
    s = SEEDS["seed002_trs.html"]
    host.add_report(2020, s["title"], s["publish_date"], "2019", seed_numbers("seed002_trs.html"),
                    [html_source(host, p2020, col_url, "gbk", "seed002_trs: traditional characters with pinyin "
                                 "glosses (a 繁體 switch's output), GBK, no charset")], [items[7].title])
    host.add_report(2019, r2019.title, items[10].date, "2019", spot_numbers(r2019.tables),
                    [html_source(host, p2019, col_url, "utf-8", "generated on the 2019 template")], [items[10].title])
    return host


# -- 四川: the list is built by JavaScript from an inline JSON array ------------------------------

def build_sc() -> HostBuild:
    agency = Agency("yjt.sc", "四川省应急管理厅", "我厅", "四川省", "", "", "省级",
                    "成都市青羊区东城根上街10号", "028-86628301", "四川省应急管理厅", "蜀ICP备19002553号-1", 4)
    nav = (("首页", "/"), ("机构概况", "/jggk/"), ("新闻中心", "/xwzx/"), ("政务公开", "/zwgk/"), ("互动交流", "/hdjl/"))
    host = HostBuild(agency, Style(agency, nav, css="scyjt"), "js_list")
    col = "/scyjt/xxgkgzndbg/"
    col_url = host.url(col + "index.shtml")
    column = ("年度报告", col + "index.shtml")
    r2023 = report_text(agency, 2023, "四川省应急管理厅2023年政府信息公开年度报告", "2024年1月18日", rng_for(agency.key, 2023))
    # the cross-year mismatch: 2024's 上年结转 (自然人) counts one application more than 2023 carried forward
    r2024 = report_text(agency, 2024, "四川省应急管理厅2024年政府信息公开工作年度报告", "2025年1月21日", rng_for(agency.key, 2024),
                        before=r2023, miscarried=1)
    p2024 = col + f"2025/1/22/{hexid(agency.key, 2024)}.shtml"
    p2023 = col + f"2024/1/19/{hexid(agency.key, 2023)}.shtml"
    p2019 = col + "202001/t20200120_1034872.html"
    items = [
        Item("图解：2024年政府信息公开工作年度报告", col + f"2025/1/23/{hexid(agency.key, 'tujie', 2024)}.shtml", "2025-01-23",
             "graphic"),
        Item("四川省应急管理厅2024年政府信息公开工作年度报告", p2024, "2025-01-22", "report"),
        Item("四川省应急管理厅2024年政务公开工作要点", col + f"2024/4/2/{hexid(agency.key, 'yd', 2024)}.shtml", "2024-04-02",
             "work_points"),
        Item("四川省应急管理厅2023年政府信息公开年度报告", p2023, "2024-01-19", "report"),
        Item("全省应急管理系统召开防汛减灾工作视频会议", col + f"2023/5/30/{hexid(agency.key, 'fx')}.shtml", "2023-05-30", "news"),
        Item("四川省应急管理厅2019年法治政府建设年度报告", "/scyjt/fzjs/202002/t20200218_1051290.html", "2020-02-18",
             "rule_of_law"),
        Item("四川省应急管理厅2019年政府信息公开工作年度报告", p2019, "2020-01-20", "report"),
        Item("全省应急管理工作会议在成都召开", col + f"2020/1/8/{hexid(agency.key, 'gzhy')}.shtml", "2020-01-08", "news"),
    ]
    data = json.dumps([{"title": i.title, "url": i.path, "date": i.date} for i in items], ensure_ascii=False, indent=0)
    main = ('<div class="list_box"><div class="hd">年度报告</div>\n<ul class="list" id="xxgkList"></ul>\n'
            '<div class="page" id="pager"></div></div>\n'
            f'<script type="text/javascript">\nvar listData = {data};\n'
            "(function () {\n  var ul = document.getElementById('xxgkList');\n"
            "  for (var i = 0; i < listData.length; i++) {\n    var d = listData[i];\n"
            "    var li = document.createElement('li');\n"
            "    li.innerHTML = '<a href=\"' + d.url + '\" target=\"_blank\" title=\"' + d.title + '\">'"
            " + d.title + '</a>'"
            " + '<span class=\"date\">' + d.date + '</span>';\n    ul.appendChild(li);\n  }\n"
            "  document.getElementById('pager').innerHTML = '共' + listData.length + '条';\n})();\n</script>\n")
    host.put(col + "index.shtml", host.style.page(f"年度报告_{agency.site_name}", main, ("政务公开", "/zwgk/"),
                                                  ("年度报告", None)))
    host.columns.append({"url": col_url, "family": "js_list", "pages": [col_url], "in_registry": True})
    host.common("/zwgk/", [("法定主动公开内容", "/zwgk/zfxxgkzn/"), ("信息公开工作年度报告", col + "index.shtml")],
                [i for i in items if i.kind == "news"])

    def byline(date: str) -> str:
        return (f'<ul class="byline"><li>发布时间：{date}</li><li>来源：厅办公室</li><li>字体：【<a href="javascript:doZoom(16)">大</a> '
                '<a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】</li>'
                '<li>分享到：</li><li><a href="javascript:window.print();">打印</a></li></ul>')

    host.report_page(items[1], r2024, column, [], byline(items[1].date), word=False)
    host.report_page(items[3], r2023, column, [], byline(items[3].date), word=False)
    host.seed(p2019, "seed003_trs.html")
    # The application table the 2019 page shows as a picture (its <img src="./W0…png">), rendered by
    # tests/ocrfactory.py with the numbers its prose states: the crawler fetches it, the parser reads it by OCR.
    host.seed(col + "202001/W020200120398571246815.png", "seed003_table3.png")
    for item in items:
        if item.kind == "news":
            host.column_news(item, column)
        elif item.kind != "report":
            host.noise_page(item, column, text_version=p2024 if item.kind == "graphic" else None)
    host.add_report(2024, r2024.title, items[1].date, "2021", spot_numbers(r2024.tables),
                    [html_source(host, p2024, col_url, "utf-8")], [items[1].title])
    host.add_report(2023, r2023.title, items[3].date, "2021", spot_numbers(r2023.tables),
                    [html_source(host, p2023, col_url, "utf-8")], [items[3].title])
    s = SEEDS["seed003_trs.html"]
    host.add_report(2019, s["title"], s["publish_date"], "2019", seed_numbers("seed003_trs.html"),
                    [html_source(host, p2019, col_url, "gbk", "seed003_trs: GBK, no charset")], [items[6].title],
                    note="the application table is a picture: the crawl fetches it and reads it by OCR; the page "
                         "names tables 2 and 4 and prints neither",
                    failed_checks=("active.complete", "review_litigation.complete"))
    host.browser = {"all_pages": False, "pages": [col_url],
                    "reason": "the column's <ul> is filled by a script from an inline JSON array; "
                              "the raw HTML has no entries"}
    return host


# -- 南开: Hanweb datastore columns + dataproxy.jsp ----------------------------------------------

def build_nk() -> HostBuild:
    agency = Agency("yjj.nk", "天津市南开区应急管理局", "区应急局", "天津市", "", "南开区", "区县级",
                    "天津市南开区红旗南路463号", "022-27382160", "天津市南开区应急管理局", "津ICP备05004317号-1", 1)
    nav = (("首页", "/"), ("机构概况", "/jggk/"), ("新闻中心", "/xwzx/"), ("政务公开", "/zwgk/"), ("互动交流", "/hdjl/"))
    host = HostBuild(agency, Style(agency, nav, css="hanweb"), "hanweb")
    # 2023's report copies 2022's prose but for its 五、存在的主要问题
    r2023 = report_text(agency, 2023, "南开区应急管理局2023年度政府信息公开工作报告", "2024年1月16日", rng_for(agency.key, 2023),
                        after=seed_tables("seed004_trs.html"), copies=2022)
    r2022 = report_text(agency, 2022, "天津市南开区应急管理局2022年政府信息公开工作年度报告", "2023年1月13日",
                        rng_for(agency.key, 2022), after=r2023)
    p2024 = "/art/2025/1/21/art_3021_6823145.html"
    p2024b = "/art/2025/1/21/art_3025_6823190.html"
    p2023 = "/art/2024/1/18/art_3021_6120437.html"
    p2023b = "/art/2024/1/18/art_3025_6120451.html"
    p2022 = "/art/2023/1/16/art_3021_5531208.html"

    def art(col: int, date: str, n: int) -> str:
        y, m, d = (int(x) for x in date.split("-"))
        return f"/art/{y}/{m}/{d}/art_{col}_{n}.html"

    news_dates = ["2025-01-10", "2024-12-18", "2024-11-26", "2024-10-15", "2024-09-03", "2024-07-22", "2024-06-14",
                  "2024-05-08", "2024-04-11", "2023-12-06", "2023-09-19", "2023-06-27", "2023-03-09", "2022-12-21"]
    news = news_items(host, news_dates, lambda i, d: art(3021, d, 6000000 + 1371 * i), "南开区应急管理局")
    noise = [
        Item("南开区应急管理局2024年法治政府建设年度报告", art(3021, "2025-01-24", 6830021), "2025-01-24", "rule_of_law"),
        Item("关于做好2024年度政府信息公开工作年度报告编制发布工作的通知", art(3021, "2024-12-27", 6790553), "2024-12-27",
             "compile_notice"),
        Item("南开区应急管理局2024年政务公开工作要点", art(3021, "2024-03-20", 6402218), "2024-03-20", "work_points"),
    ]
    reports = [
        Item("南开区应急管理局2024年度政府信息公开工作报告", p2024, "2025-01-21", "report"),
        Item(r2023.title, p2023, "2024-01-18", "report"),
        Item(r2022.title, p2022, "2023-01-16", "report"),
    ]
    items = sorted(news + noise + reports, key=lambda i: i.date, reverse=True)
    second = [
        Item("图解：南开区应急管理局2024年政府信息公开工作年度报告", art(3025, "2025-01-22", 6823377), "2025-01-22", "graphic"),
        Item("南开区应急管理局2024年度政府信息公开工作报告", p2024b, "2025-01-21", "report"),
        Item(r2023.title, p2023b, "2024-01-18", "report"),
    ]
    per_page = 15

    def record(i: Item) -> str:
        return (f'<li><a href="{i.path}" target="_blank" title="{html.escape(i.title)}">'
                f"{html.escape(cut(i.title, 28))}</a>"
                f'<span class="bt-data-time">{i.date}</span></li>')

    def hanweb_column(col: int, unit: int, name: str, entries: list[Item]) -> None:
        records = [record(i) for i in entries]
        host.config["hanweb"][str(col)] = {"perpage": per_page, "records": records}
        total_pages = -(-len(records) // per_page)
        store = datastore_xml(records[:per_page], len(records), total_pages, declaration=False)
        main = (f'<div class="list_box"><div class="hd">{name}</div>\n<div id="{unit}">'
                f'<script type="text/xml">\n{store}</script></div>\n'
                '<script language="javascript" src="/module/jslib/jquery/jpage/jquery.jpage.min.js"></script>\n'
                f"<script>$(document).ready(function(){{ $('#{unit}').jpage({{ "
                f"dataStore: $('#{unit} script[type=\"text/xml\"]'),"
                f" perPage: {per_page}, totalRecord: {len(records)}, proxyUrl: '/module/web/jpage/dataproxy.jsp',"
                f" proxyData: {{ col: 1, appid: 1, webid: 1, path: '/', columnid: {col}, sourceContentType: 1,"
                f" unitid: {unit},"
                " permissiontype: 0 }, groupSize: 1, barPosition: 'bottom' }); });</script>\n</div>\n")
        host.put(f"/col/col{col}/index.html", host.style.page(f"{name}_{agency.site_name}", main, ("政务公开", "/zwgk/"),
                                                              ("政府信息公开", "/col/col3000/index.html"), (name, None)))
        host.columns.append({"url": host.url(f"/col/col{col}/index.html"), "family": "hanweb", "columnid": col,
                             "records": len(records), "perpage": per_page,
                             "pages": [host.url(f"/col/col{col}/index.html")] + [
                                 host.url(f"/module/web/jpage/dataproxy.jsp?startrecord={s}&endrecord="
                                          f"{min(s + per_page - 1, len(records))}&perpage={per_page}&columnid={col}")
                                 for s in range(per_page + 1, len(records) + 1, per_page)],
                             "in_registry": False})

    hanweb_column(3021, 8851, "政府信息公开年报", items)
    hanweb_column(3025, 8855, "政府信息公开年度报告", second)
    host.common("/col/col3000/index.html", [("法定主动公开内容 · 政府信息公开年度报告", "/col/col3025/index.html"),
                                            ("政府信息公开年报", "/col/col3021/index.html")], news)
    host.put("/zwgk/", host.style.page(f"政务公开_{agency.site_name}",
                                       '<ul><li><a href="/col/col3000/index.html">政府信息公开</a></li></ul>\n',
                                       ("政务公开", None)))
    column = ("政府信息公开年报", "/col/col3021/index.html")

    def meta_block(report_title: str, date: str, index_no: str) -> list[tuple[str, str]]:
        return [("索引号：", index_no), ("发布机构：", "南开区应急管理局"), ("公开方式：", "主动公开"), ("发文日期：", date),
                ("文号：", ""), ("主题分类：", "综合政务")]

    byline = ('<span>发布日期：{date}</span>&nbsp;<span>来源：南开区应急管理局</span>&nbsp;<span>浏览次数：'
              '<script language="javascript" src="/module/visitcount/articlehits.jsp?colid=3021"></script></span>')
    for report, item, index_no in ((r2023, reports[1], "11120104MB1L62458R/2024-00002"),
                                   (r2022, reports[2], "11120104MB1L62458R/2023-00002")):
        host.report_page(item, report, column, meta_block(report.title, item.date, index_no),
                         byline.format(date=item.date), word=True)
    host.alias(p2023b, p2023)
    host.seed(p2024, "seed004_trs.html")
    host.seed(p2024b, "seed004_twice.html")
    # served with the lying header seed004_twice was saved with
    host.config["headers"][p2024b] = {"Content-Type": "text/html; charset=utf-8"}
    for item in news:
        host.column_news(item, column)
    for item in noise:
        host.noise_page(item, column)
    host.noise_page(second[0], ("政府信息公开年度报告", "/col/col3025/index.html"), text_version=p2024b)
    c1, c2 = host.url("/col/col3021/index.html"), host.url("/col/col3025/index.html")
    s = SEEDS["seed004_trs.html"]
    host.add_report(2024, s["title"], s["publish_date"], "2021", seed_numbers("seed004_trs.html"), [
        html_source(host, p2024, c1, "gbk", "seed004_trs: GBK, no charset"),
        html_source(host, p2024b, c2, "gb18030", "seed004_twice: the body twice; meta charset gb18030, "
                    "HTTP header says charset=utf-8 (a lie)"),
    ], [reports[0].title])
    host.add_report(2023, r2023.title, reports[1].date, "2021", spot_numbers(r2023.tables), [
        html_source(host, p2023, c1, "utf-8"),
        html_source(host, p2023b, c2, "utf-8", "reposted in the second column: the same bytes"),
    ], [reports[1].title])
    position = items.index(reports[2]) + 1
    host.add_report(2022, r2022.title, reports[2].date, "2021", spot_numbers(r2022.tables),
                    [html_source(host, p2022, c1, "utf-8",
                                 f"record {position} of {len(items)}: only through dataproxy.jsp")],
                    [reports[2].title])
    assert position > per_page, "the 2022 report must sit beyond the embedded first page"
    return host


# -- 汝州: a plain list paged only by 下一页 links ---------------------------------------------------

def build_rz() -> HostBuild:
    agency = Agency("yjj.rz", "汝州市应急管理局", "市应急管理局", "河南省", "平顶山市", "汝州市", "区县级",
                    "汝州市丹阳中路266号", "0375-6852119", "汝州市应急管理局", "豫ICP备13012238号-2", 1)
    nav = tuple(("信息公开", "/zwgk/") if t == "政务公开" else (t, h) for t, h in NAV)
    host = HostBuild(agency, Style(agency, nav, css="style"), "next_link")
    col = "/contents/37552/"
    col_url = host.url(col + "index.html")
    column = ("政府信息公开年度报告", col + "index.html")
    r2024 = report_text(agency, 2024, "2024年汝州市应急管理局政府信息公开工作年度报告（文字版）", "2025年1月22日",
                        rng_for(agency.key, 2024))
    r2022 = report_text(agency, 2022, "汝州市应急管理局2022年政府信息公开工作年度报告", "2023年1月16日", rng_for(agency.key, 2022))
    p2024 = col + "469315.html"
    p2022 = col + "402877.html"
    items = [
        Item("图解：2024年汝州市应急管理局政府信息公开工作年度报告", col + "469402.html", "2025-01-24", "graphic"),
        Item(r2024.title, p2024, "2025-01-23", "report"),
        Item("汝州市应急管理局开展烟花爆竹经营安全检查", col + "468120.html", "2025-01-13", "news"),
        Item("汝州市应急管理局2024年政务公开工作要点", col + "445310.html", "2024-04-07", "work_points"),
        Item("汝州市应急管理局组织防灾减灾宣传进社区活动", col + "441876.html", "2024-05-11", "news"),
        Item("汝州市应急管理局召开非煤矿山安全生产工作会议", col + "420559.html", "2023-08-22", "news"),
        Item("汝州市应急管理局开展燃气安全专项整治", col + "412004.html", "2023-04-18", "news"),
        Item(r2022.title, p2022, "2023-01-17", "report"),
        Item("关于做好2022年度政府信息公开工作年度报告编制发布工作的通知", col + "399120.html", "2022-12-16", "compile_notice"),
    ]
    items.sort(key=lambda i: i.date, reverse=True)
    per_page = 6
    pages = [items[i:i + per_page] for i in range(0, len(items), per_page)]
    for n, chunk in enumerate(pages, start=1):
        lis = "".join(f'<li><span class="time">{i.date}</span><a href="{i.path}" title="{html.escape(i.title)}">'
                      f"{html.escape(i.title)}</a></li>\n" for i in chunk)

        def page_path(k: int) -> str:
            return col + ("index.html" if k == 1 else f"index_{k}.html")

        pager = [f'<a href="{page_path(1)}">首页</a>']
        if n > 1:
            pager.append(f'<a href="{page_path(n - 1)}">上一页</a>')
        if n < len(pages):
            pager.append(f'<a href="{page_path(n + 1)}">下一页</a>')
        pager.append(f'<a href="{page_path(len(pages))}">尾页</a>')
        main = (f'<div class="list"><h2>政府信息公开年度报告</h2><ul>\n{lis}</ul></div>\n'
                f'<div class="pages">{" ".join(pager)} 当前第{n}/{len(pages)}页</div>\n')
        host.put(page_path(n), host.style.page(f"政府信息公开年度报告-{agency.site_name}", main, ("信息公开", "/zwgk/"),
                                               ("政府信息公开年度报告", None)))
    host.columns.append({"url": col_url, "family": "next_link",
                         "pages": [host.url(col + "index.html")] + [host.url(col + f"index_{k}.html")
                                                                   for k in range(2, len(pages) + 1)],
                         "in_registry": True})
    host.common("/zwgk/", [("法定主动公开内容", "/zwgk/zfxxgkzn/"), ("政府信息公开年度报告", col + "index.html")],
                [i for i in items if i.kind == "news"], homepage_nav_label="信息公开")

    def byline(date: str) -> str:
        return f"<span>发布日期：{date}</span> <span>来源：汝州市应急管理局</span> <span>浏览次数：<em>128</em></span>"

    host.report_page(next(i for i in items if i.path == p2024), r2024, column, [], byline("2025-01-23"), word=False)
    host.report_page(next(i for i in items if i.path == p2022), r2022, column, [], byline("2023-01-17"), word=True)
    for item in items:
        if item.kind == "news":
            host.column_news(item, column)
        elif item.kind != "report":
            host.noise_page(item, column, text_version=p2024 if item.kind == "graphic" else None)
    host.add_report(2024, r2024.title, "2025-01-23", "2021", spot_numbers(r2024.tables),
                    [html_source(host, p2024, col_url, "utf-8", "title with the year first and (文字版)")], [r2024.title])
    host.add_report(2022, r2022.title, "2023-01-17", "2021", spot_numbers(r2022.tables),
                    [html_source(host, p2022, col_url, "utf-8", "on the second listing page, reached by 下一页")],
                    [r2022.title])
    return host


# -- registry, expected, all -------------------------------------------------------------

REGISTRY_NOTES = {
    "yjj.lps": ("TRS paginated column: index.html, index_1.html, index_2.html announced by "
                "createPageHTML(3, 0, \"index\", \"html\"); the whole site in GBK without any charset; "
                "per-year sub-columns /zfxxgknb/<YYYY>n/ that render the single report",
                "市应急局2024年政府信息公开工作年度报告 2025-01-20"),
    "yjj.pds": ("TRS; every page behind a 412 cookie challenge (加速乐-style __jsl_clearance); the 2024 report only as "
                "attachments (附件：….docx / ….pdf) of a detail page", "平顶山市应急管理局2024年政府信息公开工作年度报告 2025-01-23"),
    "yjj.cz": ("plain list paged by ?page=N with 下一页 links; 2020 report in 繁體 with pinyin glosses (GBK)",
               "常州市应急管理局2020年政府信息公开工作年度报告 2021-01-21"),
    "yjt.sc": ("sc.gov.cn family /scyjt/xxgkgzndbg/YYYY/M/D/<32hex>.shtml; the column list is built by JavaScript "
               "from an inline JSON array (render it in a browser)", "四川省应急管理厅2024年政府信息公开工作年度报告 2025-01-22"),
    "yjj.nk": ("Hanweb: /col/colNNN/index.html embeds the first 15 records in <script type=\"text/xml\">, the rest "
               "through /module/web/jpage/dataproxy.jsp; articles /art/Y/M/D/art_col_id.html; two report columns",
               "南开区应急管理局2024年度政府信息公开工作报告 2025-01-21"),
    "yjj.rz": ("/contents/<colid>/<id>.html; list pages linked only by 下一页 (index_2.html)",
               "2024年汝州市应急管理局政府信息公开工作年度报告（文字版） 2025-01-23"),
}


def registry_rows(hosts: list[HostBuild]) -> str:
    out = io.StringIO()
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REGISTRY_COLUMNS)
    for h in hosts:
        a = h.agency
        column = next((c["url"] for c in h.columns if c["in_registry"]), "")
        example = h.reports[0]["urls"][0]
        hint, evidence = REGISTRY_NOTES[a.key]
        writer.writerow((a.name, a.province, a.city, a.county, a.level, h.url("/"), column, example,
                         h.reports[0]["year"], hint, evidence))
    return out.getvalue()


def expected_json(hosts: list[HostBuild]) -> dict[str, Any]:
    agencies = []
    for h in hosts:
        a = h.agency
        agencies.append({
            "key": a.key, "agency": a.name, "province": a.province, "city": a.city or None, "county": a.county or None,
            "level": a.level, "family": h.family, "homepage": h.url("/"),
            "column_in_registry": any(c["in_registry"] for c in h.columns),
            "columns": h.columns, "needs_browser": h.browser,
            "reports": sorted(h.reports, key=lambda r: -r["year"]), "noise": h.noise, "robots_disallowed": h.forbidden,
        })
    return {
        "about": "Ground truth for end-to-end crawls of the bundled sample site (govreports/samples/site). URLs carry "
                 "a placeholder, host:KEY in braces, for the host part: SampleSite.resolve() / .expected() fill in "
                 "the addresses. Each report is "
                 "one agency's report on one year, published at every URL of `urls` (an attachment's `via` is the page "
                 "that links it); `numbers` are spot values of the spec's codes (null: the page has no such table). "
                 "`noise` entries are pages that must not become reports. `needs_browser` says which pages only a "
                 "browser (or a crawler that runs their script) can read. Generated by devtools.site_build.",
        "agencies": agencies,
        "totals": {"agencies": len(agencies), "reports": sum(len(h.reports) for h in hosts),
                   "report_urls": sum(len(r["urls"]) for h in hosts for r in h.reports),
                   "noise": sum(len(h.noise) for h in hosts)},
    }


def previous_pdfs(out: Path) -> dict[str, bytes]:
    """PDFs of the last build by the hash of their DOCX: LibreOffice runs only when a DOCX changed."""
    cache: dict[str, bytes] = {}
    for config_file in out.glob("*/_host.json"):
        config = json.loads(config_file.read_text(encoding="utf-8"))
        for pdf_path, info in config.get("derived", {}).items():
            pdf = file_for(config_file.parent, pdf_path)
            if pdf.is_file():
                cache[info["docx_sha256"]] = pdf.read_bytes()
    return cache


def build(out: Path = SITE) -> dict[str, Any]:
    cache = previous_pdfs(out) if out.is_dir() else {}
    hosts = [build_lps(), build_pds(cache), build_cz(), build_sc(), build_nk(), build_rz()]
    if out.is_dir():
        for folder in out.iterdir():
            if folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder)
    out.mkdir(parents=True, exist_ok=True)
    for h in hosts:
        h.write(out)
    (out / "registry.csv").write_text(registry_rows(hosts), encoding="utf-8")
    expected = expected_json(hosts)
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.site_build", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=SITE, help="the site folder (default: govreports/samples/site)")
    args = parser.parse_args(argv)
    expected = build(args.out)
    total = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"{args.out}: {expected['totals']} ({total // 1024} KB of files, seed pages linked)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
