"""Chinese titles of the analyst views and their columns: what a spreadsheet's tabs and headers show.

One dictionary for every consumer that shows the views to people (the xlsx export's sheets and
headers, the browser front end's metadata: govreports.serve). A column's title is the same in every view unless VIEW_COLUMNS says
otherwise for one view (`status` is a parse status in v_reports, a verdict in v_cross_year).
tests/test_export_xlsx.py checks that every column of every view has a title.
"""

from __future__ import annotations

VIEWS = {
    "v_reports": "报告",
    "v_applications": "依申请公开",
    "v_active": "主动公开",
    "v_review_litigation": "行政复议和行政诉讼",
    "v_check_failures": "校验未通过",
    "v_cross_year": "跨年度一致性",
    "v_timeliness": "发布时效",
    "v_completeness": "章节完整性",
    "v_copying": "与上年重复",
    "v_rates": "比率",
    "v_rates_by_agency": "比率（按机关）",
    "v_rates_by_province": "比率（按省份和年度）",
    "v_rates_by_year": "比率（按年度）",
    "v_refusal_reasons": "不予公开和不予处理理由",
    "v_refusal_reasons_by_year": "理由分布（按省份和年度）",
}

# What each view holds, one sentence an analyst reads under its title in the browser.
DESCRIPTIONS = {
    "v_reports": "每份报告一行（当前版本）：机关、地区、层级、年度、标题、发布日期、模板、解析状态、版本数、来源数和各项校验未通过数。",
    "v_applications": "每份报告的表三（收到和处理政府信息公开申请情况）每行一行，按申请人类别分列。",
    "v_active": "每份报告的表二（主动公开政府信息情况）每行一行：规章和规范性文件、许可、处罚、强制、收费、采购。",
    "v_review_litigation": "每份报告一行：行政复议和行政诉讼的结果维持、纠正、其他、尚未审结和总计。",
    "v_check_failures": "每项未通过的校验一行：报告自身的勾稽关系、跨年度一致性和章节完整性。",
    "v_cross_year": "每份报告每个被校验的单元格一行：上年结转与上年报告的结转下年度继续办理，现行有效件数与上年加减本年制发和废止。",
    "v_timeliness": "每个机关每个年度一行：法定期限（条例第四十九条）、发布日期、逾期天数和时效（按时、逾期、无日期、缺失）。",
    "v_completeness": "每份报告一行：六个章节（总体情况……其他需要报告的事项）是否具备。",
    "v_copying": "每份报告一行：正文与同一机关上年报告重复的比例（超过50%为重复）。",
    "v_rates": "每份报告一行：实质公开率、无法提供和不掌握占比、不予公开和不予处理占比、结转率、复议和诉讼、纠错率。",
    "v_rates_by_agency": "每个机关一行：各项比率（对比率有定义的报告求和后相除）。",
    "v_rates_by_province": "每个省份每个年度一行：各项比率。",
    "v_rates_by_year": "每个年度一行：各项比率。",
    "v_refusal_reasons": "每份报告每个不予公开和不予处理理由一行：申请数和在类别内的占比。",
    "v_refusal_reasons_by_year": "每个省份每个年度每个理由一行：申请数和在类别内的占比。",
}

_REVIEW_GROUPS = {"review": "行政复议", "suit_direct": "行政诉讼（未经复议直接起诉）",
                  "suit_after_review": "行政诉讼（复议后起诉）"}
_REVIEW_RESULTS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
                   "total": "总计"}

COLUMNS = {
    # who, which report
    "report_id": "报告编号", "agency_id": "机关编号", "agency": "机关", "province": "省份", "city": "市",
    "county": "区县", "level": "层级", "year": "年度", "title": "标题", "publish_date": "发布日期",
    "created_date": "成文日期", "template": "模板", "status": "解析状态", "reason": "原因", "ocr": "OCR识别",
    "index_no": "索引号", "issuer": "发布机构", "doc_no": "文号", "info_source": "信息来源", "version": "版本",
    "sources": "来源数", "failed_checks": "勾稽关系未通过数", "cross_year_failures": "跨年度校验未通过数",
    "missing_sections": "缺少章节数", "first_seen_at": "首次发现时间", "updated_at": "更新时间",
    "reports": "报告数",
    # table cells
    "row_code": "行代码", "column_code": "列代码",
    "natural_person": "自然人", "commercial": "商业企业", "research": "科研机构", "social_welfare": "社会公益组织",
    "legal_service": "法律服务机构", "other_org": "其他", "total": "总计",
    "issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数", "made": "本年新制作数量",
    "published": "本年新公开数量", "total_published": "对外公开总数量", "prev_items": "上一年项目数量",
    "change": "本年增/减", "decisions": "处理决定数量", "amount_10k_yuan": "收费金额（万元）",
    "items": "采购项目数量", "amount": "采购总金额",
    **{f"{group}_{result}": f"{g}·{r}" for group, g in _REVIEW_GROUPS.items() for result, r in _REVIEW_RESULTS.items()},
    # checks
    "check_name": "校验", "expected": "应为", "found": "实为", "previous_report_id": "上年报告编号",
    # timeliness
    "agency_kind": "机关类别", "deadline": "法定期限", "days_late": "逾期天数",
    # completeness and copying
    "overview": "总体情况", "active": "主动公开政府信息情况", "applications": "收到和处理政府信息公开申请情况",
    "review_litigation": "行政复议、行政诉讼情况", "problems": "存在的主要问题及改进情况",
    "other": "其他需要报告的事项", "sections_present": "具备章节数", "complete": "章节齐全",
    "copied_share": "与上年重复比例", "copied_limit": "重复比例上限",
    # rates: their counts, then the rates
    "new_received": "本年新收申请", "carried_over": "上年结转", "granted": "予以公开",
    "partially_granted": "部分公开", "denied": "不予公开", "unavailable": "无法提供", "not_held": "本机关不掌握",
    "not_processed": "不予处理", "total_processed": "办理结果总计", "carried_forward": "结转下年度继续办理",
    "review_total": "行政复议总计", "review_corrected": "行政复议结果纠正", "suit_total": "行政诉讼总计",
    "suit_corrected": "行政诉讼结果纠正",
    "disclosure_rate": "实质公开率", "unavailable_share": "无法提供占比", "not_held_share": "不掌握占比",
    "denied_share": "不予公开占比", "not_processed_share": "不予处理占比", "carry_forward_rate": "结转率",
    "reviews_per_application": "行政复议/新收申请", "suits_per_application": "行政诉讼/新收申请",
    "review_correction_rate": "行政复议纠错率", "suit_correction_rate": "行政诉讼纠错率", "correction_rate": "纠错率",
    # refusal reasons
    "reason_group": "理由类别代码", "reason_group_label": "理由类别", "reason_label": "理由",
    "share_of_group": "类别内占比",
}

VIEW_COLUMNS = {
    "v_cross_year": {"status": "校验结果"},
    "v_timeliness": {"status": "时效"},
    "v_copying": {"status": "结果"},
    "v_refusal_reasons": {"reason": "理由代码", "applications": "申请数"},
    "v_refusal_reasons_by_year": {"reason": "理由代码", "applications": "申请数"},
}


def column_title(view: str, column: str) -> str:
    """The Chinese header of a view's column; its code when none is known (never an empty header)."""
    return VIEW_COLUMNS.get(view, {}).get(column) or COLUMNS.get(column, column)
