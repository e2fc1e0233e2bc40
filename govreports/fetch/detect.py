"""Which listing entries are annual reports, and which links lead towards them.

Decided from a link's title (and date) alone, before fetching it: the
vocabulary is data, so a new variant is a line here, not a code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from govreports.vocabulary import NOT_A_REPORT_TITLE, REPORT_TITLE

# Titles that name the report but are not it.
GRAPHIC = re.compile(r"图解|一图读懂|一图看懂|图说|漫画")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# Links from a homepage or a 政务公开 page towards the report column, strongest first.
TOWARDS_REPORTS = (
    re.compile(r"政府信息公开(?:工作)?年(?:度)?报|信息公开年报|年度报告"),
    re.compile(r"政府信息公开|信息公开"),
    re.compile(r"政务公开"),
)
# An anti-bot challenge: these statuses, or a small page whose script sets a cookie and has no links.
CHALLENGE_STATUSES = (202, 412, 521)
CHALLENGE_MARKERS = re.compile(rb"document\.cookie\s*=|__jsl_clearance|acw_sc__v2|_waf_|challenge", re.I)
CHALLENGE_MAX_BYTES = 4096
NEXT_PAGE = re.compile(r"^\s*(?:下一页|下页|后页|>|»|›)\s*$")
DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps", ".odt", ".rtf")
# The query parameters a document viewer (pdf.js's viewer.html?file=…, a site's own preview page) names the
# document it shows by.
VIEWER_PARAMETERS = ("file", "url", "src", "pdf", "path", "filepath", "fileurl")


@dataclass(frozen=True)
class Verdict:
    is_report: bool
    year: int | None
    reason: str
    graphic: bool = False  # a 图解: taken only when the listing has no text version of that year


def report_year(title: str) -> int | None:
    m = YEAR.search(title)
    return int(m.group(1)) if m else None


def judge_title(title: str) -> Verdict:
    """Whether a listed title is an annual report, with the reason either way."""
    title = re.sub(r"\s+", "", title)
    if not REPORT_TITLE.search(title):
        return Verdict(False, None, "title names no annual report")
    noise = NOT_A_REPORT_TITLE.search(title)
    if noise:
        return Verdict(False, report_year(title), f"title says {noise.group(0)}")
    if GRAPHIC.search(title):
        return Verdict(True, report_year(title), "graphic version of a report", graphic=True)
    return Verdict(True, report_year(title), "report title")


def towards_reports(text: str) -> int | None:
    """How strongly a link's text leads to the report column (0 best), or None."""
    text = re.sub(r"\s+", "", text)
    if len(text) > 30:
        return None
    for rank, pattern in enumerate(TOWARDS_REPORTS):
        if pattern.search(text):
            return rank
    return None


def is_challenge(status: int, body: bytes) -> bool:
    """Whether a plain-HTTP answer is an anti-bot challenge that only a browser passes."""
    if status in CHALLENGE_STATUSES:
        return True
    return len(body) < CHALLENGE_MAX_BYTES and bool(CHALLENGE_MARKERS.search(body)) and b"<a " not in body


def is_document_url(url: str) -> bool:
    return url.lower().split("?", 1)[0].endswith(DOCUMENT_SUFFIXES)


def shown_document(url: str) -> str | None:
    """The report document a link or an embedded frame leads to: itself, or the one a viewer page shows
    (/pdfjs/web/viewer.html?file=%2Fu%2F2024%2Fr.pdf), resolved against the viewer's address as pdf.js does."""
    if is_document_url(url):
        return url
    for name, value in parse_qsl(urlsplit(url).query):
        if name.lower() in VIEWER_PARAMETERS and is_document_url(value):
            document = urljoin(url, value.strip())
            return document if urlsplit(document).scheme in ("http", "https") else None
    return None
