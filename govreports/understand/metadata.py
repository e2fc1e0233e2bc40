"""Report metadata: title, agency, year covered, publish date, header block.

Each field tries the known layouts in order and returns None when none
applies. Inputs are the page's normalized lines (chrome included: the
header block and footer live there) and the cleaned body lines.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from govreports.clean.header import (
    CLOCK,
    DATE_ALONE,
    PRINTED_DATE,
    header_fields,
    is_header_line,
)
from govreports.dates import iso_date
from govreports.model import Check, HeaderMetadata
from govreports.vocabulary import AGENCY_NAME_END, REPORT_TITLE, TOWN_NAME_ENDS

log = logging.getLogger(__name__)

YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*(?:年|(?=(?:政府|政务)?信息公开|政务公开))")  # or 2022政府信息公开…
# The statistics period's start (统计期限为2022年1月1日至…), or its end where only that is printed
# (所列数据截止日期为2022年12月31日).
YEAR_IN_PERIOD = re.compile(r"(?:统计(?:时限|期限|时间|区间)?|所列数据|数据期限).{0,8}?((?:19|20)\d{2})年\s*"
                            r"(?:1\s*月\s*1\s*日|12\s*月\s*31\s*日)")
# A period that starts later in its year (统计期限自2024年5月28日起至2024年12月31日止: a street set up that May) by its end.
YEAR_IN_PERIOD_END = re.compile(r"(?:统计(?:时限|期限|时间|区间)?|所列数据|数据期限)[^。\n]{0,30}?至\s*((?:19|20)\d{2})年\s*"
                                r"12\s*月\s*31\s*日")
# The year a text says it reports on, where no title or date says it, in the order they are believed:
# 截至2023年12月31日; how the year's account opens, at a sentence's start (2023年,我局… / 2019年我局… / 2022年以来,…);
# 现将2023年度政务信息公开情况公布如下; a line opening with the year and its place's disclosure work (2021年城中区政务公开
# 工作在…); else 2019年度…. (A report on 2023 may cite 2022年度政务公开第三方评估 first.)
YEAR_IN_PROSE = (
    re.compile(r"截[至止]\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日"),
    re.compile(r"(?:^|(?<=[。;；:：,，]))\s*((?:19|20)\d{2})\s*年(?:度|以来)?\s*(?:[,，]|(?=我|全|共|本))", re.M),
    re.compile(r"((?:19|20)\d{2})\s*年度?\s*(?:的)?(?:政府|政务)(?:信息)?公开"),
    re.compile(r"^\s*((?:19|20)\d{2})\s*年[^,，。;；\n]{1,12}?的?(?:政务|政府信息|信息)公开工作", re.M),
    re.compile(r"((?:19|20)\d{2})\s*年度"),
)
# An academic year (2022-2023学年, 2023—2024学年度), named in a title or where a text says what it reports on.
ACADEMIC_YEAR = re.compile(r"(?:19|20)\d{2}\s*[-—–~至到]\s*(?:(?:19|20)\d{2}|\d{2})\s*学年")
ACADEMIC_YEAR_CHARACTERS = 300
TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}")  # a byline's time of publication (17:49:17)
SIGNATURE_DATE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
AGENCY_SUFFIX = re.compile(AGENCY_NAME_END + "$")
# The agency a year's account opens with, then what it did: 2022年,二道区房屋征收工作管理办公室认真贯彻…,
# (一)主动公开情况。2022年宜城市教育局全面贯彻…, 2025年,开平市交通运输局严格按照…, or its work: 2020年,武汉经济技术开发区
# (汉南区)医疗保障局政府信息公开工作在…; 今年以来,荣昌区林业局认真…; 2024年,在县委、县政府的领导下,伽师县卫生健康委员会深入…;
# 2021年,紫阳县乡村振兴局在县委、县政府的坚强领导下,认真….
# 年度 is one word (2022年度我乡… names no 度我乡), and 我镇 is the text's own voice, no name.
OPENING_AGENCY = re.compile(
    r"(?>(?:19|20)\d{2}\s*年(?:度|以来)?|今年以来|本年度)\s*[,，]?\s*(?:在[^,，。;；]{2,30}下\s*[,，]\s*){0,2}"
    r"((?!我)[\u4e00-\u9fff][\u4e00-\u9fff()（）]{1,30}?" + AGENCY_NAME_END + r")"
    r"(?=认真|严格|全面|坚持|深入|紧紧|紧扣|紧密|始终|高度|积极|持续|不断|按照|根据|围绕|进一步|切实|扎实|结合|聚焦"
    r"|贯彻|立足|强化|着力|继续|大力|主动|依法|秉持|牢牢|对照|落实|加强|通过|依托|坚决|稳步|全力|精心|共|以"
    r"|政府信息公开|政务公开|在[^,，。;；]{2,30}下)"
)
# The agency whose disclosure work a preface says it does: 为认真做好京山市卫生健康局政府信息公开工作,我局…; 承担盐津县公安局
# 政府信息公开工作; 确保了大同市气象局政府信息公开工作依法….
WORK_OF_AGENCY = re.compile(
    r"(?:做好|承担|确保了?)([\u4e00-\u9fff][\u4e00-\u9fff()（）]{1,30}?" + AGENCY_NAME_END + r")的?(?:政府信息公开|政务公开)工作"
)
# The agency a preface says publishes the report: 郑州高新技术产业开发区管委会国土规划住建局向社会公布2022年度….
PUBLISHING_AGENCY = re.compile(
    r"(?:^|[。;；])\s*([\u4e00-\u9fff][\u4e00-\u9fff()（）]{1,40}?" + AGENCY_NAME_END + r")(?:特|现)?向社会(?:公布|公开|发布)"
)
# The disclosure words a name or a title runs on into (…局政府信息公开工作年度报告, …政务公开领导小组).
DISCLOSURE = "(?:政府信息公开|政务公开|信息公开)"
TITLE_PREFIX = re.compile(r"^(.+?)(?:关于)?(?:(?:19|20)\d{2}年度?)")
# Year first: 2024年六盘水市应急管理局政府信息公开工作年度报告 (…人民政府信息公开: the name keeps its 人民政府)
TITLE_YEAR_FIRST = re.compile(rf"^(?:19|20)\d{{2}}年度?(.+?)(?<!人民){DISCLOSURE}")
# No year: 乌海市工业和信息化局政府信息公开工作年度报告 (a name with digits is a year's: 2022年度螅镇…)
TITLE_NO_YEAR = re.compile(rf"^(\D+?)(?<!人民){DISCLOSURE}")
# What a title prints before its agency's name: a label (文字解读:), 关于.
TITLE_LEAD = re.compile(r"^(?:.*[:：]\s*)?(?:关于)?")
COMPILED_BY = re.compile(r"由([^，,。；;、由]{4,30}?)(?:负责|牵头)?(?:编制|编写)")
# A place's disclosure leading group (南宁市良庆区政务公开工作领导小组办公室): it compiles the report of that place's
# government, or of the agency it is inside (…局政务公开领导小组).
LEADING_GROUP = re.compile(rf"^(.{{2,24}}?){DISCLOSURE}(?:工作)?领导小组(?:办公室)?$")
# An agency's disclosure unit that compiled its report (三元区人力资源和社会保障局政府信息公开工作机构-办公室): the agency's.
DISCLOSURE_UNIT = re.compile(rf"^(.{{2,30}}?){DISCLOSURE}工作机构")
# A town's or township's government, or a street office, by its name alone (连生乡人民政府, 北坡镇): no place code
# holds it, yet it names one agency, as a title printing it does.
TOWN_AGENCY = re.compile(rf"^[\u4e00-\u9fff]{{1,10}}(?:{'|'.join(TOWN_NAME_ENDS)})(?:人民政府|办事处)?$")
# A full name and the short one a text then uses: 广西壮族自治区北部湾经济区规划建设管理办公室(以下简称自治区北部湾办).
SHORT_NAME = re.compile(r"(?:由|经)?([\u4e00-\u9fff]{4,40})[(（](?:以下)?简称[“\"]?([\u4e00-\u9fff]{2,20})[”\"]?[)）]")
# An office inside an agency, which compiles its report: 党政综合办公室, 办公室, 党政办.
OFFICE = re.compile(r"(?:党政)?(?:综合)?(?:办公室|办)")
# Whom a text says to ask about the report (如对本报告有疑问,请与永康市交通运输局办公室联系), and the agency that
# office is inside: its name up to an agency's ending, then the office's own words (办公室政府信息公开处, 党政办公室).
# Or its address in brackets after it (请与来凤县政务服务和大数据管理局(地址:…,联系电话:…)).
CONTACT = re.compile(r"(?:请与|请联系|可与)\s*([\u4e00-\u9fff()（）]{2,40}?)(?:(?:进行)?(?:联系|联络)|(?=[(（](?:地址|联系电话|电话)))")
# How a text speaks of its agency: as a place's government (我市, 我县) or as an agency (我局, 本局).
GOVERNMENT_VOICE = re.compile(r"我(?:省|市|县|区|旗|州|盟)")
AGENCY_VOICE = re.compile(r"[我本](?:局|委|办|厅|中心|院|所|站|队)")
CONTACT_AGENCY = re.compile(r"^(.{2,30}?(?:局|厅|委员会|委|政府|镇|乡|街道办事处|街道|苏木|管委会|管理委员会))"
                            r"(?:(?:办公室|办公厅|政府信息公开|[^局厅委府镇乡\s]){0,14}?(?:办公室|办|处|科|室|中心))?$")
# A town, a township or a street at the end of a name, and what its government is called.
TOWN_TAIL = re.compile(rf"[^县区市旗州盟]{{1,10}}?({'|'.join(TOWN_NAME_ENDS)})$")
TOWN_GOVERNMENT = {end: "办事处" if end == "街道" else "人民政府" for end in TOWN_NAME_ENDS}
# A place a page printed twice before the name (渠县渠县行政审批局).
DOUBLED_PLACE = re.compile(r"^([\u4e00-\u9fff]{1,8}?[省市州盟县区旗])\1")
PREFACE_LINES = 40
HOST_LABEL = re.compile(r"^(?:主办单位|主办)[:：]\s*(\S+)")
MAX_AGENCY = 40
MIN_AGENCY = 3  # 市政府; shorter is a word of the title (政府信息公开 → 政府)
SIGNATURE_WINDOW = 12


@dataclass(frozen=True)
class Header:
    """What a page's header block says: its fields, publish date and title line (标题: …)."""

    metadata: HeaderMetadata
    publish_date: str | None
    title: str | None


def header_metadata(lines: Iterable[str]) -> Header:
    """The header block's fields, the page's own publish date and title, first wins."""
    lines = list(lines)
    found: dict[str, str] = {}
    for line in lines:
        for item in header_fields(line):
            found.setdefault(item.field, item.value)
    meta = HeaderMetadata(**{k: (found.get(k) or None) for k in
                             ("index_no", "issuer", "doc_no", "created_date", "source")})
    published = found["publish_date"] if "publish_date" in found else found.get("updated") or byline_date(lines)
    return Header(meta, iso_date(published or ""), found.get("title") or None)


def byline_date(lines: list[str]) -> str | None:
    """A date printed alone next to a header line (• 2024-03-08 / • 来源:…): the page's, in a byline as a list; or a
    date and time alone under the report's title (…年度报告 / 2026-01-22 17:49:17 / 陆丰市人民政府办公室)."""
    for k, line in enumerate(lines):
        m = DATE_ALONE.match(line)
        if m and any(is_header_line(lines[j]) for j in (k - 1, k + 1) if 0 <= j < len(lines)):
            return m.group(1)
        if m and k > 0 and TIME_OF_DAY.search(line) and REPORT_TITLE.search(lines[k - 1]):
            return m.group(1)
    return None


def signature(body: Sequence[str]) -> tuple[str | None, str | None]:
    """(agency, ISO date) of the signature block closing the report."""
    tail = list(body[-SIGNATURE_WINDOW:])
    for k in range(len(tail) - 1, -1, -1):
        m = SIGNATURE_DATE.match(tail[k])
        if not m:
            continue
        date = iso_date(tail[k])
        name = tail[k - 1] if k > 0 else None
        if name and (len(name) > MAX_AGENCY or not AGENCY_SUFFIX.search(name)):
            name = None
        return name, date
    return None, None


def title_agency(title: str | None, government: Callable[[str], str | None] = lambda name: None) -> str | None:
    """The agency a title starts with (平顶山市应急管理局2023年…, 乌海市工业和信息化局政府信息公开…).

    A bare place name (宿迁市2025年…) is that place's own government:
    `government` names it (宿迁市人民政府), or says it is not a place.
    """
    if not title:
        return None
    names = [TITLE_LEAD.sub("", m.group(1)).strip(" :：") for pattern in (TITLE_PREFIX, TITLE_YEAR_FIRST, TITLE_NO_YEAR)
             if (m := pattern.match(title))]
    if not names:
        return None
    # …中心政府信息公开工作2021年度报告: the name before the year is not the agency's, the one before 政府信息公开 is.
    found = next((name for name in names if len(name) >= MIN_AGENCY and AGENCY_SUFFIX.search(name)), None)
    return found or government(names[0])


def compiling_agency(lines: Iterable[str], government: Callable[[str], str | None] = lambda name: None
                     ) -> str | None:
    """The agency a preface says compiled the report (本年报…由南京市溧水区人民政府办公室编制); for a place's leading
    group, the place's government (`government` names it) or the agency the group is inside; for an agency's
    disclosure unit, the agency."""
    for line in list(lines)[:PREFACE_LINES]:
        m = COMPILED_BY.search(line)
        name = m and m.group(1)
        if name and (led := LEADING_GROUP.match(name)):
            name = government(led.group(1)) or led.group(1)
        elif name and (unit := DISCLOSURE_UNIT.match(name)):
            name = unit.group(1)
        if name and AGENCY_SUFFIX.search(name):
            return name
    return None


def opening_agencies(lines: Iterable[str]) -> Iterator[str]:
    """The agencies a preface's account of the year opens with (2024年,光明区外事局认真贯彻…), whose disclosure
    work it says it does (为认真做好京山市卫生健康局政府信息公开工作), or that it says publishes the report
    (…国土规划住建局向社会公布2022年度…报告), in the order the text names them."""
    for line in list(lines)[:PREFACE_LINES]:
        found = [*OPENING_AGENCY.finditer(line), *WORK_OF_AGENCY.finditer(line), *PUBLISHING_AGENCY.finditer(line)]
        for m in sorted(found, key=lambda m: m.start()):
            yield m.group(1)


def named_town(lines: Sequence[str]) -> str | None:
    """The town or street an untitled text's account of its year opens with (2020年,龙河镇认真贯彻…), else the one
    it gives as its contact (请与铁佛镇人民政府联系): a town's name alone does not say where it is, but it is the
    agency when nothing else names one."""
    names = itertools.chain(opening_agencies(lines), contact_agencies(lines))
    return next((name for name in names if TOWN_AGENCY.match(name)), None)


def is_government(name: str) -> bool:
    """A government's name (…人民政府, …市政府), not one of its bodies'."""
    return name.endswith("政府")


def contact_agencies(lines: Iterable[str]) -> Iterator[str]:
    """The agencies whose offices a text names as the ones to ask about the report, in order: for a text that names
    its agency nowhere else (永康市交通运输局, of 请与永康市交通运输局办公室联系). A text speaking as a government
    (2024年,我市深入贯彻…) names one of its bureaus so (钦州市行政审批局): only a government is its agency then."""
    lines = list(lines)
    voice = "\n".join(lines[:PREFACE_LINES])
    governments_only = bool(GOVERNMENT_VOICE.search(voice)) and not AGENCY_VOICE.search(voice)
    for line in lines:
        for m in CONTACT.finditer(line):
            named = CONTACT_AGENCY.match(m.group(1))
            if named and not (governments_only and not is_government(named.group(1))):
                yield named.group(1)


def host_agency(lines: Iterable[str]) -> str | None:
    """The 主办单位 a page footer names."""
    for line in lines:
        m = HOST_LABEL.match(line)
        if m and AGENCY_SUFFIX.search(m.group(1)):
            return m.group(1)
    return None


def report_year(title: str | None, body_text: str, publish_date: str | None) -> int | None:
    """The year the report covers: the title's, the statistics period's, else the year before publication; none for
    an academic year's report (2022-2023学年), which covers parts of two."""
    if ACADEMIC_YEAR.search(title or "") or not YEAR_IN_TITLE.search(title or "") \
            and ACADEMIC_YEAR.search(body_text[:ACADEMIC_YEAR_CHARACTERS]):
        return None
    for source, pattern in ((title or "", YEAR_IN_TITLE), (body_text, YEAR_IN_PERIOD), (body_text, YEAR_IN_PERIOD_END)):
        m = pattern.search(source)
        if m:
            return int(m.group(1))
    if publish_date:
        log.debug("no year in title or text; taking the year before publication")
        return int(publish_date[:4]) - 1
    for pattern in YEAR_IN_PROSE:
        if m := pattern.search(body_text):
            log.debug("no title, period or publication date; the year is the one the text's account names")
            return int(m.group(1))
    return None


YEAR_CHECK = "year.period"  # the check a report fails when its title and its statistics period name two years


def year_check(title: str | None, body_text: str) -> Check | None:
    """Whether the title's year is the statistics period's (a report may keep last year's in one of them: the
    year read is the title's, and this says the text contradicts it); None where either is not printed."""
    titled, period = YEAR_IN_TITLE.search(title or ""), YEAR_IN_PERIOD.search(body_text)
    if titled is None or period is None:
        return None
    return Check(YEAR_CHECK, titled.group(1) == period.group(1), int(period.group(1)), int(titled.group(1)))


TITLE_MARKS = re.compile(r"^#+\s*")  # a markdown heading's marks
FLIPBOOK_PAGE = re.compile(r"^Page\s*\d+\s*-\s*")  # a flip-book page's title: Page 8 - 威海市…报告
# A header's label, printed without its colon; an attachment's (附件:, 附件1:).
# 题: alone: a 标题 label whose first letter a PDF's text put on a line of its own (标 / 题: …年度报告).
TITLE_LABEL = re.compile(r"^(?:(?:标\s*题|信息名称|名\s*称)\s*[:：]?|题\s*[:：]|附件\s*\d*\s*[:：])\s*")
SITE_SUFFIX = re.compile(r"(报告|年报)\s*(?:_|\||--|—|-)\s*[^报\n]{1,30}$")
# A site's name a page title puts before the report's: 长沙市政府门户网站-长沙市人民政府办公室2024年….
SITE_PREFIX = re.compile(r"^[^-_|—\s]{2,30}?(?:门户网站|政府网站|网站|政府网)\s*(?:_|\||--|—|-)\s*")
# A page title's column and site after the report's: …年度报告_政府信息公开年报_上海市宝山区人民政府门户网站.
COLUMN_SUFFIX = re.compile(r"(报告)_\S*?(?:年报|栏目|专栏)_.*$")
SPACE_IN_CJK = re.compile(r"(?<=[\u3400-\u9fff\d])\s+(?=[\u3400-\u9fff])")
# What a capture leaves after a title: its table cell's pipe (…年度报告 |), an attachment's file suffix (….docx), the
# page's date (…年度报告 2024-02-18, …年度报告 ( 2024-01-31 )), PyMuPDF's placeholders of the empty cells after
# it (|名称|…年度报告|Col3|Col4|, pymupdf4llm's).
TITLE_END = re.compile(rf"(?:\s*\|)+\s*$|\.(?:docx?|pdf|wps|ofd)$"
                       rf"|(?<=[告报])\s*(?:[(（]\s*{PRINTED_DATE}{CLOCK}\s*[)）]|{PRINTED_DATE}{CLOCK})$"
                       r"|(?<=[告报])(?:[\s|]*Col\d+)+[\s|]*$", re.I)


def clean_title(title: str) -> str:
    """A title as one run of text: no heading marks, no spaces a line break or layout left between characters.

    A site's name that a page title or a capture's 标题 line adds after
    the report's (…年度报告-沭阳县发改局) or before it (…门户网站-…) is not
    part of it, nor a flip-book's page number before it (Page 8 - …), nor a
    标题 label printed without its colon (or its 标), nor a table cell's pipe, a file's
    suffix or the page's date after it.
    """
    title = COLUMN_SUFFIX.sub(r"\1", TITLE_LABEL.sub("", FLIPBOOK_PAGE.sub("", TITLE_END.sub("", title.strip()))))
    title = SITE_PREFIX.sub("", title)
    return SPACE_IN_CJK.sub("", TITLE_MARKS.sub("", SITE_SUFFIX.sub(r"\1", title)))


def choose_title(candidates: Iterable[str | None]) -> str | None:
    """The first candidate that reads like a report title, else any.

    Candidates in order of trust: the header's 标题 line, the body's title
    line, the markup's (meta title, h1, <title>).
    """
    pool = [title for title in map(clean_title, filter(None, candidates)) if title]
    for candidate in pool:
        if re.search(r"报告|年报", candidate):
            return candidate
    return pool[0] if pool else None


def unabbreviated(agency: str | None, lines: Iterable[str]) -> str | None:
    """The full name a preface gives an agency it then calls by a short one: 由广西壮族自治区北部湾经济区规划建设管理办公室
    (以下简称自治区北部湾办)编制 — the title's 自治区北部湾办 is that office."""
    if not agency:
        return agency
    for line in list(lines)[:PREFACE_LINES]:
        if "简称" not in line:  # the pattern is costly on every line
            continue
        for m in SHORT_NAME.finditer(line):
            if m.group(2) == agency and AGENCY_SUFFIX.search(m.group(1)):
                return m.group(1)
    return agency


def office_of_titled(agency: str | None, titled: str | None) -> str | None:
    """Not the office that compiled the report, but the agency the title names, with the place the office's name
    gives it: 阿嘎如泰苏木2022年… compiled by 包头市九原区阿嘎如泰苏木党政综合办公室 is 包头市九原区阿嘎如泰苏木's."""
    if not agency or not titled or len(titled) < MIN_AGENCY or titled not in agency or agency.endswith(titled):
        return agency
    end = agency.index(titled) + len(titled)
    return agency[:end] if OFFICE.fullmatch(agency[end:]) else agency


def formal_town(agency: str, text: str) -> str:
    """A town's or a street's name as its government the text prints it (沙兰镇 → 沙兰镇人民政府, 盛世街道 →
    盛世街道办事处): the body that issues the report, where the title names only the place."""
    m = TOWN_TAIL.search(agency)
    if m is None:
        return agency
    formal = TOWN_GOVERNMENT[m.group(1)]
    return agency + formal if m.group(0) + formal in text else agency


def undoubled(agency: str) -> str:
    """A name without the second copy of a place a page printed twice before it (渠县渠县行政审批局)."""
    return DOUBLED_PLACE.sub(r"\1", agency)


def choose_agency(candidates: Iterable[str | None], is_full_name: Callable[[str], bool]) -> str | None:
    """The first candidate that names its place (a full name), else the first."""
    pool = [c for c in candidates if c]
    for candidate in pool:
        if is_full_name(candidate):
            return candidate
    return pool[0] if pool else None


REGISTRY_CHECK = "agency.registry"


def same_agency(parsed: str, registered: str) -> bool:
    """Whether the agency a document names is the registry's: the same name, or one with its place in front."""
    a, b = re.sub(r"\s", "", parsed), re.sub(r"\s", "", registered)
    return a == b or a.endswith(b) or b.endswith(a)


def registry_check(parsed: str, registered: str) -> Check:
    """The document names the agency it was crawled for (the parsed name stays in its JSON, the registry's on its row)."""
    return Check(REGISTRY_CHECK, same_agency(parsed, registered), None, None)
