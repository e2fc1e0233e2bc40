"""Layouts the seeds do not show but real CMS pages and converters produce."""

from __future__ import annotations

from govreports.clean import html as html_page
from govreports.model import plain_tables
from tests.conftest import FIXTURES
from tests.shapes import as_html_tables

SEED000 = (FIXTURES / "seed000_text" / "body.txt").read_text(encoding="utf-8")
EXPECTED000 = __import__("json").loads((FIXTURES / "seed000_text" / "expected.json").read_text(encoding="utf-8"))


def test_labels_broken_over_two_lines(parser) -> None:
    broken = SEED000
    for whole, split in [("一、本年新收政府信息公开申请数量", "一、本年新收政府信息\n公开申请数量"),
                         ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "(二)部分公开(区分处理的,只计这\n一情形,不计其他情形)"),
                         ("4.保护第三方合法权益", "4.保护第三方\n合法权益"),
                         ("行政规范性文件", "行政规范\n性文件"),
                         ("本年制发件数", "本年制发\n件数")]:
        broken = broken.replace(whole, split)
    assert plain_tables(parser.parse_text(broken).tables) == EXPECTED000["tables"]


def _page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def test_year_first_title_and_meta_date(parser) -> None:
    page = _page(
        "<div class='main'><h1>2024年六盘水市应急管理局政府信息公开工作年度报告</h1>"
        "<p>一、总体情况</p><p>2024年，我局严格落实政府信息公开条例，全年共收到政府信息公开申请3件。</p>"
        + as_html_tables("2021", EXPECTED000["tables"]) + "</div>",
        head="<meta name='PubDate' content='2025-01-20 09:30'><title>年度报告</title>",
    )
    report = parser.parse_text(page)
    assert report.agency == "六盘水市应急管理局"
    assert (report.region.province, report.region.city) == ("贵州省", "六盘水市")
    assert report.year == 2024
    assert report.publish_date == "2025-01-20"
    assert plain_tables(report.tables) == EXPECTED000["tables"]
    assert all(c.ok for c in report.checks)


def test_data_tables_inside_a_layout_table(parser) -> None:
    inner = as_html_tables("2021", EXPECTED000["tables"])
    page = _page("<table width=1000><tr><td class=left><a href='/'>首页</a></td><td class=content>"
                 "<h2>某县应急管理局2024年政府信息公开工作年度报告</h2>" + inner + "</td></tr></table>")
    report = parser.parse_text(page)
    assert plain_tables(report.tables) == EXPECTED000["tables"]


def test_header_block_as_a_definition_list(parser) -> None:
    page = _page(
        "<ul class='xxgk'><li><span>索引号：</span>11520200MB1G123456/2025-00012</li>"
        "<li><span>发布机构：</span>六盘水市应急管理局</li><li><span>成文日期：</span>2025年01月19日</li>"
        "<li><span>发文字号：</span></li><li><span>信息来源：</span>办公室</li></ul>"
        "<div class='article'><h1>市应急局2024年政府信息公开工作年度报告</h1><p>正文。</p></div>"
    )
    meta = parser.parse_text(page).metadata
    assert meta.index_no == "11520200MB1G123456/2025-00012"
    assert meta.issuer == "六盘水市应急管理局"
    assert meta.created_date == "2025年01月19日"
    assert meta.doc_no is None
    assert meta.source == "办公室"


def test_body_falls_back_to_page_lines_when_trafilatura_finds_nothing(parser, monkeypatch) -> None:
    monkeypatch.setattr(html_page, "article_text", lambda html, options=None: "")
    page = _page("<h1>某区应急管理局2024年政府信息公开工作年度报告</h1><p>一、总体情况</p>"
                 "<p>本年度依法依规做好政府信息公开工作，主动公开各类信息120条。</p>")
    report = parser.parse_text(page)
    assert "主动公开各类信息120条" in report.text
    assert report.text.startswith("某区应急管理局2024年政府信息公开工作年度报告")


def test_word_html_with_nested_spans_and_nbsp(parser) -> None:
    cells = "".join(f"<td><p class=MsoNormal align=center><span lang=EN-US style='font-size:10.5pt'>{v}"
                    f"<o:p></o:p></span></p></td>" for v in ("2", "0", "&nbsp;0", "0", "1", "0", "3&nbsp;"))
    page = _page("<h1>某局2024年政府信息公开工作年度报告</h1><table><tr><td colspan=3>"
                 "<p><span>一、本年新收政府信息公开申请数量</span></p></td>" + cells + "</tr></table>")
    new = plain_tables(parser.parse_text(page).tables)["applications"]["new_received"]
    assert list(new.values()) == [2, 0, 0, 0, 1, 0, 3]


def test_title_centred_on_two_lines(parser) -> None:
    report = parser.parse_text("六盘水市应急管理局\n2024年政府信息公开工作年度报告\n一、总体情况\n"
                               "本年度依法做好政府信息公开工作，全年共收到政府信息公开申请3件。\n")
    assert report.title == "六盘水市应急管理局2024年政府信息公开工作年度报告"
    assert report.agency == "六盘水市应急管理局"
    assert report.region.city == "六盘水市"
