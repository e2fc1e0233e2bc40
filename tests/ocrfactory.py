"""Pictures of the template's tables with known numbers, rendered by real Chromium, for the OCR tests and bench.

The numbers keep every identity of the template (row totals, 办理总计, the
balance, table 4's totals), so a picture read right passes every check.
Each `Picture` is HTML (the three tables as CMS markup, or a Word-like
table 3 with narrow merged label cells), a font, a size and a resolution;
Chromium (Debian's, as tests/test_documents.py::_printed_pdf uses it)
screenshots it, and the damage a scan or a re-saved screenshot does —
JPEG compression, a slight rotation, blur — is applied afterwards. A
scanned PDF is made of such page pictures, and a report page can carry
table 3 as an <img>.
"""

from __future__ import annotations

import html
import io
import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from govreports.understand import labels
from tests.shapes import HEADINGS, as_html_tables

CSS_DPI = 96  # Chromium's CSS pixel
TITLE = "某市应急管理局{year}年政府信息公开工作年度报告"
SIGNATURE = "某市应急管理局"


def chromium_path() -> str:
    """Debian's Chromium; its absence fails the caller (a missing browser must not pass as a skip)."""
    return os.environ.get("GOVREPORTS_CHROMIUM", "/usr/bin/chromium")


# -- numbers that keep the template's identities ---------------------------------------------

def _applicant_row(rng: random.Random, small: bool = False) -> dict[str, int]:
    choices = (0, 0, 0, 1, 2, 3) if small else (0, 0, 1, 2, 3, 5, 8, 12, 47, 130, 406)
    row = {c: rng.choice(choices) for c in labels.APPLICANT_COLUMNS[:-1]}
    row["total"] = sum(row.values())
    return row


def consistent_tables(template: str, seed: int) -> dict:
    """Random numbers for the three tables that pass every check of the template."""
    rng = random.Random(f"ocr-tables/{template}/{seed}")
    active = {}
    for spec in labels.ACTIVE_ROWS[template]:
        active[spec.code] = {c: rng.randint(-30, 30) if c == "change" else
                             round(rng.randint(0, 99999) / 100, 2) if c.startswith("amount") else rng.randint(0, 3000)
                             for c in spec.columns}
    processed = {spec.code: _applicant_row(rng) for spec in labels.APPLICATION_ROWS[template]
                 if spec.code.startswith(("granted", "partially_granted", "denied.", "unavailable.", "not_processed.",
                                          "other."))}
    total = {c: sum(row[c] for row in processed.values()) for c in labels.APPLICANT_COLUMNS}
    carried_over = _applicant_row(rng, small=True)
    carried_over = {c: min(v, total[c]) for c, v in carried_over.items()}
    carried_over["total"] = sum(v for c, v in carried_over.items() if c != "total")
    forward = _applicant_row(rng, small=True)
    new = {c: total[c] + forward[c] - carried_over[c] for c in labels.APPLICANT_COLUMNS}
    rows = {"new_received": new, "carried_over": carried_over, **processed, "total_processed": total,
            "carried_forward": forward}
    applications = {spec.code: rows[spec.code] for spec in labels.APPLICATION_ROWS[template]}
    review = {}
    for group in labels.REVIEW_GROUPS:
        parts = [rng.choice((0, 0, 1, 2, 3, 7, 15)) for _ in range(4)]
        review.update({f"{group}.{r}": v for r, v in zip(labels.REVIEW_RESULTS, [*parts, sum(parts)])})
    return {"active": active, "applications": applications, "review_litigation": {"all": review}}


def only(tables: dict, *names: str) -> dict:
    return {name: tables[name] for name in names}


# -- HTML -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Style:
    """How a table is printed: fonts (CJK and digits), size, cell padding, resolution."""

    font: str = "'WenQuanYi Zen Hei'"
    size_pt: float = 10.5
    padding: str = "3px 5px"
    dpi: int = 150

    @property
    def scale(self) -> float:
        return self.dpi / CSS_DPI

    def css(self) -> str:
        return (f"body{{margin:24px;background:#fff;color:#000;font-family:{self.font};font-size:{self.size_pt}pt}}"
                f"table{{border-collapse:collapse;margin:6px 0}}td{{border:1px solid #000;padding:{self.padding};"
                "text-align:center;vertical-align:middle}}td p{margin:0}")


def tables_html(template: str, tables: dict, style: Style, title: str | None = None) -> str:
    """The three tables as a CMS page prints them (merged cells as rowspan/colspan), with their headings."""
    body = f"<p style='text-align:center;font-size:16pt'>{html.escape(title)}</p>" if title else ""
    return (f"<html><head><meta charset=utf-8><style>{style.css()}</style></head>"
            f"<body>{body}{as_html_tables(template, tables)}</body></html>")


def word_table_html(template: str, tables: dict, style: Style) -> str:
    """Table 3 as a Word file prints it: left-aligned labels, group labels in narrow merged cells, one character a line."""
    from tests.shapes import APPLICATION_LAYOUT

    rows = APPLICATION_LAYOUT[template]
    spans: dict[str, int] = {}
    for group, subgroup, _, _ in rows:
        for name in (group, subgroup):
            if name:
                spans[name] = spans.get(name, 0) + 1
    seen: set[str] = set()
    out = ["<table>",
           "<tr><td colspan=3 rowspan=2 style='text-align:left'>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
           "<td colspan=7>申请人情况</td></tr>",
           "<tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>",
           "<tr><td colspan=3></td>" + "".join(f"<td>{h}</td>" for h in ("商业企业", "科研机构", "社会公益组织",
                                                                         "法律服务机构", "其他")) + "</tr>"]
    for group, subgroup, label, code in rows:
        cells = []
        if group and group not in seen:
            cells.append(f"<td rowspan={spans[group]} style='width:1.2em'>{group}</td>")
        if subgroup and subgroup not in seen:
            cells.append(f"<td rowspan={spans[subgroup]} style='width:2.5em'>{subgroup}</td>")
        seen.update(x for x in (group, subgroup) if x)
        span = 1 if subgroup else 2 if group else 3
        cells.append(f"<td colspan={span} style='text-align:left'>{html.escape(label)}</td>")
        values = tables["applications"][code]
        cells += [f"<td>{values[c]}</td>" for c in labels.APPLICANT_COLUMNS]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    css = style.css() + "table{width:900px}"
    return (f"<html><head><meta charset=utf-8><style>{css}</style></head><body>"
            f"<p>{HEADINGS[1]}</p>{''.join(out)}</body></html>")


def report_page_html(template: str, tables: dict, year: int, image_src: str) -> str:
    """A report page whose tables 2 and 4 are markup and whose table 3 is a picture."""
    markup = as_html_tables(template, tables)
    start = markup.index(f"<p><strong>{HEADINGS[1]}</strong></p>")
    end = markup.index(f"<p><strong>{HEADINGS[2]}</strong></p>")
    table3 = (f"<p><strong>{HEADINGS[1]}</strong></p>"
              f"<p style='text-align:center'><img src='{image_src}' width=900 alt='表3'></p>")
    title = TITLE.format(year=year)
    total = tables["applications"]["new_received"]["total"]
    return (f"<html><head><meta charset=utf-8><title>{title}</title></head><body>"
            "<div class=logo><img src='/images/logo.png' alt='logo'></div><div class=article>"
            f"<h1>{title}</h1><p>一、总体情况</p><p>{year}年,我局共收到政府信息公开申请{total}件,均按时答复。</p>"
            f"{markup[:start]}{table3}{markup[end:]}"
            f"<p>五、存在的主要问题及改进情况</p><p>进一步加强公开工作。</p><p>{SIGNATURE}</p>"
            f"<p>{year + 1}年1月20日</p></div></body></html>")


# -- rendering --------------------------------------------------------------------------------

def screenshots(pages: Sequence[tuple[str, float]], selector: str | None = None) -> list[list[bytes]]:
    """Each (html, scale) page screenshot in Chromium: the `selector` elements one PNG each, or the whole page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        try:
            return [_shoot(browser, markup, scale, selector) for markup, scale in pages]
        finally:
            browser.close()


CAPTURE_ATTEMPTS = 3


def _shoot(browser, markup: str, scale: float, selector: str | None) -> list[bytes]:  # noqa: ANN001
    """One page's screenshots. Chromium without a GPU may fail a capture while the machine is loaded (Protocol error:
    Unable to capture screenshot, seen once in a clean-clone CI run): the page is made again and shot again."""
    from playwright.sync_api import Error

    for attempt in range(CAPTURE_ATTEMPTS):
        page = browser.new_page(device_scale_factor=scale, viewport={"width": 1100, "height": 800})
        try:
            page.set_content(markup)
            if selector:
                return [element.screenshot(type="png") for element in page.query_selector_all(selector)]
            return [page.screenshot(type="png", full_page=True)]
        except Error as error:
            if "Unable to capture screenshot" not in str(error) or attempt == CAPTURE_ATTEMPTS - 1:
                raise
        finally:
            page.close()
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Damage:
    """What printing, scanning and re-saving do to a picture."""

    rotate: float = 0.0  # degrees
    blur: float = 0.0  # Gaussian sigma, pixels
    jpeg: int | None = None  # quality


def damaged(png: bytes, damage: Damage) -> bytes:
    """The picture rotated, blurred and JPEG-compressed as asked (PNG bytes when not JPEG)."""
    import cv2
    import numpy as np

    grey = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    if damage.rotate:
        h, w = grey.shape[:2]
        pad = int(0.02 * max(h, w))
        grey = cv2.copyMakeBorder(grey, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(255, 255, 255))
        h, w = grey.shape[:2]
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), damage.rotate, 1.0)
        grey = cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    if damage.blur:
        grey = cv2.GaussianBlur(grey, (0, 0), damage.blur)
    if damage.jpeg:
        ok, data = cv2.imencode(".jpg", grey, [cv2.IMWRITE_JPEG_QUALITY, damage.jpeg])
    else:
        ok, data = cv2.imencode(".png", grey)
    assert ok
    return data.tobytes()


def scanned_pdf(pages: Sequence[bytes], dpi: int, jpeg: int = 75) -> bytes:
    """A PDF of page pictures only, no text layer: what a scanner makes (JPEG pages at `dpi`)."""
    from PIL import Image

    images = [Image.open(io.BytesIO(page)).convert("RGB") for page in pages]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi), quality=jpeg)
    return out.getvalue()


def page_pictures(template: str, tables: dict, year: int, style: Style) -> list[bytes]:
    """The report printed on A4 pages and scanned: title, headings and the three tables, cut into page pictures."""
    import cv2
    import numpy as np

    markup = tables_html(template, tables, style, TITLE.format(year=year))
    # An A4 text column (16.5 cm at 96 CSS pixels an inch): the tables wrap their labels to fit it, as Word's do.
    markup = markup.replace("<body>", "<body><div style='width:620px'>").replace("</body>", "</div></body>")
    markup = markup.replace("</style>", "table{width:100%}</style>")
    markup = markup.replace(f"<p><strong>{HEADINGS[0]}</strong></p>",
                            f"<p>一、总体情况</p><p>{year}年,我局认真做好政府信息公开工作。</p>"
                            f"<p><strong>{HEADINGS[0]}</strong></p>")
    [[shot]] = screenshots([(markup, style.scale)])
    page = cv2.imdecode(np.frombuffer(shot, np.uint8), cv2.IMREAD_GRAYSCALE)
    a4_width, a4_height = int(8.27 * style.dpi), int(11.69 * style.dpi)
    page = page[:, :min(page.shape[1], a4_width)]
    # Cut between table rows: at a row of the picture that is blank, or a ruling line, near the page height.
    out = []
    top = 0
    while top < page.shape[0]:
        bottom = min(page.shape[0], top + a4_height - 2 * int(0.5 * style.dpi))
        if bottom < page.shape[0]:
            ink_rows = (page[top:bottom] < 128).sum(axis=1)
            lines = [y for y in range(len(ink_rows) - 1, len(ink_rows) // 2, -1) if ink_rows[y] > 0.5 * page.shape[1]]
            bottom = top + (lines[0] + 1 if lines else len(ink_rows))
        sheet = np.full((a4_height, a4_width), 255, np.uint8)
        part = page[top:bottom]
        margin = int(0.5 * style.dpi)
        sheet[margin:margin + part.shape[0], margin:margin + min(part.shape[1], a4_width - 2 * margin)] = \
            part[:, :a4_width - 2 * margin]
        ok, data = cv2.imencode(".png", sheet)
        out.append(data.tobytes())
        top = bottom - 2 if bottom < page.shape[0] else bottom  # the ruling repeats at the next page's top
    return out


def save(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# -- seed 003: its application table, printed as the picture its page shows --------------------

SEED003_PICTURE = "seed003_table3.png"  # in govreports/samples/, served by the sample site where the page points


def seed003_tables() -> dict:
    """Table 3 of the seed-003 report (2019 template) as its picture prints it: the 5 new applications its prose states."""
    rows = {spec.code: dict.fromkeys(labels.APPLICANT_COLUMNS, 0) for spec in labels.APPLICATION_ROWS["2019"]}
    for code, person, firm in (("new_received", 4, 1), ("granted", 2, 1), ("partially_granted", 1, 0),
                               ("unavailable.not_held", 1, 0), ("total_processed", 4, 1)):
        rows[code].update(natural_person=person, commercial=firm, total=person + firm)
    return {"applications": rows}


def seed003_picture() -> bytes:
    """The picture, rendered as a Word table's screenshot at 150 dpi (regenerate with `python -m tests.ocrfactory`)."""
    style = Style(dpi=150, font="'WenQuanYi Zen Hei'", size_pt=10.5)
    [[png]] = screenshots([(word_table_html("2019", seed003_tables(), style), style.scale)], selector="table")
    return png


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "govreports" / "samples" / SEED003_PICTURE
    target.write_bytes(seed003_picture())
    print(f"{target}: {target.stat().st_size:,} bytes")
