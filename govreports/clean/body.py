"""Normalized lines → the report's body text, without page chrome.

Text captured from a page keeps its breadcrumbs, header block, share and
print buttons and footer. The body starts at the report's title, ends
before the first footer marker that only chrome follows, and keeps one copy
of a body printed twice.
"""

from __future__ import annotations

import re

from govreports.clean.dedupe import dedupe_lines
from govreports.clean.header import is_header_line
from govreports.vocabulary import (
    AGENCY_NAME_END,
    NOT_A_REPORT_TITLE,
    NUMBERED_ITEM,
    REPORT_TITLE,
)

TITLE_SEARCH_LINES = 40
MAX_TITLE = 80
PROSE = 60  # a footer marker followed by a line this long is not the footer

# The first line of a title centred on two lines: an agency's name alone.
TITLE_AGENCY_LINE = re.compile(rf"^\S{{2,30}}{AGENCY_NAME_END}$")
# The second line of a title centred on two lines, the agency's name above it.
TITLE_SECOND_LINE = re.compile(r"^(?:关于)?(?:(?:19|20)\d{2}\s*年|政府信息公开|政务公开)")  # 关于2021年度…的年度报告
# The first line of a title broken after its year (左贡县人民政府2021年度 / 信息公开年度报告), or in the words after
# it (西咸新区底张街道办事处2023年度政府 / 信息公开工作年度报告, 六盘水市公安局2020年度政府信息 / 公开工作年度报告).
TITLE_AGENCY_YEAR_LINE = re.compile(rf"^\S{{2,30}}{AGENCY_NAME_END}\s*(?:19|20)\d{{2}}\s*年度?(?:政府信息|政府|政务)?$")
# A report's own title: its agency's name, its year, the report (广东省生态环境厅2020年政府信息公开工作年度报告).
AGENCY_TITLE = re.compile(rf"^\S{{2,30}}{AGENCY_NAME_END}\s*(?:19|20)\d{{2}}\s*年.{{0,30}}(?:报告|年报)$")
TITLE_AFTER_YEAR = re.compile(r"^(?:政府)?(?:信息公开|政务公开)|^公开")
PIPE_PADDING = re.compile(r"\s*(?:\|\s*){3,}$")  # a run of empty cells a capture ends a line with, or prints alone
YEAR = re.compile(r"(?:19|20)\d{2}\s*(?:学)?年")  # or an academic year's end (2021-2022学年)
YEAR_ALONE = re.compile(r"^(?:19|20)\d{2}\s*年度?\s*(?:政府)?(?:信息公开|政务公开)")  # a title naming no agency
# The second line of a wrapped title, and the first line it continues: 2024年上海市科委政府信息公开工作 / 年度报告,
# or with the year on the second line: 和田县吾宗肖乡人民政府信息公开工作 / 2023年度报告.
TITLE_TAIL = re.compile(r"^(?:(?:19|20)\d{2}\s*年度?)?(?:工作)?(?:年度报告|报告|年报)$")
TITLE_HEAD = re.compile(r"(?:政府信息公开|政务公开)(?:工作)?$")
# Before a report's name: a sentence, not a title (…管委会向社会公布2022年度信息公开年度报告。本报告全文由…; 为做好2020年
# 全州政府信息公开工作年度报告编制及发布工作,…).
GLUED_TITLE_STOP = re.compile(r"[。，,；;:：!！?？《》]|公布|发布|现将|^(?:为|根据|按照|依据)")
# A sentence, not a title: it ends as one, or opens the preface (根据《条例》…).
SENTENCE = re.compile(r"[。；;，,:：]$|^(?:根据|按照|依据)")
# The report a preface names: 现公布乌兰察布市区域经济合作局2020年度…报告, 现向社会公开《…报告》, 特编制…,
# 现将北坡镇2022年…报告进行公开, 现形成《…报告》.
PREFACE_TITLE = re.compile(r"(?:公布|公开(?<!政务公开)(?<!信息公开)|发布|编制(?:形成)?|形成|现将)了?《?([^《》。，,；;：:、“”]{0,40}?(?:19|20)\d{2}\s*年[^《》。，,；;“”]{0,30}?"
                           r"(?:报告|年报))》?")
# …naming no year, after its agency's name: 现公布通榆县人民政府办公室政府信息公开工作年度报告.
# (In both, 公开 is matched first and what comes before it looked behind from its end: an alternative that starts
# with a lookbehind makes the pattern be tried at every position of a line.)
PREFACE_TITLE_NO_YEAR = re.compile(rf"(?:公布|公开(?<!政务公开)(?<!信息公开)|发布|现将)了?《?([^《》。，,；;：:、“”\d]{{2,40}}?{AGENCY_NAME_END}"
                                   r"(?:政府信息公开|政务公开)(?:工作)?(?:年度报告|年报))》?")
# …the verb after it: 《2020年度如东县水务局信息公开工作年度报告》已经研究同意,现予公开发布.
PREFACE_TITLE_BEFORE_VERB = re.compile(r"《([^《》。，,；;：:、“”]{0,40}?(?:19|20)\d{2}\s*年[^《》。，,；;“”]{0,30}?(?:报告|年报))》"
                                       r"[^。《]{0,20}?(?:公开|公布|发布)")
# Lines that are chrome wherever they stand.
CHROME = re.compile(
    r"^(?:[•·]\s*)?(?:"
    r"字体[:：]?.{0,12}|字号[:：]?.{0,12}|分享到[:：]?.{0,20}|打印[:：]?|【?打印本页】?.{0,12}|【?关闭窗口】?.{0,12}"
    r"|【?(?:责任)?编辑[:：][^】]{0,20}】?|浏览次数[:：]?.{0,12}|您(?:当前)?的?位置[:：]?.{0,80}|当前位置[:：]?.{0,80}"
    r"|首页\s*(?:>|>>|/|»).{0,80}|扫一扫在手机打开当前页|【?(?:大|中|小)\s*(?:中|小)?\s*(?:小)?】?"
    r"|\[?(?:收藏|关闭|返回顶部|打印)\]?"
    r")$"
)
BREADCRUMB = re.compile(r"\s(?:>|>>|»|/)\s|首页\s*(?:>|>>|»)")
# Lines where a page footer starts.
FOOTER = re.compile(
    r"^(?:(?:上一篇|下一篇|相关链接|相关文章|相关阅读|相关信息|网站声明|联系我们|主办单位|承办单位|版权所有"
    r"|网站标识码|【打印本页】|【关闭窗口】|扫一扫)(?:[:：\s]|$)|.{0,20}ICP备)"
)


def find_title(lines: list[str]) -> int | None:
    """Index of the report's title line among the first lines (never a column name: 栏目: …年报).

    A line naming a year wins over one that does not: the column's name
    (政府信息公开年报) stands in the breadcrumb above the title. A title
    centred on two lines (桃江县松木塘镇人民政府 / 2022年…报告) wins over
    the page's heading that prints its second line alone above it; one
    naming no year (乌海市工业和信息化局 / 政府信息公开工作年度报告) only
    where no line names one.
    """
    found = [i for i, line in enumerate(lines[:TITLE_SEARCH_LINES])
             if len(line) <= MAX_TITLE and (REPORT_TITLE.search(line) or _wrapped_title_tail(lines, i)
                                            or _broken_in_its_words(lines, i))
             and not is_chrome(line) and not BREADCRUMB.search(line) and not SENTENCE.search(line)
             and not NUMBERED_ITEM.match(line)]  # a list's item (5.政府信息公开工作年度报告 of a guide's contents)
    two_lines = [i for i in found if _second_title_line(lines, i)]
    # A title naming its agency wins over a column's name above it that names only the year (2020年信息公开年报).
    dated = sorted((i for i in found if YEAR.search(lines[i])), key=lambda i: bool(YEAR_ALONE.match(lines[i])))
    # A breadcrumb's agency / 政府信息公开年报 reads like a title on two lines too, but names no year.
    ranked = [i for i in two_lines if YEAR.search(lines[i - 1] + lines[i])] + dated + two_lines + found
    # A covering letter's title (关于报送…年度报告的函) comes after the report's own (its agency's, its year's) below it.
    if any(AGENCY_TITLE.match(lines[i]) for i in ranked):
        ranked.sort(key=lambda i: bool(NOT_A_REPORT_TITLE.search(lines[i])))
    return ranked[0] if ranked else None


def _second_title_line(lines: list[str], i: int) -> bool:
    """The second line of a title centred on two: after the agency's name (六盘水市应急管理局 / 2024年…),
    or after the agency's name and the year (左贡县人民政府2021年度 / 信息公开年度报告)."""
    if i == 0:
        return False
    return (bool(TITLE_AGENCY_LINE.match(lines[i - 1]) and TITLE_SECOND_LINE.match(lines[i]))
            or _broken_after_year(lines, i))


def _broken_after_year(lines: list[str], i: int) -> bool:
    return i > 0 and bool(TITLE_AGENCY_YEAR_LINE.match(lines[i - 1]) and TITLE_AFTER_YEAR.match(lines[i]))


def _broken_in_its_words(lines: list[str], i: int) -> bool:
    """The second line of a title broken inside the report's words, neither line a title alone (六盘水市公安局
    2020年度政府信息 / 公开工作年度报告)."""
    return _broken_after_year(lines, i) and bool(REPORT_TITLE.search(lines[i - 1] + lines[i]))


def _wrapped_title_tail(lines: list[str], i: int) -> bool:
    """The second line of a title its page wrapped, the year on one of its two lines; a tail alone (工作年度报告, an
    excerpt cut inside its title) is no title."""
    return i > 0 and bool(TITLE_TAIL.match(lines[i]) and TITLE_HEAD.search(lines[i - 1])
                          and len(YEAR.findall(lines[i - 1] + lines[i])) == 1
                          and len(lines[i - 1]) + len(lines[i]) <= MAX_TITLE)


def preface_titles(lines: list[str]) -> list[str]:
    """The titles preface sentences name (现公布…2020年度政府信息公开工作年度报告。), in order: for a text printing none."""
    found = (m for line in lines[:TITLE_SEARCH_LINES]
             for m in sorted((*PREFACE_TITLE.finditer(line), *PREFACE_TITLE_BEFORE_VERB.finditer(line),
                              *PREFACE_TITLE_NO_YEAR.finditer(line)), key=lambda m: m.start()))
    return list(dict.fromkeys(m.group(1).strip() for m in found if REPORT_TITLE.search(m.group(1))))


def is_chrome(line: str) -> bool:
    return bool(CHROME.match(line)) or is_header_line(line)


def cut_footer(lines: list[str], start: int) -> list[str]:
    """Drop the footer: from the first marker that no prose follows."""
    for k in range(start, len(lines)):
        if FOOTER.match(lines[k]) and all(len(line) < PROSE for line in lines[k:]):
            return lines[:k]
    return lines


def join_split_title(lines: list[str], start: int) -> tuple[list[str], int]:
    """A title printed on two lines made one.

    六盘水市应急管理局 / 2024年政府信息公开… (or / 政府信息公开工作年度报告),
    and a title wrapped by its page: 2024年上海市科委政府信息公开工作 / 年度报告.
    """
    if _second_title_line(lines, start):
        return lines[: start - 1] + [lines[start - 1] + lines[start]] + lines[start + 1:], start - 1
    if _wrapped_title_tail(lines, start):
        return lines[: start - 1] + [lines[start - 1] + lines[start]] + lines[start + 1:], start - 1
    return lines, start


def title_at(lines: list[str], i: int) -> str:
    """The title find_title found, with the agency's name printed above it (a page printing its title twice:
    蓝田县自然资源和规划局 / 2021年政府信息公开工作年度报告 in its body), but not a news title above a column's name
    (…召开防汛工作部署会 / 政府信息公开年报)."""
    joined, at = join_split_title(lines, i)
    return joined[at] if AGENCY_TITLE.match(joined[at]) else lines[i]


def split_glued_title(lines: list[str]) -> list[str]:
    """A capture printed as one line (随县经济开发区2019年…年度报告2019年,随县…): the title it opens with, on a
    line of its own. Only a title: no sentence's punctuation before the report's name."""
    if not lines or len(lines[0]) <= MAX_TITLE:
        return lines
    m = REPORT_TITLE.search(lines[0], 0, MAX_TITLE)
    if m is None or GLUED_TITLE_STOP.search(lines[0], 0, m.start()) or not YEAR.search(lines[0], 0, m.end()):
        return lines
    return [lines[0][:m.end()], lines[0][m.end():], *lines[1:]]


def body_lines(lines: list[str], title: str | None = None) -> list[str]:
    """The report body of a page's normalized lines (a capture's padding of pipes, ||||, is none of it)."""
    lines = [line for line in (PIPE_PADDING.sub("", line) if "|" in line else line for line in lines) if line]
    start = find_title(lines)
    if start is None:
        lines = split_glued_title(lines)
        start = find_title(lines)
    if start is not None:
        lines, start = join_split_title(lines, start)
        lines = lines[start:]
    lines = [line for k, line in enumerate(lines) if k == 0 and start is not None or not is_chrome(line)]
    lines = dedupe_lines(lines)
    lines = cut_footer(lines, 1)
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return lines
