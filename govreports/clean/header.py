"""The page's header block: `索 引 号：… 发布机构：… 生成日期：…` label/value pairs.

CMSs print the same fields under many spellings (shared/registry/README.md),
several to a line, sometimes with empty values. Every known label is a
delimiter, so that one field's value never swallows the next label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _spaced(word: str) -> str:
    """A label as printed with optional spaces between its characters (索 引 号)."""
    return r"\s*".join(map(re.escape, word))


# field -> spellings. Fields without a spec key are only delimiters.
HEADER_LABELS: dict[str, tuple[str, ...]] = {
    "index_no": ("索引号",),
    "issuer": ("发布机构", "发文机关", "发文机构", "发布单位"),
    "doc_no": ("发文字号", "文件编号", "发文编号", "文号"),
    "created_date": ("公文生成日期", "生成日期/有效期", "生成日期", "成文日期", "产生日期", "发文日期", "创建日期"),
    "source": ("信息来源", "文章来源", "来源"),
    "publish_date": ("发布时间", "发布日期", "公开日期", "公开时间", "发表时间", "发表日期", "上网时间", "信息提供日期", "时间",
                     "日期"),
    # The page's last update: its publish date only where it prints no publish label at all.
    "updated": ("更新时间", "更新日期"),
    "title": ("信息名称", "标题", "名称"),
    "_other": ("法定主动公开分类", "主题分类", "题裁分类", "体裁分类", "组配分类", "分类", "主题词", "公开方式",
               "所属栏目", "栏目", "原文链接", "本地目录",
               "公开范围", "公开时限", "公开形式", "有效性", "时效", "废止日期", "内容概述", "摘要", "浏览次数",
               "访问次数", "点击数", "点击", "字体", "作者", "分享到", "打印", "所属机构", "服务对象", "关键词",
               "编辑", "责任编辑", "字号", "阅读次数", "文字大小", "字体大小", "浏览量", "访问量", "阅读量", "发布人", "备注", "文件分类",
               "关键字", "公文时效", "所属主题", "选择阅读字号", "稿件作者", "浏览", "信息分类", "公开类型",
               "公开属性", "公开期限", "是否有效"),
}

_ALTERNATIVES = sorted(
    ((field, spelling) for field, spellings in HEADER_LABELS.items() for spelling in spellings),
    key=lambda pair: -len(pair[1]),
)
_FIELD_OF = {re.sub(r"\s", "", s): f for f, s in _ALTERNATIVES}
_LABELS = "(" + "|".join(_spaced(s) for _, s in _ALTERNATIVES) + r")\s*[:：]\s*"
# 备注/文号:…, - 索引号:…, and right after an empty field's colon (文 号:发布日期: 2021-01-20).
LABEL = re.compile(r"(?:^|(?<=[\s•·|【\[(/:：-]))" + _LABELS)
# In a line that starts with a label, a later label may follow its value with no space
# between (来源:某局时间:2024-03-08, as a PDF's text prints it).
NEXT_LABEL = re.compile(_LABELS)
MAX_HEADER_LINE = 200
# A date's label printed without its colon after another field (信息来源: 区绿化市容局 发布时间 2021-01-22).
# The label first, the space before it looked behind from its end: a lookbehind first is tried at every position.
DATE_LABEL_NO_COLON = re.compile(r"(发布时间|发布日期|公开日期|成文日期|生成日期|发文日期)(?<=\s.{4})\s*(?=(?:19|20)\d{2}\s*[-/.年])")
# A date as pages print it (2021-01-22, 2021年1月22日, 2021/1/22), and the time a page may print after it.
PRINTED_DATE = r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
CLOCK = r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
# A byline that opens with the page's date, no label before it (2024-01-23 16:45  稿件作者:  浏览量:-).
LEADING_DATE = re.compile(rf"^({PRINTED_DATE}){CLOCK}\s+")
# …or with its time and a short line after it, no label at all (2022-01-29 10:27:52 陆丰市人民政府办公室 字体:).
CLOCKED_BYLINE = re.compile(rf"^{PRINTED_DATE}\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s+\S.{{0,40}}$")
# …or a byline printed as a list, the date an item of its own (• 2024-03-08 / • 来源:广州市人民政府办公厅).
DATE_ALONE = re.compile(rf"^[•·\s]*({PRINTED_DATE}){CLOCK}\s*$")
# A date a page prints after a name with no label of its own (来源:生态环境局信息中心 2021-01-07 15:30): not the name's.
NAMED_FIELDS = frozenset({"issuer", "source"})
TRAILING_DATE = re.compile(rf"\s*{PRINTED_DATE}{CLOCK}$")


@dataclass(frozen=True)
class HeaderField:
    field: str
    label: str
    value: str


def is_bare_label(text: str) -> bool:
    """A cell that holds only a label, its colon in the next cell's place (a number, most cells, is none)."""
    return not text.isdigit() and "".join(text.split()).rstrip(":：") in _FIELD_OF


def _unpiped(line: str) -> str:
    """A header block captured as a table row (索引号 | 1134…/202110-00013 | 组配分类 | 公开制度 |), its labels
    given their colons: label: value label: value."""
    cells = [cell.strip() for cell in line.split("|")]
    if not any(is_bare_label(cell) for cell in cells):
        return line
    return " ".join(f"{cell.rstrip(':：')}:" if is_bare_label(cell) else cell for cell in cells if cell)


BRACKETS = (("【", "】"), ("[", "]"))


def _unbracketed(value: str) -> str:
    """A value without the bracket its field was printed in (【发布机构:某局】), keeping a pair it prints
    (名称: 【公开制度】…统计制度)."""
    before = None
    while value != before:
        before = value
        # the next field's opening, the last one's closing; separators a capture lost (衡阳市水利局?????浏览量:)
        value = value.rstrip(" •·|【[?\ufffd").lstrip(" •·|】]")
        for opening, closing in BRACKETS:
            if value.endswith(closing) and opening not in value:
                value = value[:-1]
            if value.startswith(opening) and closing not in value:
                value = value[1:]
    return value


def _labels(line: str) -> list[re.Match[str]]:
    """LABEL's matches; every label ends in a colon, and most lines of a page print none (a scan is skipped)."""
    return list(LABEL.finditer(line)) if ":" in line or "：" in line else []


def header_fields(line: str) -> list[HeaderField]:
    """The label/value pairs a line prints, values stripped ('' when empty); a byline's leading date is its
    publish date."""
    if len(line) > MAX_HEADER_LINE:
        return []
    byline = LEADING_DATE.match(line)
    if byline and (is_header_line(line[byline.end():]) or CLOCKED_BYLINE.match(line)):
        return [HeaderField("publish_date", "", byline.group(1).strip()), *header_fields(line[byline.end():])]
    if "|" in line:
        line = _unpiped(line)
    if "日期" in line or "时间" in line:  # in every label DATE_LABEL_NO_COLON knows
        line = DATE_LABEL_NO_COLON.sub(r"\1:", line)
    matches = _labels(line)
    if matches and matches[0].start() == 0:
        matches = [matches[0], *(m for m in NEXT_LABEL.finditer(line, matches[0].end()))]
    fields = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(line)
        label = re.sub(r"\s", "", m.group(1))
        value = _unbracketed(line[m.end():end])
        if _FIELD_OF[label] in NAMED_FIELDS:
            value = TRAILING_DATE.sub("", value)
        fields.append(HeaderField(_FIELD_OF[label], label, value))
    return fields


def is_header_line(line: str) -> bool:
    """A line made only of header label/value pairs (page chrome, not body)."""
    if "|" in line:
        line = _unpiped(line)
    matches = _labels(line) if len(line) <= MAX_HEADER_LINE else []
    return bool(matches) and not line[: matches[0].start()].strip(" •·|【[")
