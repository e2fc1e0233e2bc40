"""Words every stage recognises a report by: one place, imported by fetch, clean and understand.

Data only, no imports from the package: the listing judge (fetch), the
body's title line (clean) and the not-a-report verdict (understand) read
the same title vocabulary, so a new variant is one line here.
"""

from __future__ import annotations

import re

# The title of an annual report on government information disclosure, in its spellings:
# 政府信息公开工作(的)年度报告, …年度政府信息公开工作报告, 政府信息公开年报, 政务公开工作年度报告,
# 信息公开年度报告, 信息公开工作年报, 政务信息公开工作开展年度报告, 政府信息公开工作2021年度报告; after a year, …情况(的)报告: 关于2022年度政府信息公开情况的报告,
# 2025年连生乡人民政府政府信息公开工作情况报告 (the match starts after 年: what is before it names the agency),
# 湘西州乡村振兴局2023年度信息公开工作报告.
REPORT_TITLE = re.compile(
    r"政府信息公开(?:工作)?(?:的?年度)?(?:工作)?报告|(?:(?<=\d年)|(?<=年度))政府信息公开工作的报告"
    r"|政务公开(?:工作)?年度报告|信息公开(?:工作)?(?:开展)?年度报告|信息公开(?:工作)?年报"
    r"|政府信息公开(?:工作)?(?:19|20)\d{2}\s*年度?报告|学年度?信息公开(?:工作)?(?:年度)?报告"
    r"|(?<=\d年)[^,，。;；半季月]{0,20}?(?:政府|政务)信息公开(?:工作)?情况的?报告"  # not 上半年, 第三季度
    r"|(?<=\d年度)信息公开工作报告"
)

# How an agency's name ends (…局, …委员会, …办事处, …镇, 苏木: an Inner Mongolian township): the title's agency line
# (clean) and every agency name the parser takes (understand).
AGENCY_NAME_END = (r"(?:局|厅|委员会|委|办公室|办事处|办|政府|院|中心|支队|大队|总队|署|部|会|处|所|站|馆|室|集团|公司|镇|乡"
                   r"|街道|街|苏木)")

# How a town's, township's or street's name ends (苏木: an Inner Mongolian township; 街: a street as a text shortens
# it, 武湖街 for 武湖街道): the town table keeps these (devtools/divisions.py), and such a name alone names one
# agency (understand).
TOWN_NAME_ENDS = ("镇", "乡", "街道", "街", "苏木")

# A report's preface speaking of itself (编制本年度报告, 特编制本报告, 本报告由…编制, 本年度报告中所列数据,
# 现将…年度报告编制如下, 现公布…2022年…年度报告, 本年度工作报告是按照《高等学校信息公开办法》…): a notice about
# compiling the reports speaks of 年度报告, never of 本报告.
SELF_REFERENCE = re.compile(r"(?:编制|形成|发布|公布)+[本此](?:年度)?(?:报告|年报)"
                            r"|现将[^。]{0,30}?(?:年度报告|年报)(?:编制|公布|发布)?如下|现(?:予以)?公布[^。]{0,30}?(?:年度报告|年报)"
                            r"|本(?:年度)?(?:工作)?(?:报告|年报)(?:是?(?:根据|按照|依据)|由|全文|中所列|所列|中?使用的?数据)")
# The year's account of an agency's disclosure work opening a report: 2021年,保山市卫生健康委员会…深入贯彻落实《中华人民
# 共和国政府信息公开条例》…, 2024年,本机关认真贯彻落实…《政府信息公开条例》, 2016年,我省…按照《条例》….
ACCOUNT_OF_YEAR = re.compile(r"(?:19|20)\d{2}年(?:度|以来)?[,，][^。]{0,200}?《(?:(?:中华人民共和国)?政府信息公开)?条例》")
# …or, under a section heading of the report's, of what was disclosed (2018年,我市各级政府共公开信息38482条).
ACCOUNT_OF_DISCLOSURE = re.compile(r"(?:19|20)\d{2}年(?:度|以来)?[,，][^。]{0,60}?(?:公开|发布)[^。]{0,20}?(?:信息|文件)[^。]{0,10}?\d+\s*条")

# A page that says it explains a report (现就年报内容进行如下解读): a 解读, whatever report words it quotes.
# Not a report's own 对政策文件进行解读 (it explains the policies it published).
EXPLAINS = re.compile(r"(?:进行|作|做)(?:如下|以下)(?:解读|图解)|解读如下|(?:年报|报告)(?:内容|全文)?(?:进行|作|做)(?:解读|图解)")
# A preface saying it publishes a report on the rule of law (现将市人社局2022年法治政府建设情况报告予以公开): that other
# report, whatever it says of itself (本报告所列数据…). A disclosure report calls itself 政务公开工作总结 or 工作要点落实情况
# 报告 too, so only these words say so.
ANNOUNCES_OTHER = re.compile(r"现将[^。]{0,40}?(法治政府建设|依法行政)[^。]{0,20}?(?:报告|总结)")
# A page that says it is a guide (…有关规定,编制本指南; 建议阅读本《指南》), whatever menu of the column (政府信息公开年报)
# stands above it.
GUIDE_ITSELF = re.compile(r"(?:编制|制定|形成)本指南|本《指南》")

# A numbered item (1. / 一、 / (三)): a label's or a part's first line, never a title nor a page's own heading, and a
# wrapped label's later lines never start so (a decimal, 12.5, is no number of an item).
NUMBERED_ITEM = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,3}\s*[.、．](?!\d))")

# The parts of 一、总体情况 the 2021 template lists ((一)主动公开 … (五)监督保障, or 一是…): three of them under their numbers are
# the template's overview, whatever else the excerpt lacks.
OVERVIEW_PARTS = re.compile(r"(?:[(（][一二三四五][)）]|[一二三四五]是)[^。\n]{0,16}?"
                            r"(主动公开|依申请公开|政府信息管理|平台建设|监督保障)")
# …one of them heading a line: a report laid out in these parts alone ((一)主动公开政府信息的情况).
OVERVIEW_PART_HEADING = re.compile(r"^\s*" + OVERVIEW_PARTS.pattern, re.M)
# A table of contents' entry: words, leader dots, a page number (四、…行政诉讼情况 ........ 12): no heading, no row.
TOC_ENTRY = re.compile(r"[\u4e00-\u9fff)）]\s*(?:\.{4,}|…{3,}|·{4,})\s*\d{1,4}\s*$")

# Words of a title that names the reports without being one: notices, plans, rules, reviews, samples and blank forms (an
# evaluation's 评估, not an agency's: 重庆市教育评估院).
NOT_A_REPORT_TITLE = re.compile(
    r"工作要点|编制(?:和|与|及)?(?:发布|公布)|报送|通知|法治政府建设|解读|征求意见|目录|"
    r"统计表|评估(?!院|中心|所|与监测)|考核|检查情况|整改|范文|模板|样本|上半年|季度|指南|工作总结|制度"
)
# A sample's placeholder for the agency or its place (由xx县中医院编制, ××市…, 某某镇): no real report names itself so.
PLACEHOLDER_NAME = re.compile(r"(?:[xX×]{2,}|某某)(?:省|市|县|区|镇|乡|街道)")

# The applicant columns of table 3 as its header prints them, in order (the last is the total):
# the table reader names its columns by them, and text laid out in columns is placed under them.
APPLICANT_COLUMN_LABELS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
# Words only a table's header prints, never a row's label: a header row padded with empty cells is no row
# printed empty (自然人 | 法人或其他组织 | 总计 | ||||||| would otherwise read as (七)总计).
HEADER_ONLY_WORDS = frozenset({"申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织",
                               "法律服务机构", "信息内容"})
# Words a report prints in a cell instead of its number (行政处罚 | 暂无): the cell was printed, its number was
# not. 无 alone is not one: the spec reads it as 0 (clean.values.ZERO_MARKS).
NO_NUMBER_WORDS = frozenset({"暂无", "不适用", "未统计", "未发生", "未涉及", "无数据", "没有", "空缺"})
# Table 2's article headings over each block (第二十条第(六)项): a header, never a row printed empty.
ARTICLE_HEADING = re.compile(r"^第[二三]十条第?[(（][一二三四五六七八九十]+[)）]项?$")

# Words of table 4's header (结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计), printed whole or a line of each word.
REVIEW_HEADER_WORDS = ("维持", "纠正", "审结")
# Table 4's column words, each printed three times (行政复议; 未经复议直接起诉; 复议后起诉): fifteen columns.
REVIEW_COLUMN_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

# The report's six sections (the national template after 条例 第五十条: 一、总体情况 … 六、其他需要报告的事项) by code, with the
# template's heading and the spellings a heading line shows them under (older reports: 概述,
# 信息公开申请情况, 复议、诉讼和申诉情况 …).
# The parser counts them to tell a report from a notice; the store records which a report lacks.
REPORT_SECTIONS: dict[str, tuple[str, re.Pattern[str]]] = {
    "overview": ("总体情况", re.compile(r"总体(?:工作|公开)?情况|概述|概况|基本(?:工作)?情况")),
    "active": ("主动公开政府信息情况", re.compile(r"主动公开")),
    "applications": ("收到和处理政府信息公开申请情况", re.compile(r"依申请|收到和处理.{0,8}申请|信息公开申请")),
    "review_litigation": ("政府信息公开行政复议、行政诉讼情况", re.compile(r"行政复议|行政诉讼|复议.{0,3}诉讼")),
    "problems": ("存在的主要问题及改进情况", re.compile(r"存在的?主要问题|改进情况|改进措施")),
    "other": ("其他需要报告的事项", re.compile(r"其他需要报告|其他事项|需要说明的事项")),
}
# A section heading: numbered 一、 … 十、 (also 一. / 一．), at a line's start (after characters a capture lost: ??一、)
# or after a space (a page captured as one line); its words end at punctuation, a bracket or a wide gap, or with
# the line (一、总体情况 根据《…, 一、总体情况 (一)…). Matched ahead, not consumed: the next heading may be near.
# Its first character consumed, then "nothing but a space before it" looked behind ((?<!\S.)): a pattern that starts
# with ^ or a lookbehind is tried at every position of a text (this one, two and a half times as long).
SECTION_HEADING = re.compile(r"(?:[?？](?<!\S.)[?？]*[一二三四五六七八九十]{1,2}|[一二三四五六七八九十](?<!\S.)[一二三四五六七八九十]?)"
                             r"\s*[、.．]\s*(?=([^\n]{2,60}))", re.M)
HEADING_END = re.compile(r"\s{2,}|\s(?=[一二三四五六七八九十]{1,2}\s*[、.．])|[(（《“\"【,，。;；:：!！?？]")
SPACED = re.compile(r"\s+")


def section_headings(text: str) -> list[str]:
    """The words of every section heading, spaces taken out (一、概 述: a word spaced out); a table of contents'
    entries are none."""
    return [SPACED.sub("", HEADING_END.split(m.group(1), maxsplit=1)[0])[:40] for m in SECTION_HEADING.finditer(text)
            if not TOC_ENTRY.search(text, m.end(), _line_end(text, m.end()))]


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def sections_present(text: str) -> dict[str, bool]:
    """Which of the six sections the text has a heading of, by code."""
    headings = section_headings(text)
    return {code: any(pattern.search(h) for h in headings) for code, (_, pattern) in REPORT_SECTIONS.items()}
